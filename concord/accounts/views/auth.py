"""Signing in: password, then the authenticator app, then (for people with several roles)
which role to act in. Messages never reveal whether an email address has an account."""

from __future__ import annotations

import base64
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlencode, urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts import services
from concord.accounts.forms import (
    ChangePasswordForm,
    ChooseRoleForm,
    MfaCodeForm,
    SetPasswordForm,
    SignInForm,
)
from concord.accounts.models import Membership, User
from concord.core import audit
from concord.core.decorators import before_membership, before_mfa, public
from concord.core.forms import posted
from concord.core.http import is_verified
from concord.core.middleware import CAN_SWITCH_ROLE, MEMBERSHIP
from concord.core.paths import safe_path

SIGN_IN_FAILED = "Enter the email address and password of your Concord account"


def _next_url(request: HttpRequest, default: str = "home") -> Any:
    """Where to go after signing in: the page the user was on (a path of this site only)."""
    return safe_path(request.GET.get("next", "")) or default


def _redirect_keeping_next(request: HttpRequest, url_name: str) -> HttpResponse:
    response = redirect(url_name)
    target = _next_url(request, "")
    if target:
        response["Location"] += "?" + urlencode({"next": target})
    return response


@public
@never_cache
@sensitive_post_parameters("password")
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(posted(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            audit.record("auth.password_accepted", actor=user)
            return _redirect_keeping_next(request, "accounts:mfa")
        audit.record("auth.sign_in_failed", actor=User.objects.filter(email=email).first())
        form.add_error(None, SIGN_IN_FAILED)
    return render(request, "accounts/sign_in.html", {"title": "Sign in", "form": form})


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes calls this once an email address has too many failed attempts."""
    from django.conf import settings

    audit.record("auth.locked_out")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"title": "You cannot sign in for now", "minutes": minutes},
        status=429,
    )


@before_mfa
@never_cache
def mfa(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if is_verified(user):
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return _redirect_keeping_next(request, "accounts:mfa-setup")
    form = MfaCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "code", "Wait a few seconds after a wrong code, then enter the code your app shows"
            )
        elif device.verify_token(form.cleaned_data["code"]):
            _second_factor_passed(request, device)
            audit.record("auth.mfa_passed", actor=user)
            return redirect(_next_url(request))
        else:
            audit.record("auth.mfa_failed", actor=user)
            form.add_error("code", "The code is not correct. Enter the code your app shows now")
    return render(request, "accounts/mfa.html", {"title": "Enter your code", "form": form})


def _second_factor_passed(request: HttpRequest, device: TOTPDevice) -> None:
    """Mark the session as past the second factor under a new key, so that a session id
    seen between the password and the code never becomes a signed-in session."""
    otp_login(request, device)
    request.session.cycle_key()


@before_mfa
@never_cache
def mfa_setup(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if is_verified(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return _redirect_keeping_next(request, "accounts:mfa")
    device = services.pending_totp_device(user)
    form = MfaCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.confirm_totp_device(user, device)
            _second_factor_passed(request, device)
            messages.success(request, "Your authenticator app is set up")
            return redirect(_next_url(request))
        audit.record("auth.mfa_failed", actor=user)
        form.add_error(
            "code", "The code is not correct. Check the app shows Concord, then enter its code"
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "title": "Set up your authenticator app",
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=5, omitsize=True, title="QR code for your authenticator app"
            ),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@before_membership
@never_cache
def choose_role(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    memberships = Membership.objects.filter(user=user).active().select_related("agency")
    if not memberships:
        return render(
            request, "accounts/no_role.html", {"title": "Your account has no role"}, status=403
        )
    form = ChooseRoleForm(posted(request), memberships=memberships)
    if request.method == "POST" and form.is_valid():
        membership = memberships.get(pk=form.cleaned_data["membership"])
        request.session[MEMBERSHIP] = str(membership.pk)
        request.session[CAN_SWITCH_ROLE] = len(memberships) > 1
        audit.record(
            "auth.role_chosen",
            actor=user,
            agency=membership.agency,
            target=membership,
        )
        return redirect(_next_url(request))
    return render(request, "accounts/choose_role.html", {"title": "Choose your role", "form": form})


@before_mfa
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    audit.record("auth.signed_out", actor=cast(User, request.user))
    logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign-in")


@public
@never_cache
@sensitive_post_parameters("new_password", "confirm_password")
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _user_for_link(uidb64, token)
    if user is None:
        return render(
            request,
            "accounts/link_expired.html",
            {"title": "This link has expired"},
            status=400,
        )
    form = SetPasswordForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        services.set_own_password(user, form.cleaned_data["new_password"])
        messages.success(request, "Your password is set. Sign in with your new password")
        return redirect("accounts:sign-in")
    return render(
        request, "accounts/set_password.html", {"title": "Choose a password", "form": form}
    )


@never_cache
@sensitive_post_parameters("current_password", "new_password", "confirm_password")
def change_password(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ChangePasswordForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        services.set_own_password(user, form.cleaned_data["new_password"])
        update_session_auth_hash(request, user)
        messages.success(request, "Your password is changed")
        return redirect("home")
    context = {"title": "Change your password", "form": form, "submit": "Change password"}
    return render(request, "accounts/form_page.html", context)


def _user_for_link(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.filter(
            pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True
        ).first()
    except (ValueError, TypeError, ValidationError):
        return None
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user
