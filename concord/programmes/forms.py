"""Forms for family-service and perpetrator-programme pages. Field names are the services'
keyword arguments, so a service's ValidationError lands on the field it is about; the
services check the rules again, so a form only says what is wrong in a worker's words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from concord.core.forms import DatePartsField
from concord.people import reference as ref
from concord.programmes import vocabulary as v
from concord.programmes.models import CaseChild, ProgrammeRecord

INLINE = {"classes": "govuk-radios--inline"}


def _date(label: str, *, required: bool = True, help_text: str = "") -> DatePartsField:
    what = "the " + label[0].lower() + label[1:]
    return DatePartsField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
    )


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _radios(
    label: str,
    choices: ref.Choices,
    *,
    inline: bool = False,
    required: bool = True,
    what: str = "",
    help_text: str = "",
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect(attrs=INLINE if inline else {}),
        error_messages=_choose(what or label[0].lower() + label[1:]),
    )


def _yes_no_not_known(label: str, what: str = "yes, no or not known") -> forms.ChoiceField:
    field = _radios(label, ref.YES_NO_NOT_KNOWN, inline=True, what=what)
    field.initial = ref.NOT_KNOWN
    return field


def _count(label: str, *, required: bool = True, help_text: str = "") -> forms.IntegerField:
    what = label[0].lower() + label[1:]
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=500,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "classes": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a whole number",
            "min_value": f"The {what} must be 0 or more",
            "max_value": f"The {what} must be 500 or fewer",
        },
    )


def _reason(label: str, reasons: ref.Choices, help_text: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "Not applicable"), *reasons],
        required=False,
        help_text=help_text,
        error_messages=_choose(label[0].lower() + label[1:]),
    )


# Family service ------------------------------------------------------------------------------


class ChildRiskAssessmentForm(forms.Form):
    assessed_on = _date("Date of the assessment")
    level = _radios("Level of risk", v.RISK_LEVELS, inline=True, what="the level of risk")


class ChildFlagsForm(forms.Form):
    asked_on = _date("Date asked")

    def __init__(self, *args: Any, child: CaseChild, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in v.CHILD_FLAGS:
            field = _yes_no_not_known(label)
            field.initial = child.flag(code)
            self.fields[code] = field
        self.fields["asked_on"].initial = child.flags_asked_on or timezone.localdate()


class ChildAttendanceForm(forms.Form):
    kind = _radios("Kind of session", v.ATTENDANCE_KINDS, what="the kind of session")
    sessions_attended = _count("Number of sessions attended")
    first_session_on = _date("Date of the first session")
    last_session_on = _date(
        "Date of the last session", required=False, help_text="Leave empty for a single session"
    )


# Perpetrator programme -----------------------------------------------------------------------


class ProgrammeForm(forms.Form):
    """One part of the programme record; its fields are the record's fields."""

    @classmethod
    def initial_from(cls, record: ProgrammeRecord | None) -> dict[str, Any]:
        if record is None:
            return {}
        return {name: getattr(record, name) for name in cls.base_fields}


class ProgrammeReferralForm(ProgrammeForm):
    referral_received_on = _date("Date the referral was received")


class ProgrammeAssessmentForm(ProgrammeForm):
    assessment_on = _date("Date of the assessment appointment")
    assessment_attendance = _radios(
        "Did the person attend?",
        v.ASSESSMENT_ATTENDANCE,
        inline=True,
        what="whether the person attended",
    )
    assessment_outcome = _radios(
        "Outcome of the assessment",
        (*v.ASSESSMENT_OUTCOMES, ("", "No outcome yet, or did not attend")),
        required=False,
        what="the outcome of the assessment",
    )
    unsuitable_reason = _reason(
        "Why the person is not suitable",
        v.UNSUITABLE_REASONS,
        "Only when the outcome is not suitable",
    )


class ProgrammeSessionsForm(ProgrammeForm):
    sessions_offered = _count("Number of sessions offered")
    sessions_attended = _count("Number of sessions attended")


class ProgrammeCompletionForm(ProgrammeForm):
    completion = _radios(
        "How did the programme end?",
        v.COMPLETIONS,
        what="whether the person completed the programme or left early",
    )
    completion_on = _date("Date completed or left")
    left_early_reason = _reason(
        "Why the person left early", v.LEFT_EARLY_REASONS, "Only when they left early"
    )


class ProgrammeChildrenAndNeedsForm(ProgrammeForm):
    complex_needs = _yes_no_not_known("Does the person have complex needs?")
    has_children = _yes_no_not_known("Does the person have children?")
    number_of_children = _count(
        "Number of children", required=False, help_text="Only if the person has children"
    )
    child_protection_threshold = _yes_no_not_known(
        "Did concerns about the children reach the child-protection threshold?"
    )


class PartnerSupportForm(ProgrammeForm):
    partner_support_offered = _radios(
        "Was support offered to the partner?",
        v.YES_NO,
        inline=True,
        what="whether support was offered to the partner",
        help_text="The partner or ex-partner: the victim or survivor",
    )
    partner_prior_support = _yes_no_not_known(
        "Had the partner had support from a service before this referral?"
    )


class OnwardReferralsForm(ProgrammeForm):
    referred_to_idva_on = _date(
        "Date the partner was referred to an IDVA", required=False, help_text="If they were"
    )
    referred_to_marac_on = _date(
        "Date the case was referred to MARAC", required=False, help_text="If it was"
    )
