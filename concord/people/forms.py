"""Forms for people pages. Each page posts one form; the services check the domain's rules
again, so a form only has to say what is wrong in words a worker understands."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.accounts.models import Agency, Membership, User
from concord.core.forms import DatePartsField
from concord.core.presenters import govuk_date
from concord.core.validators import future_problem
from concord.people import reference as ref
from concord.people.models import ContactSafety, Person
from concord.people.services import PERSON_DETAILS, REVEAL_REASONS

#: Each role on the form and the Person flag that records it.
ROLE_FLAGS = {
    "victim_survivor": "is_victim_survivor",
    "person_causing_harm": "is_person_causing_harm",
    "child_young_person": "is_child_young_person",
}
SENSITIVE_LABELS = {
    "current_address": "Current address",
    "safe_phone": "Safe phone number",
    "safe_email": "Safe email address",
    "refuge_location": "Refuge location",
}
INLINE_RADIOS = {"classes": "govuk-radios--inline"}
KEEP_HINT = "Leave empty to keep what is recorded."


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _answer(
    label: str, choices: ref.Choices | ref.ChoiceGroups, *, inline: bool = False
) -> forms.ChoiceField:
    """A question answered from a fixed vocabulary, 'not known' until someone says."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=ref.NOT_KNOWN,
        widget=forms.RadioSelect(attrs=INLINE_RADIOS) if inline else forms.Select,
        error_messages=_choose(label[0].lower() + label[1:]),
    )


def _name(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be 100 characters or fewer",
        },
    )


class PersonForm(forms.Form):
    """What is asked about everyone: names, age, roles and the first equality questions."""

    given_name = _name("Given name")
    family_name = _name("Family name")
    date_of_birth = DatePartsField(
        label="Date of birth",
        required=False,
        help_text="For example, 14 3 1988. Leave empty if it is not known.",
    )
    approximate_age = forms.IntegerField(
        label="Approximate age",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Only if the date of birth is not known",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "classes": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the approximate age as a whole number of years",
            "min_value": "Approximate age must be 0 or more",
            "max_value": "Approximate age must be 120 or less",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=ref.PERSON_ROLES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={
            "required": "Select at least one role",
            "invalid_choice": "Select at least one role",
        },
    )
    sex = _answer("Sex", ref.SEXES, inline=True)
    ethnicity = _answer("Ethnicity", ref.ETHNICITY_GROUPED)
    first_language = forms.CharField(
        label="First language",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-20"}),
    )
    needs_interpreter = _answer("Needs an interpreter", ref.YES_NO_NOT_KNOWN, inline=True)
    area = forms.CharField(
        label="Area they live in (optional)",
        help_text="A ward or postcode district, like LE2: never the full postcode",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-10"}),
        error_messages={"max_length": "Enter the area in 60 characters or fewer"},
    )

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data.get("date_of_birth")
        problem = future_problem(born, "Date of birth") if born else None
        if problem:
            raise forms.ValidationError(problem)
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_of_birth") and data.get("approximate_age") is not None:
            self.add_error(
                "approximate_age", "Leave the approximate age empty when the date of birth is known"
            )
        return data

    def names(self) -> dict[str, Any]:
        return {
            "given_name": self.cleaned_data["given_name"],
            "family_name": self.cleaned_data["family_name"],
        }

    def details(self) -> dict[str, Any]:
        """The cleaned answers as the keyword arguments of the people services."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.fields if name in PERSON_DETAILS}
        values.update({flag: role in data["roles"] for role, flag in ROLE_FLAGS.items()})
        return values


class NewPersonForm(PersonForm):
    """Add a person. The phone number helps the search for people already recorded, then
    becomes the safe phone number of the new record."""

    phone = forms.CharField(
        label="Safe phone number",
        required=False,
        max_length=40,
        help_text="Optional. Used to look for this person in your records.",
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "classes": "govuk-input--width-20"}
        ),
    )
    safe_to_leave_message = _answer("Safe to leave a message", ref.YES_NO_NOT_KNOWN, inline=True)
    safe_to_leave_message.required = False
    safe_times = forms.CharField(
        label="Safe times to contact",
        required=False,
        max_length=200,
        help_text="For example, weekdays between 10am and 2pm",
    )
    words_to_use = forms.CharField(
        label="Words to use if someone else answers",
        required=False,
        max_length=200,
        help_text="For example, say you are calling from the dentist",
    )
    checked_matches = forms.BooleanField(
        label="I have checked these: this is a new person", required=False
    )
    field_order = [
        "given_name",
        "family_name",
        "date_of_birth",
        "approximate_age",
        "phone",
        "roles",
    ]

    def contact_safety(self) -> dict[str, Any]:
        """The safe contact answers given, for the new record's contact safety."""
        data = self.cleaned_data
        answers = {
            "safe_phone": data["phone"],
            "safe_times": data["safe_times"],
            "words_to_use": data["words_to_use"],
        }
        found = {name: value for name, value in answers.items() if value}
        if data["safe_to_leave_message"] not in ("", ref.NOT_KNOWN):
            found["safe_to_leave_message"] = data["safe_to_leave_message"]
        return found


