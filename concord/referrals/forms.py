"""Forms for referrals and consent. Services check the domain's rules; the forms check
only what the page asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, cast

from django import forms
from django.db.models import QuerySet

from concord.accounts.models import Agency, Membership, Service, User
from concord.cases.models import Case, CaseChild
from concord.core.forms import DatePartsField
from concord.core.presenters import govuk_date
from concord.people import reference as ref
from concord.people.forms import offer_case_workers
from concord.people.matching import Match
from concord.people.models import Person
from concord.referrals.models import Consent
from concord.referrals.presenters import consent_choice_label, referred_child_label
from concord.referrals.vocabulary import CONSENT_PURPOSES, SAFEGUARDING_BASES

NEW_CONSENT, SAFEGUARDING, CONSENT_PREFIX = "new_consent", "safeguarding", "consent:"
NEW_PERSON = "new"


class SafeguardingValues(TypedDict):
    safeguarding_basis: str
    safeguarding_reason: str


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _date(label: str) -> dict[str, str]:
    return {"required": f"Enter {label}", "invalid": f"Enter {label} in the right format"}


class ReferralForm(forms.Form):
    to_service = forms.ModelChoiceField(
        label="A service in Concord",
        queryset=Service.objects.none(),
        required=False,
        error_messages=_choose("the service"),
    )
    outside_agency = forms.CharField(
        label="Or an agency outside Concord",
        help_text="Its name, when the service is not in Concord",
        max_length=200,
        required=False,
        error_messages={"max_length": "Enter a name of 200 characters or fewer"},
    )
    summary = forms.CharField(
        label="What the referral shares",
        help_text=(
            "Keep it short: what the service needs to know to help. The person's name, date "
            "of birth and sex are shared with it, and the name of the case's lead professional."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter what the referral shares",
            "max_length": "Keep what the referral shares to 1,000 characters or fewer",
        },
    )
    children = forms.MultipleChoiceField(
        label="Which children go with the person?",
        help_text=(
            "Each child's name, date of birth or age and sex are shared with the referral. "
            "Leave them all unticked if no child goes."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("children on this case"),
    )
    basis = forms.ChoiceField(
        label="The person's consent, or the basis for sharing without it",
        widget=forms.RadioSelect,
        error_messages=_choose("the person's consent or a safeguarding basis"),
    )
    consent_given_on = DatePartsField(
        label="Date the person gave consent",
        required=False,
        error_messages=_date("the date the person gave consent"),
    )
    consent_expires_on = DatePartsField(
        label="Date the consent expires (optional)",
        required=False,
        error_messages=_date("the expiry date"),
    )
    safeguarding_basis = forms.ChoiceField(
        label="Safeguarding basis",
        choices=(("", "Choose the basis"), *SAFEGUARDING_BASES),
        required=False,
        error_messages=_choose("the safeguarding basis"),
    )
    safeguarding_reason = forms.CharField(
        label="Why the information must be shared without consent",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the reason to 1,000 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        case: Case,
        consents: Iterable[Consent],
        children: Iterable[CaseChild] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case_children = {str(child.pk): child for child in children}
        if self.case_children:
            cast(forms.MultipleChoiceField, self.fields["children"]).choices = [
                (pk, referred_child_label(child.person)) for pk, child in self.case_children.items()
            ]
        else:
            del self.fields["children"]
        services = (
            Service.objects.filter(is_active=True, agency__is_active=True)
            .exclude(pk=case.service_id)
            .select_related("agency")
            .order_by("agency__name", "name")
        )
        cast(forms.ModelChoiceField[Service], self.fields["to_service"]).queryset = services
        self.consents = {f"{CONSENT_PREFIX}{consent.pk}": consent for consent in consents}
        basis = cast(forms.ChoiceField, self.fields["basis"])
        basis.choices = [
            *((value, consent_choice_label(c)) for value, c in self.consents.items()),
            (NEW_CONSENT, "Record the person's consent now"),
            (SAFEGUARDING, "Share without consent, for safeguarding"),
        ]

    def service_groups(self) -> list[dict[str, Any]]:
        """The services for the select, grouped by agency (one query)."""
        chosen = str(self["to_service"].value() or "")
        field = cast(forms.ModelChoiceField[Service], self.fields["to_service"])
        groups: dict[str, list[dict[str, Any]]] = {}
        for service in cast(QuerySet[Service], field.queryset):
            groups.setdefault(service.agency.name, []).append(
                {
                    "value": str(service.pk),
                    "text": service.name,
                    "selected": str(service.pk) == chosen,
                }
            )
        return [{"agency": agency, "services": items} for agency, items in groups.items()]

    def clean_outside_agency(self) -> str:
        """One destination: checked here, not in clean(), so the error summary lists it
        first, in the order of the page."""
        outside = str(self.cleaned_data.get("outside_agency", "")).strip()
        service = self.cleaned_data.get("to_service")
        if "to_service" not in self.errors:
            if not service and not outside:
                self.add_error(
                    "to_service",
                    "Select a service in Concord, or enter the name of an agency outside it",
                )
            elif service and outside:
                self.add_error(
                    "to_service",
                    "Select a service in Concord or name an agency outside it, not both",
                )
        return outside

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        basis = data.get("basis")
        given_on_missing = (
            not data.get("consent_given_on") and "consent_given_on" not in self.errors
        )
        if basis == NEW_CONSENT and given_on_missing:
            self.add_error("consent_given_on", "Enter the date the person gave consent")
        if basis == SAFEGUARDING:
            if not data.get("safeguarding_basis"):
                self.add_error("safeguarding_basis", "Select the safeguarding basis")
            if not data.get("safeguarding_reason", "").strip():
                self.add_error(
                    "safeguarding_reason",
                    "Give the reason for sharing without the person's consent",
                )
        return data

    @property
    def records_consent_now(self) -> bool:
        basis: str = self.cleaned_data["basis"]
        return basis == NEW_CONSENT

    def chosen_children(self) -> list[CaseChild]:
        return [self.case_children[pk] for pk in self.cleaned_data.get("children", [])]

    def chosen_consent(self) -> Consent | None:
        return self.consents.get(self.cleaned_data["basis"])

    def destination_values(self) -> dict[str, Any]:
        if self.cleaned_data["to_service"]:
            return {"to_service": self.cleaned_data["to_service"], "outside_agency": ""}
        return {"to_service": None, "outside_agency": self.cleaned_data["outside_agency"]}

    def safeguarding_values(self) -> SafeguardingValues:
        if self.cleaned_data["basis"] != SAFEGUARDING:
            return {"safeguarding_basis": "", "safeguarding_reason": ""}
        return {
            "safeguarding_basis": self.cleaned_data["safeguarding_basis"],
            "safeguarding_reason": self.cleaned_data["safeguarding_reason"],
        }


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the consent for?",
        choices=CONSENT_PURPOSES,
        widget=forms.RadioSelect,
        error_messages=_choose("what the consent is for"),
    )
    given = forms.ChoiceField(
        label="Did the person give or refuse consent?",
        choices=(("yes", "Gave consent"), ("no", "Refused consent")),
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
        error_messages=_choose("whether the person gave or refused consent"),
    )
    given_on = DatePartsField(
        label="Date the person decided", error_messages=_date("the date decided")
    )
    expires_on = DatePartsField(
        label="Date the consent expires (optional)",
        required=False,
        error_messages=_date("the expiry date"),
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies it covers",
        help_text="Leave them all unticked if it covers any agency, for this purpose",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outside_agency = forms.CharField(
        label="An agency outside Concord it covers (optional)", max_length=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField[Agency], self.fields["agencies"])
        field.queryset = Agency.objects.filter(is_active=True).exclude(kind="commissioner")

    def service_values(self) -> dict[str, Any]:
        return {**self.cleaned_data, "given": self.cleaned_data["given"] == "yes"}


class WithdrawConsentForm(forms.Form):
    withdrawn_on = DatePartsField(
        label="Date the person withdrew consent",
        error_messages=_date("the date the person withdrew consent"),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you declining the referral?",
        choices=ref.DECLINE_REASONS,
        widget=forms.RadioSelect,
        error_messages=_choose("why you are declining the referral"),
    )


def _born(person: Person) -> str:
    born = govuk_date(person.date_of_birth)
    return f"{person}, born {born}" if born else f"{person}, date of birth not known"


class AcceptForm(forms.Form):
    """Asks whether the person is already in the receiving agency's records (link, never
    merge) only when someone there may be the same person."""

    def __init__(
        self,
        *args: Any,
        matches: Iterable[tuple[Person, Match]] = (),
        restricted_for: Membership | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if restricted_for is not None:
            self.fields["named_workers"] = forms.ModelMultipleChoiceField(
                label="Who else may see this person's record?",
                queryset=User.objects.none(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="The referring agency restricted this person's record to named "
                "workers, so your agency's record will be restricted too: to you and the "
                "workers you choose here.",
            )
            offer_case_workers(
                self.fields["named_workers"],
                restricted_for.agency,
                leaving_out=restricted_for.user,
            )
        self.matches = {str(person.pk): person for person, _ in matches}
        if self.matches:
            self.fields["person"] = forms.ChoiceField(
                label="Is this someone already in your agency's records?",
                choices=[
                    *((pk, f"Yes: {_born(person)}") for pk, person in self.matches.items()),
                    (NEW_PERSON, "No: record them from the referral"),
                ],
                widget=forms.RadioSelect,
                error_messages=_choose("whether this is someone already in your records"),
            )

    def chosen_person(self) -> Person | None:
        return self.matches.get(self.cleaned_data.get("person", NEW_PERSON))

    def named_workers(self) -> list[User]:
        return list(self.cleaned_data.get("named_workers", []))
