"""The sections of the case page (concord.core.page_sections).

The case page shows the case's summary, the buttons to record on it and its timeline; the
rest is sections, each registered from its app's ``AppConfig.ready``. They show in this
fixed order, by place:

     5  tasks on the case (this app's own)
     8  children on the case, with their needs and support (this app's own; it fetches the
        children, so it comes before the family service's section, which adds to them)
    10  the link to the service's own record (family service or perpetrator programme)
    20  housing
    21  safe accommodation: the household's stays
    30  risk
    35  support offered: the offers of support and their answers (this app's own)
    36  safety plans with their actions (this app's own)
    37  outcome measures: the links to the questionnaires at intake, exit and follow-up
    40  status: the buttons that change the case's status (this app's own)
    50  referrals and consents
    60  MARAC

A case section also fetches what it reads with the case (``prefetch``), so the page keeps a
fixed number of queries, and may add the events of its records to the case's timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from concord.accounts.http import ConcordRequest
from concord.accounts.models import User
from concord.cases.models import Case
from concord.cases.scope import CasesScope
from concord.core.page_sections import Page, Section, Sections
from concord.core.presenters import TimelineEntry

CasePage = Page[ConcordRequest[CasesScope], Case]


def _nothing(*_: Any) -> tuple[()]:
    return ()


@dataclass(frozen=True)
class CaseSection(Section[ConcordRequest[CasesScope], Case]):
    """A section of the case page; ``prefetch`` names what to fetch with the case for the
    user, ``timeline`` the section's events for the case's timeline."""

    prefetch: Callable[[Case, User], Sequence[str | Prefetch[Any]]] = _nothing
    timeline: Callable[[Case], Iterable[TimelineEntry]] = _nothing


SECTIONS: Sections[CaseSection] = Sections()
