"""Personas shared by every test (STYLE.md): an IDVA at agency A, a police MARAC
representative at B, an unrelated worker at C, a commissioner, an analyst and the
administrators. ``signed_in`` gives a test client past password and MFA, acting in one role."""

from __future__ import annotations

import io
import signal
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from concord.accounts.models import Agency, AgencyKind, Membership
from concord.accounts.roles import Role
from concord.accounts.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    enrol_authenticator,
)
from concord.core.middleware import MEMBERSHIP
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory

# Longer bytes are a file, named "<argument>-file" in test ids (pytest_make_parametrize_id).
MOST_BYTES_IN_A_TEST_ID = 64


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A file's bytes do not name their test (pytest numbers the ones that share a name): a zip
    or workbook made while collecting carries the time it was made, and pytest-xdist refuses to
    start when its workers collect different test ids."""
    if isinstance(val, bytes) and len(val) > MOST_BYTES_IN_A_TEST_ID:
        return f"{argname}-file"
    return None


@pytest.fixture(autouse=True)
def _kept_with_its_group(request: pytest.FixtureRequest) -> None:
    """Under ``--dist loadgroup`` (make pytest), a test marked ``xdist_group`` carries its group
    in its node id: that is how pytest-xdist keeps the group on one worker. Some pytest releases
    drop it without a word (pytest-dev/pytest-xdist#1386); fail rather than run such tests
    side by side."""
    item = request.node
    if (
        request.config.getoption("loadgroup", default=False)
        and item.get_closest_marker("xdist_group")
        and "@" not in item.nodeid.rpartition("]")[2]
    ):
        pytest.fail(
            "pytest-xdist did not keep this test with its xdist_group: this pytest drops the "
            "group from node ids (pytest-dev/pytest-xdist#1386)",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _fresh_default_cache() -> Iterator[None]:
    """Each test starts with an empty default cache, so counts kept there (bad API tokens per
    client address and minute) do not carry from one test to the next; and so does the public
    forms' rate limit."""
    cache.clear()
    caches["ratelimit"].clear()
    yield


@pytest.fixture
def agency_a(db: None) -> Agency:
    return AgencyFactory(name="Haven Domestic Abuse Services", slug="haven")


@pytest.fixture
def agency_b(db: None) -> Agency:
    return AgencyFactory(name="City Police", slug="police", kind=AgencyKind.POLICE)


@pytest.fixture
def agency_c(db: None) -> Agency:
    return AgencyFactory(name="Riverford Homes", slug="homes", kind=AgencyKind.HOUSING)


@pytest.fixture
def council(db: None) -> Agency:
    return AgencyFactory(name="City Council", slug="council", kind=AgencyKind.COMMISSIONER)


def _member(agency: Agency, role: Role) -> Membership:
    membership = MembershipFactory(agency=agency, role=role)
    enrol_authenticator(membership.user)
    return membership


@pytest.fixture
def idva(agency_a: Agency) -> Membership:
    return _member(agency_a, Role.PRACTITIONER)


@pytest.fixture
def manager_a(agency_a: Agency) -> Membership:
    return _member(agency_a, Role.SERVICE_MANAGER)


@pytest.fixture
def police_rep(agency_b: Agency) -> Membership:
    return _member(agency_b, Role.MARAC_REPRESENTATIVE)


@pytest.fixture
def manager_b(agency_b: Agency) -> Membership:
    return _member(agency_b, Role.SERVICE_MANAGER)


@pytest.fixture
def worker_c(agency_c: Agency) -> Membership:
    return _member(agency_c, Role.PRACTITIONER)


@pytest.fixture
def manager_c(agency_c: Agency) -> Membership:
    return _member(agency_c, Role.SERVICE_MANAGER)


@pytest.fixture
def commissioner(council: Agency) -> Membership:
    return _member(council, Role.CONTRACT_MONITORING_OFFICER)


@pytest.fixture
def analyst(council: Agency) -> Membership:
    return _member(council, Role.PARTNERSHIP_ANALYST)


@pytest.fixture
def partnership_manager(council: Agency) -> Membership:
    return _member(council, Role.PARTNERSHIP_MANAGER)


@pytest.fixture
def board_member(agency_b: Agency) -> Membership:
    return _member(agency_b, Role.BOARD_MEMBER)


@pytest.fixture
def agency_admin_a(agency_a: Agency) -> Membership:
    return _member(agency_a, Role.AGENCY_ADMINISTRATOR)


@pytest.fixture
def system_admin(council: Agency) -> Membership:
    return _member(council, Role.SYSTEM_ADMINISTRATOR)


@pytest.fixture
def person_a(agency_a: Agency) -> Person:
    return PersonFactory(agency=agency_a, given_name="Sarah", family_name="Ahmed")


@pytest.fixture
def person_b(agency_b: Agency) -> Person:
    return PersonFactory(agency=agency_b, given_name="Joanne", family_name="Price")


@pytest.fixture
def signed_in(db: None) -> Callable[[Membership], Client]:
    """A client signed in with password and MFA, acting in the given membership."""

    def sign_in(membership: Membership) -> Client:
        client = Client()
        client.force_login(membership.user)
        device = membership.user.totpdevice_set.get(confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[MEMBERSHIP] = str(membership.pk)
        session.save()
        return client

    return sign_in


@pytest.fixture
def task_worker() -> Iterator[Callable[[], None]]:
    """Runs the background-task worker (`manage.py worker`) until no task waits. The
    worker takes over the process's stop signals; they are given back afterwards."""
    stops = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {stop: signal.getsignal(stop) for stop in stops}

    def run() -> None:
        call_command(
            "worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            stdout=io.StringIO(),
        )

    yield run
    for stop, handler in handlers.items():
        signal.signal(stop, handler)
