"""Forms of the submission pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from concord.core.uploads import FileRefused, check_xlsx_archive, upload_limits
from concord.domain.periods import Quarter, parse_quarter
from concord.submissions.models import SubmissionKind
from concord.submissions.services import last_quarter

QUARTERS_OFFERED = 8
FILE_TYPES = (".csv", ".xlsx")


def quarter_choices(newest: Quarter) -> list[tuple[str, str]]:
    return [
        (str(quarter), quarter.label)
        for quarter in (newest.shifted(-back) for back in range(QUARTERS_OFFERED))
    ]


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=SubmissionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file holds"},
    )
    quarter = forms.ChoiceField(
        label="Quarter the file covers",
        error_messages={"required": "Select the quarter the file covers"},
    )
    file = forms.FileField(
        label="CSV or Excel file",
        help_text=(
            "In the submission format, version 3; versions 2, and 1 for incidents and "
            "referrals, are still accepted (see the data dictionary)"
        ),
        error_messages={"required": "Choose a CSV or Excel file", "empty": "The file is empty"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        newest = last_quarter()
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = quarter_choices(newest)
        self.fields["quarter"].initial = str(newest)

    def clean_file(self) -> Any:
        """Refused at once when too large, or an XLSX file whose archive says it unpacks
        beyond the limits (the worker checks the rest before it parses the file)."""
        upload = self.cleaned_data["file"]
        largest = settings.UPLOAD_SUBMISSION_MAX_MB
        if upload.size > largest * 1024 * 1024:
            raise forms.ValidationError(
                f"The file must be smaller than {largest} MB. Split it into smaller files"
            )
        if not upload.name.lower().endswith(FILE_TYPES):
            raise forms.ValidationError("The file must be a CSV file or an Excel (.xlsx) file")
        if upload.name.lower().endswith(".xlsx"):
            try:
                check_xlsx_archive(upload, upload_limits())
            except FileRefused as refusal:
                raise forms.ValidationError(str(refusal)) from None
            finally:
                upload.seek(0)
        return upload

    def clean_quarter(self) -> Quarter:
        return parse_quarter(self.cleaned_data["quarter"])
