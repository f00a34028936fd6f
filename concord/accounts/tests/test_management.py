"""Administrators manage agencies and accounts, within their own agency unless they are
system administrators, and never see case data."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.models import Agency, Membership, RoleGrant, User
from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def member_url(membership: Membership) -> str:
    return reverse(
        "accounts:member", kwargs={"agency_id": membership.agency_id, "user_id": membership.user_id}
    )


def test_agency_administrator_lists_own_agency_users(signed_in, agency_admin_a, idva, police_rep):
    body = signed_in(agency_admin_a).get(reverse("accounts:users")).content.decode()

    assert idva.user.full_name in body
    assert police_rep.user.full_name not in body


def test_users_page_filters_by_role(signed_in, agency_admin_a, idva, manager_a):
    body = (
        signed_in(agency_admin_a)
        .post(reverse("accounts:users"), {"role": Role.SERVICE_MANAGER})
        .content.decode()
    )

    assert manager_a.user.full_name in body
    assert idva.user.full_name not in body


def test_agency_administrator_gets_404_for_another_agency(signed_in, agency_admin_a, police_rep):
    client = signed_in(agency_admin_a)

    assert (
        client.get(reverse("accounts:agency-users", args=[police_rep.agency_id])).status_code == 404
    )
    assert client.get(member_url(police_rep)).status_code == 404


def test_practitioner_cannot_manage_users_or_agencies(signed_in, idva):
    client = signed_in(idva)

    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(reverse("accounts:agencies")).status_code == 403
    assert client.get(member_url(idva)).status_code == 403


def test_agency_administrator_cannot_manage_agencies(signed_in, agency_admin_a):
    assert signed_in(agency_admin_a).get(reverse("accounts:agencies")).status_code == 403


def test_adding_a_user_creates_an_account_without_a_password(signed_in, agency_admin_a):
    response = signed_in(agency_admin_a).post(
        reverse("accounts:agency-add-member", args=[agency_admin_a.agency_id]),
        {"full_name": "New Worker", "email": "New.Worker@Example.org", "role": "data_officer"},
    )

    user = User.objects.get(email="new.worker@example.org")
    assert response.status_code == 302
    assert not user.has_usable_password()
    assert user.memberships.get().agency == agency_admin_a.agency
    assert AuditEvent.objects.filter(action="account.created", actor=agency_admin_a.user).exists()


def test_adding_a_user_with_missing_fields_shows_errors(signed_in, agency_admin_a):
    body = (
        signed_in(agency_admin_a)
        .post(reverse("accounts:agency-add-member", args=[agency_admin_a.agency_id]), {})
        .content.decode()
    )

    assert "There is a problem" in body
    assert 'href="#id_full_name"' in body
    assert "Select a role" in body


def test_agency_administrator_cannot_make_system_administrators(signed_in, agency_admin_a):
    body = (
        signed_in(agency_admin_a)
        .post(
            reverse("accounts:agency-add-member", args=[agency_admin_a.agency_id]),
            {"full_name": "X", "email": "x@example.org", "role": Role.SYSTEM_ADMINISTRATOR},
        )
        .content.decode()
    )

    assert "Select a valid choice" in body
    assert not User.objects.filter(email="x@example.org").exists()


def test_reset_password_gives_a_one_time_link(signed_in, agency_admin_a, idva):
    admin = signed_in(agency_admin_a)
    body = admin.post(member_url(idva), {"action": "reset-password"}, follow=True)
    link = re.search(r'id="set-password-link">([^<]+)<', body.content.decode()).group(1)
    assert 'id="set-password-link"' not in admin.get(member_url(idva)).content.decode()
    idva.user.refresh_from_db()
    assert not idva.user.has_usable_password()

    client = Client()
    weak = client.post(link, {"new_password": "password", "confirm_password": "password"})
    assert "This password is too common" in weak.content.decode()
    done = client.post(
        link, {"new_password": "a-new-long-passphrase", "confirm_password": "a-new-long-passphrase"}
    )

    assert done["Location"] == reverse("accounts:sign-in")
    idva.user.refresh_from_db()
    assert idva.user.check_password("a-new-long-passphrase")
    assert client.get(link).status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_forged_set_password_link_is_refused(db):
    response = Client().get(reverse("accounts:set-password", args=["bm90LWEtdXVpZA", "abc-123"]))

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()


def test_reset_authenticator_removes_it(signed_in, agency_admin_a, idva):
    signed_in(agency_admin_a).post(member_url(idva), {"action": "reset-mfa"})

    assert not TOTPDevice.objects.filter(user=idva.user).exists()
    assert AuditEvent.objects.filter(action="account.mfa_reset", object_id=str(idva.user.pk))


def test_removing_a_role_ends_access(signed_in, agency_admin_a, idva):
    signed_in(agency_admin_a).post(
        member_url(idva), {"action": "end-membership", "membership": str(idva.pk)}
    )

    idva.refresh_from_db()
    assert not idva.is_active
    assert signed_in(idva).get("/")["Location"] == reverse("accounts:choose-role")


def test_unknown_action_is_a_bad_request(signed_in, agency_admin_a, idva):
    assert signed_in(agency_admin_a).post(member_url(idva), {"action": "x"}).status_code == 400


def test_system_administrator_adds_an_agency_and_its_first_administrator(signed_in, system_admin):
    client = signed_in(system_admin)

    client.post(
        reverse("accounts:create-agency"),
        {"name": "Shire Probation", "slug": "probation", "kind": "probation"},
    )
    agency = Agency.objects.get(slug="probation")
    client.post(
        reverse("accounts:agency-add-member", args=[agency.pk]),
        {"full_name": "Pat Lee", "email": "pat@example.org", "role": "agency_administrator"},
    )

    assert Membership.objects.get(user__email="pat@example.org").agency == agency
    assert (
        "Pat Lee" in client.get(reverse("accounts:agency-users", args=[agency.pk])).content.decode()
    )


def test_duplicate_agency_is_refused_with_a_message(signed_in, system_admin, agency_a):
    body = (
        signed_in(system_admin)
        .post(
            reverse("accounts:create-agency"),
            {"name": agency_a.name, "slug": agency_a.slug, "kind": "police"},
        )
        .content.decode()
    )

    assert "An agency with this name already exists" in body
    assert "An agency with this short name already exists" in body


def test_system_administrator_adds_services_and_teams(signed_in, system_admin, agency_a):
    client = signed_in(system_admin)
    client.post(
        reverse("accounts:add-service", args=[agency_a.pk]),
        {"name": "SAFE help point", "kind": "help_point"},
    )
    service = agency_a.services.get()
    client.post(
        reverse("accounts:add-team", args=[agency_a.pk]),
        {"name": "IDVA team", "service": str(service.pk)},
    )

    body = client.get(reverse("accounts:agency", args=[agency_a.pk])).content.decode()
    assert "SAFE help point" in body
    assert "IDVA team" in body


def test_memberships_can_be_limited_to_services(signed_in, agency_admin_a, manager_a):
    service = agency_admin_a.agency.services.create(name="Safe Home", kind="housing")

    signed_in(agency_admin_a).post(
        reverse("accounts:agency-add-member", args=[agency_admin_a.agency_id]),
        {
            "full_name": "Housing Officer",
            "email": "housing@example.org",
            "role": "practitioner",
            "services": [str(service.pk)],
        },
    )

    grant = RoleGrant.objects.get(user__email="housing@example.org")
    signed_in(manager_a).post(reverse("accounts:grant", args=[grant.pk]), {"decision": "approve"})

    membership = Membership.objects.get(user__email="housing@example.org")
    assert list(membership.services.all()) == [service]


def test_agency_administrator_cannot_take_over_another_agencys_account(
    signed_in, agency_admin_a, police_rep, system_admin
):
    client = signed_in(agency_admin_a)

    for target in (police_rep, system_admin):
        body = client.post(
            reverse("accounts:agency-add-member", args=[agency_admin_a.agency_id]),
            {"full_name": "ignored", "email": target.user.email, "role": "practitioner"},
        ).content.decode()
        assert "belongs to an account of another agency" in body
        assert target.user.memberships.count() == 1


def test_account_with_roles_elsewhere_cannot_be_reset_by_an_agency_administrator(
    signed_in, agency_admin_a, police_rep, system_admin
):
    shared = MembershipFactory(user=police_rep.user, agency=agency_admin_a.agency)
    client = signed_in(agency_admin_a)
    page = client.get(member_url(shared)).content.decode()

    assert "Only a system administrator can reset" in page
    assert 'value="reset-password"' not in page
    for action in ("reset-password", "reset-mfa"):
        assert client.post(member_url(shared), {"action": action}).status_code == 403
    ended = client.post(
        member_url(shared), {"action": "end-membership", "membership": str(shared.pk)}
    )
    assert ended.status_code == 403
    police_rep.user.refresh_from_db()
    assert police_rep.user.has_usable_password()
    assert police_rep.user.totpdevice_set.exists()


def test_system_administrator_can_give_an_account_a_second_agency(
    signed_in, system_admin, agency_a, police_rep
):
    signed_in(system_admin).post(
        reverse("accounts:agency-add-member", args=[agency_a.pk]),
        {"full_name": "ignored", "email": police_rep.user.email, "role": "data_officer"},
    )

    assert police_rep.user.memberships.count() == 2
