from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.core.models import AuditEvent
from concord.core.presenters import govuk_date, govuk_datetime
from concord.people.models import Person

ACTION_LABELS = {
    "person.created": "Created the record",
    "person.viewed": "Viewed the record",
    "person.changed": "Changed the record",
}


def person_rows(people: Iterable[Person]) -> list[list[dict[str, Any]]]:
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("people:detail", args=[person.pk]),
                    str(person),
                )
            },
            {"text": govuk_date(person.date_of_birth) or "Not known"},
        ]
        for person in people
    ]


def history_rows(person: Person) -> list[list[dict[str, Any]]]:
    events = (
        AuditEvent.objects.for_object(person._meta.label_lower, person.pk)
        .select_related("actor", "agency")
        .order_by("-sequence")
    )
    return [
        [
            {"text": govuk_datetime(event.occurred_at)},
            {"text": event.actor.full_name if event.actor else "System"},
            {"text": event.agency.name if event.agency else ""},
            {"text": ACTION_LABELS.get(event.action, event.action)},
            {"text": ", ".join(event.changes)},
        ]
        for event in events
    ]
