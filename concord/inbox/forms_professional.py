"""The form a professional fills in to refer someone (issue 18): about them, about the
person and how to reach them safely, consent or the safeguarding basis, an optional DASH
checklist (a score, or the answers) and a few files. concord.inbox.professional checks
the files and the checklist again when it keeps the referral."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from concord.core.forms import DatePartsField
from concord.inbox import professional
from concord.inbox import vocabulary as words
from concord.referrals.vocabulary import SAFEGUARDING_BASES
from concord.risk.dash import ANSWER_LABELS
from concord.risk.models import Instrument

CONSENT, SAFEGUARDING = "consent", "safeguarding"
NO_CHECKLIST, SCORE, ANSWERS = "none", "score", "answers"
QUESTION_PREFIX = "dash_"
INLINE_RADIOS = forms.RadioSelect(attrs={"classes": "govuk-radios--inline"})


def _required(message: str, **more: str) -> dict[str, str]:
    return {"required": message, "invalid_choice": message, **more}


def _text(label: str, length: int, *, required: bool = True, **options: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=length,
        required=required,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {length:,} characters or fewer",
        },
        **options,
    )


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files from one file input (the limit is checked on the whole form)."""

    widget = MultipleFiles

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(AttachmentsField, self).clean(file, initial) for file in files]


