"""The forms of feedback, complaints and their stages, the lists' filters and the
involvement register. A case is named by its reference, and only when the person wants the
record linked to their support; otherwise the person's equality answers may be given."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from concord.accounts.models import Service
from concord.core.forms import DatePartsField
from concord.people import reference as ref
from concord.voice.vocabulary import (
    ACTIVITY_KINDS,
    CHANGE_STATUSES,
    CHANNELS,
    FEEDBACK_KINDS,
    OUTCOMES,
)

INLINE = {"classes": "govuk-radios--inline"}
YES_NO = (("yes", "Yes"), ("no", "No"))
NOT_IDENTIFYING = (
    "Do not write names, addresses or anything else that could identify someone unless it is "
    "needed to put things right."
)
AGE_BAND_CHOICES = (
    ("", "Not given"),
    *((str(first), label) for first, label in ref.AGE_BANDS),
)


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _date(label: str, required_message: str, required: bool = True) -> DatePartsField:
    return DatePartsField(
        label=label, required=required, error_messages={"required": required_message}
    )


def _text(label: str, required_message: str = "", *, hint: str = "", limit: int = 4000) -> Any:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required_message),
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": required_message,
            "max_length": f"Keep this to {limit:,} characters or fewer",
        },
    )


def _answer(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=ref.NOT_KNOWN,
        required=False,
        error_messages=_choose(label[0].lower() + label[1:]),
    )


class _AboutAService(forms.Form):
    """What feedback and complaints share: the service, when and how it came, whether the
    person wants it linked to their support (then the case), or else their equality
    answers."""

    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        empty_label="Choose the service",
        error_messages=_choose("the service"),
    )
    received_on = _date("Date received", "Enter the date it was received")
    channel = forms.ChoiceField(
        label="How it was received",
        choices=(("", "Choose how it was received"), *CHANNELS),
        error_messages=_choose("how it was received"),
    )
    wants_linked = forms.ChoiceField(
        label="Does the person want this linked to their support?",
        help_text="Link it to their case only if they say yes",
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect(attrs=INLINE),
        error_messages=_choose("whether the person wants this linked to their support"),
    )
    case_reference = forms.CharField(
        label="Case reference (only if they want it linked)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-10"}),
    )
    sex = _answer("Sex (if not linked to a case)", ref.SEXES)
    ethnicity = _answer("Ethnicity (if not linked to a case)", ref.ETHNICITY_GROUPED)
    disability = _answer("Disability (if not linked to a case)", ref.DISABILITY)
    sexual_orientation = _answer(
        "Sexual orientation (if not linked to a case)", ref.SEXUAL_ORIENTATIONS
    )
    approximate_age = forms.TypedChoiceField(
        label="Age band (if not linked to a case)",
        choices=AGE_BAND_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=_choose("an age band from the list"),
    )

    def __init__(self, *args: Any, services: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["service"]
        field.queryset = services
        only = list(services)
        if len(only) == 1:
            field.initial = only[0].pk
        self.cases = cases

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reference = (data.get("case_reference") or "").strip()
        data["case"] = None
        if data.get("wants_linked") == "yes":
            if not reference:
                self.add_error("case_reference", "Enter the reference of their case")
                return data
            data["case"] = self.cases.select_related("person").filter(reference=reference).first()
            if data["case"] is None:
                self.add_error("case_reference", "There is no case of yours with that reference")
        elif reference:
            self.add_error(
                "case_reference",
                "Leave the case reference empty unless the person wants this linked to "
                "their support",
            )
        return data

    def shared_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers = {name: data.get(name) for name in ("sex", "ethnicity", "disability")}
        answers["sexual_orientation"] = data.get("sexual_orientation")
        answers["approximate_age"] = data.get("approximate_age")
        return {
            "received_on": data["received_on"],
            "channel": data["channel"],
            "wants_linked": data["wants_linked"] == "yes",
            "case": data["case"],
            "answers": answers,
        }


class FeedbackForm(_AboutAService):
    kind = forms.ChoiceField(
        label="Kind of feedback",
        choices=FEEDBACK_KINDS,
        widget=forms.RadioSelect(attrs=INLINE),
        error_messages=_choose("the kind of feedback"),
    )
    what_was_said = _text("What was said", "Enter what was said", hint=NOT_IDENTIFYING)
    actions_taken = _text("Actions taken or response (optional)")

    field_order = ["service", "kind", "received_on", "channel", "what_was_said", "actions_taken"]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.shared_values(),
            "kind": data["kind"],
            "what_was_said": data["what_was_said"],
            "actions_taken": data["actions_taken"],
        }


class ComplaintForm(_AboutAService):
    summary = _text("Summary of the complaint", "Enter a summary of the complaint")

    field_order = ["service", "received_on", "channel", "summary"]

    def service_values(self) -> dict[str, Any]:
        return {**self.shared_values(), "summary": self.cleaned_data["summary"]}


class ActionsForm(forms.Form):
    actions_taken = _text("Actions taken or response", "Enter the actions taken or the response")


class AcknowledgeForm(forms.Form):
    acknowledged_on = _date("Date acknowledged", "Enter the date it was acknowledged")


class RespondForm(forms.Form):
    responded_on = _date("Date of the response", "Enter the date of the response")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages=_choose("the outcome"),
    )
    response = _text("What the response said (optional)")
    lessons = _text(
        "Lessons learnt (optional)",
        hint="What the service will do differently. Kept when the person's records are "
        "anonymised, so write no names.",
    )


class EscalateForm(forms.Form):
    began_on = _date(
        "Date the complainant took it further", "Enter the date the complainant took it further"
    )


class _Filters(forms.Form):
    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.none(), empty_label="Any", required=False
    )
    received_from = DatePartsField(label="Received from", required=False)
    received_to = DatePartsField(label="Received to", required=False)

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["service"]
        field.queryset = services

    def chosen(self) -> dict[str, Any]:
        """The valid filters chosen; an invalid one is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}


