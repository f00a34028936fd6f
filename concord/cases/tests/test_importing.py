"""Importing historical records: per-row validation with reasons kept in quarantine,
whole-file refusal for unreadable files, idempotence and all-or-nothing per file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.timezone import make_aware as aware

from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import importing
from concord.cases.models import Case, Contact, ImportBatch, QuarantinedRow
from concord.people.models import Person

pytestmark = pytest.mark.django_db

PEOPLE = """record_id,given_name,family_name,date_of_birth,sex,ethnicity,roles
P1,Sarah,Ahmed,14/03/1988,female,asian_pakistani,victim_survivor
P2,Leanne,Marsh,1995-11-02,female,,victim_survivor
P3,=HYPERLINK("x"),Evil,,,,
P4,Born,Later,2099-01-01,,,
P5,No,Sex,,f,,
"""
CASES = """record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,status_reason,abuse_types,opened_at,ended_at
C1,P1,SAFE help point,police,professional_referral,2025-06-02 09:30,closed,support_completed,physical;economic,2025-06-03 10:00,2025-12-31 17:00
C2,P2,SAFE help point,self,helpline_call,2025-07-01 18:15,open,,,2025-07-02 10:00,
C3,P9,SAFE help point,self,helpline_call,2025-07-01 18:15,open,,,2025-07-02 10:00,
"""
CONTACTS = """record_id,case_record_id,channel,initiated_by,occurred_at,duration_minutes
K1,C1,call,victim,2025-06-07 21:00,20
K2,C1,call,victim,2025-05-01 10:00,
"""


def write(directory: Path, **files: str) -> Path:
    for name, text in files.items():
        (directory / f"{name}.csv").write_text(text, encoding="utf-8")
    return directory


def run(directory: Path, idva) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "import_records",
        str(directory),
        agency=idva.agency.slug,
        as_user=idva.user.email,
        stdout=out,
    )
    return out.getvalue()


def test_good_rows_are_imported_and_bad_rows_quarantined_with_reasons(tmp_path, idva, help_point):
    output = run(write(tmp_path, people=PEOPLE, cases=CASES, contacts=CONTACTS), idva)

    assert "people: 2 imported, 0 already there, 3 in quarantine" in output
    assert "cases: 2 imported, 0 already there, 1 in quarantine" in output
    assert "contacts: 1 imported, 0 already there, 1 in quarantine" in output
    reasons = {row.line: row.reasons for row in QuarantinedRow.objects.filter(batch__kind="people")}
    assert "looks like a spreadsheet formula" in reasons[4][0]
    assert reasons[5] == ["date_of_birth: Date of birth must be today or in the past"]
    assert reasons[6] == ["sex: 'f' is not one of the codes for this column"]
    case_reasons = QuarantinedRow.objects.get(batch__kind="cases").reasons
    assert case_reasons == ["person_record_id: no people record 'P9' has been imported"]
    contact_reasons = QuarantinedRow.objects.get(batch__kind="contacts").reasons
    assert contact_reasons == ["occurred_at: A contact cannot be before the referral"]


def test_people_come_with_their_area_and_a_full_postcode_is_quarantined(tmp_path, idva, help_point):
    people = "record_id,given_name,family_name,area\nP1,Sarah,Ahmed,le2\nP2,Leanne,Marsh,LE2 1AB\n"

    output = run(write(tmp_path, people=people), idva)

    assert "people: 1 imported, 0 already there, 1 in quarantine" in output
    assert Person.objects.get().area == "LE2"
    assert QuarantinedRow.objects.get().reasons == [
        "area: Enter the postcode district only (like LE2), not the full postcode"
    ]


def test_imported_cases_reach_their_final_status_and_contacts_work_out_out_of_hours(
    tmp_path, idva, help_point
):
    run(write(tmp_path, people=PEOPLE, cases=CASES, contacts=CONTACTS), idva)

    closed = Case.objects.get(person__given_name="Sarah")
    assert (closed.status, closed.status_reason) == ("closed", "support_completed")
    assert closed.abuse_types == ["economic", "physical"]
    assert Contact.objects.get().out_of_hours is True
    # dated when they happened, not when they were imported
    assert localtime(closed.opened_at) == aware(datetime(2025, 6, 3, 10, 0))
    assert localtime(closed.closed_at) == aware(datetime(2025, 12, 31, 17, 0))
    moves = closed.status_changes.exclude(from_status="").order_by("changed_at")
    assert [localtime(change.changed_at) for change in moves] == [
        closed.opened_at,
        closed.closed_at,
    ]


@pytest.mark.parametrize(
    ("dates", "reason"),
    [
        (",2025-12-31 17:00", "opened_at: a value is needed"),
        ("2025-06-03 10:00,", "ended_at: a value is needed"),
        (
            "2025-06-01 10:00,2025-12-31 17:00",
            "opened_at: The change of status cannot be before the referral",
        ),
        (
            "2025-06-03 10:00,2025-06-03 09:00",
            "ended_at: The change of status cannot be before the case's last change of status",
        ),
        (
            "2025-06-03 10:00,2099-01-01 09:00",
            "ended_at: The change of status must be now or in the past",
        ),
    ],
)
def test_a_case_whose_status_dates_do_not_fit_is_quarantined(
    tmp_path, idva, help_point, dates, reason
):
    header = "record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,status_reason,opened_at,ended_at\n"
    row = f"C1,P1,SAFE help point,police,professional_referral,2025-06-02 09:30,closed,support_completed,{dates}\n"
    run(write(tmp_path, people=PEOPLE, cases=header + row), idva)

    row = QuarantinedRow.objects.get(batch__kind="cases")
    assert row.reasons == [reason]
    assert not Case.objects.exists()


def test_importing_the_same_files_again_changes_nothing(tmp_path, idva, help_point):
    directory = write(tmp_path, people=PEOPLE, cases=CASES, contacts=CONTACTS)
    run(directory, idva)
    counts = (Person.objects.count(), Case.objects.count(), Contact.objects.count())

    output = run(directory, idva)

    assert (Person.objects.count(), Case.objects.count(), Contact.objects.count()) == counts
    assert "people: 0 imported, 2 already there, 3 in quarantine" in output


def test_a_changed_row_with_a_known_id_is_quarantined_not_overwritten(tmp_path, idva, help_point):
    run(write(tmp_path, people=PEOPLE), idva)

    run(write(tmp_path, people=PEOPLE.replace("Sarah,Ahmed", "Sara,Ahmed")), idva)

    assert Person.objects.filter(given_name="Sarah").exists()
    assert QuarantinedRow.objects.filter(
        reasons__icontains="imported before with different values"
    ).exists()


def test_a_file_that_is_not_utf8_is_refused_whole(tmp_path, idva, help_point):
    (tmp_path / "people.csv").write_bytes(PEOPLE.replace("Ahmed", "Ahméd").encode("cp1252"))

    output = run(tmp_path, idva)

    assert "people: file refused: The file is not UTF-8 text" in output
    assert not Person.objects.exists()
    assert ImportBatch.objects.get().problem.startswith("The file is not UTF-8")


def test_a_file_with_wrong_columns_is_refused_whole(tmp_path, idva, help_point):
    output = run(write(tmp_path, people="record_id,first,last\nP1,A,B\n"), idva)

    assert "file refused: The file has no column given_name, family_name." in output
    assert not Person.objects.exists()


def test_a_failure_part_way_through_a_file_leaves_nothing(monkeypatch, idva, help_point):
    kind = importing.kinds()[0]
    calls = []

    def failing(context, row):
        calls.append(row)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return importing._person(context, row)

    broken = importing.Kind(kind.name, kind.columns, failing)
    with pytest.raises(RuntimeError):
        importing.import_file(
            PEOPLE.encode(), broken, agency=idva.agency, actor=idva.user, filename="people.csv"
        )

    assert not Person.objects.exists()
    assert not QuarantinedRow.objects.exists()


def test_the_importing_user_must_have_a_role_at_the_agency(tmp_path, police_rep, agency_a):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="has no role"):
        call_command(
            "import_records", str(tmp_path), agency=agency_a.slug, as_user=police_rep.user.email
        )


# Every kind, across the apps ----------------------------------------------------------------

# Which kind a column refers to, by the record ids it holds.
REFERS_TO = {
    "person_record_id": "people",
    "case_record_id": "cases",
    "receiving_case_record_id": "cases",
    "child_record_id": "family_service_children",
    "stay_record_id": "stays",
}


def test_every_kind_refers_only_to_kinds_imported_before_it():
    order = [kind.name for kind in importing.kinds()]

    for position, kind in enumerate(importing.kinds()):
        referred = {REFERS_TO[column] for column in kind.columns if column.endswith("_record_id")}
        assert referred <= set(order[:position]), kind.name


def test_kinds_are_imported_by_place_then_in_the_order_an_app_gives(monkeypatch):
    monkeypatch.setattr(importing, "_registered", {})
    first, second, later = (
        importing.Kind(name, ("record_id",), importing._person)
        for name in ("first", "second", "later")
    )
    importing.register_kinds(20, later)
    importing.register_kinds(10, first, second)

    assert importing.kinds() == (first, second, later)


def test_a_kind_registered_again_is_replaced(monkeypatch):
    monkeypatch.setattr(importing, "_registered", {})
    importing.register_kinds(10, importing.Kind("people", ("record_id",), importing._person))
    again = importing.Kind("people", ("record_id", "given_name"), importing._person)
    importing.register_kinds(10, again)

    assert importing.kinds() == (again,)
    assert importing.kind_named("people") is again


def test_a_directory_of_every_kind_is_imported_in_the_order_they_depend_on(
    tmp_path, idva, agency_a
):
    for name, kind in [
        ("SAFE help point", ServiceKind.HELP_POINT),
        ("Safe Home", ServiceKind.HOUSING),
        ("Family Service", ServiceKind.FAMILY),
        ("Jenkins Centre", ServiceKind.PERPETRATOR_PROGRAMME),
    ]:
        ServiceFactory(agency=agency_a, name=name, kind=kind)
    write(
        tmp_path,
        people="record_id,given_name,family_name,date_of_birth\n"
        "P1,Sarah,Ahmed,1988-03-14\nP2,Amy,Ahmed,2016-03-27\nP3,Daniel,Price,1985-01-01\n",
        cases="record_id,person_record_id,service,referral_source,method_of_access,referred_at\n"
        "C1,P1,SAFE help point,self,helpline_call,2025-06-02 09:30\n"
        "C2,P1,Safe Home,specialist_da_service,professional_referral,2025-06-09 11:00\n"
        "C3,P1,Family Service,self,helpline_call,2025-06-02 09:30\n"
        "C4,P3,Jenkins Centre,probation,professional_referral,2025-06-02 09:30\n",
        referrals="record_id,case_record_id,referred_at,to_service,summary,consent_given_on,"
        "status,decided_at,receiving_case_record_id\n"
        "R1,C1,2025-06-09 10:00,Safe Home,Needs a safe home,2025-06-05,accepted,"
        "2025-06-10 09:00,C2\n",
        housing_records="record_id,case_record_id,home_secured_on\nH1,C2,2025-07-02\n",
        sanctuary_measures="record_id,case_record_id,kind,fitted_on\nS1,C2,alarm,2025-06-20\n",
        family_service_children="record_id,case_record_id,person_record_id,role\n"
        "K1,C3,P2,child_of_victim\n",
        child_risk_assessments="record_id,child_record_id,assessed_on,level\n"
        "A1,K1,2025-06-12,medium\n",
        child_sessions="record_id,child_record_id,kind,sessions_attended,first_session_on\n"
        "S1,K1,creche,1,2025-06-15\n",
        perpetrator_programme_records="record_id,case_record_id,referral_received_on\n"
        "G1,C4,2025-06-03\n",
        training_sessions="record_id,held_on,kind,title,attendees\n"
        "T1,2025-05-14,staff_training,Coercive control,20\n",
    )

    outcomes = list(importing.import_directory(tmp_path, agency=agency_a, actor=idva.user))

    assert [outcome.kind for outcome in outcomes] == [
        "people",
        "cases",
        "referrals",
        "housing_records",
        "sanctuary_measures",
        "family_service_children",
        "child_risk_assessments",
        "child_sessions",
        "perpetrator_programme_records",
        "training_sessions",
    ]
    assert [outcome.quarantined for outcome in outcomes] == [0] * len(outcomes)
    assert not QuarantinedRow.objects.exists()


def test_the_imports_page_offers_every_kind_of_record(signed_in, manager_a):
    page = signed_in(manager_a).get(reverse("cases:imports")).content.decode()

    for kind in importing.kinds():
        assert f'value="{kind.name}"' in page
    for label in ("Referrals", "Housing records", "Sanctuary measures", "Child sessions"):
        assert label in page
    assert "Perpetrator programme records" in page


def test_a_line_longer_than_the_upload_limit_is_refused_whole(idva):
    content = b"record_id,given_name,family_name\n" + b"P1," + b"x" * 100_000 + b",B\n"

    with pytest.raises(importing.FileRefused, match="Line 2 is longer than Concord accepts"):
        importing.read_rows(content, importing.kind_named("people"))


def test_a_quoted_cell_longer_than_a_line_is_refused_whole(idva):
    cell = b'"' + b"x\n" * 40_000 + b'"'
    content = b"record_id,given_name,family_name\nP1," + cell + b",B\n"

    with pytest.raises(importing.FileRefused, match="cannot be read as CSV"):
        importing.read_rows(content, importing.kind_named("people"))


def test_a_file_with_more_rows_than_the_upload_limit_is_refused_whole(settings, idva):
    settings.UPLOAD_MAX_ROWS = 2

    with pytest.raises(importing.FileRefused, match="more than 2 rows"):
        importing.read_rows(PEOPLE.encode(), importing.kind_named("people"))