class ProfessionalReferralForm(forms.Form):
    # About the professional
    referrer_name = _text("Your name", 200)
    referrer_role = _text("Your job title", 200, help_text="For example, GP, teacher, PC")
    referrer_agency = _text("Your organisation", 200, help_text="For example, the surgery's name")
    referral_source = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=(("", "Choose one"), *professional.PROFESSIONAL_SOURCES),
        error_messages=_required("Select the kind of organisation"),
    )
    referrer_email = forms.EmailField(
        label="Your work email address",
        max_length=200,
        help_text="We use it only if we need to ask about this referral",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    referrer_phone = _text("Your work phone number (optional)", 30, required=False)

    # About the person
    name = _text("Their first name, or what they like to be called", 100)
    family_name = _text("Their family name (optional)", 100, required=False)
    date_of_birth = DatePartsField(
        label="Their date of birth (optional)",
        help_text="For example, 27 3 1990",
        required=False,
    )
    contact_method = forms.ChoiceField(
        label="How can we safely contact them?",
        choices=words.CONTACT_METHODS,
        widget=forms.RadioSelect,
        error_messages=_required("Select how we can safely contact them"),
    )
    phone = _text("A safe phone number for them", 30, required=False)
    email = forms.EmailField(
        label="A safe email address for them",
        max_length=200,
        required=False,
        error_messages={"invalid": "Enter their email address in the right format"},
    )
    safe_times = _text(
        "When is it safe to contact them? (optional)",
        300,
        required=False,
        help_text="For example, weekdays between 10am and 2pm",
    )
    never = forms.MultipleChoiceField(
        label="What must we never do when we contact them?",
        help_text="Select all that apply",
        choices=words.NEVER,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Select from the list"),
    )
    never_other = _text("Anything else we must never do (optional)", 300, required=False)
    danger_now = forms.ChoiceField(
        label="Are they in danger now?",
        help_text="If they are in immediate danger, call 999 now.",
        choices=words.DANGER_NOW,
        widget=INLINE_RADIOS,
        error_messages=_required("Select whether they are in danger now"),
    )
    language = _text("Their preferred language (optional)", 100, required=False)
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)
    more = _text(
        "What should the service know? (optional)",
        4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has happened, any children, and any risk to them or to others",
    )

    # Consent, or the basis for referring without it
    basis = forms.ChoiceField(
        label="Has the person agreed to this referral?",
        choices=(
            (CONSENT, "Yes, they agreed to be referred"),
            (SAFEGUARDING, "No, or they could not be asked: I am referring to safeguard them"),
        ),
        widget=forms.RadioSelect,
        error_messages=_required("Select whether the person agreed to this referral"),
    )
    safeguarding_basis = forms.ChoiceField(
        label="If they did not agree: the safeguarding basis",
        choices=(("", "Choose the basis"), *SAFEGUARDING_BASES),
        required=False,
        error_messages=_required("Select the safeguarding basis"),
    )
    safeguarding_reason = _text(
        "If they did not agree: why you are referring without their consent",
        1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Files, the DASH checklist (fields added in __init__) and the honeypot
    attachments = AttachmentsField(
        label="Attach files (optional)",
        required=False,
        error_messages={"invalid": "Choose a file to attach", "empty": "The file is empty"},
    )
    risk = forms.ChoiceField(
        label="Do you have a DASH risk checklist for them?",
        choices=(
            (NO_CHECKLIST, "No"),
            (SCORE, "Yes, I will give the score"),
            (ANSWERS, "Yes, I will give the answers below"),
        ),
        initial=NO_CHECKLIST,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether you have a DASH risk checklist"),
    )

    def __init__(self, *args: Any, instrument: Instrument | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.questions = professional.questions_of(instrument)
        allowed = professional.attachments_allowed()
        if allowed:
            self.fields["attachments"].help_text = (
                f"Up to {allowed} files, each smaller than {_megabytes()} MB: PDF, PNG or JPEG "
                "images, Word, Excel, PowerPoint or OpenDocument text"
            )
        else:
            del self.fields["attachments"]
        if instrument is None:
            del self.fields["risk"]
            return
        highest = len(self.questions)
        self.fields["dash_score"] = forms.IntegerField(
            label="The DASH score (the number of yes answers)",
            required=False,
            min_value=0,
            max_value=highest,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "classes": "govuk-input--width-3"}
            ),
            error_messages={
                "invalid": "Enter the score as a whole number",
                "min_value": f"Enter a score from 0 to {highest}",
                "max_value": f"Enter a score from 0 to {highest}",
            },
        )
        self.fields["risk"].label = f"Do you have a {instrument.name} for them?"
        for question in self.questions:
            self.fields[QUESTION_PREFIX + question.code] = forms.ChoiceField(
                label=f"{question.number}. {question.label}",
                help_text=question.help_text,
                choices=list(ANSWER_LABELS.items()),
                required=False,
                widget=INLINE_RADIOS,
                error_messages=_required(f"Answer question {question.number}"),
            )

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[QUESTION_PREFIX + question.code] for question in self.questions]

    def clean_date_of_birth(self) -> date | None:
        born: date | None = self.cleaned_data.get("date_of_birth")
        if born is not None and not date(1900, 1, 1) <= born <= date.today():
            raise ValidationError("Their date of birth must be a real date in the past")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_contact(data)
        self._check_basis(data)
        self._check_risk(data)
        self._check_attachments(data)
        return data

    def _check_contact(self, data: dict[str, Any]) -> None:
        method = data.get("contact_method")
        if method in {"call", "text"} and not data.get("phone", "").strip():
            self.add_error("phone", "Enter a safe phone number for them")
        if method == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter a safe email address for them")

    def _check_basis(self, data: dict[str, Any]) -> None:
        """Mirrors a referral's consent rules: without consent, a basis and a reason."""
        if data.get("basis") != SAFEGUARDING:
            return
        if not data.get("safeguarding_basis"):
            self.add_error("safeguarding_basis", "Select the safeguarding basis")
        if not data.get("safeguarding_reason", "").strip() and "safeguarding_reason" not in (
            self.errors
        ):
            self.add_error(
                "safeguarding_reason", "Give the reason for referring without their consent"
            )

    def _check_risk(self, data: dict[str, Any]) -> None:
        chosen = data.get("risk")
        if chosen == SCORE and data.get("dash_score") is None and "dash_score" not in self.errors:
            self.add_error("dash_score", "Enter the DASH score")
        if chosen == ANSWERS:
            for question in self.questions:
                name = QUESTION_PREFIX + question.code
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"Answer question {question.number}")

    def _check_attachments(self, data: dict[str, Any]) -> None:
        uploads = data.get("attachments") or []
        if "attachments" in self.errors or not uploads:
            return
        try:
            professional.check_attachments(uploads)
        except ValidationError as refused:
            self.add_error("attachments", refused.message_dict["attachments"])

    # What the service keeps -----------------------------------------------------------

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        details = {name: data[name] for name in professional.DETAIL_FIELDS if name in data}
        consent = data["basis"] == CONSENT
        details["consent_given"] = consent
        if consent:
            details["safeguarding_basis"] = details["safeguarding_reason"] = ""
        details["referrer_email"] = data["referrer_email"].lower()
        return details

    def risk_checklist(self) -> professional.RiskChecklist:
        chosen = self.cleaned_data.get("risk", NO_CHECKLIST)
        if chosen == SCORE:
            score = self.cleaned_data["dash_score"]
            return professional.RiskChecklist(self.instrument, None, score)
        if chosen == ANSWERS:
            answers = {q.code: self.cleaned_data[QUESTION_PREFIX + q.code] for q in self.questions}
            return professional.RiskChecklist(self.instrument, answers)
        return professional.RiskChecklist()

    def uploads(self) -> list[UploadedFile]:
        return list(self.cleaned_data.get("attachments") or [])


def _megabytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES) // (1024 * 1024)
