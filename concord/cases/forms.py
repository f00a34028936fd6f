"""Forms for case work. Each page posts one form; services check the domain's rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from concord.accounts.models import Membership, Service
from concord.cases.caseload import COLUMNS
from concord.cases.lifecycle import STATUS_CHOICES
from concord.cases.vocabulary import (
    ABUSE_CHANGES,
    FEELS_SAFER,
    GIVEN_ANSWERS,
    SAFETY_PLAN_AREAS,
    SUPPORT_KINDS,
)
from concord.core.forms import TIME, DatePartsField
from concord.people import reference as ref

SCALE_WIDGET = forms.NumberInput(attrs={"classes": "govuk-input--width-2", "inputmode": "numeric"})


def _required(label: str) -> dict[str, str]:
    return {"required": f"Enter {label}", "invalid": f"Enter {label} in the right format"}


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _scale(label: str) -> forms.IntegerField:
    """An optional score on the exit review's 0 to 10 scales."""
    return forms.IntegerField(
        label=f"{label} (0 to 10)",
        required=False,
        min_value=0,
        max_value=10,
        widget=SCALE_WIDGET,
        error_messages={"invalid": "Enter a whole number from 0 to 10"},
    )


class DateTimeFields(forms.Form):
    """A date and a time entered separately, combined in the local (UK) time zone."""

    def when(self, date_field: str, time_field: str) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.cleaned_data[date_field], self.cleaned_data[time_field])
        )


