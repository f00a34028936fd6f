"""Render Django form fields as GOV.UK Frontend components.

``govuk_field`` turns a bound field into the parameters of the matching GOV.UK macro;
``core/forms.html`` passes them on. Errors feed the error summary at the top of the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict


class DateParts(forms.Widget):
    """Day, month and year in three boxes: the GOV.UK date input, for dates people know
    rather than pick from a calendar (a date of birth). Posted as NAME-day, NAME-month and
    NAME-year."""

    PARTS = ("day", "month", "year")

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}-{part}", "")).strip() for part in self.PARTS]

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.PARTS)


class DatePartsField(forms.Field):
    """A date entered as day, month and year, with the GOV.UK error messages."""

    widget = DateParts

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date) or value is None:
            return value
        day, month, year = [*list(value), "", "", ""][:3]
        if not (day or month or year):
            return None
        missing = [
            name for name, part in zip(DateParts.PARTS, (day, month, year), strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and a '.join(missing)}")
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None


# A time typed as text on the 24-hour clock, never the browser's time field, whose 12- or
# 24-hour form follows the browser's language (as its date field does).
TIME = forms.TimeInput(format="%H:%M", attrs={"classes": "govuk-input--width-5"})

T = TypeVar("T")

COMPONENTS: list[tuple[type[forms.Widget], str]] = [
    (DateParts, "date"),
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.CheckboxInput, "checkbox"),
    (forms.RadioSelect, "radios"),
    (forms.Select, "select"),
    (forms.Textarea, "textarea"),
    (forms.PasswordInput, "password"),
    (forms.FileInput, "file"),
    (forms.widgets.Input, "input"),
]


def _component(widget: forms.Widget) -> str:
    for widget_class, name in COMPONENTS:
        if isinstance(widget, widget_class):
            return name
    raise TypeError(f"No GOV.UK component for {type(widget).__name__}")


def _choice_items(bound: forms.BoundField, component: str) -> list[dict[str, Any]]:
    """Items of radios, checkboxes or a select. A select's grouped choices (Django's
    ``(group, ((value, label), ...))``) become ``{"group": ..., "items": [...]}``."""
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    key = "checked" if component in {"radios", "checkboxes"} else "selected"

    def item(choice_value: Any, label: Any) -> dict[str, Any]:
        return {"value": str(choice_value), "text": str(label), key: str(choice_value) in selected}

    return [
        {"group": str(choice_value), "items": [item(v, text) for v, text in label]}
        if isinstance(label, list | tuple)
        else item(choice_value, label)
        for choice_value, label in bound.field.choices  # type: ignore[attr-defined]
    ]


def _date_parts(value: Any) -> list[str]:
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, list | tuple):
        return [str(part) for part in value]
    return ["", "", ""]


def _date_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    """Day, month and year boxes; the day box has the field's id, so the error summary
    and labels lead to it."""
    error = " govuk-input--error" if bound.errors else ""
    widths = {"day": 2, "month": 2, "year": 4}
    return [
        {
            "name": part,
            "label": part.capitalize(),
            "id": bound.auto_id if part == "day" else f"{bound.auto_id}-{part}",
            "value": value,
            "classes": f"govuk-input--width-{widths[part]}{error}",
        }
        for part, value in zip(DateParts.PARTS, _date_parts(bound.value()), strict=False)
    ]


def govuk_field(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    widget = bound.field.widget
    component = _component(widget)
    params: dict[str, Any] = {
        "component": component,
        "id": bound.id_for_label or bound.auto_id,
        "name": bound.html_name,
        "attributes": {
            k: v for k, v in widget.attrs.items() if k not in {"class", "id"} and v is not False
        },
    }
    label = {"text": str(bound.label)}
    if component == "date":
        params["id"] = f"{bound.auto_id}-date"
        params["namePrefix"] = bound.html_name
        params["fieldset"] = {
            "legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}
        }
        params["items"] = _date_items(bound)
    elif component == "checkbox":
        # One checkbox on its own, such as a confirmation: its label is the question.
        params["idPrefix"] = bound.auto_id
        params["items"] = [
            {"value": "yes", "text": str(bound.label), "checked": bool(bound.value())}
        ]
    elif component in {"radios", "checkboxes"}:
        params["idPrefix"] = bound.auto_id
        params["fieldset"] = {
            "legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}
        }
        params["items"] = _choice_items(bound, component)
    else:
        params["label"] = label
        if component == "select":
            params["items"] = _choice_items(bound, component)
            params["grouped"] = any("group" in item for item in params["items"])
        elif component not in {"password", "file"}:
            shown = widget.format_value(bound.value())  # a time as 14:30, not 14:30:00
            params["value"] = "" if shown is None else str(shown)
        if component == "input":
            params["type"] = widget.input_type
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    if bound.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bound.errors)}
    if "classes" in widget.attrs:
        params["classes"] = widget.attrs["classes"]
    params.update(extra)
    return params


def error_summary(form: forms.Form) -> list[dict[str, str]]:
    """The GOV.UK error summary list: each message links to its field."""
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        field = name if name in form.fields else next(iter(form.fields), None)
        href = f"#{form[field].auto_id}" if field else "#main-content"
        items.extend({"text": str(error), "href": href} for error in errors)
    return items


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data to bind a form to, even when every field was left empty."""
    return request.POST if request.method == "POST" else None


def search_text(request: HttpRequest, field: str = "q") -> str:
    """Search words from a posted search form (searches about people are never in a URL)."""
    return request.POST.get(field, "").strip()[:200] if request.method == "POST" else ""


def saved(
    form: forms.Form, save: Callable[[], T], fields: Mapping[str, str] | None = None
) -> T | None:
    """Call a service and return what it made. Its ValidationError becomes form errors
    (shown in the error summary) and None is returned, with nothing saved. ``fields`` maps
    a service's field names to the form's where they differ."""
    try:
        return save()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, problems in error.message_dict.items():
                name = (fields or {}).get(field, field)
                form.add_error(name if name in form.fields else None, problems)
        else:
            form.add_error(None, error.messages)
        return None
