"""One form per housing outcome. Field names are the service's keyword arguments, so a
service's ValidationError lands on the field it is about; ``RECORD_FIELDS`` says which
field of the housing record each form field shows when an outcome is corrected."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from concord.accommodation import vocabulary as v
from concord.accommodation.models import HousingRecord, Unit
from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.cases.models import CaseChild
from concord.core.forms import DatePartsField
from concord.people import reference as ref


def _date(label: str, *, required: bool = True, help_text: str = "") -> DatePartsField:
    what = "the " + label[0].lower() + label[1:]
    return DatePartsField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date",
        },
    )


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


def _from_out_of_area() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Did they come from outside the council's area?",
        choices=ref.YES_NO_NOT_KNOWN,
        initial=ref.NOT_KNOWN,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
        error_messages=_choose("yes, no or not known"),
    )


def _characteristics(label: str, help_text: str) -> forms.MultipleChoiceField:
    """The return's specialist characteristics, as checkboxes; a person can have several."""
    return forms.MultipleChoiceField(
        label=label,
        choices=v.SPECIALIST_CHARACTERISTICS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages=_choose("characteristics from the list"),
    )


class HousingOutcomeForm(forms.Form):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {}

    @classmethod
    def initial_from(cls, record: HousingRecord | None) -> dict[str, Any]:
        if record is None:
            return {}
        return {name: getattr(record, field) for name, field in cls.RECORD_FIELDS.items()}


class OptionsAssessmentForm(HousingOutcomeForm):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {
        "assessed_on": "options_assessed_on",
        "outcome": "options_outcome",
    }

    assessed_on = _date("Date of the assessment")
    outcome = forms.CharField(
        label="Outcome",
        max_length=200,
        help_text="In a few words, for example: stay at home with sanctuary measures",
        error_messages={
            "required": "Enter the outcome of the assessment",
            "max_length": "The outcome must be 200 characters or fewer",
        },
    )


class SanctuaryMeasureForm(HousingOutcomeForm):
    kind = forms.ChoiceField(
        label="Measure fitted",
        choices=SANCTUARY_MEASURES,
        widget=forms.RadioSelect,
        error_messages=_choose("the measure fitted"),
    )
    description = forms.CharField(
        label="What was fitted",
        required=False,
        max_length=100,
        help_text="Needed when the measure is other",
        error_messages={"max_length": "The description must be 100 characters or fewer"},
    )
    fitted_on = _date("Date fitted")


class EmergencyAccommodationForm(HousingOutcomeForm):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {
        "placed_on": "emergency_placed_on",
        "left_on": "emergency_left_on",
    }

    placed_on = _date("Date placed")
    left_on = _date("Date left", required=False, help_text="Leave empty while they are there")


class RefugePlacementForm(HousingOutcomeForm):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {
        "placed_on": "refuge_placed_on",
        "ended_on": "refuge_ended_on",
    }

    placed_on = _date("Date placed")
    ended_on = _date(
        "Date ended", required=False, help_text="Leave empty while the placement continues"
    )


class TransferForm(HousingOutcomeForm):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {
        "kind": "transfer_kind",
        "transferred_on": "transferred_on",
    }

    kind = forms.ChoiceField(
        label="Kind of transfer",
        choices=TRANSFER_KINDS,
        widget=forms.RadioSelect,
        error_messages=_choose("the kind of transfer"),
    )
    transferred_on = _date("Date of the transfer")


class PersonCausingHarmMovedForm(HousingOutcomeForm):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {
        "moved": "person_causing_harm_moved",
        "moved_on": "person_causing_harm_moved_on",
    }

    moved = forms.ChoiceField(
        label="Did the person causing harm move out?",
        choices=ref.YES_NO_NOT_KNOWN,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
        error_messages=_choose("yes, no or not known"),
    )
    moved_on = _date("Date they moved", required=False, help_text="Only if they moved")


class HomeSecuredForm(HousingOutcomeForm):
    RECORD_FIELDS: ClassVar[dict[str, str]] = {"secured_on": "home_secured_on"}

    secured_on = _date(
        "Date the home was secured",
        help_text="Counted once for this case; a later change corrects the date",
    )


# Safe accommodation ---------------------------------------------------------------------------


class AccommodationServiceForm(forms.Form):
    accommodation_type = forms.ChoiceField(
        label="Type of accommodation",
        choices=v.ACCOMMODATION_TYPES,
        widget=forms.RadioSelect,
        error_messages=_choose("the type of accommodation"),
    )
    funding_source = forms.ChoiceField(
        label="How it is funded",
        choices=v.FUNDING_SOURCES,
        widget=forms.RadioSelect,
        error_messages=_choose("how it is funded"),
    )
    commissioned = forms.BooleanField(
        label="Commissioned by the council under its safe accommodation strategy", required=False
    )
    sanctuary_places = forms.IntegerField(
        label="Homes the scheme can secure at once",
        required=False,
        min_value=1,
        max_value=9999,
        help_text="For a sanctuary scheme only",
        error_messages={
            "invalid": "Enter the number of homes as a whole number",
            "min_value": "Enter at least 1 home",
            "max_value": "Enter 9999 homes or fewer",
        },
    )


