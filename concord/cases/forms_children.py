"""Forms for the children on a case: who the child is, what they need and the support they
receive. Field names are concord.cases.child_services' keyword arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from concord.cases.vocabulary import CHILD_NEEDS, CHILD_ROLES, CHILD_SUPPORT_KINDS
from concord.core.forms import DatePartsField
from concord.core.validators import future_problem
from concord.people import reference as ref

INLINE = {"classes": "govuk-radios--inline"}
NEW = "new"


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _date(label: str, *, required: bool = True) -> DatePartsField:
    what = "the " + label[0].lower() + label[1:]
    return DatePartsField(
        label=label,
        required=required,
        help_text="For example, 27 3 2026",
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
    )


class AddChildForm(forms.Form):
    """Who the child is (someone linked to the case's person, someone already recorded
    whom the search found, or someone new) and how they are involved.

    ``candidates`` and ``matches`` are ``(person id, label)`` pairs the view found through
    the scope: only those can be chosen."""

    match = forms.ChoiceField(
        label="Is the child one of these people?",
        widget=forms.RadioSelect,
        error_messages=_choose("one of the people already recorded, or add someone new"),
    )
    person = forms.ChoiceField(
        label="Who is the child or young person?",
        widget=forms.RadioSelect,
        error_messages=_choose("who the child or young person is"),
    )
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={"max_length": "Given name must be 100 characters or fewer"},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={"max_length": "Family name must be 100 characters or fewer"},
    )
    date_of_birth = DatePartsField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2016. Leave empty if it is not known.",
    )
    approximate_age = forms.IntegerField(
        label="Approximate age",
        required=False,
        min_value=0,
        max_value=25,
        help_text="Only if the date of birth is not known",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "classes": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the approximate age as a whole number of years",
            "min_value": "Approximate age must be 0 or more",
            "max_value": "Approximate age must be 25 or less",
        },
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=ref.SEXES,
        initial=ref.NOT_KNOWN,
        required=False,
        widget=forms.RadioSelect(attrs=INLINE),
        error_messages=_choose("sex"),
    )
    role = forms.ChoiceField(
        label="How is the child involved?",
        choices=CHILD_ROLES,
        widget=forms.RadioSelect,
        error_messages=_choose("how the child is involved"),
    )

    def __init__(
        self,
        *args: Any,
        candidates: list[tuple[str, str]],
        matches: list[tuple[str, str]] | None = None,
        matches_shown: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if candidates:
            self.fields["person"].choices = [  # type: ignore[attr-defined]
                *candidates,
                (NEW, "Someone else (enter their details below)"),
            ]
        else:
            del self.fields["person"]
        if matches:
            match = self.fields["match"]
            match.choices = [*matches, (NEW, "None of these: add as a new person")]  # type: ignore[attr-defined]
            match.required = matches_shown  # asked once the worker has seen them
        else:
            del self.fields["match"]

    def full_clean(self) -> None:
        """Errors in the order of the fields on the page, for the error summary."""
        super().full_clean()
        errors = self.errors
        order = [NON_FIELD_ERRORS, *self.fields]
        ranked = sorted(errors.items(), key=lambda item: order.index(item[0]))
        errors.clear()
        errors.update(ranked)

    def chosen(self) -> str | None:
        """The id of the person already recorded who was chosen, or None for someone new."""
        for name in ("person", "match"):
            value = self.cleaned_data.get(name)
            if value and value != NEW:
                return str(value)
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "person" in self.fields and data.get("person") not in (None, "", NEW):
            return data
        for name, label in (("given_name", "given name"), ("family_name", "family name")):
            if "person" not in self.errors and not (data.get(name) or "").strip():
                self.add_error(name, f"Enter the child's {label}")
        born = data.get("date_of_birth")
        problem = future_problem(born, "Date of birth") if born else None
        if problem:
            self.add_error("date_of_birth", problem)
        if born and data.get("approximate_age") is not None:
            self.add_error(
                "approximate_age", "Leave the approximate age empty when the date of birth is known"
            )
        return data

    def new_child(self) -> dict[str, Any]:
        """The service's keyword arguments for someone new."""
        data = self.cleaned_data
        return {
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": data["date_of_birth"],
            "approximate_age": data["approximate_age"],
            "sex": data["sex"] or ref.NOT_KNOWN,
            "role": data["role"],
        }


class ChildNeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label="What does the child need support with?",
        choices=CHILD_NEEDS,
        required=False,
        help_text="Select all that apply. Clear them all if none are known.",
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("the child's needs from the list"),
    )


class ChildSupportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of support",
        choices=CHILD_SUPPORT_KINDS,
        widget=forms.RadioSelect,
        error_messages=_choose("the kind of support"),
    )
    started_on = _date("Date the support started")
    ended_on = _date("Date the support ended", required=False)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 2000 characters or fewer"},
    )


class EndChildSupportForm(forms.Form):
    ended_on = _date("Date the support ended")
