"""Separation of duties: a role that sees case records is asked for by one administrator
and approved or refused by a second person; nobody grants themselves one, and a system
administrator never holds one."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from concord.accounts import services
from concord.accounts.grants import GrantStatus
from concord.accounts.models import Membership, RoleGrant, User
from concord.accounts.roles import Role, needs_second_person
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HOME = reverse("home")
GRANTS = reverse("accounts:grants")


def add_url(agency_id: object) -> str:
    return reverse("accounts:agency-add-member", args=[agency_id])


def grant_url(grant: RoleGrant) -> str:
    return reverse("accounts:grant", args=[grant.pk])


def ask(acting_as: Membership, email: str = "new.idva@example.org", role: str = "practitioner"):
    return services.request_role_grant(
        acting_as, acting_as.agency, email=email, full_name="New Idva", role=role
    )


@pytest.mark.parametrize("role", list(Role))
def test_the_roles_needing_a_second_person_are_those_that_see_person_records(role):
    membership = Membership(role=role)
    sees_people = rules.test_rule("people.view_person", membership) or rules.test_rule(
        "submissions.reveal_identity", membership
    )
    assert needs_second_person(role) == sees_people


def test_system_administrator_cannot_give_themselves_a_case_role(signed_in, system_admin, agency_a):
    body = (
        signed_in(system_admin)
        .post(
            add_url(agency_a.pk),
            {"full_name": "Me", "email": system_admin.user.email, "role": "practitioner"},
        )
        .content.decode()
    )

    assert "There is a problem" in body
    assert "You cannot ask for a role that sees case records for yourself" in body
    assert not RoleGrant.objects.exists()
    assert system_admin.user.memberships.count() == 1


def test_agency_administrator_cannot_give_themselves_service_manager(signed_in, agency_admin_a):
    body = (
        signed_in(agency_admin_a)
        .post(
            add_url(agency_admin_a.agency_id),
            {"full_name": "Me", "email": agency_admin_a.user.email, "role": "service_manager"},
        )
        .content.decode()
    )

    assert "You cannot ask for a role that sees case records for yourself" in body
    assert not RoleGrant.objects.exists()
    assert agency_admin_a.user.memberships.count() == 1


def test_a_case_role_is_given_only_when_a_second_person_approves(
    signed_in, agency_admin_a, manager_a, person_a
):
    asked = signed_in(agency_admin_a).post(
        add_url(agency_admin_a.agency_id),
        {"full_name": "New Idva", "email": "new.idva@example.org", "role": "practitioner"},
    )
    grant = RoleGrant.objects.get()
    assert asked["Location"] == grant_url(grant)
    assert grant.status == GrantStatus.PENDING
    assert grant.requested_by == agency_admin_a.user
    assert not Membership.objects.filter(user__email="new.idva@example.org").exists()
    assert "1 role request is waiting for approval" in (
        signed_in(manager_a).get(HOME).content.decode()
    )

    approved = signed_in(manager_a).post(grant_url(grant), {"decision": "approve"})

    assert approved["Location"] == GRANTS
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    assert grant.decided_by == manager_a.user
    membership = grant.membership
    assert membership.role == Role.PRACTITIONER and membership.is_active
    actions = set(
        AuditEvent.objects.filter(agency_id=manager_a.agency_id).values_list("action", flat=True)
    )
    assert {"role_grant.requested", "role_grant.approved", "membership.granted"} <= actions
    enrol_authenticator(membership.user)
    newcomer = signed_in(membership)
    assert "Your role as Practitioner at" in newcomer.get(HOME).content.decode()
    assert newcomer.get(reverse("people:detail", args=[person_a.pk])).status_code == 200


def test_whoever_asked_cannot_approve(signed_in, agency_admin_a):
    grant = ask(agency_admin_a)
    client = signed_in(agency_admin_a)

    page = client.get(grant_url(grant)).content.decode()
    answer = client.post(grant_url(grant), {"decision": "approve"})

    assert "A different person decides this request" in page
    assert 'value="approve"' not in page
    assert answer.status_code == 403
    assert RoleGrant.objects.get().status == GrantStatus.PENDING
    assert not Membership.objects.filter(user__email="new.idva@example.org").exists()


def test_the_person_asked_for_cannot_approve_their_own_request(
    signed_in, agency_admin_a, manager_a
):
    grant = ask(agency_admin_a, email=manager_a.user.email, role="marac_representative")

    assert signed_in(manager_a).post(grant_url(grant), {"decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.approve_role_grant(manager_a, grant)
    assert manager_a.user.memberships.count() == 1


def test_another_system_administrator_may_approve(signed_in, agency_admin_a, council):
    grant = ask(agency_admin_a)
    second = MembershipFactory(agency=council, role=Role.SYSTEM_ADMINISTRATOR)

    services.approve_role_grant(second, grant)

    assert Membership.objects.filter(user__email="new.idva@example.org").get().is_active


def test_a_refused_request_gives_nothing_and_cannot_be_approved_later(
    signed_in, agency_admin_a, manager_a
):
    grant = ask(agency_admin_a)
    client = signed_in(manager_a)

    client.post(grant_url(grant), {"decision": "refuse"})
    again = client.post(grant_url(grant), {"decision": "approve"})

    grant.refresh_from_db()
    assert grant.status == GrantStatus.REFUSED
    assert "This request has already been refused" in again.content.decode()
    assert not Membership.objects.filter(user__email="new.idva@example.org").exists()
    assert AuditEvent.objects.filter(action="role_grant.refused", actor=manager_a.user).exists()
    assert "1 decided" in client.get(GRANTS).content.decode()


def test_a_decision_must_be_chosen(signed_in, agency_admin_a, manager_a):
    grant = ask(agency_admin_a)

    body = signed_in(manager_a).post(grant_url(grant), {}).content.decode()

    assert "Choose to approve or refuse the request" in body
    assert "<title>Error:" in body


def test_other_agency_gets_404_and_a_practitioner_403(signed_in, agency_admin_a, manager_b, idva):
    grant = ask(agency_admin_a)

    assert signed_in(manager_b).get(grant_url(grant)).status_code == 404
    assert signed_in(manager_b).post(grant_url(grant), {"decision": "approve"}).status_code == 404
    assert "No requests are waiting" in signed_in(manager_b).get(GRANTS).content.decode()
    assert signed_in(idva).get(grant_url(grant)).status_code == 403
    assert signed_in(idva).get(GRANTS).status_code == 403


def test_roles_without_case_records_are_still_given_at_once(signed_in, agency_admin_a):
    signed_in(agency_admin_a).post(
        add_url(agency_admin_a.agency_id),
        {"full_name": "Data Person", "email": "data@example.org", "role": "data_officer"},
    )

    assert Membership.objects.get(user__email="data@example.org").is_active
    assert not RoleGrant.objects.exists()


def test_a_case_role_cannot_be_given_directly_by_a_person(agency_admin_a):
    with pytest.raises(PermissionDenied):
        services.add_member(
            agency_admin_a,
            agency_admin_a.agency,
            email="x@example.org",
            full_name="X",
            role="practitioner",
        )
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_system_administrator_is_never_asked_a_case_role(system_admin, council, agency_a):
    second = MembershipFactory(agency=council, role=Role.SYSTEM_ADMINISTRATOR)

    with pytest.raises(ValidationError, match="system administrator cannot also have"):
        services.request_role_grant(
            second, agency_a, email=system_admin.user.email, full_name="", role="practitioner"
        )


def test_a_case_worker_cannot_be_made_system_administrator(system_admin, idva):
    with pytest.raises(ValidationError, match="cannot be a system administrator"):
        services.add_member(
            system_admin,
            system_admin.agency,
            email=idva.user.email,
            full_name="",
            role=Role.SYSTEM_ADMINISTRATOR,
        )


def test_an_administrator_holding_a_case_role_is_refused(signed_in, system_admin, person_a):
    held = MembershipFactory(user=system_admin.user, agency=person_a.agency, role="practitioner")
    client = signed_in(held)

    answer = client.get(reverse("people:detail", args=[person_a.pk]))

    assert answer.status_code == 403  # acting as system administrator, the one role in use
    assert list(Membership.objects.filter(user=system_admin.user).active()) == [system_admin]


def test_a_request_approved_after_someone_became_system_administrator_is_refused(
    agency_admin_a, manager_a, system_admin
):
    grant = ask(agency_admin_a, email="later.admin@example.org")
    later = User.objects.get(email="later.admin@example.org")
    Membership.objects.create(user=later, agency=system_admin.agency, role="system_administrator")

    with pytest.raises(ValidationError, match="system administrator cannot also have"):
        services.approve_role_grant(manager_a, grant)
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING


def test_the_same_role_cannot_be_asked_twice(agency_admin_a):
    ask(agency_admin_a)

    with pytest.raises(ValidationError, match="already waiting for approval"):
        ask(agency_admin_a)


def test_a_token_made_in_an_administrators_case_role_is_refused(system_admin, agency_a):
    held = MembershipFactory(user=system_admin.user, agency=agency_a, role="practitioner")
    issued = services.create_api_token(system_admin.user, held, name="t")

    answer = Client(headers={"Authorization": f"Bearer {issued.key}"}).get("/api/v1/people")

    assert answer.status_code == 401


def test_the_django_admin_shows_roles_but_never_gives_them(signed_in, system_admin, agency_a):
    system_admin.user.is_superuser = True  # as made by createsuperuser
    system_admin.user.save(update_fields=["is_superuser"])
    change = f"/admin/accounts/user/{system_admin.user.pk}/change/"
    client = signed_in(system_admin)

    page = client.get(change).content.decode()
    client.post(
        change,
        {
            "full_name": system_admin.user.full_name,
            "email": system_admin.user.email,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-agency": str(agency_a.pk),
            "memberships-0-role": "practitioner",
            "memberships-0-is_active": "on",
        },
    )

    assert "System administrator" in page
    assert 'name="memberships-0-role"' not in page
    assert list(system_admin.user.memberships.all()) == [system_admin]


def test_role_requests_page_keeps_a_fixed_number_of_queries(
    signed_in, agency_admin_a, manager_a, django_assert_num_queries
):
    client = signed_in(manager_a)
    ask(agency_admin_a)
    client.get(GRANTS)
    with django_assert_num_queries(4) as few:
        client.get(GRANTS)
    for number in range(10):
        ask(agency_admin_a, email=f"newcomer{number}@example.org")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(GRANTS)