class OpenCaseForm(DateTimeFields):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages=_choose("the service"),
    )
    referral_source = forms.ChoiceField(
        label="Who referred the person",
        choices=ref.REFERRAL_SOURCES,
        error_messages=_choose("who referred the person"),
    )
    method_of_access = forms.ChoiceField(
        label="How the person first came to the service",
        choices=ref.METHODS_OF_ACCESS,
        widget=forms.RadioSelect,
        error_messages=_choose("how the person first came to the service"),
    )
    referred_on = DatePartsField(
        label="Date referred", error_messages=_required("the date referred")
    )
    referred_time = forms.TimeField(
        label="Time referred",
        help_text="24-hour clock, for example 14:30",
        widget=TIME,
        error_messages=_required("the time referred"),
    )
    abuse_types = forms.MultipleChoiceField(
        label="Types of abuse",
        choices=ref.ABUSE_TYPES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    relationship_to_person_causing_harm = forms.ChoiceField(
        label="Relationship to the person causing harm",
        choices=[("", "Not known"), *ref.RELATIONSHIP_KINDS],
        required=False,
    )
    multiple_perpetrators = forms.ChoiceField(
        label="More than one person causing harm",
        choices=ref.YES_NO_NOT_KNOWN,
        initial="not_known",
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )
    worked_by_idva = forms.BooleanField(
        label="An IDVA works this case",
        help_text="An independent domestic violence adviser, usually for a high-risk case",
        required=False,
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = membership.services.filter(is_active=True)
        if not services.exists():
            services = membership.agency.services.filter(is_active=True)
        field = self.fields["service"]
        field.queryset = services  # type: ignore[attr-defined]
        if len(services) == 1:
            field.initial = services[0].pk

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["referred_at"] = self.when("referred_on", "referred_time")
        for name in ("referred_on", "referred_time", "service"):
            data.pop(name)
        return data


class ContactForm(DateTimeFields):
    channel = forms.ChoiceField(
        label="Kind of contact", choices=ref.CONTACT_CHANNELS, error_messages=_choose("the kind")
    )
    initiated_by = forms.ChoiceField(
        label="Who made the contact",
        choices=ref.CONTACT_INITIATORS,
        widget=forms.RadioSelect,
        error_messages=_choose("who made the contact"),
    )
    on = DatePartsField(label="Date", error_messages=_required("the date"))
    at = forms.TimeField(
        label="Time",
        help_text="24-hour clock, for example 18:45",
        widget=TIME,
        error_messages=_required("the time"),
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the length as a whole number of minutes"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)

    def service_values(self) -> dict[str, Any]:
        return {
            "channel": self.cleaned_data["channel"],
            "initiated_by": self.cleaned_data["initiated_by"],
            "occurred_at": self.when("on", "at"),
            "duration_minutes": self.cleaned_data["duration_minutes"],
            "notes": self.cleaned_data["notes"],
        }


class IntakeProfileForm(forms.Form):
    assessed_on = DatePartsField(
        label="Date of the assessment", error_messages=_required("the date")
    )
    number_of_children = forms.IntegerField(
        label="Number of children",
        required=False,
        min_value=0,
        max_value=30,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    children_ages = forms.CharField(
        label="Children's ages", required=False, max_length=100, help_text="For example 2, 5 and 11"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in ref.INTAKE_ITEMS:
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=ref.YES_NO_NOT_KNOWN,
                initial="not_known",
                widget=forms.RadioSelect(
                    attrs={"classes": "govuk-radios--inline govuk-radios--small"}
                ),
                error_messages=_choose("yes, no or not known"),
            )

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code, _ in ref.INTAKE_ITEMS}


class SafetyPlanForm(forms.Form):
    created_on = DatePartsField(label="Date made", error_messages=_required("the date made"))
    areas = forms.MultipleChoiceField(
        label="What the plan covers",
        choices=SAFETY_PLAN_AREAS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area the plan covers"},
    )
    reviewed_on = DatePartsField(label="Date reviewed", required=False)
    completed_on = DatePartsField(label="Date completed", required=False)
    review_due_on = DatePartsField(
        label="Review by",
        help_text="A task to review the plan is set for this day",
        required=False,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)


class SafetyPlanActionForm(forms.Form):
    description = forms.CharField(
        label="What is to be done",
        max_length=300,
        error_messages={
            **_required("what is to be done"),
            "max_length": "Keep it under 300 characters",
        },
    )
    owner = forms.CharField(
        label="Who owns it",
        help_text="The person, a worker, or another agency",
        max_length=100,
        error_messages={**_required("who owns it"), "max_length": "Keep it under 100 characters"},
    )
    review_on = DatePartsField(label="Review by", error_messages=_required("the review date"))


class WorkerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A colleague of the agency who works on cases, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name)


class TaskForm(forms.Form):
    title = forms.CharField(
        label="What is to be done",
        max_length=200,
        error_messages={
            **_required("what is to be done"),
            "max_length": "Keep it under 200 characters",
        },
    )
    due_on = DatePartsField(label="Due by", error_messages=_required("the due date"))
    assignee = WorkerField(
        label="Who does it",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="Nobody yet",
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = Membership.objects.case_workers(membership.agency).select_related("user")
        field = cast(WorkerField, self.fields["assignee"])
        field.queryset = workers.order_by("user__full_name")

    def service_values(self) -> dict[str, Any]:
        worker = self.cleaned_data["assignee"]
        return {
            "title": self.cleaned_data["title"],
            "due_on": self.cleaned_data["due_on"],
            "assignee": worker.user if worker else None,
        }


class SupportOfferForm(forms.Form):
    kind = forms.ChoiceField(
        label="Support offered",
        choices=SUPPORT_KINDS,
        widget=forms.RadioSelect,
        error_messages=_choose("the support offered"),
    )
    offered_on = DatePartsField(label="Date offered", error_messages=_required("the date offered"))


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="The person's answer",
        choices=GIVEN_ANSWERS,
        widget=forms.RadioSelect,
        error_messages=_choose("the person's answer"),
    )
    answered_on = DatePartsField(
        label="Date of the answer",
        help_text="For not contactable, the day the service stopped trying",
        error_messages=_required("the date of the answer"),
    )


class IdvaForm(forms.Form):
    worked_by_idva = forms.TypedChoiceField(
        label="Does an IDVA work this case?",
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
        error_messages=_choose("yes or no"),
    )


class StatusReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason", widget=forms.RadioSelect, error_messages=_choose("a reason")
    )

    def __init__(self, *args: Any, reasons: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = reasons  # type: ignore[attr-defined]


class CloseCaseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why the case is closing",
        choices=ref.CLOSURE_REASONS,
        widget=forms.RadioSelect,
        error_messages=_choose("why the case is closing"),
    )
    reviewed_on = DatePartsField(
        label="Date of the exit review", error_messages=_required("the date")
    )
    feels_safer = forms.ChoiceField(
        label="Does the person feel safer?",
        choices=FEELS_SAFER,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
        error_messages=_choose("whether the person feels safer, or not answered"),
    )
    abuse_change = forms.ChoiceField(
        label="Has the abuse stopped, reduced or continued?",
        choices=ABUSE_CHANGES,
        widget=forms.RadioSelect,
        error_messages=_choose("what happened to the abuse"),
    )
    wellbeing_at_intake = _scale("Wellbeing at intake")
    wellbeing_at_exit = _scale("Wellbeing at exit")
    safety_at_intake = _scale("Feeling of safety at intake")
    safety_at_exit = _scale("Feeling of safety at exit")


class CaseloadFilterForm(forms.Form):
    VIEWS = (
        ("mine", "Cases I lead"),
        ("team", "My team's cases"),
        ("service", "My service's cases"),
    )
    SORTS = (
        ("-referred_at", "Newest referral first"),
        ("referred_at", "Oldest referral first"),
        ("reference", "Case reference"),
    )

    view = forms.ChoiceField(choices=VIEWS, required=False)
    status = forms.ChoiceField(label="Status", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [("", "Any status"), ("active", "Referred or open"), *STATUS_CHOICES]
        for column in COLUMNS.in_order():
            if column.filters:
                choices = [(code, label) for code, (label, _) in column.filters.items()]
                self.fields[column.name] = forms.ChoiceField(
                    label=column.filter_label, choices=[("", "Any"), *choices], required=False
                )

    def column_filters(self) -> list[str]:
        """The names of the filters the registered columns add."""
        return [column.name for column in COLUMNS.in_order() if column.filters]


class ChronologyFilterForm(forms.Form):
    """The kinds of entry to show on a chronology (none ticked: every kind)."""

    kind = forms.MultipleChoiceField(
        label="Show only",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"classes": "govuk-checkboxes--small"}),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["kind"]).choices = kinds

    def chosen(self) -> list[str]:
        return list(self.cleaned_data.get("kind") or []) if self.is_valid() else []


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="What the document is",
        help_text="For example, letter from the housing office. Do not write an address",
        max_length=200,
        error_messages={"required": "Enter what the document is"},
    )
    file = forms.FileField(
        label="The file",
        help_text="A PDF, a PNG or JPEG image, or a Word, Excel, PowerPoint or OpenDocument "
        "text file",
        error_messages={"required": "Choose the file", "empty": "The file is empty"},
    )
