"""Schema version 3: the identifiers real files carry (other names, an estimated date of
birth, the address and its UPRN, a refuge's withheld address) are checked, sealed in the
vault and handed to linkage only; versions 1 and 2 are still taken in as they were."""

from __future__ import annotations

import io
from dataclasses import asdict

import pytest

from concord.core.sealing import open_sealed, seal
from concord.domain.periods import Quarter
from concord.submissions import services, vault
from concord.submissions.models import (
    Identity,
    PartnershipRecord,
    QuarantinedSubmissionRow,
    Submission,
    SubmissionStatus,
)
from concord.submissions.schema import CURRENT, OPTIONAL_IDENTIFIERS, schema_named
from concord.submissions.tests.files import csv_bytes, row, rows, xlsx_bytes
from concord.submissions.tests.test_vault import every_stored_text

pytestmark = pytest.mark.django_db

#: Every new column filled in, as an agency might write them.
ADDRESSED = {
    "victim_other_names": "Zephyrine Marchbanks ; Zephy",
    "victim_dob_estimated": "Y",
    "victim_address_line_1": "14 Wexcombe Terrace",
    "victim_address_line_2": "Flat 3",
    "victim_town": "Leicester",
    "victim_uprn": "000100031234",
    "victim_address_withheld": "no",
    "harmer_other_names": "Marky",
    "harmer_dob_estimated": "false",
    "harmer_address_line_1": "9 Orrinsmoor Road",
    "harmer_address_line_2": "",
    "harmer_town": "Wigston",
    "harmer_uprn": "2465000077",
    "harmer_address_withheld": "",
}
#: What the vault keeps of the victim's new identifiers.
SEALED_VICTIM = {
    "other_names": "Zephyrine Marchbanks;Zephy",
    "dob_estimated": "yes",
    "address_line_1": "14 Wexcombe Terrace",
    "address_line_2": "Flat 3",
    "town": "Leicester",
    "uprn": "100031234",
    "address_withheld": "no",
}
#: A refuge's record: the address withheld, nothing that says where she lives.
REFUGE = {"victim_address_withheld": "yes", "victim_postcode": ""}


def send(membership, content: bytes, filename: str = "incidents.csv") -> Submission:
    submission = services.receive_submission(
        membership,
        io.BytesIO(content),
        filename=filename,
        kind="incident",
        quarter=Quarter(2024, 1),
    )
    submission.refresh_from_db()
    return submission


def counts(submission: Submission) -> tuple[int, int]:
    """(taken in, kept back)."""
    return submission.rows_accepted, submission.rows_quarantined


def opened(role: str = "victim") -> vault.Identifiers:
    [found] = [
        identity.identifiers for identity in vault.identities_for_linkage() if identity.role == role
    ]
    return found


def test_a_version_three_row_with_every_new_column_is_taken_in_and_sealed(police_data):
    submission = send(police_data, csv_bytes([row("R1", **ADDRESSED)]))

    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.schema_version == "3"
    assert counts(submission) == (1, 0)
    victim = opened("victim")
    assert {name: getattr(victim, name) for name in OPTIONAL_IDENTIFIERS} == SEALED_VICTIM
    assert victim.given_name == "Zephyrine" and victim.postcode == "LE2 7AB"
    harmer = opened("harmer")
    assert (harmer.other_names, harmer.dob_estimated, harmer.uprn) == ("Marky", "no", "2465000077")
    assert (harmer.town, harmer.address_withheld) == ("Wigston", "")


def test_nothing_of_the_new_identifiers_is_in_the_analysis_table_or_in_clear(police_data):
    send(police_data, csv_bytes([row("R1", **ADDRESSED)]))

    record = PartnershipRecord.objects.values().get()
    stored = every_stored_text()

    for value in ("Marchbanks", "Zephy", "Wexcombe", "Flat 3", "100031234", "Orrinsmoor", "Marky"):
        assert value not in stored, value
        assert all(value not in str(field) for field in record.values()), value
    assert not any("uprn" in name or "address" in name or "other_names" in name for name in record)


