"""The quarterly performance pack: each line's definition and figure, RAG against targets,
exact figures for a service's own staff and disclosure control for commissioners and
analysts, the downloads (audited) and the command."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.core.models import AuditEvent
from concord.domain.periods import quarter_of
from concord.indicators.catalogue import INDICATORS
from concord.reporting.packs import PackLine

pytestmark = pytest.mark.django_db
URL = reverse("reporting:quarterly")


@pytest.fixture
def last_quarter():
    return quarter_of(timezone.localdate()).previous()


@pytest.fixture
def contacted(idva, person_a, last_quarter):
    """Sarah Ahmed referred to Haven's help point and called back last quarter."""
    start = timezone.make_aware(datetime.combine(last_quarter.first, datetime.min.time()))
    case = case_services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=idva.agency, name="SAFE help point"),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=start + timedelta(hours=10),
    )
    case_services.record_contact(
        idva.user,
        case,
        channel="call",
        initiated_by="victim",
        occurred_at=start + timedelta(days=1, hours=11),
        historical=True,
    )
    return case


def indicator(code):
    return next(i for i in INDICATORS if i.code == code)


@pytest.mark.parametrize(
    ("code", "figure", "status"),
    [
        ("feels_safer_rate", 80, "green"),
        ("feels_safer_rate", 75, "amber"),
        ("feels_safer_rate", 74, "red"),
        ("feels_safer_rate", None, ""),
        ("people_accessing_victim_service", 3, ""),  # no target
    ],
)
def test_rag_status_against_the_target(code, figure, status):
    assert PackLine(indicator(code), "", "", figure).status == status


def test_a_manager_sees_the_agencys_exact_figures_with_their_definitions(
    signed_in, manager_a, contacted, last_quarter
):
    page = signed_in(manager_a).get(URL, {"period": str(last_quarter)}).content.decode()

    assert f"Performance pack: {last_quarter.label}" in page
    assert manager_a.agency.name in page
    accessing = page[page.index("People accessing the victim service") :]
    assert ">1<" in accessing[:400]  # exact, not "<5"
    assert indicator("people_accessing_victim_service").definition[:40] in page
    assert "Target 80%" in page


@pytest.mark.parametrize("persona", ["commissioner", "analyst"])
def test_commissioners_and_analysts_never_see_a_small_count(
    request, signed_in, persona, contacted, last_quarter
):
    client = signed_in(request.getfixturevalue(persona))

    page = client.get(URL, {"period": str(last_quarter)}).content.decode()
    download = client.get(URL, {"period": str(last_quarter), "format": "csv"})

    assert "The domestic abuse partnership" in page
    accessing = page[page.index("People accessing the victim service") :]
    assert "&lt;5" in accessing[:400]
    text = b"".join(download.streaming_content).decode().lstrip("\ufeff")
    lines = {row[-1]: row for row in csv.reader(io.StringIO(text))}
    assert lines["people_accessing_victim_service"][2] == "<5"
    assert all(cell not in {"1", "2", "3", "4"} for row in lines.values() for cell in row[2:6])
    assert AuditEvent.objects.filter(action="reports.quarterly_exported").count() == 1


def test_the_pack_comes_as_excel(signed_in, commissioner, last_quarter):
    response = signed_in(commissioner).get(URL, {"format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("persona", ["police_rep", "agency_admin_a", "system_admin"])
def test_roles_without_figures_get_403(request, signed_in, persona):
    assert signed_in(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_a_quarter_not_offered_is_explained_and_the_latest_shown(
    signed_in, manager_a, last_quarter
):
    page = signed_in(manager_a).get(URL, {"period": "2001Q9"}).content.decode()

    assert "Choose a quarter from the list" in page
    assert "govuk-error-summary" in page
    assert f"Performance pack: {last_quarter.label}" in page


def test_the_command_writes_the_protected_pack(tmp_path, contacted, last_quarter):
    out = tmp_path / "pack.csv"

    call_command(
        "report", "quarterly", period=str(last_quarter), out=str(out), stdout=io.StringIO()
    )

    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    figures = {row[-1]: row[2] for row in rows[1:]}
    assert figures["people_accessing_victim_service"] == "<5"
    assert figures["safety_plans_completed"] == "0"
    assert len(rows) == len(INDICATORS) + 1


@pytest.mark.parametrize(
    ("period", "out", "message"),
    [
        ({"period": "2013-Q1"}, "pack.xlsx", "is not a quarter"),
        ({"period": "2013Q1"}, "pack.pdf", ".xlsx or .csv"),
        ({}, "pack.xlsx", "either --period, or --from and --to"),
        ({"period": "2013Q1", "first": "2012-09-01"}, "pack.xlsx", "either --period"),
        ({"first": "2012-09-01"}, "pack.xlsx", "both --from and --to"),
        ({"first": "2012-09-31", "last": "2012-12-31"}, "pack.xlsx", "is not a date"),
        ({"first": "2012-12-31", "last": "2012-09-01"}, "pack.xlsx", "same as or after"),
    ],
)
def test_the_command_explains_bad_arguments(tmp_path, period, out, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "quarterly", out=str(tmp_path / out), **period)
    assert not list(tmp_path.iterdir())


def test_the_pack_says_when_an_import_may_not_be_counted_yet(
    signed_in, manager_a, agency_b, last_quarter, settings
):
    from concord.indicators.models import RecordsChanged

    settings.FIGURES_LOAD_LAG_SECONDS = 30
    client = signed_in(manager_a)
    notice = "An import is adding records now"
    assert notice not in client.get(URL).content.decode()

    RecordsChanged.objects.create(agency=agency_b, by_load=True)  # another agency's import
    assert notice not in client.get(URL).content.decode()

    RecordsChanged.objects.create(agency=manager_a.agency, by_load=True)
    page = client.get(URL).content.decode()
    assert f"{notice}. These figures may leave out what it wrote in the last 30 seconds" in page

    RecordsChanged.objects.create(agency=manager_a.agency)  # the import stopped
    assert notice not in client.get(URL).content.decode()
