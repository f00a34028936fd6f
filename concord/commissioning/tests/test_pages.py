"""Contract and return pages: the commissioner's officers and the provider's managers see
only their own contracts (404 for others), other roles get 403, errors show in the error
summary with nothing saved, and the journey from draft to sign-off shows the payment due."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from concord.commissioning import services
from concord.commissioning.models import Contract, Evidence, Kpi, QuarterlyReturn
from concord.core.tests.dates import date_parts

pytestmark = pytest.mark.django_db

NEW_CONTRACT = {
    "title": "Refuge places",
    **date_parts("starts_on", "2025-04-01"),
    **date_parts("ends_on", "2027-03-31"),
    "annual_value": "826000",
    "funders": "City Council, 72\nPolice and Crime Commissioner, 28",
    "pbr_share": "20",
    "partial_share": "10",
    "met_threshold": "100",
    "partial_threshold": "50",
}
KPI = {
    "code": "clients-supported",
    "title": "Clients supported",
    "year": "1",
    "target": "100",
    "better": "higher",
    "aggregation": "total",
    "payment_linked": "yes",
}


@pytest.fixture
def draft(manager_a, contract, kpis) -> QuarterlyReturn:
    return services.start_return(manager_a, contract, year=1, quarter=1)


def test_contracts_link_only_for_the_roles_that_see_them(signed_in, commissioner, manager_a, idva):
    assert 'href="/contracts/"' in signed_in(commissioner).get("/").content.decode()
    assert 'href="/contracts/"' in signed_in(manager_a).get("/").content.decode()
    assert 'href="/contracts/"' not in signed_in(idva).get("/").content.decode()


def test_the_list_shows_own_contracts_only(signed_in, commissioner, manager_a, manager_b, contract):
    for member in (commissioner, manager_a):
        assert (
            contract.title in signed_in(member).get(reverse("commissioning:list")).content.decode()
        )
    assert (
        contract.title
        not in signed_in(manager_b).get(reverse("commissioning:list")).content.decode()
    )


@pytest.mark.parametrize("role", ["idva", "police_rep", "analyst", "agency_admin_a"])
def test_other_roles_are_refused(request, signed_in, role, contract):
    client = signed_in(request.getfixturevalue(role))

    assert client.get(reverse("commissioning:list")).status_code == 403
    assert client.get(reverse("commissioning:contract", args=[contract.pk])).status_code == 403


def test_another_agencys_contract_and_return_are_404(signed_in, manager_b, draft):
    client = signed_in(manager_b)

    assert (
        client.get(reverse("commissioning:contract", args=[draft.contract.pk])).status_code == 404
    )
    assert client.get(reverse("commissioning:return", args=[draft.pk])).status_code == 404
    assert (
        client.post(
            reverse("commissioning:start-return", args=[draft.contract.pk]),
            {"year": "1", "quarter": "2"},
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("commissioning:evidence-file", args=[draft.pk, draft.pk])).status_code
        == 404
    )


def test_the_provider_cannot_manage_or_review(signed_in, manager_a, draft):
    client = signed_in(manager_a)
    contract = draft.contract

    assert client.get(reverse("commissioning:new")).status_code == 403
    assert client.get(reverse("commissioning:edit", args=[contract.pk])).status_code == 403
    assert client.post(reverse("commissioning:kpi", args=[contract.pk]), KPI).status_code == 403
    response = client.post(
        reverse("commissioning:review", args=[draft.pk]), {"decision": "sign_off", "comment": "ok"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_officer_cannot_fill_in_the_return(signed_in, commissioner, draft):
    client = signed_in(commissioner)

    assert client.get(reverse("commissioning:return", args=[draft.pk])).status_code == 403
    assert client.post(reverse("commissioning:evidence", args=[draft.pk])).status_code == 403


def test_the_officer_lets_a_contract(signed_in, commissioner, agency_a, help_point):
    data = NEW_CONTRACT | {"provider": str(agency_a.pk), "services": [str(help_point.pk)]}

    response = signed_in(commissioner).post(reverse("commissioning:new"), data)

    contract = Contract.objects.get(title="Refuge places")
    assert response.url == reverse("commissioning:contract", args=[contract.pk])
    assert contract.annual_value_pence == 82_600_000
    page = signed_in(commissioner).get(response.url).content.decode()
    assert "£826,000" in page and "Police and Crime Commissioner (28%)" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"funders": "City Council, 60"}, "add up to 100%"),
        ({"funders": "City Council"}, "its name, a comma and its percentage"),
        ({**date_parts("ends_on", "2024-01-01")}, "must be after the start date"),
        ({"annual_value": "lots"}, "Enter the annual value as a number"),
    ],
)
def test_bad_contracts_show_errors_and_save_nothing(
    signed_in, commissioner, agency_a, help_point, changes, message
):
    data = NEW_CONTRACT | {"provider": str(agency_a.pk), "services": [str(help_point.pk)]} | changes

    page = signed_in(commissioner).post(reverse("commissioning:new"), data).content.decode()

    assert "govuk-error-summary" in page and message in page.replace("&#x27;", "'")
    assert not Contract.objects.exists()


def test_a_target_without_a_year_shows_an_error(signed_in, commissioner, contract):
    response = signed_in(commissioner).post(
        reverse("commissioning:kpi", args=[contract.pk]), KPI | {"year": ""}
    )

    assert "Enter the contract year the target is for" in response.content.decode()
    assert not Kpi.objects.exists()


def test_the_officer_sets_a_target(signed_in, commissioner, contract):
    response = signed_in(commissioner).post(reverse("commissioning:kpi", args=[contract.pk]), KPI)

    assert response.status_code == 302
    assert contract.kpis.get().payment_linked


def test_the_officer_changes_a_contract(signed_in, commissioner, contract):
    client = signed_in(commissioner)
    url = reverse("commissioning:edit", args=[contract.pk])
    form = client.get(url).content.decode()
    assert "City Council, 72" in form
    data = NEW_CONTRACT | {
        "title": "Integrated services",
        "provider": str(contract.provider.pk),
        "services": [str(s.pk) for s in contract.services.all()],
    }

    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert contract.title == "Integrated services"


def test_bad_evidence_is_refused_on_the_page(signed_in, manager_a, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00program")
    page = signed_in(manager_a).post(
        reverse("commissioning:evidence", args=[draft.pk]), {"file": upload}
    )

    assert "The file is a program" in page.content.decode()
    assert not Evidence.objects.exists()


def test_a_figure_that_is_not_a_number_is_refused(signed_in, manager_a, draft):
    data = {"figure-clients-supported": "many", "submit": "yes"}

    page = (
        signed_in(manager_a)
        .post(reverse("commissioning:return", args=[draft.pk]), data)
        .content.decode()
    )

    assert "Enter the figure for Clients supported as a number" in page
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_from_draft_to_sign_off_the_payment_due_shows(
    signed_in, manager_a, commissioner, contract, kpis
):
    provider, officer = signed_in(manager_a), signed_in(commissioner)
    started = provider.post(
        reverse("commissioning:start-return", args=[contract.pk]), {"year": "1", "quarter": "1"}
    )
    return_url = started.url
    found = QuarterlyReturn.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = SimpleUploadedFile("figures.csv", b"quarter,clients\nQ1,120\n")
    provider.post(reverse("commissioning:evidence", args=[found.pk]), {"file": evidence})
    data = {
        "figure-clients-supported": "120",
        "figure-clients-satisfied": "79",
        "successes": "More referrals",
        "submit": "yes",
    }
    assert provider.post(return_url, data).status_code == 302
    review_url = reverse("commissioning:review", args=[found.pk])
    officer.post(review_url, {"decision": "query", "comment": "Satisfaction is below target"})
    assert "Satisfaction is below target" in provider.get(return_url).content.decode()
    provider.post(return_url, data | {"figure-clients-satisfied": "81"})
    officer.post(review_url, {"decision": "sign_off", "comment": "Agreed"})

    page = officer.get(reverse("commissioning:contract", args=[contract.pk])).content.decode()
    found.refresh_from_db()
    assert found.status == "signed_off" and found.figures["clients-satisfied"] == "81"
    assert "2 of 2 payment-linked KPIs met their targets: met, 20% of £826,000 = £165,200" in page
    file_url = reverse("commissioning:evidence-file", args=[found.pk, found.evidence.get().pk])
    assert officer.get(file_url).content == b"quarter,clients\nQ1,120\n"


def test_the_officer_reviews_protected_figures(signed_in, manager_a, commissioner, draft):
    services.save_return(
        manager_a,
        draft,
        figures={"clients-supported": Decimal(3), "clients-satisfied": Decimal("79.5")},
    )
    services.submit_return(manager_a, draft)

    review = signed_in(commissioner).get(reverse("commissioning:review", args=[draft.pk]))
    own = signed_in(manager_a).get(reverse("commissioning:return", args=[draft.pk]))

    figures = review.content.decode().split("<h2", 3)[2]  # the Figures section
    assert "&lt;5" in figures and "79.5" in figures
    assert ">3<" not in figures.replace(" ", "").replace("\n", "")
    assert "79.5" in own.content.decode() and "&lt;5" not in own.content.decode()


def test_a_review_without_a_decision_shows_errors(signed_in, manager_a, commissioner, draft):
    services.save_return(
        manager_a, draft, figures={"clients-supported": Decimal(1), "clients-satisfied": Decimal(1)}
    )
    services.submit_return(manager_a, draft)

    page = (
        signed_in(commissioner)
        .post(reverse("commissioning:review", args=[draft.pk]), {})
        .content.decode()
    )

    assert "Select whether to query or sign off the return" in page and "Enter a comment" in page
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_submitting_with_a_figure_missing_saves_nothing(signed_in, manager_a, draft):
    data = {"figure-clients-supported": "12", "successes": "Busy", "submit": "yes"}

    page = signed_in(manager_a).post(reverse("commissioning:return", args=[draft.pk]), data)

    assert "Enter a figure for Clients satisfied (%)" in page.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.figures, draft.successes) == ("draft", {}, "")


def test_the_contract_page_writes_its_shares_and_targets_as_plain_numbers(
    signed_in, commissioner, contract, kpis
):
    services.set_kpi_target(
        commissioner, contract, code="hours-of-support", title="Hours of support", year=1,
        target=Decimal("1250.50"), better="higher", aggregation="total",
    )  # fmt: skip
    page = signed_in(commissioner).get(reverse("commissioning:contract", args=[contract.pk]))
    # The page without its scripts' random CSP nonce, which may itself hold "E+".
    text = re.sub(r'nonce="[^"]*"', "", page.content.decode())
    assert "20% of the annual value when met, 10% when partly met" in text
    assert "Met when 100% of payment-linked KPIs meet their targets" in text
    assert "at least 50% do" in text
    assert "1,250.5" in text
    assert "E+" not in text
