"""Receiving and checking files: idempotence, quarantine, whole-file refusals."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from concord.core.models import AuditEvent
from concord.domain.periods import Quarter
from concord.submissions import services, vault
from concord.submissions.models import (
    Identity,
    PartnershipRecord,
    QuarantinedSubmissionRow,
    Submission,
    SubmissionStatus,
)
from concord.submissions.schema import schema_named
from concord.submissions.tests.files import GOOD, csv_bytes, row, rows, xlsx_bytes

pytestmark = pytest.mark.django_db

QUARTER = Quarter(2024, 1)


def send(membership, content: bytes, filename="incidents.csv", kind="incident") -> Submission:
    submission = services.receive_submission(
        membership, io.BytesIO(content), filename=filename, kind=kind, quarter=QUARTER
    )
    submission.refresh_from_db()
    return submission


def counts(submission: Submission) -> tuple[int, int, int, int]:
    """(new, updated, unchanged, quarantined)."""
    return (
        submission.rows_accepted,
        submission.rows_updated,
        submission.rows_unchanged,
        submission.rows_quarantined,
    )


def test_a_good_file_is_accepted_with_identities_apart(police_data):
    submission = send(police_data, csv_bytes(rows(3)))

    assert submission.status == SubmissionStatus.ACCEPTED
    assert counts(submission) == (3, 0, 0, 0)
    record = PartnershipRecord.objects.get(record_id="R1")
    assert record.abuse_types == ["physical", "controlling_or_coercive"]
    assert record.victim_age == 34 and record.area == "LE2"
    victim = Identity.objects.get(key=record.victim_key)
    assert victim.role == "victim" and "Quillfeather" not in victim.sealed
    assert Identity.objects.filter(key=record.harmer_key, role="harmer").exists()
    assert not submission.file  # the file with identifiers is gone


def test_an_xlsx_file_is_accepted(police_data):
    submission = send(police_data, xlsx_bytes(rows(2)), filename="incidents.xlsx")

    assert submission.status == SubmissionStatus.ACCEPTED
    assert counts(submission) == (2, 0, 0, 0)


def test_the_same_file_again_changes_nothing_and_says_so(police_data):
    content = csv_bytes(rows(3))
    send(police_data, content)

    again = send(police_data, content)

    assert again.status == SubmissionStatus.REFUSED
    assert "accepted before" in again.problem and "nothing was changed" in again.problem
    assert PartnershipRecord.objects.count() == 3 and Identity.objects.count() == 6


def test_the_same_ids_again_update_one_changed_row_and_leave_the_rest(police_data):
    send(police_data, csv_bytes(rows(3)))
    key = PartnershipRecord.objects.get(record_id="R2").victim_key
    changed = [row("R1"), row("R2", outcome="charge", victim_family_name="Quill"), row("R3")]

    submission = send(police_data, csv_bytes(changed))

    assert counts(submission) == (0, 1, 2, 0)
    record = PartnershipRecord.objects.get(record_id="R2")
    assert record.outcome == "charge" and record.victim_key == key
    assert record.submission == submission
    assert PartnershipRecord.objects.count() == 3 and Identity.objects.count() == 6
    assert (
        next(
            found.identifiers.family_name
            for found in vault.identities_for_linkage()
            if found.key == key
        )
        == "Quill"
    )


def test_a_record_id_twice_in_one_file_is_one_record(police_data):
    submission = send(police_data, csv_bytes([row("R1"), row("R1", outcome="charge")]))

    assert counts(submission) == (1, 1, 0, 0)
    assert PartnershipRecord.objects.get().outcome == "charge"


def test_a_row_without_a_harmer_has_no_harmer_key(police_data):
    nobody = {f"harmer_{name}": "" for name in ("given_name", "family_name", "sex")}
    send(police_data, csv_bytes([row("R1", **nobody)]))

    assert PartnershipRecord.objects.get().harmer_key is None
    assert Identity.objects.get().role == "victim"


def test_bad_rows_are_kept_back_with_reasons_that_quote_no_identifier(police_data):
    bad = row("R2", victim_dob="31/31/1990", outcome="shrug", area="LE2 7AB", victim_given_name="")
    submission = send(police_data, csv_bytes([row("R1"), bad]))

    assert counts(submission) == (1, 0, 0, 1)
    kept = QuarantinedSubmissionRow.objects.get()
    assert kept.line == 3
    assert sorted(kept.reasons) == [
        "area: a full postcode; send its district only (like LE2)",
        "outcome: 'shrug' is not one of the codes for this column",
        "victim_dob: not a date (use YYYY-MM-DD or DD/MM/YYYY)",
        "victim_given_name: a value is needed",
    ]
    assert "Quillfeather" not in kept.sealed


def test_a_fixed_row_is_accepted_and_audited(police_data):
    send(police_data, csv_bytes([row("R1", outcome="shrug")]))
    kept = QuarantinedSubmissionRow.objects.get()
    values = vault.quarantined_values(kept, police_data)

    still = services.fix_row(kept, {**values, "outcome": "nonsense"}, police_data)
    assert still == ["outcome: 'nonsense' is not one of the codes for this column"]
    assert services.fix_row(kept, {**values, "outcome": "charge"}, police_data) == []

    kept.refresh_from_db()
    assert kept.resolved == "accepted"
    assert PartnershipRecord.objects.get().outcome == "charge"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"submission.row_viewed", "submission.row_fixed"} <= actions


def test_a_discarded_row_is_gone_and_audited(police_data):
    send(police_data, csv_bytes([row("R1", outcome="shrug")]))
    kept = QuarantinedSubmissionRow.objects.get()

    services.discard_row(kept, police_data)

    kept.refresh_from_db()
    assert kept.resolved == "discarded"
    assert vault.open_sealed(kept.sealed) == {}
    assert not PartnershipRecord.objects.exists()
    assert AuditEvent.objects.filter(action="submission.row_discarded").exists()


def test_another_data_officer_cannot_read_a_kept_back_row(police_data, homes_data):
    send(police_data, csv_bytes([row("R1", outcome="shrug")]))

    with pytest.raises(PermissionDenied):
        vault.quarantined_values(QuarantinedSubmissionRow.objects.get(), homes_data)


UTF8 = csv_bytes(rows(2))


@pytest.mark.parametrize(
    ("content", "filename", "reason"),
    [
        (csv_bytes(rows(2), columns=[n for n in GOOD if n != "kind"] + ["record_id"]),
         "a.csv", "The file has no column kind."),
        (csv_bytes([{**row("R1"), "extra": "x"}], columns=[*GOOD, "record_id", "extra"]),
         "a.csv", "columns schema version 3 does not have: extra"),
        (csv_bytes(rows(2, schema_version="9")), "a.csv",
         "schema version '9', which we do not know (we know version 1, 2, 3)"),
        (csv_bytes([row("R1"), row("R2", agency="haven")]), "a.csv",
         "Line 3 is for another agency than yours (police)"),
        (UTF8.replace(b"Quillfeather", "Quillféather".encode("cp1252")), "a.csv",
         "not UTF-8 text: it has characters in the Windows-1252"),
        ("\ufeff".encode("utf-16") + b"x", "a.csv", "UTF-16 text, not UTF-8"),
        (csv_bytes([row("R1"), row("R2", victim_given_name="=HYPERLINK(1)")]), "a.csv",
         "Line 3, victim_given_name: looks like a spreadsheet formula"),
        (csv_bytes([row("R1", area="x" * 1001)]), "a.csv",
         "Line 2, column area: a cell is longer than 1,000 characters"),
        (b",".join(b"c%d" % n for n in range(61)) + b"\n", "a.csv", "The file has 61 columns"),
        (csv_bytes(rows(1)) + b"1,police,R9,incident" + b",x" * 45 + b"\n", "a.csv",
         "Line 3 has more cells than the header has columns"),
        (b"not a workbook", "a.xlsx", "not an Excel workbook"),
        (xlsx_bytes([row("R1", victim_family_name="=1+1")]), "a.xlsx", "spreadsheet formula"),
        (b"", "a.csv", "The file is empty."),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_whole_and_changes_nothing(police_data, content, filename, reason):
    submission = send(police_data, content, filename=filename)

    assert submission.status == SubmissionStatus.REFUSED
    assert reason in submission.problem
    assert not PartnershipRecord.objects.exists()
    assert not Identity.objects.exists()
    assert not QuarantinedSubmissionRow.objects.exists()
    assert counts(submission) == (0, 0, 0, 0)


def test_a_failure_part_way_rolls_its_chunk_back(police_data, monkeypatch):
    original = services.RecordWriter._write
    calls = []

    def fail_second_batch(writer, batch):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original(writer, batch)

    monkeypatch.setattr(services, "BATCH_ROWS", 2)
    monkeypatch.setattr(services.RecordWriter, "_write", fail_second_batch)
    submission = send(police_data, csv_bytes(rows(5)))

    assert submission.status == SubmissionStatus.REFUSED
    assert "The 0 rows before line 2 were taken in" in submission.problem
    assert "disk full" not in submission.problem
    assert not PartnershipRecord.objects.exists()  # the five rows were one chunk


def test_every_upload_is_audited(police_data):
    submission = send(police_data, csv_bytes(rows(1)))

    actions = list(
        AuditEvent.objects.for_object("submissions.submission", submission.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == ["submission.uploaded", "submission.accepted"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"victim_family_name": "UNKNOWN"}, "victim_family_name: not a name"),
        ({"victim_given_name": "12345"}, "victim_given_name: not a name"),
        ({"harmer_given_name": "???"}, "harmer_given_name: not a name"),
        ({"victim_postcode": "somewhere"}, "victim_postcode: not a UK postcode"),
        ({"victim_phone": "call her mum"}, "victim_phone: not a phone number"),
    ],
)
def test_an_identifier_full_of_junk_is_kept_back_without_quoting_it(police_data, changes, reason):
    submission = send(police_data, csv_bytes([row("R1", **changes)]))

    assert counts(submission) == (0, 0, 0, 1)
    [found] = QuarantinedSubmissionRow.objects.get().reasons
    assert found.startswith(reason)
    assert all(value not in found for value in changes.values())


# Court outcomes and protection orders (schema version 2) ------------------------------------


def test_court_outcomes_and_protection_orders_are_taken_in(police_data):
    outcomes = [
        row("C1", kind="court_outcome", court_outcome="guilty_plea", outcome=""),
        row("C2", kind="court_outcome", court_outcome="discontinued", outcome=""),
    ]
    sent = send(police_data, csv_bytes(outcomes), kind="court_outcome")
    orders = [row("O1", kind="protection_order", order_type="dvpo")]
    made = send(police_data, csv_bytes(orders), filename="orders.csv", kind="protection_order")

    assert counts(sent) == (2, 0, 0, 0) and counts(made) == (1, 0, 0, 0)
    found = {
        r.record_id: (r.kind, r.court_outcome, r.order_type)
        for r in PartnershipRecord.objects.all()
    }
    assert found == {
        "C1": ("court_outcome", "guilty_plea", ""),
        "C2": ("court_outcome", "discontinued", ""),
        "O1": ("protection_order", "", "dvpo"),
    }


@pytest.mark.parametrize(
    ("kind", "changes", "reasons"),
    [
        ("court_outcome", {"kind": "court_outcome"},
         ["court_outcome: a value is needed in court outcomes"]),
        ("court_outcome", {"kind": "court_outcome", "court_outcome": "hung_jury"},
         ["court_outcome: 'hung_jury' is not one of the codes for this column"]),
        ("court_outcome", {"kind": "court_outcome", "court_outcome": "guilty_plea",
                           "order_type": "dvpo"},
         ["order_type: only for protection orders; leave it empty in court outcomes"]),
        ("protection_order", {"kind": "protection_order"},
         ["order_type: a value is needed in protection orders"]),
        ("incident", {"court_outcome": "guilty_plea"},
         ["court_outcome: only for court outcomes; leave it empty in incidents"]),
        ("protection_order", {"kind": "court_outcome", "court_outcome": "guilty_plea"},
         ["kind: this file was sent as protection orders",
          "court_outcome: only for court outcomes; leave it empty in protection orders",
          "order_type: a value is needed in protection orders"]),
    ],
)  # fmt: skip
def test_rows_of_the_wrong_shape_for_their_kind_are_kept_back(police_data, kind, changes, reasons):
    submission = send(police_data, csv_bytes([row("R1", **changes)]), kind=kind)

    assert counts(submission) == (0, 0, 0, 1)
    assert QuarantinedSubmissionRow.objects.get().reasons == reasons
    assert not PartnershipRecord.objects.exists()


def test_a_version_one_file_is_still_taken_in_for_incidents(police_data):
    first = schema_named("1")
    assert first is not None
    submission = send(police_data, csv_bytes(rows(2, schema_version="1"), columns=first.names))

    assert submission.status == SubmissionStatus.ACCEPTED
    assert counts(submission) == (2, 0, 0, 0)
    assert set(PartnershipRecord.objects.values_list("court_outcome", "order_type")) == {("", "")}


def test_court_outcomes_in_version_one_are_refused_whole(police_data):
    first = schema_named("1")
    assert first is not None
    content = csv_bytes(rows(1, schema_version="1"), columns=first.names)

    submission = send(police_data, content, kind="court_outcome")

    assert submission.status == SubmissionStatus.REFUSED
    assert submission.problem == (
        "Schema version 1 has no court outcome records: send them in version 3."
    )
    assert not PartnershipRecord.objects.exists()
