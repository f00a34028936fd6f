"""Contract, KPI and return services: the domain's checks refuse bad input with nothing
changed, figures freeze on submission, only the commissioner's officer reviews, and every
write is audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from concord.accounts.tests.factories import ServiceFactory
from concord.cases.models import IntakeProfile
from concord.cases.tests.factories import CaseFactory
from concord.commissioning import services
from concord.commissioning.models import Contract, Evidence, Kpi, QuarterlyReturn
from concord.commissioning.pbr import Outcome
from concord.commissioning.services import FunderShare
from concord.core.models import AuditEvent
from concord.people.tests.factories import PersonFactory
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%evidence\n"


def contract_values(provider, service, **changes):
    values = {
        "title": "Outreach",
        "provider": provider,
        "services": [service],
        "starts_on": date(2025, 4, 1),
        "ends_on": date(2026, 3, 31),
        "annual_value_pence": 10_000_000,
        "funders": [FunderShare("City Council", Decimal(100))],
    }
    return values | changes


def problems(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_contract_is_owned_by_the_officers_agency_and_audited(contract, commissioner):
    assert contract.agency == commissioner.agency
    assert contract.years == 2
    assert sorted(f.share for f in contract.funders.all()) == [28, 72]
    assert contract.rule.pbr_share == 20 and contract.rule.partial_share == 10
    assert AuditEvent.objects.filter(action="commissioning.contract_let").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"funders": [FunderShare("A", Decimal(60)), FunderShare("B", Decimal(30))]},
            "funders",
            "add up to 100%",
        ),
        ({"funders": []}, "funders", "at least one funder"),
        ({"ends_on": date(2025, 3, 1)}, "ends_on", "after the start date"),
        ({"annual_value_pence": 0}, "annual_value_pence", "more than £0"),
        ({"services": []}, "services", "at least one service"),
        ({"partial_share": Decimal(30)}, "partial_share", "cannot be more than the full share"),
        ({"pbr_share": Decimal(120)}, "pbr_share", "from 0 to 100"),
    ],
)
def test_bad_contracts_are_refused(commissioner, agency_a, help_point, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.save_contract(commissioner, **contract_values(agency_a, help_point, **changes))

    assert message in " ".join(problems(error)[field])
    assert not Contract.objects.exists()


def test_services_must_be_the_providers(commissioner, agency_a, agency_b):
    other = ServiceFactory(agency=agency_b)

    with pytest.raises(ValidationError) as error:
        services.save_contract(commissioner, **contract_values(agency_a, other))

    assert problems(error)["services"] == ["Choose services of the provider"]


def test_only_an_officer_lets_a_contract(manager_a, agency_a, help_point):
    with pytest.raises(ValidationError, match="contract monitoring officer"):
        services.save_contract(manager_a, **contract_values(agency_a, help_point))


def test_changing_a_contract_audits_the_fields_changed(contract, commissioner, help_point):
    values = contract_values(contract.provider, help_point, title="Outreach and IDVAs")
    values |= {"starts_on": contract.starts_on, "ends_on": contract.ends_on}

    services.save_contract(commissioner, contract=contract, **values)

    event = AuditEvent.objects.filter(action="commissioning.contract_changed").get()
    assert event.changes == ["annual_value_pence", "funders", "title"]


def test_a_target_without_a_year_is_refused(commissioner, contract):
    with pytest.raises(ValidationError) as error:
        services.set_kpi_target(
            commissioner, contract, code="k", title="K", year=None,
            target=Decimal(1), better="higher", aggregation="total",
        )  # fmt: skip

    assert problems(error)["year"] == ["Enter the contract year the target is for"]
    assert not Kpi.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": 3}, "year"),
        ({"better": "sideways"}, "better"),
        ({"stretch_target": Decimal(5)}, "stretch_target"),
    ],
)
def test_bad_targets_are_refused(commissioner, contract, changes, field):
    values = {"code": "k", "title": "K", "year": 1, "target": Decimal(10), "better": "higher"}
    values |= {"aggregation": "total"} | changes

    with pytest.raises(ValidationError) as error:
        services.set_kpi_target(commissioner, contract, **values)

    assert field in problems(error)


def test_setting_a_years_target_again_replaces_it(commissioner, contract, kpis):
    services.set_kpi_target(
        commissioner, contract, code="clients-supported", title="Clients supported",
        year=1, target=Decimal(120), better="higher", aggregation="total",
        stretch_target=Decimal(150),
    )  # fmt: skip

    kpi = contract.kpis.get(code="clients-supported", year=1)
    assert (kpi.target, kpi.stretch_target) == (120, 150)


def filled_return(manager, contract, quarter=1, supported="30", satisfied="85"):
    draft = services.start_return(manager, contract, year=1, quarter=quarter)
    figures = {"clients-supported": Decimal(supported), "clients-satisfied": Decimal(satisfied)}
    return services.save_return(manager, draft, figures=figures, successes="Good quarter")


def test_submitting_freezes_the_figures(manager_a, contract, kpis):
    submitted = services.submit_return(manager_a, filled_return(manager_a, contract))

    assert submitted.status == "submitted" and submitted.submitted_at is not None
    assert submitted.figures == {"clients-supported": "30", "clients-satisfied": "85"}
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.save_return(manager_a, submitted, figures={"clients-supported": Decimal(99)})
    submitted.refresh_from_db()
    assert submitted.figure("clients-supported") == 30


def test_a_return_submitted_twice_is_refused(manager_a, contract, kpis):
    submitted = services.submit_return(manager_a, filled_return(manager_a, contract))

    with pytest.raises(ValidationError, match="already submitted"):
        services.submit_return(manager_a, submitted)
    assert AuditEvent.objects.filter(action="commissioning.return_submitted").count() == 1


def test_a_return_missing_a_figure_is_not_submitted(manager_a, contract, kpis):
    draft = services.start_return(manager_a, contract, year=1, quarter=1)
    services.save_return(manager_a, draft, figures={"clients-supported": Decimal(3)})

    with pytest.raises(ValidationError, match="Clients satisfied"):
        services.submit_return(manager_a, draft)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_figures_only_for_the_years_kpis(manager_a, contract, kpis):
    draft = services.start_return(manager_a, contract, year=1, quarter=1)

    with pytest.raises(ValidationError, match="this year's KPIs"):
        services.save_return(manager_a, draft, figures={"made-up": Decimal(1)})


def test_a_kpi_the_engine_computes_is_frozen_from_the_providers_records(
    manager_a, commissioner, contract, agency_a
):
    services.set_kpi_target(
        commissioner, contract, code="training_sessions_delivered", title="Sessions",
        year=1, target=Decimal(2), better="higher", aggregation="total",
    )  # fmt: skip
    TrainingSessionFactory.create_batch(2, agency=agency_a, held_on=date(2025, 5, 1))
    TrainingSessionFactory(agency=agency_a, held_on=date(2025, 8, 1))  # another quarter
    draft = services.start_return(manager_a, contract, year=1, quarter=1)

    submitted = services.submit_return(manager_a, draft)
    TrainingSessionFactory(agency=agency_a, held_on=date(2025, 5, 2))

    submitted.refresh_from_db()
    assert submitted.figures == {"training_sessions_delivered": "2.00"}


def test_a_computed_percentage_is_frozen_with_its_numerator_and_denominator(
    manager_a, commissioner, contract, agency_a, help_point
):
    services.set_kpi_target(
        commissioner, contract, code="intake_self_harm", title="Self-harm at intake",
        year=1, target=Decimal(10), better="higher", aggregation="latest",
    )  # fmt: skip
    for answer in ("yes", "no", "no", "not_known"):
        IntakeProfile.objects.create(
            case=CaseFactory(person=PersonFactory(agency=agency_a), service=help_point),
            agency=agency_a,
            assessed_on=date(2025, 5, 1),
            assessed_by=manager_a.user,
            answers={"self_harm": answer},
        )
    draft = services.start_return(manager_a, contract, year=1, quarter=1)

    submitted = services.submit_return(manager_a, draft)

    assert submitted.figures == {"intake_self_harm": "33.33"}
    assert submitted.figure_parts == {"intake_self_harm": [1, 3]}


def test_query_resubmit_and_sign_off(manager_a, commissioner, contract, kpis):
    submitted = services.submit_return(manager_a, filled_return(manager_a, contract))

    queried = services.query_return(commissioner, submitted, "Why so few?")
    assert (queried.status, queried.comment) == ("queried", "Why so few?")
    services.save_return(
        manager_a,
        queried,
        figures={"clients-supported": Decimal(40), "clients-satisfied": Decimal(90)},
    )
    services.submit_return(manager_a, queried)
    signed = services.sign_off_return(commissioner, queried, "Thank you")

    assert (signed.status, signed.signed_off_by) == ("signed_off", commissioner.user)
    assert signed.figures["clients-supported"] == "40"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"commissioning.return_queried", "commissioning.return_signed_off"} <= actions


def test_the_provider_cannot_sign_off_its_own_return(manager_a, contract, kpis):
    submitted = services.submit_return(manager_a, filled_return(manager_a, contract))

    with pytest.raises(ValidationError, match="cannot review its own return"):
        services.sign_off_return(manager_a, submitted, "All good")
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_another_commissioners_officer_cannot_review(manager_a, contract, kpis, agency_c):
    from concord.accounts.tests.factories import MembershipFactory

    stranger = MembershipFactory(agency=agency_c, role="contract_monitoring_officer")
    submitted = services.submit_return(manager_a, filled_return(manager_a, contract))

    with pytest.raises(ValidationError, match="owns the contract"):
        services.query_return(stranger, submitted, "Hello")


def test_a_review_needs_a_comment_and_a_submitted_return(manager_a, commissioner, contract, kpis):
    draft = filled_return(manager_a, contract)

    with pytest.raises(ValidationError, match="draft: it cannot be signed off"):
        services.sign_off_return(commissioner, draft, "ok")
    submitted = services.submit_return(manager_a, draft)
    with pytest.raises(ValidationError) as error:
        services.query_return(commissioner, submitted, "  ")
    assert problems(error)["comment"] == ["Enter a comment"]


def test_evidence_is_checked_and_kept(manager_a, contract, kpis):
    draft = filled_return(manager_a, contract)

    kept = services.attach_evidence(manager_a, draft, name="minutes.pdf", content=PDF)

    assert (kept.content_type, kept.size) == ("application/pdf", len(PDF))
    assert AuditEvent.objects.filter(action="commissioning.evidence_attached").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("minutes.pdf", b"MZ\x90\x00", "program"), ("minutes.pdf", b"plain text", "does not match")],
)
def test_bad_evidence_is_refused(manager_a, contract, kpis, name, content, message):
    draft = filled_return(manager_a, contract)

    with pytest.raises(ValidationError, match=message):
        services.attach_evidence(manager_a, draft, name=name, content=content)
    assert not Evidence.objects.exists()


@override_settings(COMMISSIONING_EVIDENCE_MAX_BYTES=1024 * 1024)
def test_the_size_limit_is_configurable(manager_a, contract, kpis):
    draft = filled_return(manager_a, contract)

    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        services.attach_evidence(manager_a, draft, name="big.pdf", content=PDF + b"0" * 1024 * 1024)


def test_no_evidence_after_submission(manager_a, contract, kpis):
    submitted = services.submit_return(manager_a, filled_return(manager_a, contract))

    with pytest.raises(ValidationError, match="before the return is submitted"):
        services.attach_evidence(manager_a, submitted, name="late.pdf", content=PDF)


def test_payments_count_only_signed_off_returns(manager_a, commissioner, contract, kpis):
    first = services.submit_return(manager_a, filled_return(manager_a, contract, 1, "60", "70"))
    services.sign_off_return(commissioner, first, "ok")
    second = services.submit_return(manager_a, filled_return(manager_a, contract, 2, "50", "85"))
    signed = list(QuarterlyReturn.objects.filter(status="signed_off"))

    before = services.payments(contract, kpis, signed)[0].payment
    services.sign_off_return(commissioner, second, "ok")
    after = services.payments(
        contract, kpis, list(QuarterlyReturn.objects.filter(status="signed_off"))
    )

    assert before.outcome is Outcome.NOT_MET  # 60 < 100 supported; 70 < 80 satisfied
    assert before.reason.startswith("0 of 2 payment-linked KPIs met their targets: not met")
    assert after[0].payment.outcome is Outcome.MET  # 110 supported; latest 85% satisfied
    assert after[0].payment.due_pence == 16_520_000
    assert after[1].payment.outcome is Outcome.NOT_MET  # year 2 has no targets
