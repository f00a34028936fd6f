"""The forms of a homicide review's pages. Each checks what it can alone (required fields,
real dates); the services check the rest and their errors come back to the same fields."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.accounts.models import Agency, User
from concord.core.forms import DatePartsField
from concord.dhr.models import DeathKind, Decision, Relationship, ReportKind

SHORT = forms.TextInput(attrs={"classes": "govuk-input--width-5", "spellcheck": "false"})
NUMBER = forms.NumberInput(attrs={"classes": "govuk-input--width-3", "inputmode": "numeric"})


def _date(label: str, *, required: bool = True, help_text: str = "") -> DatePartsField:
    what = label[0].lower() + label[1:]
    return DatePartsField(
        label=label,
        required=required,
        help_text=help_text or "For example, 27 3 2026",
        error_messages={"required": f"Enter the {what}"},
    )


def _text(label: str, required_message: str, **options: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        error_messages={"required": required_message, "max_length": f"{label} is too long"},
        **options,
    )


class NotifyForm(forms.Form):
    died_on = _date("Date of death")
    notified_on = _date("Date notified")
    area = _text("Area", "Enter the area where the death happened", max_length=200)
    kind = forms.ChoiceField(
        label="Kind of death",
        choices=DeathKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of death it was"},
    )
    victim_initials = _text(
        "Victim's initials",
        "Enter the victim's initials",
        max_length=8,
        widget=SHORT,
        help_text="Initials only, for example AB",
    )
    perpetrator_initials = _text(
        "Perpetrator's initials",
        "",
        max_length=8,
        widget=SHORT,
        required=False,
        help_text="Initials only. Leave empty if not known",
    )
    relationship = forms.ChoiceField(
        label="Relationship of the perpetrator to the victim",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the relationship between them"},
    )
    victim_name = _text(
        "Victim's full name (optional)",
        "",
        max_length=200,
        required=False,
        help_text="Only if the panel needs it. Names are hidden until a panel member says why "
        "they need to see them",
    )
    perpetrator_name = _text(
        "Perpetrator's full name (optional)",
        "",
        max_length=200,
        required=False,
        help_text="Only if the panel needs it",
    )


class RevealNamesForm(forms.Form):
    reason = _text(
        "Why do you need to see the names?",
        "Enter why you need to see the names",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your reason is recorded with your name",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Will the partnership hold a review?",
        choices=[(Decision.HOLD, "Yes, hold a review"), (Decision.NOT_HOLD, "No, do not hold one")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to hold a review"},
    )
    decided_on = _date("Date of the decision")
    reasons = _text(
        "Reasons for the decision",
        "Enter the reasons for the decision",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class HomeOfficeForm(forms.Form):
    submitted_on = _date(
        "Date submitted to the Home Office", required=False, help_text="Leave empty until sent"
    )
    published_on = _date("Date published", required=False, help_text="Leave empty until published")


class PanelMemberForm(forms.Form):
    email = forms.EmailField(
        label="Email of their Concord account",
        required=False,
        max_length=254,
        help_text="They will be able to open this review. Leave empty for someone without "
        "an account, and give their name and organisation",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    name = _text("Name", "", max_length=200, required=False)
    organisation = _text(
        "Organisation",
        "",
        max_length=200,
        required=False,
        help_text="For a Concord user, leave empty to use their agency",
    )
    is_chair = forms.BooleanField(label="They are the review's independent chair", required=False)

    def clean_email(self) -> User | None:
        email = self.cleaned_data.get("email") or ""
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("No active Concord user has that email address")
        return user


class ConfirmForm(forms.Form):
    """A page that only asks to confirm: nothing to fill in."""


class AgencyReportForm(forms.Form):
    organisation = _text("Agency asked", "Enter the agency asked", max_length=200)
    kind = forms.ChoiceField(
        label="What was asked for",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a chronology or an agency report"},
    )
    requested_on = _date("Date requested")


class ReceivedForm(forms.Form):
    received_on = _date("Date received")


class RecommendationForm(forms.Form):
    number = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=999,
        widget=NUMBER,
        error_messages={
            "required": "Enter the recommendation's number",
            "invalid": "Enter the number as a whole number",
            "min_value": "Enter a number of 1 or more",
            "max_value": "Enter a number of 999 or less",
        },
    )
    text = _text(
        "Recommendation",
        "Enter the recommendation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = _text(
        "Owner", "Enter who is responsible for it", max_length=200, help_text="A person or a post"
    )
    owner_agency = forms.ModelChoiceField(
        label="Owner's agency (optional)",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="Not a Concord agency",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    due_on = _date("Date due")


class CompletionForm(forms.Form):
    completed_on = _date("Date completed")
    evidence = _text(
        "Evidence of completion",
        "Enter the evidence that the recommendation was completed",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was done and where the proof is kept: a policy, a training record, an "
        "audit",
    )
