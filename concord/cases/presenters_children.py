"""What the case page's Children section and the add-child page show: one summary card per
child (age, how involved, needs, support), the intake count beside the children recorded,
and the labels of the people a worker may choose."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from concord.cases.models import Case, CaseChild, ChildSupport, IntakeProfile
from concord.cases.vocabulary import CHILD_NEEDS
from concord.core.presenters import govuk_date
from concord.people import reference as ref
from concord.people.models import Person, Relationship
from concord.people.presenters import age_text, person_link


def candidate_label(person: Person, relationship: Relationship | None, case: Case) -> str:
    """'Amy Ahmed, child of Sarah Ahmed, born 27 March 2016'."""
    parts = [str(person)]
    if relationship is not None:
        kind = ref.reverse_relationship(relationship.kind)
        parts.append(f"{dict(ref.RELATIONSHIP_KINDS)[kind].lower()} of {case.person}")
    elif person.pk == case.person_id:
        parts.append("the person this case is about")
    parts.append(
        f"born {govuk_date(person.date_of_birth)}" if person.date_of_birth else "age not known"
    )
    return ", ".join(parts)


def match_label(person: Person, reasons: Iterable[str]) -> str:
    born = f"born {govuk_date(person.date_of_birth)}" if person.date_of_birth else "age not known"
    why = "; ".join(reasons)
    return f"{person}, {born} ({why})" if why else f"{person}, {born}"


def needs_text(needs: Iterable[str]) -> str:
    labels = dict(CHILD_NEEDS)
    return ", ".join(labels.get(code, code) for code in needs) or "None recorded"


def support_line(support: ChildSupport) -> str:
    """'Counselling or therapy, from 3 March 2026' or '…, 3 March to 9 May 2026'."""
    kind = support.get_kind_display()
    if support.ended_on is None:
        return f"{kind}, from {govuk_date(support.started_on)} (ongoing)"
    return f"{kind}, {govuk_date(support.started_on)} to {govuk_date(support.ended_on)}"


def _row(key: str, value: str | SafeString, actions: list[dict[str, str]] | None = None) -> Any:
    row: dict[str, Any] = {
        "key": {"text": key},
        "value": {"html": value} if isinstance(value, SafeString) else {"text": value},
    }
    if actions:
        row["actions"] = {"items": actions}
    return row


def _supports(child: CaseChild, can_record: bool) -> SafeString | str:
    supports = list(child.supports.all())
    if not supports:
        return "None recorded"
    lines = []
    for support in supports:
        line = support_line(support)
        if can_record and support.ended_on is None:
            href = reverse("cases:end-child-support", args=[child.case_id, child.pk, support.pk])
            lines.append(
                format_html(
                    '{} <a class="govuk-link" href="{}">End<span class="govuk-visually-hidden">'
                    " {}</span></a>",
                    line,
                    href,
                    line,
                )
            )
        else:
            lines.append(format_html("{}", line))
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


def child_cards(
    children: Sequence[CaseChild], *, today: date, can_record: bool
) -> list[dict[str, Any]]:
    """One GOV.UK summary card per child: who, age, how involved, needs and support."""
    cards = []
    for child in children:
        person = child.person
        args = [child.case_id, child.pk]
        needs_action = {
            "href": reverse("cases:child-needs", args=args),
            "text": "Change",
            "visuallyHiddenText": "needs",  # the card adds the child's name
        }
        rows = [
            _row("Person", person_link(person)),
            _row("Date of birth" if person.date_of_birth else "Age", age_text(person, today)),
            _row("Involved as", child.get_role_display()),
            _row("Needs", needs_text(child.needs), [needs_action] if can_record else None),
            _row("Support", _supports(child, can_record)),
        ]
        card: dict[str, Any] = {"title": {"text": str(person), "headingLevel": 3}}
        if can_record:
            card["actions"] = {
                "items": [
                    {
                        "href": reverse("cases:add-child-support", args=args),
                        "text": "Add support",
                    }
                ]
            }
        cards.append({"card": card, "rows": rows})
    return cards


def intake_count_note(profile: IntakeProfile | None, recorded: int) -> str:
    """A gentle prompt when the intake profile counted a different number of children
    from those recorded as people on the case; empty when they agree or nothing was
    counted."""
    if profile is None or profile.number_of_children is None:
        return ""
    counted = profile.number_of_children
    if counted == recorded:
        return ""
    said = f"{counted} child" if counted == 1 else f"{counted} children"
    now = {0: "none is", 1: "1 is"}.get(recorded, f"{recorded} are")
    return (
        f"The intake profile says {said}; {now} recorded here. Add each child as a person "
        "so their own needs and support are kept."
    )