ACTED, NOT_ACTED = "acted", "not_acted"


class FeedbackFilterForm(_Filters):
    kind = forms.ChoiceField(label="Kind", choices=(("", "Any"), *FEEDBACK_KINDS), required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=(("", "Any"), (NOT_ACTED, "No actions recorded yet"), (ACTED, "Actions recorded")),
        required=False,
    )


OVERDUE, OPEN, ANSWERED = "overdue", "open", "answered"
COMPLAINT_STATUSES = (
    ("", "Any"),
    (OPEN, "Waiting for a response"),
    (OVERDUE, "Overdue"),
    (ANSWERED, "Answered"),
)


class ComplaintFilterForm(_Filters):
    stage = forms.TypedChoiceField(label="Stage", choices=(), coerce=int, required=False)
    status = forms.ChoiceField(label="Status", choices=COMPLAINT_STATUSES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = [(str(n), name) for n, name in enumerate(settings.COMPLAINT_STAGES, start=1)]
        field: Any = self.fields["stage"]
        field.choices = [("", "Any"), *stages]


class ActivityForm(forms.Form):
    held_on = _date("Date", "Enter the date of the activity")
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=(("", "Choose the kind"), *ACTIVITY_KINDS),
        error_messages=_choose("the kind of activity"),
    )
    survivors_involved = forms.IntegerField(
        label="Number of survivors involved",
        help_text="A number only: never names",
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of survivors involved",
            "invalid": "Enter the number of survivors as a whole number",
            "min_value": "Enter 0 or more",
            "max_value": "Enter 100,000 or fewer",
        },
    )
    what_was_asked = _text("What was asked", "Enter what survivors were asked")
    what_changed = _text("What changed as a result (you said, we did)")
    change_status = forms.ChoiceField(
        label="Status of the change",
        choices=CHANGE_STATUSES,
        widget=forms.RadioSelect,
        error_messages=_choose("the status of the change"),
    )


class ActivityFilterForm(forms.Form):
    """The register's filters: kind, status of the change, and the dates held."""

    kind = forms.ChoiceField(label="Kind", choices=(("", "Any"), *ACTIVITY_KINDS), required=False)
    change_status = forms.ChoiceField(
        label="Status of the change", choices=(("", "Any"), *CHANGE_STATUSES), required=False
    )
    held_from = DatePartsField(label="Held from", required=False)
    held_to = DatePartsField(label="Held to", required=False)

    def chosen(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}