class PersonDetailsForm(PersonForm):
    """Change a person's details, including the rest of the equality monitoring questions."""

    gender_same_as_birth = _answer(
        "Is their gender the same as the sex registered at birth?",
        ref.GENDER_SAME_AS_BIRTH_CHOICES,
    )
    religion = _answer("Religion or belief", ref.RELIGIONS)
    disability = _answer("Disability", ref.DISABILITY)
    sexual_orientation = _answer("Sexual orientation", ref.SEXUAL_ORIENTATIONS)
    marital_status = _answer("Marital or civil partnership status", ref.MARITAL_STATUSES)
    immigration_status = _answer("Immigration status", ref.IMMIGRATION_STATUSES)
    no_recourse_to_public_funds = _answer(
        "No recourse to public funds", ref.YES_NO_NOT_KNOWN, inline=True
    )
    pregnant = _answer("Pregnant", ref.YES_NO_NOT_KNOWN, inline=True)
    correction_reason = forms.CharField(
        label="Why is the name or date of birth being corrected? (optional)",
        required=False,
        max_length=200,
        help_text="Kept with the old and new values in the record's history, for example "
        '"the person asked: misspelt at referral"',
    )

    field_order = [
        "given_name",
        "family_name",
        "date_of_birth",
        "approximate_age",
        "roles",
        "sex",
        "gender_same_as_birth",
        "sexual_orientation",
        "ethnicity",
        "religion",
        "disability",
        "marital_status",
        "pregnant",
        "first_language",
        "needs_interpreter",
        "area",
        "immigration_status",
        "no_recourse_to_public_funds",
        "correction_reason",
    ]

    def __init__(self, data: Any = None, *, person: Person, **kwargs: Any) -> None:
        initial = {
            name: getattr(person, name) for name in self.base_fields if hasattr(person, name)
        }
        initial["roles"] = [role for role, flag in ROLE_FLAGS.items() if getattr(person, flag)]
        super().__init__(data, initial=initial, **kwargs)
        hint = f"Ask only people aged {ref.SEXUAL_ORIENTATION_MIN_AGE} or over"
        self.fields["gender_same_as_birth"].help_text = hint
        self.fields["sexual_orientation"].help_text = hint

    def changes(self) -> dict[str, Any]:
        return {**self.names(), **self.details()}


