"""The sections of a person's record page (concord.core.page_sections), each registered
from its app's ``AppConfig.ready`` and shown after contact safety, by place:

    10  cases
"""

from __future__ import annotations

from concord.accounts.http import ConcordRequest
from concord.core.page_sections import Page, Section, Sections
from concord.people.models import Person
from concord.people.scope import PeopleScope

PersonPage = Page[ConcordRequest[PeopleScope], Person]
PersonSection = Section[ConcordRequest[PeopleScope], Person]

SECTIONS: Sections[PersonSection] = Sections()