def test_an_xlsx_file_of_version_three_is_taken_in(police_data):
    submission = send(police_data, xlsx_bytes([row("R1", **ADDRESSED)]), filename="a.xlsx")

    assert counts(submission) == (1, 0)
    assert opened().uprn == "100031234"


def test_a_refuges_withheld_address_is_taken_in_with_nothing_of_where_she_lives(police_data):
    submission = send(police_data, csv_bytes([row("R1", **REFUGE)]))

    assert counts(submission) == (1, 0)
    victim = opened()
    assert victim.withheld and victim.address_withheld == "yes"
    assert (victim.postcode, victim.address_line_1, victim.town, victim.uprn) == ("", "", "", "")


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        ({"victim_uprn": "10003123A"},
         ["victim_uprn: not a UPRN (its digits only, up to 12)"]),
        ({"victim_uprn": "1000 3123"},
         ["victim_uprn: not a UPRN (its digits only, up to 12)"]),
        ({"victim_uprn": "0000"}, ["victim_uprn: not a UPRN (its digits only, up to 12)"]),
        ({"harmer_uprn": "1000312345678"}, ["harmer_uprn: at most 12 characters"]),
        ({"victim_other_names": "Marchbanks;" * 20},
         ["victim_other_names: at most 200 characters"]),
        ({"victim_other_names": "Marchbanks; UNKNOWN"},
         ["victim_other_names: one of the names is not a name (leave out names not known)"]),
        ({"victim_dob_estimated": "perhaps"}, ["victim_dob_estimated: not yes or no"]),
        ({"harmer_address_withheld": "not_known"}, ["harmer_address_withheld: not yes or no"]),
        ({"victim_address_withheld": "yes", "victim_address_line_1": "14 Wexcombe Terrace"},
         ["victim_address_withheld: the address is withheld, so leave victim_address_line_1 "
          "and victim_postcode empty"]),
        ({"victim_address_withheld": "YES", "victim_postcode": "", "victim_town": "Leicester",
          "victim_uprn": "100031234", "victim_address_line_2": "Flat 3"},
         ["victim_address_withheld: the address is withheld, so leave victim_address_line_2, "
          "victim_town and victim_uprn empty"]),
        ({"harmer_address_withheld": "1", "harmer_postcode": "LE5 0AA"},
         ["harmer_address_withheld: the address is withheld, so leave harmer_postcode empty"]),
    ],
)  # fmt: skip
def test_bad_new_identifiers_are_kept_back_with_reasons_that_quote_no_value(
    police_data, changes, reasons
):
    submission = send(police_data, csv_bytes([row("R1", **changes)]))

    assert counts(submission) == (0, 1)
    kept = QuarantinedSubmissionRow.objects.get()
    assert kept.reasons == reasons
    for value in changes.values():
        if len(value) > 3:  # "yes", "1": words of the reasons themselves
            assert all(value.strip(";") not in reason for reason in kept.reasons), value
    assert not Identity.objects.exists() and not PartnershipRecord.objects.exists()


def test_a_kept_back_row_of_version_three_is_fixed_on_its_form(police_data):
    send(police_data, csv_bytes([row("R1", **REFUGE, victim_town="Leicester")]))
    kept = QuarantinedSubmissionRow.objects.get()
    values = vault.quarantined_values(kept, police_data)

    still = services.fix_row(kept, {**values, "victim_uprn": "12X"}, police_data)
    fixed = services.fix_row(kept, {**values, "victim_town": ""}, police_data)

    assert still == [
        "victim_uprn: not a UPRN (its digits only, up to 12)",
        "victim_address_withheld: the address is withheld, so leave victim_town empty",
    ]
    assert fixed == []
    assert opened().withheld
    assert "victim_uprn" in services.editable_columns(kept.submission)


def test_a_version_two_file_is_still_taken_in_as_it_was(police_data):
    second = schema_named("2")
    assert second is not None
    submission = send(police_data, csv_bytes(rows(2, schema_version="2"), columns=second.names))

    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.schema_version == "2"
    assert counts(submission) == (2, 0)
    victim = opened_of("R1")
    assert victim.given_name == "Zephyrine"
    assert all(getattr(victim, name) == "" for name in OPTIONAL_IDENTIFIERS)


