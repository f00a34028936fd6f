"""Forms of the import pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from concord.cases.importing import kinds


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.name, kind.name.replace("_", " ").capitalize()) for kind in kinds()]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of record",
        choices=_kind_choices,
        widget=forms.RadioSelect,
        help_text="Import people first, then cases, then the records that belong to cases.",
        error_messages={"required": "Select the kind of record in the file"},
    )
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        largest = settings.UPLOAD_IMPORT_MAX_MB
        if upload.size > largest * 1024 * 1024:
            raise forms.ValidationError(
                f"The file must be smaller than {largest} MB. Split it into smaller files"
            )
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file")
        return upload


class FixRowForm(forms.Form):
    """The values of one quarantined row, to correct and try again."""

    def __init__(self, *args: Any, columns: tuple[str, ...], values: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for column in columns:
            self.fields[column] = forms.CharField(
                label=column, required=False, initial=values.get(column, ""), max_length=500
            )