class ContactSafetyForm(forms.Form):
    """How to reach someone safely. The sensitive details are never put back on the page:
    their boxes start empty and an empty box keeps what is recorded."""

    safe_to_leave_message = _answer("Safe to leave a message", ref.YES_NO_NOT_KNOWN, inline=True)
    safe_times = forms.CharField(
        label="Safe times to contact",
        required=False,
        max_length=200,
        help_text="For example, weekdays between 10am and 2pm",
    )
    words_to_use = forms.CharField(
        label="Words to use if someone else answers",
        required=False,
        max_length=200,
        help_text="For example, say you are calling from the dentist",
    )
    safe_phone = forms.CharField(
        label=SENSITIVE_LABELS["safe_phone"],
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "classes": "govuk-input--width-20"}
        ),
    )
    safe_email = forms.EmailField(
        label=SENSITIVE_LABELS["safe_email"],
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )
    current_address = forms.CharField(
        label=SENSITIVE_LABELS["current_address"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    refuge_location = forms.CharField(
        label=SENSITIVE_LABELS["refuge_location"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )

    def __init__(self, data: Any = None, *, safety: ContactSafety | None, **kwargs: Any) -> None:
        initial = {}
        if safety is not None:
            initial = {
                "safe_to_leave_message": safety.safe_to_leave_message,
                "safe_times": safety.safe_times,
                "words_to_use": safety.words_to_use,
            }
        super().__init__(data, initial=initial, **kwargs)
        for name in ContactSafety.SENSITIVE_FIELDS:
            recorded = safety is not None and bool(getattr(safety, name))
            self.fields[name].help_text = (
                f"Something is recorded. {KEEP_HINT}" if recorded else "Nothing is recorded yet."
            )

    def changes(self) -> dict[str, Any]:
        """Everything to save: the plain details as given, a sensitive one only if typed."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ContactSafety.SENSITIVE_FIELDS or value
        }


class AliasForm(forms.Form):
    name = forms.CharField(
        label="Other name",
        max_length=200,
        help_text="An alias, a previous name or another spelling of their name",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={
            "required": "Enter the other name",
            "max_length": "The other name must be 200 characters or fewer",
        },
    )


class AccessForm(forms.Form):
    """Whether a record is restricted to named workers, and who they are."""

    restricted = forms.TypedChoiceField(
        label="Who can see this record?",
        choices=(
            ("no", "Everyone in your agency who works with people's records"),
            ("yes", "Only the workers named below"),
        ),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Restrict the record of someone whose colleagues must not see it, "
        "such as a member of a partner agency's staff.",
        error_messages=_choose("who can see this record"),
    )
    named_workers = forms.ModelMultipleChoiceField(
        label="Named workers",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for a restricted record. Name yourself if you need to keep seeing it.",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "restricted": "yes" if person.is_restricted else "no",
                "named_workers": [worker.pk for worker in person.named_workers.all()],
            },
        )
        super().__init__(*args, **kwargs)
        offer_case_workers(self.fields["named_workers"], person.agency)


def offer_case_workers(
    field: forms.Field, agency: Agency, *, leaving_out: User | None = None
) -> None:
    """Let ``field`` choose among the workers of ``agency`` who may be named on a
    restricted record, by name."""
    memberships = Membership.objects.case_workers(agency)
    workers = User.objects.filter(memberships__in=memberships).distinct()
    if leaving_out is not None:
        workers = workers.exclude(pk=leaving_out.pk)
    field.queryset = workers.order_by("full_name", "email")  # type: ignore[attr-defined]
    field.label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]


class RevealForm(forms.Form):
    """Why a worker needs to see one sensitive detail (a code, never free text)."""

    field = forms.ChoiceField(choices=tuple(SENSITIVE_LABELS.items()), widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label="Why do you need to see it?",
        choices=(("", "Choose a reason"), *REVEAL_REASONS),
        error_messages=_choose("why you need to see this"),
    )

    def field_label(self) -> str:
        chosen = self.data.get("field", "") if self.is_bound else ""
        return SENSITIVE_LABELS.get(str(chosen), "a hidden detail").lower()


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        person = obj
        born = govuk_date(person.date_of_birth)
        return f"{person}, born {born}" if born else f"{person}, date of birth not known"


class RelateForm(forms.Form):
    """Who the other person is (chosen among search results) and how they relate."""

    other = PersonChoiceField(
        label="Who are they related to?",
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages=_choose("the person they are related to"),
    )
    kind = forms.ChoiceField(
        choices=(("", "Choose a relationship"), *ref.RELATIONSHIP_KINDS),
        error_messages=_choose("how they are related"),
    )

    def __init__(self, *args: Any, person: Person, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["other"]).queryset = people
        self.fields["kind"].label = f"What is {person} to them?"
        self.fields["kind"].help_text = f"For example, choose Parent if {person} is their parent"