class UnitForm(forms.Form):
    label = forms.CharField(
        label="Name of the unit",
        max_length=60,
        help_text="Like Room 3 or Flat B. Never an address: anyone referring can see it",
        error_messages={
            "required": "Enter a name for the unit, like Room 3",
            "max_length": "The name must be 60 characters or fewer",
        },
    )
    bed_spaces = forms.IntegerField(
        label="Bed spaces",
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of bed spaces",
            "invalid": "Enter the bed spaces as a whole number",
            "min_value": "A unit has at least 1 bed space",
            "max_value": "Enter 20 bed spaces or fewer",
        },
    )
    commissioned = forms.BooleanField(label="Commissioned bed spaces", required=False)
    accessible = forms.BooleanField(label="Suitable for a wheelchair user", required=False)
    takes_older_boys = forms.BooleanField(label="Takes sons aged 12 and over", required=False)
    takes_pets = forms.BooleanField(label="Takes pets", required=False)
    groups = forms.MultipleChoiceField(
        label="Who the unit is for",
        choices=v.UNIT_GROUPS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all empty if it is for anyone",
        error_messages=_choose("who the unit is for"),
    )
    location = forms.CharField(
        label="Where it is",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Hidden from everyone outside your agency. Shown to your staff only when "
        "they give a reason",
        error_messages={"max_length": "The location must be 500 characters or fewer"},
    )
    opened_on = _date("Date opened", required=False)
    closed_on = _date("Date closed", required=False, help_text="Leave empty while it is open")
    out_of_use = forms.BooleanField(label="Out of use for now (for repairs)", required=False)

    def __init__(self, *args: Any, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if changing:
            self.fields["location"].label = "New location"
            self.fields["location"].help_text = "Leave empty to keep the location recorded"

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments: an empty location keeps the one recorded."""
        values = dict(self.cleaned_data)
        if not values["location"]:
            values["location"] = None
        return values


class LocationRevealForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why do you need to see where it is?",
        choices=(("", "Choose a reason"), *v.LOCATION_REVEAL_REASONS),
        error_messages=_choose("why you need to see where the unit is"),
    )


class VacancyFilterForm(forms.Form):
    """The vacancy board's filters (a GET form: no one's details are in it)."""

    accommodation_type = forms.ChoiceField(
        label="Type",
        choices=(("", "Any type"), *v.ACCOMMODATION_TYPES),
        required=False,
    )
    group = forms.ChoiceField(label="For", choices=(("", "Anyone"), *v.UNIT_GROUPS), required=False)
    bed_spaces = forms.IntegerField(
        label="Bed spaces needed",
        required=False,
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the bed spaces as a whole number",
            "min_value": "Enter at least 1 bed space",
            "max_value": "Enter 20 bed spaces or fewer",
        },
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=(
            ("accessible", "Suitable for a wheelchair user"),
            ("takes_older_boys", "Takes sons aged 12 and over"),
            ("takes_pets", "Takes pets"),
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PlaceHouseholdForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Unit",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages=_choose("a unit"),
    )
    adult_moving_in = forms.BooleanField(label="", required=False, initial=True)
    children = forms.ModelMultipleChoiceField(
        label="Children moving in with them",
        queryset=CaseChild.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select children of this case"},
    )
    moved_in_on = _date("Date they moved in")
    from_out_of_area = _from_out_of_area()

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        children: QuerySet[CaseChild],
        lead: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        unit_field.label_from_instance = unit_label  # type: ignore[assignment]
        if not units.exists():
            del self.fields["unit"]
        children_field = self.fields["children"]
        assert isinstance(children_field, forms.ModelMultipleChoiceField)
        children_field.queryset = children
        children_field.label_from_instance = lambda child: str(child.person)  # type: ignore[assignment]
        self.fields["adult_moving_in"].label = f"{lead} is moving in"


def unit_label(unit: Unit) -> str:
    spaces = "1 bed space" if unit.bed_spaces == 1 else f"{unit.bed_spaces} bed spaces"
    return f"{unit.label} ({spaces})"


class CharacteristicsForm(forms.Form):
    characteristics = _characteristics(
        "Specialist characteristics", "Select all that apply, as they describe themselves"
    )


class SupportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Support received",
        choices=v.SUPPORT_KINDS,
        widget=forms.RadioSelect,
        error_messages=_choose("the kind of support"),
    )
    started_on = _date("Date it started")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional, in a few words",
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )


class MoveOutForm(forms.Form):
    moved_out_on = _date("Date they moved out")
    leaving_reason = forms.ChoiceField(
        label="Why did they leave?",
        choices=v.LEAVING_REASONS,
        widget=forms.RadioSelect,
        error_messages=_choose("why they left"),
    )
    move_on_destination = forms.ChoiceField(
        label="Where did they move on to?",
        choices=(("", "Choose where"), *v.MOVE_ON_DESTINATIONS),
        required=False,
        help_text="Needed when they moved on",
        error_messages=_choose("where they moved on to"),
    )
    ready_to_move_on_on = _date(
        "Date they were ready to move on",
        required=False,
        help_text="If they waited in the accommodation for a home to move on to",
    )


def _how_many(label: str, least: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=least,
        max_value=20,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter the number of {label.lower()}",
            "invalid": f"Enter the number of {label.lower()} as a whole number",
            "min_value": f"Enter {least} or more {label.lower()}",
            "max_value": f"Enter 20 {label.lower()} or fewer",
        },
    )


class UnmetNeedForm(forms.Form):
    """A household referred from outside Concord that could not be supported: counts only."""

    referred_on = _date("Date of the referral")
    reason = forms.ChoiceField(
        label="Why could the household not be supported?",
        choices=v.UNABLE_TO_SUPPORT_REASONS,
        widget=forms.RadioSelect,
        error_messages=_choose("why the household could not be supported"),
    )
    adults = _how_many("Adults", 1)
    children = _how_many("Children", 0)
    characteristics = _characteristics(
        "Specialist characteristics of the adults",
        "Select all that apply, as far as the referral said",
    )
    from_out_of_area = _from_out_of_area()
