"""The self-referral form a victim fills in without an account, and the inbox's forms: its
filters, the first contact, acceptance into a person and case, and closing without one.
Every text field has a size limit within its column's."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.cases.forms import DateTimeFields
from concord.core.forms import TIME, DatePartsField
from concord.inbox import vocabulary as words
from concord.inbox.abuse import HONEYPOT

HONEYPOT_ATTRS = {
    "tabindex": "-1",
    "autocomplete": "off",
    "aria-hidden": "true",
}


def _choose(what: str) -> dict[str, str]:
    return {"required": f"Select {what}", "invalid_choice": f"Select {what}"}


def _longest(limit: int, what: str = "") -> dict[str, str]:
    return {"max_length": f"{what or 'This'} must be {limit:,} characters or fewer"}


class SelfReferralForm(forms.Form):
    """Only what the help point needs to call back safely (DOMAIN §17)."""

    name = forms.CharField(
        label="Your name, or what we should call you",
        help_text="It does not have to be your full or real name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter a name we can call you", **_longest(100, "Name")},
    )
    contact_method = forms.ChoiceField(
        label="How can we contact you safely?",
        choices=words.CONTACT_METHODS,
        widget=forms.RadioSelect,
        error_messages=_choose("how we can contact you"),
    )
    phone = forms.CharField(
        label="Phone number (for a call or text)",
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "off",
                "classes": "govuk-input--width-20",
            }
        ),
        error_messages=_longest(30, "The phone number"),
    )
    email = forms.EmailField(
        label="Email address (for email)",
        required=False,
        max_length=200,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            **_longest(200, "The email address"),
        },
    )
    safe_times = forms.CharField(
        label="When is it safe to contact you? (optional)",
        help_text="For example, weekdays between 10am and 2pm",
        required=False,
        max_length=200,
        error_messages=_longest(200),
    )
    never = forms.MultipleChoiceField(
        label="Is there anything we must never do? (optional)",
        help_text="Select all that apply",
        choices=words.NEVER,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("what we must never do from the list"),
    )
    never_other = forms.CharField(
        label="Anything else we must never do (optional)",
        required=False,
        max_length=300,
        error_messages=_longest(300),
    )
    danger_now = forms.ChoiceField(
        label="Are you in danger now?",
        help_text=(
            "If you are in danger now, call 999. If you cannot speak, call 999 and then "
            "press 55 when asked."
        ),
        choices=words.DANGER_NOW,
        widget=forms.RadioSelect,
        error_messages=_choose("whether you are in danger now"),
    )
    language = forms.CharField(
        label="Which language would you like us to use? (optional)",
        required=False,
        max_length=100,
        error_messages=_longest(100),
    )
    interpreter_needed = forms.BooleanField(label="I would like an interpreter", required=False)
    more = forms.CharField(
        label="Is there anything else you want to tell us? (optional)",
        help_text="You do not have to tell us what happened. We will ask you when we talk.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_longest(2000),
    )
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=HONEYPOT_ATTRS),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact_method")
        if method in {"call", "text"} and not data.get("phone"):
            self.add_error("phone", "Enter a phone number we can use safely")
        if method == "email" and not data.get("email"):
            self.add_error("email", "Enter an email address we can use safely")
        return data

    def visible_fields(self) -> list[forms.BoundField]:
        """The fields people see: all but the honeypot (the page draws it apart)."""
        return [bound for bound in self if bound.name != HONEYPOT]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": " ".join(data["name"].split()),
            "contact_method": data["contact_method"],
            "phone": data["phone"].strip(),
            "email": data["email"],
            "safe_times": data["safe_times"].strip(),
            "never": sorted(data["never"]),
            "never_other": data["never_other"].strip(),
            "danger_now": data["danger_now"],
            "language": data["language"].strip(),
            "interpreter_needed": data["interpreter_needed"],
            "more": data["more"].strip(),
        }


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=words.STATUSES, required=False)
    kind = forms.ChoiceField(label="Kind", choices=(("", "Any"), *words.KINDS), required=False)

    def chosen(self) -> dict[str, str]:
        """The valid filters chosen (new referrals when none is); an invalid one is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"status": data.get("status") or words.NEW, "kind": data.get("kind") or ""}


class FirstContactForm(DateTimeFields):
    on = DatePartsField(
        label="Date of the first contact",
        error_messages={"required": "Enter the date of the first contact"},
    )
    at = forms.TimeField(
        label="Time of the first contact",
        help_text="24-hour clock, for example 14:30",
        widget=TIME,
        error_messages={
            "required": "Enter the time of the first contact",
            "invalid": "Enter a real time",
        },
    )


class AcceptForm(forms.Form):
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={"required": "Enter the person's given name", **_longest(100)},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter the person's family name", **_longest(100)},
    )
    date_of_birth = DatePartsField(label="Date of birth (optional)", required=False)


class CloseForm(forms.Form):
    close_reason = forms.ChoiceField(
        label="Why is it closed without a case?",
        choices=words.CLOSE_REASONS,
        widget=forms.RadioSelect,
        error_messages=_choose("why the referral is closed"),
    )
