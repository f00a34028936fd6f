"""One form per housing outcome. Field names are the service's keyword arguments, so a
service's ValidationError lands on the field it is about; ``RECORD_FIELDS`` says which
field of the housing record each form field shows when an outcome is corrected."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from concord.accommodation.models import HousingRecord
from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
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
