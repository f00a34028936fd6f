"""Render Django form fields as GOV.UK Frontend components.

``govuk_field`` turns a bound field into the parameters of the matching GOV.UK macro;
``core/forms.html`` passes them on. Errors feed the error summary at the top of the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

COMPONENTS: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.Select, "select"),
    (forms.Textarea, "textarea"),
    (forms.PasswordInput, "password"),
    (forms.widgets.Input, "input"),
]


def _component(widget: forms.Widget) -> str:
    for widget_class, name in COMPONENTS:
        if isinstance(widget, widget_class):
            return name
    raise TypeError(f"No GOV.UK component for {type(widget).__name__}")


def _choice_items(bound: forms.BoundField, component: str) -> list[dict[str, Any]]:
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    key = "checked" if component in {"radios", "checkboxes"} else "selected"
    return [
        {"value": str(choice_value), "text": str(label), key: str(choice_value) in selected}
        for choice_value, label in bound.field.choices  # type: ignore[attr-defined]
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
    if component in {"radios", "checkboxes"}:
        params["idPrefix"] = bound.auto_id
        params["fieldset"] = {
            "legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}
        }
        params["items"] = _choice_items(bound, component)
    else:
        params["label"] = label
        if component == "select":
            params["items"] = _choice_items(bound, component)
        elif component != "password":
            value = bound.value()
            params["value"] = "" if value is None else str(value)
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
