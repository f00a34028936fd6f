"""Contracts and quarterly returns through the API: the pages' scope and roles (another
agency's contract 404, other roles 403), exact figures for the provider and protected ones
for the commissioner (a count under the threshold is never sent), evidence without its
content, and every read audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from concord.accounts.models import Membership
from concord.accounts.services import create_api_token
from concord.commissioning import services
from concord.commissioning.figures import protected_figures
from concord.commissioning.models import Contract, Kpi, QuarterlyReturn
from concord.core.models import AuditEvent
from concord.domain.disclosure import DisclosureRule
from concord.domain.linked_disclosure import protect
from concord.domain.tests.attacker import pinned
from concord.indicators.engine import Result
from concord.indicators.publishing import Block, linked_output

pytestmark = pytest.mark.django_db
EVIDENCE = b"quarter,clients\nQ1,3 named-client-list\n"


def api(membership: Membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def returned(
    manager: Membership, contract: Contract, quarter: int, supported: int
) -> QuarterlyReturn:
    draft = services.start_return(manager, contract, year=1, quarter=quarter)
    figures = {"clients-supported": Decimal(supported), "clients-satisfied": Decimal("79.5")}
    return services.save_return(manager, draft, figures=figures, successes="More referrals")


@pytest.fixture
def submitted(manager_a: Membership, contract: Contract, kpis: list[Kpi]) -> QuarterlyReturn:
    found = returned(manager_a, contract, 1, supported=3)
    services.attach_evidence(manager_a, found, name="figures.csv", content=EVIDENCE)
    return services.submit_return(manager_a, found)


def figures_of(answer: dict) -> dict[str, tuple[str | None, str]]:
    return {figure["code"]: (figure["value"], figure["text"]) for figure in answer["figures"]}


def test_the_list_shows_own_contracts_with_their_funders(
    commissioner: Membership, manager_a: Membership, manager_b: Membership, contract: Contract
) -> None:
    for member in (commissioner, manager_a):
        (found,) = api(member).get("/api/v1/contracts").json()
        assert found["id"] == str(contract.pk)
        assert found["provider"]["name"] == contract.provider.name
        assert found["annual_value_pence"] == 82_600_000
        assert found["pbr_share"] == "20.00" and found["partial_share"] == "10.00"
        assert [(f["name"], f["share"]) for f in found["funders"]] == [
            ("City Council", "72.00"),
            ("Police", "28.00"),
        ]
        assert [s["name"] for s in found["services"]] == ["Help point"]
    assert api(manager_b).get("/api/v1/contracts").json() == []


def test_the_contract_shows_its_targets_and_the_payment_due(
    commissioner: Membership, manager_a: Membership, contract: Contract, kpis: list[Kpi]
) -> None:
    found = services.submit_return(manager_a, returned(manager_a, contract, 1, supported=120))
    services.sign_off_return(commissioner, found, "Agreed")

    answer = api(commissioner).get(f"/api/v1/contracts/{contract.pk}").json()

    assert [(k["code"], k["year"], k["target"]) for k in answer["kpis"]] == [
        ("clients-satisfied", 1, "80.00"),
        ("clients-supported", 1, "100.00"),
    ]
    first, second = answer["payments"]
    assert (first["outcome"], first["due_pence"]) == ("partially_met", 8_260_000)
    assert first["reason"].startswith("1 of 2 payment-linked KPIs met their targets")
    assert (second["outcome"], second["due_pence"]) == ("not_met", 0)


def test_the_provider_sees_its_own_exact_figures(
    manager_a: Membership, submitted: QuarterlyReturn
) -> None:
    answer = api(manager_a).get(f"/api/v1/returns/{submitted.pk}").json()

    assert answer["protected"] is False
    assert figures_of(answer) == {
        "clients-supported": ("3", "3"),
        "clients-satisfied": ("79.5", "79.5"),
    }
    assert (answer["status"], answer["successes"]) == ("submitted", "More referrals")
    assert answer["submitted_at"] is not None


def test_the_commissioner_never_gets_a_small_count(
    commissioner: Membership, manager_a: Membership, submitted: QuarterlyReturn
) -> None:
    services.submit_return(manager_a, returned(manager_a, submitted.contract, 2, supported=120))
    client = api(commissioner)

    one = client.get(f"/api/v1/returns/{submitted.pk}").json()
    every = client.get(f"/api/v1/contracts/{submitted.contract.pk}/returns").json()

    assert one["protected"] is True
    # A whole-number count under 5 is hidden; a typed figure that is not a whole number is
    # the provider's own published figure.
    assert figures_of(one) == {
        "clients-supported": (None, "<5"),
        "clients-satisfied": ("79.5", "79.5"),
    }
    assert [figures_of(r)["clients-supported"] for r in every] == [(None, "<5"), ("120", "120")]


def test_computed_percentages_are_protected_through_their_frozen_parts() -> None:
    frozen = {"feels_safer_rate": "75.00", "engagement_rate": "50.00", "homes_secured": "2.00"}
    parts = {
        "feels_safer_rate": [75, 100],
        "engagement_rate": [2, 4],
        "intake_high_risk_at_intake": [0, 0],
    }
    codes = ["feels_safer_rate", "engagement_rate", "intake_high_risk_at_intake", "homes_secured"]

    shown = protected_figures(frozen, codes, DisclosureRule(), parts)

    assert [(f.value, f.text) for f in shown] == [
        ("75", "75%"),
        (None, "[c]"),  # 2 of 4: both under the threshold
        (None, "None known"),
        (None, "<5"),
    ]


def test_a_computed_percentage_frozen_without_its_parts_is_hidden() -> None:
    frozen = {"feels_safer_rate": "85.00", "made-up": "40", "typed-share": "62.5"}
    codes = ["feels_safer_rate", "made-up", "typed-share", "not-given"]

    shown = protected_figures(frozen, codes, DisclosureRule())

    assert [(f.value, f.text) for f in shown] == [
        (None, "[c]"),
        ("40", "40"),
        ("62.5", "62.5"),
        (None, "Not given"),
    ]


def test_evidence_is_listed_without_its_content(
    commissioner: Membership, manager_a: Membership, submitted: QuarterlyReturn
) -> None:
    for member in (commissioner, manager_a):
        response = api(member).get(f"/api/v1/returns/{submitted.pk}")

        (item,) = response.json()["evidence"]
        assert (item["name"], item["size"]) == ("figures.csv", len(EVIDENCE))
        assert item["content_type"] == "text/csv"
        assert b"named-client-list" not in response.content


def test_the_commissioner_sees_a_draft_as_the_pages_show_it(
    commissioner: Membership, manager_a: Membership, contract: Contract, kpis: list[Kpi]
) -> None:
    # The contract page lists drafts to the officer and opens them read-only, so the API
    # does too; the figures are protected all the same.
    draft = returned(manager_a, contract, 1, supported=3)

    (found,) = api(commissioner).get(f"/api/v1/contracts/{contract.pk}/returns").json()

    assert (found["id"], found["status"]) == (str(draft.pk), "draft")
    assert figures_of(found)["clients-supported"] == (None, "<5")


def test_another_agency_gets_404(manager_b: Membership, submitted: QuarterlyReturn) -> None:
    client = api(manager_b)
    contract = submitted.contract

    for url in (
        f"/api/v1/contracts/{contract.pk}",
        f"/api/v1/contracts/{contract.pk}/returns",
        f"/api/v1/returns/{submitted.pk}",
    ):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["idva", "police_rep", "worker_c", "analyst", "agency_admin_a"])
def test_other_roles_get_403(request, role: str, submitted: QuarterlyReturn) -> None:
    client = api(request.getfixturevalue(role))
    contract = submitted.contract

    for url in (
        "/api/v1/contracts",
        f"/api/v1/contracts/{contract.pk}",
        f"/api/v1/contracts/{contract.pk}/returns",
        f"/api/v1/returns/{submitted.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert b"named-client-list" not in response.content


def test_an_unknown_id_is_404_in_json(commissioner: Membership, contract: Contract) -> None:
    client = api(commissioner)
    unknown = "00000000-0000-0000-0000-000000000000"

    for url in (f"/api/v1/contracts/{unknown}", f"/api/v1/returns/{unknown}"):
        response = client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()
    assert client.get("/api/v1/returns/not-an-id").status_code == 422


def test_every_read_is_audited(commissioner: Membership, submitted: QuarterlyReturn) -> None:
    client = api(commissioner)
    contract = submitted.contract

    client.get("/api/v1/contracts")
    client.get(f"/api/v1/contracts/{contract.pk}")
    client.get(f"/api/v1/contracts/{contract.pk}/returns")
    client.get(f"/api/v1/returns/{submitted.pk}")

    events = AuditEvent.objects.filter(actor=commissioner.user, action__endswith="_viewed")
    assert list(events.order_by("id").values_list("action", "object_id")) == [
        ("commissioning.contracts_viewed", ""),
        ("commissioning.contract_viewed", str(contract.pk)),
        ("commissioning.returns_viewed", str(contract.pk)),
        ("commissioning.return_viewed", str(submitted.pk)),
    ]


def test_the_returns_list_takes_the_same_queries_for_more_returns(
    django_assert_max_num_queries, manager_a: Membership, submitted: QuarterlyReturn
) -> None:
    client = api(manager_a)
    url = f"/api/v1/contracts/{submitted.contract.pk}/returns"
    for quarter in (2, 3, 4):
        returned(manager_a, submitted.contract, quarter, supported=10)

    with django_assert_max_num_queries(11):
        assert len(client.get(url).json()) == 4


def test_a_returns_figures_are_protected_together() -> None:
    """9 programme referrals assessed, 2 of them unsuitable; 5 of the 7 suitable engaged.
    The return shows percentages only: with the unsuitable share hidden, 9 is not published
    and "71%" gives nothing away."""
    frozen = {"programme_unsuitable": "22.22", "programme_engaged": "71.43"}
    parts = {"programme_unsuitable": [2, 9], "programme_engaged": [5, 7]}
    codes = list(parts)

    shown = protected_figures(frozen, codes, DisclosureRule(), parts)

    assert [(f.value, f.text) for f in shown] == [(None, "[c]"), ("71", "71%")]
    results = [
        Result(code, numerator, denominator, 0) for code, (numerator, denominator) in parts.items()
    ]
    output = linked_output([Block(None, results)], DisclosureRule())
    assert pinned(protect(output), output.relations) == {}
