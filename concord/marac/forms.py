"""Forms for MARAC pages. Services check the domain's rules; the forms check only what
the page asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.accounts.models import Agency, User
from concord.core.forms import TIME, DatePartsField
from concord.core.presenters import govuk_date
from concord.marac import repeats
from concord.marac.models import MaracArea, MaracMeeting, MaracReferral
from concord.marac.vocabulary import CRITERIA, FEELS_SAFER, HIGHEST_SCORE, SAFE_CONTACT_REASONS
from concord.people.models import Person

NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "classes": "govuk-input--width-3"})
YES_NO = (("yes", "Yes"), ("no", "No"))
INLINE = forms.RadioSelect(attrs={"classes": "govuk-radios--inline"})


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _enter(label: str, most: int = 0) -> dict[str, str]:
    messages = {"required": f"Enter {label}", "invalid": f"Enter {label} in the right format"}
    if most:
        messages["max_length"] = f"Keep {label} to {most:,} characters or fewer"
    return messages


def _text(
    label: str, help_text: str = "", *, required: bool = True, rows: int = 3
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=_enter(label[:1].lower() + label[1:], 2000),
    )


def _yes_no(label: str, subject: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=INLINE, error_messages=_choose(subject)
    )


def _number(label: str, most: int | None = None) -> forms.IntegerField:
    limit = f" between 0 and {most}" if most is not None else " of 0 or more"
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=most,
        widget=NUMBER,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a whole number",
            "min_value": f"Enter a number{limit}",
            "max_value": f"Enter a number{limit}",
        },
    )


class PersonChoices(forms.ModelMultipleChoiceField[Person]):
    def label_from_instance(self, person: Person) -> str:
        born = govuk_date(person.date_of_birth)
        return f"{person}, born {born}" if born else f"{person}, date of birth not known"


class ReferToMaracForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Which MARAC?",
        queryset=MaracArea.objects.none(),
        empty_label=None,
        error_messages=_choose("the MARAC"),
    )
    referred_on = DatePartsField(label="Date referred", error_messages=_enter("the date referred"))
    criteria = forms.MultipleChoiceField(
        label="Which MARAC criteria does the case meet?",
        help_text="Select all that apply",
        choices=CRITERIA,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("the MARAC criteria the case meets"),
    )
    score = _number("Risk checklist score", HIGHEST_SCORE)
    risk_summary = _text(
        "Summary of the risk",
        "What the MARAC needs to know: recent incidents, what has changed, what you fear",
        rows=5,
    )
    victim_fears = _text("Who the victim fears")
    new_incident_criminal = _yes_no(
        "Would what led to this referral be a crime if reported?",
        "whether it would be a crime if reported",
    )
    known_harm = PersonChoices(
        label="People causing harm in your records",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    harm_given_name = forms.CharField(label="Given name", max_length=100, required=False)
    harm_family_name = forms.CharField(label="Family name", max_length=100, required=False)
    harm_date_of_birth = DatePartsField(label="Date of birth (if known)", required=False)
    children_count = _number("Number of children in the household")
    children_details = _text(
        "The children's names and ages", "Give them when there are children", required=False
    )
    victim_knows = _yes_no(
        "Does the victim know of the referral?", "whether the victim knows of the referral"
    )
    victim_consented = _yes_no(
        "Did the victim consent to the referral?", "whether the victim consented"
    )
    no_consent_reason = _text(
        "Why refer without consent?",
        "Consent is preferred, not required: record why you refer without it",
        required=False,
    )
    safe_contact = _text(
        "How to reach the victim safely",
        "A safe phone number or address, safe times, words to use. Hidden on every page "
        "until someone says why they need it",
    )

    def __init__(
        self,
        *args: Any,
        areas: QuerySet[MaracArea],
        known_harm: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[MaracArea], self.fields["area"]).queryset = areas
        if known_harm.exists():
            cast(PersonChoices, self.fields["known_harm"]).queryset = known_harm
        else:
            del self.fields["known_harm"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given, family = data.get("harm_given_name", ""), data.get("harm_family_name", "")
        if bool(given.strip()) != bool(family.strip()):
            missing = "harm_family_name" if given.strip() else "harm_given_name"
            self.add_error(missing, "Enter both names of the person causing harm")
        elif not (given.strip() or data.get("known_harm")):
            self.add_error("harm_given_name", "Name at least one person causing harm")
        return data

    def people_causing_harm(self) -> list[repeats.Party]:
        data = self.cleaned_data
        named = [
            repeats.Party(person.given_name, person.family_name, person.date_of_birth)
            for person in data.get("known_harm") or []
        ]
        if data["harm_given_name"].strip():
            named.append(
                repeats.Party(
                    data["harm_given_name"], data["harm_family_name"], data["harm_date_of_birth"]
                )
            )
        return named

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "area": data["area"],
            "referred_on": data["referred_on"],
            "criteria": data["criteria"],
            "score": data["score"],
            "risk_summary": data["risk_summary"],
            "victim_fears": data["victim_fears"],
            "new_incident_criminal": data["new_incident_criminal"] == "yes",
            "people_causing_harm": self.people_causing_harm(),
            "children_count": data["children_count"],
            "children_details": data["children_details"],
            "victim_knows": data["victim_knows"] == "yes",
            "victim_consented": data["victim_consented"] == "yes",
            "no_consent_reason": data["no_consent_reason"],
            "safe_contact": data["safe_contact"],
        }


class UserChoices(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, user: User) -> str:
        agencies = sorted({m.agency.name for m in user.memberships.all()})
        return f"{user}, {', '.join(agencies)}"


class MustNotReceiveForm(forms.Form):
    users = UserChoices(
        label="People who must not see this case",
        help_text="For example someone who knows the person causing harm",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies none of whose staff may see this case",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, users: QuerySet[User], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UserChoices, self.fields["users"]).queryset = users
        cast(forms.ModelMultipleChoiceField[Agency], self.fields["agencies"]).queryset = agencies


class SafeContactForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why do you need to see it?",
        choices=(("", "Choose a reason"), *SAFE_CONTACT_REASONS),
        error_messages=_choose("why you need to see this"),
    )


class FollowUpForm(forms.Form):
    feels_safer = forms.ChoiceField(
        label="Does the victim feel safer since the MARAC?",
        choices=FEELS_SAFER,
        widget=forms.RadioSelect,
        error_messages=_choose("whether the victim feels safer"),
    )
    followed_up_on = DatePartsField(label="Date asked", error_messages=_enter("the date asked"))


class MeetingForm(forms.Form):
    meets_on = DatePartsField(
        label="Date of the meeting", error_messages=_enter("the date of the meeting")
    )
    starts_at = forms.TimeField(
        label="Time it starts (optional)",
        help_text="24-hour clock, for example 09:30",
        required=False,
        widget=TIME,
        error_messages={"invalid": "Enter the time like 09:30 or 14:00"},
    )
    venue = forms.CharField(
        label="Venue (optional)",
        help_text="Where it meets, or how to join it online",
        required=False,
        max_length=200,
        error_messages=_enter("the venue", 200),
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies attending",
        help_text="Their MARAC representatives see the cases on this meeting's agenda",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("the agencies attending"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField[Agency], self.fields["agencies"])
        field.queryset = Agency.objects.filter(is_active=True)


class MeetingChoices(forms.ModelChoiceField[MaracMeeting]):
    def label_from_instance(self, meeting: MaracMeeting) -> str:
        return govuk_date(meeting.meets_on)


class AgendaForm(forms.Form):
    meeting = MeetingChoices(
        label="Which meeting?",
        queryset=MaracMeeting.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages=_choose("the meeting"),
    )

    def __init__(self, *args: Any, meetings: Iterable[MaracMeeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(MeetingChoices, self.fields["meeting"])
        field.queryset = cast(QuerySet[MaracMeeting], meetings)


class ReferralChoices(forms.ModelMultipleChoiceField[MaracReferral]):
    def label_from_instance(self, referral: MaracReferral) -> str:
        return (
            f"{referral.victim_name}, referred by {referral.agency.name} on "
            f"{govuk_date(referral.referred_on)}"
        )


class AgendaManyForm(forms.Form):
    """Referrals waiting for a meeting, to add to this meeting's agenda at once."""

    referrals = ReferralChoices(
        label="Referrals to add to the agenda",
        help_text="Select all that apply",
        queryset=MaracReferral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the referrals to add to the agenda",
            "invalid_choice": "Select referrals that are waiting for a meeting",
            "invalid_pk_value": "Select referrals that are waiting for a meeting",
        },
    )

    def __init__(self, *args: Any, waiting: QuerySet[MaracReferral], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ReferralChoices, self.fields["referrals"]).queryset = waiting


class ResearchForm(forms.Form):
    findings = _text(
        "What your agency found",
        "From your agency's own records: contact with the victim, the person causing harm "
        "and the children; risks and what you can offer",
        rows=8,
    )


class DiscussionForm(forms.Form):
    summary = _text("Summary of the discussion", rows=8)


class ActionForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Assigned to",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages=_choose("the agency the action is assigned to"),
    )
    description = _text("What is to be done")
    due_on = DatePartsField(label="Due by", error_messages=_enter("the due date"))

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Agency], self.fields["agency"]).queryset = agencies


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was the action completed?",
        choices=(("completed", "Completed"), ("not_completed", "Not completed")),
        widget=forms.RadioSelect,
        error_messages=_choose("whether the action was completed"),
    )
    outcome_on = DatePartsField(label="Date", error_messages=_enter("the date"))
    note = _text("Note", "Say why, when it was not completed", required=False)