def test_a_version_one_file_is_still_taken_in_without_the_new_identifiers(police_data):
    first = schema_named("1")
    assert first is not None
    submission = send(police_data, csv_bytes(rows(1, schema_version="1"), columns=first.names))

    assert submission.status == SubmissionStatus.ACCEPTED
    assert counts(submission) == (1, 0)
    assert opened().other_names == "" and opened().family_name == "Quillfeather"


def test_a_version_two_file_with_the_new_columns_is_refused_whole(police_data):
    second = schema_named("2")
    assert second is not None
    content = csv_bytes(
        [row("R1", schema_version="2", **ADDRESSED)], columns=[*second.names, "victim_uprn"]
    )

    submission = send(police_data, content)

    assert submission.status == SubmissionStatus.REFUSED
    assert submission.problem == "The file has columns schema version 2 does not have: victim_uprn."
    assert not Identity.objects.exists()


def test_a_file_may_leave_the_new_columns_out(police_data):
    columns = [name for name in CURRENT.names if not name.endswith(OPTIONAL_IDENTIFIERS)]
    submission = send(police_data, csv_bytes(rows(1), columns=columns))

    assert counts(submission) == (1, 0)
    assert opened().uprn == ""


def opened_of(record_id: str) -> vault.Identifiers:
    identity = Identity.objects.get(record_id=record_id, role="victim")
    return vault.Identifiers.opened(open_sealed(identity.sealed))


# The vault ---------------------------------------------------------------------------------


def test_the_new_identifiers_go_round_the_vault_and_out_to_the_reviewer(police_data, reviewer):
    identifiers = vault.Identifiers.from_row(
        {"victim_given_name": "Ada", **ADDRESSED, "victim_other_names": "Adaline"}, "victim"
    )
    identity = Identity.objects.create(
        agency=police_data.agency,
        kind="incident",
        record_id="R1",
        role="victim",
        sealed=vault.seal_identifiers(identifiers),
    )

    revealed = vault.reveal(identity, reviewer)
    [linked] = vault.identities_for_linkage()

    assert revealed == identifiers == linked.identifiers
    assert revealed.dob_estimated == "yes" and revealed.address_withheld == "no"
    assert revealed.uprn == "000100031234"  # from_row keeps what the checked row holds
    assert set(asdict(revealed)) == {
        "given_name", "family_name", "dob", "sex", "postcode", "phone", *OPTIONAL_IDENTIFIERS
    }  # fmt: skip


def test_an_identity_sealed_with_only_the_old_identifiers_still_opens(police_data, reviewer):
    old = {
        "given_name": "Ada",
        "family_name": "Quillfeather",
        "dob": "1990-04-03",
        "sex": "female",
        "postcode": "LE2 7AB",
        "phone": "",
    }
    identity = Identity.objects.create(
        agency=police_data.agency, kind="incident", record_id="R1", role="victim", sealed=seal(old)
    )

    [linked] = vault.identities_for_linkage()
    revealed = vault.reveal(identity, reviewer)

    assert linked.identifiers == revealed
    assert revealed.as_dict() == {**old, **dict.fromkeys(OPTIONAL_IDENTIFIERS, "")}
    assert not revealed.withheld


@pytest.mark.parametrize(
    ("row_values", "names_someone"),
    [
        ({"harmer_given_name": "Mark"}, True),
        ({"harmer_uprn": "100031234"}, True),
        ({"harmer_dob_estimated": "no", "harmer_address_withheld": "yes"}, False),
        ({}, False),
    ],
)
def test_flags_on_their_own_name_nobody(row_values, names_someone):
    assert bool(vault.Identifiers.from_row(row_values, "harmer")) is names_someone


def test_a_row_naming_no_harmer_but_his_flags_has_no_harmer(police_data):
    blank = dict.fromkeys(
        [name for name in CURRENT.names if name.startswith("harmer_") and name != "harmer_age"], ""
    )
    send(police_data, csv_bytes([row("R1", **{**blank, "harmer_dob_estimated": "no"})]))

    assert PartnershipRecord.objects.get().harmer_key is None
    assert list(Identity.objects.values_list("role", flat=True)) == ["victim"]
