from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator

from concord.accounts.models import (
    ROLE_CHOICES,
    Agency,
    AgencyKind,
    Membership,
    Service,
    ServiceKind,
    Team,
    User,
)
from concord.accounts.roles import Role, needs_second_person
from concord.accounts.services import may_manage_account


def minimum_password_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 0


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class MfaCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app. It changes every 30 seconds.",
        validators=[RegexValidator(r"^\d{6}$", "Enter the 6-digit code from your app")],
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "classes": "govuk-input--width-5",
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class ChooseRoleForm(forms.Form):
    membership = forms.ChoiceField(
        label="Which role are you working in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role you are working in"},
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["membership"]).choices = [
            (str(m.pk), f"{m.role_label}, {m.agency.name}") for m in memberships
        ]


class SetPasswordForm(forms.Form):
    new_password = forms.CharField(
        label="New password",
        strip=False,
        error_messages={"required": "Enter a new password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label="Confirm new password",
        strip=False,
        error_messages={"required": "Enter the new password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = (
            f"Use at least {minimum_password_length()} characters. Avoid common words, your "
            "name and passwords made only of numbers."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, confirm = cleaned.get("new_password"), cleaned.get("confirm_password")
        if new and confirm and new != confirm:
            self.add_error("confirm_password", "The passwords do not match")
        if new:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return cleaned


class ChangePasswordForm(SetPasswordForm):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "new_password", "confirm_password"]

    def clean_current_password(self) -> str:
        current: str = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise forms.ValidationError("Your current password is not correct")
        return current


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        help_text="What the token is for, for example 'Monthly police data upload'.",
        max_length=100,
        error_messages={"required": "Enter a name for the token"},
    )


class AgencyForm(forms.Form):
    name = forms.CharField(
        label="Agency name", max_length=200, error_messages={"required": "Enter the agency's name"}
    )
    slug = forms.SlugField(
        label="Short name",
        help_text="Lower-case letters, numbers and hyphens, used in imports. "
        "For example 'city-police'.",
        max_length=60,
        error_messages={
            "required": "Enter a short name",
            "invalid": "Short name must only include lower-case letters, numbers and hyphens",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=AgencyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agency"},
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Agency.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("An agency with this name already exists")
        return name

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        if Agency.objects.filter(slug=slug).exists():
            raise forms.ValidationError("An agency with this short name already exists")
        return slug


class AgencyPartForm(forms.Form):
    """A form adding a named part (service or team) to an agency; names are unique there."""

    part = "part"

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        self.agency = agency
        super().__init__(*args, **kwargs)

    def existing_names(self) -> Any:
        raise NotImplementedError

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if self.existing_names().filter(name__iexact=name).exists():
            raise forms.ValidationError(f"This agency already has a {self.part} with this name")
        return name


class ServiceForm(AgencyPartForm):
    part = "service"

    name = forms.CharField(
        label="Service name",
        max_length=200,
        error_messages={"required": "Enter the service's name"},
    )
    kind = forms.ChoiceField(
        label="Kind of service",
        choices=ServiceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of service"},
    )

    def existing_names(self) -> Any:
        return self.agency.services.all()


class TeamForm(AgencyPartForm):
    part = "team"

    name = forms.CharField(
        label="Team name", max_length=200, error_messages={"required": "Enter the team's name"}
    )
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        required=False,
        empty_label="Not part of one service",
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, agency=agency, **kwargs)
        self.fields["service"].queryset = agency.services.all()  # type: ignore[attr-defined]

    def existing_names(self) -> Any:
        return self.agency.teams.all()


class MemberForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Work email address",
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"}
    )
    services = forms.ModelMultipleChoiceField(
        label="Services",
        help_text="Leave empty to work across all of the agency's services.",
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.none(), required=False, empty_label="No team"
    )

    def __init__(self, *args: Any, agency: Agency, acting_as: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acting_as = acting_as
        allow_system_admin = acting_as.role == Role.SYSTEM_ADMINISTRATOR
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (value, label)
            for value, label in ROLE_CHOICES
            if allow_system_admin or value != Role.SYSTEM_ADMINISTRATOR
        ]
        self.fields["role"].help_text = (
            ", ".join(role.label for role in Role if needs_second_person(role))
            + " see case records: another administrator or the agency's service manager "
            "approves them before they start."
        )
        self.fields["services"].queryset = agency.services.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["team"].queryset = agency.teams.all()  # type: ignore[attr-defined]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email=email).first()
        if existing is not None and not may_manage_account(self.acting_as, existing):
            raise forms.ValidationError(
                "This email address belongs to an account of another agency. Ask a system "
                "administrator to give it a role here"
            )
        return email


class GrantDecisionForm(forms.Form):
    """Approve or refuse a role request: the button pressed sends the decision."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        error_messages={"required": "Choose to approve or refuse the request"},
    )
