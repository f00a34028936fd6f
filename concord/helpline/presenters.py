"""How calls read on the call log, the call's page and in the CSV export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.core.presenters import govuk_datetime
from concord.helpline.models import HelplineCall
from concord.helpline.vocabulary import SIGNPOSTED_TO

CSV_HEADER = (
    "Date and time",
    "Help point",
    "Who called",
    "Why",
    "Advice given",
    "Signposted to",
    "Length in minutes",
    "Turned into a case",
)


def signposted(call: HelplineCall) -> str:
    names = dict(SIGNPOSTED_TO)
    places = [names[code] for code in call.signposted_to if code != "other"]
    if call.signposted_other:
        places.append(call.signposted_other)
    return ", ".join(places)


def _minutes(call: HelplineCall) -> str:
    return "" if call.duration_minutes is None else str(call.duration_minutes)


def call_rows(calls: Iterable[HelplineCall]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for call in calls:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("helpline:detail", args=[call.pk]),
            govuk_datetime(call.called_at),
        )
        rows.append(
            [
                {"html": link},
                {"text": call.get_caller_type_display()},
                {"text": call.get_reason_display()},
                {"text": signposted(call) or "None"},
                {"text": _minutes(call), "format": "numeric"},
                {"text": "Yes" if call.contact_id else "No"},
            ]
        )
    return rows


def call_summary(call: HelplineCall) -> list[dict[str, Any]]:
    rows = [
        ("Date and time", govuk_datetime(call.called_at)),
        ("Help point", call.service.name),
        ("Who called", call.get_caller_type_display()),
        ("Why", call.get_reason_display()),
        ("Advice given", call.advice_given or "None recorded"),
        ("Signposted to", signposted(call) or "None"),
        ("Length in minutes", _minutes(call) or "Not recorded"),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def csv_rows(calls: Iterable[HelplineCall]) -> Iterator[list[object]]:
    for call in calls:
        yield [
            timezone.localtime(call.called_at).strftime("%Y-%m-%d %H:%M"),
            call.service.name,
            call.get_caller_type_display(),
            call.get_reason_display(),
            call.advice_given,
            signposted(call),
            _minutes(call),
            "yes" if call.contact_id else "no",
        ]
