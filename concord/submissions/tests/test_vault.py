"""The identity vault: nothing identifying in the database in clear, keys rotate, and only
a linkage reviewer may reveal an identity, audited."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection

from concord.core.models import AuditEvent
from concord.domain.periods import Quarter
from concord.submissions import services, vault
from concord.submissions.models import Identity, QuarantinedSubmissionRow
from concord.submissions.tests.files import csv_bytes, row

pytestmark = pytest.mark.django_db

NAME = "Zephyrine"


def send(membership, records):
    services.receive_submission(
        membership,
        io.BytesIO(csv_bytes(records)),
        filename="incidents.csv",
        kind="incident",
        quarter=Quarter(2024, 1),
    )


def every_stored_text() -> str:
    """Every value of every row of the submissions tables, as the database returns them."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("submissions_"):
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
                found += [str(value) for record in cursor.fetchall() for value in record]
    return " ".join(found)


def test_the_database_shows_no_names(police_data):
    send(police_data, [row("R1"), row("R2", outcome="shrug")])  # one accepted, one kept back

    stored = every_stored_text()

    assert Identity.objects.exists() and QuarantinedSubmissionRow.objects.exists()
    for identifier in (NAME, "Quillfeather", "1990-04-03", "07700900123", "LE2 7AB"):
        assert identifier not in stored


def test_an_old_key_still_opens_after_a_new_key_is_put_first(police_data, settings):
    old = settings.VAULT_KEYS[0]
    send(police_data, [row("R1")])
    new = Fernet.generate_key().decode()
    settings.VAULT_KEYS = [new, old]

    assert {found.identifiers.given_name for found in vault.identities_for_linkage()} == {
        NAME,
        "Mark",
    }
    assert vault.reseal_all() == 2
    settings.VAULT_KEYS = [new]  # the old key can go once everything is resealed
    assert {found.identifiers.family_name for found in vault.identities_for_linkage()} == {
        "Quillfeather",
        "Stone",
    }


def test_a_removed_key_fails_loudly(police_data, settings):
    send(police_data, [row("R1")])
    settings.VAULT_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ImproperlyConfigured, match="cannot be opened"):
        list(vault.identities_for_linkage())


def test_linkage_reads_are_audited_as_the_system(police_data):
    send(police_data, [row("R1")])

    list(vault.identities_for_linkage())

    event = AuditEvent.objects.get(action="vault.read_for_linkage")
    assert event.actor is None


@pytest.mark.parametrize("who", ["police_data", "analyst", "idva"])
def test_others_cannot_reveal_and_the_attempt_is_audited(police_data, who, request):
    send(police_data, [row("R1")])
    identity = Identity.objects.get(role="victim")

    with pytest.raises(PermissionDenied):
        vault.reveal(identity, request.getfixturevalue(who))

    assert AuditEvent.objects.filter(action="vault.reveal_refused").count() == 1


def test_a_linkage_reviewer_reveals_and_it_is_audited(police_data, reviewer):
    send(police_data, [row("R1")])
    identity = Identity.objects.get(role="victim")

    identifiers = vault.reveal(identity, reviewer)

    assert (identifiers.given_name, identifiers.dob, identifiers.postcode) == (
        NAME,
        "1990-04-03",
        "LE2 7AB",
    )
    event = AuditEvent.objects.get(action="vault.identity_revealed")
    assert (event.actor, event.object_id, event.reason) == (
        reviewer.user,
        str(identity.pk),
        "linkage_review",
    )
