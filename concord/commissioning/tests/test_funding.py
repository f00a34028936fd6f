"""Grants and spend: streams, allocations that may not exceed their stream (even when two
people allocate at once), spend returned and corrected with its audit, who may see and do
what (403 for a role not allowed, 404 for an allocation out of reach), the pages' query
counts, the export and the API."""

from __future__ import annotations

import threading
import time
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from concord.accounts.models import Membership, Service
from concord.accounts.services import create_api_token
from concord.accounts.tests.factories import ServiceFactory
from concord.cases.tests.test_import_contention import on_a_file
from concord.commissioning import funding, funding_pack
from concord.commissioning.models import Allocation, FundingStream, SpendReturn
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

YEAR = 2025  # a finished year: every quarter of it is due
TODAY = date(2026, 5, 1)


def api(membership: Membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def stream(partnership_manager) -> FundingStream:
    return funding.add_stream(
        partnership_manager,
        name="Domestic abuse grant",
        kind="da_grant",
        funder="MHCLG",
        year=YEAR,
        amount_pence=100_000_00,
        today=TODAY,
    )


@pytest.fixture
def to_contract(partnership_manager, stream, contract) -> Allocation:
    return funding.allocate(
        partnership_manager,
        stream,
        contract=contract,
        service=None,
        purpose="Refuge support",
        amount_pence=40_000_00,
    )


@pytest.fixture
def to_service(partnership_manager, stream, agency_b) -> Allocation:
    service: Service = ServiceFactory.create(agency=agency_b, name="Police IDVA")
    return funding.allocate(
        partnership_manager,
        stream,
        contract=None,
        service=service,
        purpose="Police-based IDVA",
        amount_pence=20_000_00,
    )


# Services -------------------------------------------------------------------------------------


def test_an_allocation_beyond_what_is_left_of_the_stream_is_refused(
    partnership_manager, stream, contract, to_contract
):
    with pytest.raises(ValidationError) as refused:
        funding.allocate(
            partnership_manager,
            stream,
            contract=contract,
            service=None,
            purpose="More",
            amount_pence=60_000_01,
        )

    assert refused.value.message_dict["amount_pence"] == [
        "The amount is more than is left of the stream: £60,000 of £100,000 is unallocated"
    ]
    assert Allocation.objects.count() == 1


def test_an_allocation_needs_a_contract_or_a_service_and_an_amount(partnership_manager, stream):
    with pytest.raises(ValidationError) as refused:
        funding.allocate(
            partnership_manager, stream, contract=None, service=None, purpose=" ", amount_pence=0
        )

    assert set(refused.value.message_dict) == {"contract", "purpose", "amount_pence"}


def test_a_stream_needs_a_year_within_reach_and_an_amount(partnership_manager):
    with pytest.raises(ValidationError) as refused:
        funding.add_stream(
            partnership_manager,
            name="Grant",
            kind="nonsense",
            funder="",
            year=1999,
            amount_pence=-1,
            today=TODAY,
        )

    assert set(refused.value.message_dict) == {"kind", "funder", "year", "amount_pence"}
    assert not FundingStream.objects.exists()


def test_a_service_manager_cannot_keep_streams(manager_a):
    with pytest.raises(ValidationError):
        funding.add_stream(
            manager_a, name="G", kind="other", funder="F", year=YEAR, amount_pence=1, today=TODAY
        )


@pytest.mark.django_db(transaction=True)
def test_two_allocations_at_once_never_overshoot_the_stream(
    partnership_manager, commissioner, stream, contract, monkeypatch, tmp_path
):
    """Each fits alone; together they would not. The total is slowed down so that, were the
    stream's row not locked while it is read, both would pass."""

    added_up = funding.allocated_so_far

    def slowly(found: FundingStream) -> int:
        total = added_up(found)
        time.sleep(0.5)
        return total

    monkeypatch.setattr(funding, "allocated_so_far", slowly)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def allocate(membership: Membership) -> None:
        try:
            start.wait()
            funding.allocate(
                membership,
                stream,
                contract=contract,
                service=None,
                purpose=f"By {membership.role}",
                amount_pence=60_000_00,
            )
            outcomes.append("allocated")
        except ValidationError as refusal:
            outcomes.append(refusal.message_dict["amount_pence"][0][:31])
        finally:
            connections.close_all()

    with on_a_file(tmp_path):
        threads = [
            threading.Thread(target=allocate, args=(m,))
            for m in (partnership_manager, commissioner)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        allocated = list(Allocation.objects.values_list("amount_pence", flat=True))

    assert sorted(outcomes) == ["The amount is more than is left", "allocated"]
    assert allocated == [60_000_00]


def test_spend_is_returned_then_corrected_with_before_and_after_audited(manager_a, to_contract):
    funding.return_spend(manager_a, to_contract, quarter=1, spent_pence=9_000_00, note="")
    funding.return_spend(
        manager_a, to_contract, quarter=1, spent_pence=9_500_00, note="Late invoice"
    )

    found = SpendReturn.objects.get()
    assert (found.spent_pence, found.note) == (9_500_00, "Late invoice")
    corrected = AuditEvent.objects.get(action="commissioning.spend_corrected")
    assert corrected.reason == "Q1 £9,000 to £9,500"
    assert corrected.changes == ["note", "spent_pence"]
    assert AuditEvent.objects.filter(action="commissioning.spend_returned").count() == 1


@pytest.mark.parametrize(
    ("quarter", "pence", "field"),
    [(0, 100, "quarter"), (5, 100, "quarter"), (2, -1, "spent_pence"), (None, 1, "quarter")],
)
def test_bad_spend_is_refused(manager_a, to_contract, quarter, pence, field):
    with pytest.raises(ValidationError) as refused:
        funding.return_spend(manager_a, to_contract, quarter=quarter, spent_pence=pence)

    assert field in refused.value.message_dict
    assert not SpendReturn.objects.exists()


def test_another_agencys_service_manager_cannot_return_spend(manager_b, to_contract):
    with pytest.raises(ValidationError):
        funding.return_spend(manager_b, to_contract, quarter=1, spent_pence=1)


def test_a_year_adds_its_streams_up_with_quarters_not_returned_named(
    manager_a, manager_b, to_contract, to_service
):
    for quarter in (1, 2, 3):
        funding.return_spend(manager_a, to_contract, quarter=quarter, spent_pence=9_000_00)
    funding.return_spend(manager_b, to_service, quarter=1, spent_pence=6_000_00)

    (found,) = funding.year_spend(YEAR, 4)

    assert found.allocated_pence == 60_000_00
    assert found.unallocated_pence == 40_000_00
    assert found.to_date.spent_pence == 33_000_00
    # Profile of the quarters returned: three of £10,000 and one of £5,000.
    assert found.to_date.variance_text == "£2,000 underspent (6%)"
    assert found.to_date.missing_text == "Quarters 2, 3 and 4 not returned"


# Pages ----------------------------------------------------------------------------------------


def test_the_manager_adds_a_stream_and_an_allocation_through_the_pages(
    signed_in, partnership_manager, contract
):
    client = signed_in(partnership_manager)
    response = client.post(
        reverse("commissioning:funding-new"),
        {
            "name": "DA grant",
            "kind": "da_grant",
            "funder": "MHCLG",
            "year": "2026",
            "amount": "120000",
        },
    )
    stream = FundingStream.objects.get()
    assert response.status_code == 302 and stream.amount_pence == 120_000_00

    allocate = reverse("commissioning:funding-allocate", args=[stream.pk])
    response = client.post(
        allocate,
        {"recipient": f"contract:{contract.pk}", "purpose": "Refuge", "amount": "50000"},
    )
    assert response.status_code == 302
    assert Allocation.objects.get().contract == contract
    assert AuditEvent.objects.filter(action="commissioning.allocation_added").exists()


def test_too_much_allocated_shows_the_error_summary_and_saves_nothing(
    signed_in, partnership_manager, stream, contract
):
    page = signed_in(partnership_manager).post(
        reverse("commissioning:funding-allocate", args=[stream.pk]),
        {"recipient": f"contract:{contract.pk}", "purpose": "Refuge", "amount": "100000.01"},
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in text
    assert "£100,000 of £100,000 is unallocated" in text
    assert not Allocation.objects.exists()


def test_a_bad_stream_form_says_what_is_wrong(signed_in, partnership_manager):
    page = signed_in(partnership_manager).post(reverse("commissioning:funding-new"), {})

    text = page.content.decode()
    assert "govuk-error-summary" in text
    assert "Enter the stream&#39;s name" in text and "Enter the amount awarded" in text


def test_the_provider_returns_spend_and_the_variance_shows(
    signed_in, manager_a, to_contract, stream
):
    client = signed_in(manager_a)
    url = reverse("commissioning:funding-spend", args=[to_contract.pk])

    response = client.post(url, {"quarter": "1", "spent": "9600", "note": ""})

    assert response.status_code == 302
    page = client.get(reverse("commissioning:funding-stream", args=[stream.pk])).content.decode()
    assert "£400 underspent (4%)" in page
    assert "Not returned" in page
    assert "Police-based IDVA" not in page  # another agency's allocation


def test_a_negative_spend_is_refused_on_the_form(signed_in, manager_a, to_contract):
    url = reverse("commissioning:funding-spend", args=[to_contract.pk])

    page = signed_in(manager_a).post(url, {"quarter": "1", "spent": "-5"})

    assert "Enter the amount spent, £0 or more" in page.content.decode()
    assert not SpendReturn.objects.exists()


def test_the_year_page_shows_totals_and_exports(signed_in, commissioner, to_contract, manager_a):
    funding.return_spend(manager_a, to_contract, quarter=1, spent_pence=12_000_00)
    client = signed_in(commissioner)
    url = reverse("commissioning:funding")

    page = client.get(url, {"year": YEAR, "quarter": 1}).content.decode()
    assert "£2,000 overspent (20%)" in page
    assert "All streams" in page

    csv = b"".join(client.get(url, {"year": YEAR, "quarter": 2, "format": "csv"}).streaming_content)
    assert "Not returned" in csv.decode("utf-8-sig")
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet.cell(2, 2).value == "Domestic abuse grant"
    assert sheet.cell(2, 7).value == 12000
    assert sheet.cell(2, 8).value == "Not returned"
    assert AuditEvent.objects.filter(action="commissioning.spend_exported").count() == 2


def test_a_provider_sees_only_its_own_allocations(signed_in, manager_b, to_contract, to_service):
    page = signed_in(manager_b).get(reverse("commissioning:funding"), {"year": YEAR})

    text = page.content.decode()
    assert "Police-based IDVA" in text and "Refuge support" not in text
    assert "Add a funding stream" not in text


def test_the_contract_page_shows_its_allocations(signed_in, commissioner, to_contract):
    page = signed_in(commissioner).get(
        reverse("commissioning:contract", args=[to_contract.contract_id])
    )

    assert "Refuge support" in page.content.decode()


@pytest.mark.parametrize("who", ["idva", "board_member", "analyst", "police_rep"])
def test_roles_not_allowed_get_403(signed_in, request, who, stream, to_contract):
    client = signed_in(request.getfixturevalue(who))

    assert client.get(reverse("commissioning:funding")).status_code == 403
    assert client.get(reverse("commissioning:funding-stream", args=[stream.pk])).status_code == 403
    spend = reverse("commissioning:funding-spend", args=[to_contract.pk])
    assert client.post(spend, {"quarter": "1", "spent": "1"}).status_code == 403
    assert not SpendReturn.objects.exists()


def test_a_service_manager_cannot_add_streams_or_allocations(signed_in, manager_a, stream):
    client = signed_in(manager_a)

    assert client.get(reverse("commissioning:funding-new")).status_code == 403
    allocate = reverse("commissioning:funding-allocate", args=[stream.pk])
    assert client.get(allocate).status_code == 403


def test_an_allocation_out_of_reach_is_404(signed_in, manager_b, to_contract, stream):
    client = signed_in(manager_b)

    spend = reverse("commissioning:funding-spend", args=[to_contract.pk])
    assert client.post(spend, {"quarter": "1", "spent": "1"}).status_code == 404
    assert client.get(reverse("commissioning:funding-stream", args=[stream.pk])).status_code == 404
    assert not SpendReturn.objects.exists()


def test_the_pages_read_in_a_fixed_number_of_queries(
    signed_in, partnership_manager, stream, contract, django_assert_max_num_queries
):
    for n in range(5):
        allocation = funding.allocate(
            partnership_manager, stream, contract=contract, service=None,
            purpose=f"Part {n}", amount_pence=1_000_00,
        )  # fmt: skip
        funding.return_spend(partnership_manager, allocation, quarter=1, spent_pence=900_00)
    client = signed_in(partnership_manager)

    with django_assert_max_num_queries(14):
        assert client.get(reverse("commissioning:funding"), {"year": YEAR}).status_code == 200
    with django_assert_max_num_queries(14):
        url = reverse("commissioning:funding-stream", args=[stream.pk])
        assert client.get(url).status_code == 200


# API ------------------------------------------------------------------------------------------


def test_the_api_lists_a_years_streams(partnership_manager, to_contract, manager_a):
    funding.return_spend(manager_a, to_contract, quarter=1, spent_pence=9_000_00)

    response = api(partnership_manager).get("/api/v1/funding/streams", {"year": YEAR})

    assert response.status_code == 200
    (stream,) = response.json()
    assert stream["amount_pence"] == 100_000_00
    (allocation,) = stream["allocations"]
    assert allocation["to_date"]["not_returned"] == [2, 3, 4]
    assert allocation["to_date"]["variance"] == "£1,000 underspent (10%)"


def test_the_api_returns_spend_and_refuses_bad_input_with_422(manager_a, to_contract):
    client = api(manager_a)
    url = f"/api/v1/funding/allocations/{to_contract.pk}/spend"

    created = client.post(url, {"quarter": 2, "spent_pence": 500}, content_type="application/json")
    bad_quarter = client.post(
        url, {"quarter": 5, "spent_pence": 1}, content_type="application/json"
    )
    negative = client.post(url, {"quarter": 1, "spent_pence": -1}, content_type="application/json")

    assert created.status_code == 201 and created.json()["spent_pence"] == 500
    assert bad_quarter.status_code == 422
    assert bad_quarter.json()["detail"][0]["field"] == "quarter"
    assert negative.status_code == 422
    assert negative.json()["detail"][0]["field"] == "spent_pence"
    assert SpendReturn.objects.count() == 1


def test_the_api_refuses_roles_and_hides_allocations_out_of_reach(idva, manager_b, to_contract):
    url = f"/api/v1/funding/allocations/{to_contract.pk}/spend"
    body = {"quarter": 1, "spent_pence": 1}

    assert api(idva).get("/api/v1/funding/streams").status_code == 403
    assert api(manager_b).post(url, body, content_type="application/json").status_code == 404
    assert api(manager_b).get("/api/v1/funding/streams", {"year": YEAR}).json() == []


def test_the_board_pack_gets_the_years_spend_in_words(manager_a, to_contract):
    funding.return_spend(manager_a, to_contract, quarter=1, spent_pence=9_000_00)

    (table,) = funding_pack.spend_tables(YEAR, 2)

    assert table.title == "Grant spend in 2025 to 2026, to the end of quarter 2"
    stream, total = table.rows
    assert stream == (
        "Domestic abuse grant",
        "£100,000",
        "£40,000",
        "£9,000",
        "£1,000 underspent (10%); quarter 2 not returned",
    )
    assert total[0] == "All streams"
    assert funding_pack.spend_tables(2030, 1)[0].rows == ()
