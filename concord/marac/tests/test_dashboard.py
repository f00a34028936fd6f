"""The coordinator's dashboard and the quarterly return: only the coordinators of the agency
hosting the MARAC (other roles 403, another agency's coordinators 404), exact figures on the
page, disclosure control in the download, and a fixed number of queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from concord.accounts.roles import Role
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.domain.periods import quarter_of
from concord.marac import services
from concord.marac.tests.conftest import member, open_case, referral_values
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def dashboard(area) -> str:
    return reverse("marac:dashboard", args=[area.slug])


def return_url(area, quarter, file_format="csv") -> str:
    return reverse(f"marac:return-{file_format}", args=[area.slug, str(quarter)])


def test_the_coordinator_sees_the_measures_of_the_quarter(signed_in, coordinator, area, heard):
    page = signed_in(coordinator).get(dashboard(area)).content.decode()

    assert "Cases heard (repeats included)" in page
    assert "Referrals meeting the criteria not heard" in page
    assert "Target: under 25%" in page
    assert "0% (0 of 1)" in page  # the one referral was heard
    assert "<svg" in page and 'role="img"' in page
    assert quarter_of(heard.meeting.meets_on).label in page


def test_any_dates_can_be_chosen_and_wrong_ones_are_explained(signed_in, coordinator, area):
    client = signed_in(coordinator)

    chosen = client.get(
        dashboard(area),
        {
            "period": "custom",
            **date_parts("first", "2025-01-01"),
            **date_parts("last", "2025-02-15"),
        },
    ).content.decode()
    backwards = client.get(
        dashboard(area),
        {
            "period": "custom",
            **date_parts("first", "2025-03-31"),
            **date_parts("last", "2025-01-01"),
        },
    ).content.decode()

    assert "1 January 2025 to 15 February 2025" in chosen
    assert "choose a quarter above" in chosen  # no return for dates that are not a quarter
    assert "The end of the period cannot be before its start" in backwards


def test_the_return_is_protected_and_its_download_audited(signed_in, coordinator, area, heard):
    quarter = quarter_of(heard.meeting.meets_on)

    response = signed_in(coordinator).get(return_url(area, quarter))

    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    header, meeting, total = list(csv.reader(io.StringIO(text)))
    assert header[:2] == ["Meeting", "Cases heard"]
    assert meeting[1] == "<5" and total[1] == "<5"  # one case heard
    assert total[0] == "All meetings"
    event = AuditEvent.objects.get(action="marac.return_exported")
    assert (event.actor, event.reason) == (coordinator.user, str(quarter))


def test_the_return_comes_as_excel_too(signed_in, coordinator, area, heard):
    response = signed_in(coordinator).get(
        return_url(area, quarter_of(heard.meeting.meets_on), "xlsx")
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_quarter_that_is_not_one_is_404(signed_in, coordinator, area):
    assert signed_in(coordinator).get(return_url(area, "2024Q5")).status_code == 404


def test_another_agencys_coordinator_gets_404(signed_in, area, agency_b):
    other = member(agency_b, Role.MARAC_COORDINATOR)
    client = signed_in(other)

    assert client.get(dashboard(area)).status_code == 404
    assert client.get(return_url(area, "2026Q1")).status_code == 404


@pytest.mark.parametrize("persona", ["idva", "police_rep", "commissioner", "analyst", "manager_a"])
def test_other_roles_get_403(request, signed_in, persona, area):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(dashboard(area)).status_code == 403
    assert client.get(return_url(area, "2026Q1")).status_code == 403


def test_the_dashboard_keeps_a_fixed_number_of_queries(
    signed_in, coordinator, idva, area, help_point, heard, action, django_assert_num_queries
):
    client = signed_in(coordinator)
    client.get(dashboard(area))
    with django_assert_num_queries(14):
        client.get(dashboard(area))
    for _ in range(3):
        victim = PersonFactory(agency=idva.agency)
        services.refer_to_marac(
            idva.user, open_case(idva, victim, help_point), **referral_values(area)
        )

    with django_assert_num_queries(14):
        client.get(dashboard(area))


def test_the_command_writes_the_return_as_csv_or_excel(tmp_path, area, heard):
    quarter = quarter_of(heard.meeting.meets_on)
    out = tmp_path / "return.csv"

    call_command("marac_return", area=area.slug, period=str(quarter), out=out, stdout=io.StringIO())
    call_command(
        "marac_return",
        area=area.slug,
        period=str(quarter),
        out=tmp_path / "r.xlsx",
        stdout=io.StringIO(),
    )

    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert rows[0][1] == "Cases heard" and rows[1][1] == "<5"
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    assert AuditEvent.objects.filter(action="marac.return_exported").count() == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"area": "nowhere", "period": "2024Q1"}, "No MARAC has the short name 'nowhere'"),
        ({"area": "riverford", "period": "2024-Q1"}, "is not a quarter"),
        ({"area": "riverford", "period": "2024Q1", "out": "return.pdf"}, ".csv or .xlsx"),
    ],
)
def test_the_command_explains_bad_arguments(tmp_path, area, options, message):
    options = {"out": tmp_path / "return.csv"} | options

    with pytest.raises(CommandError, match=message):
        call_command("marac_return", **options)
    assert not (tmp_path / "return.csv").exists()
