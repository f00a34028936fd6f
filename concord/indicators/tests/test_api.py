"""Indicators through the API: the catalogue for anyone signed in; exact figures of their own
agency for practitioners and managers (404 for another's); protected figures for
commissioners and analysts (no count under the threshold, ever); 403 for other roles."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.accounts.models import Agency, Membership, ServiceKind
from concord.accounts.services import create_api_token
from concord.accounts.tests.factories import ServiceFactory
from concord.cases.models import IntakeProfile
from concord.cases.tests.factories import CaseFactory
from concord.core.models import AuditEvent
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/indicators"
FIGURES = f"{URL}/figures"


def api(membership: Membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def intakes(agency: Agency, assessor: Membership, answers: list[str], sex: str = "female") -> None:
    service = ServiceFactory(agency=agency, kind=ServiceKind.HELP_POINT)
    for answer in answers:
        case: Any = CaseFactory(person=PersonFactory(agency=agency, sex=sex), service=service)
        IntakeProfile.objects.create(
            case=case,
            agency=agency,
            assessed_on=date(2013, 5, 1),
            assessed_by=assessor.user,
            answers={"self_harm": answer},
        )


def test_catalogue_lists_every_definition(idva: Membership, commissioner: Membership) -> None:
    for membership in (idva, commissioner):
        entries = {entry["code"]: entry for entry in api(membership).get(URL).json()}
        assert entries["feels_safer_rate"]["target"] == 80
        assert entries["feels_safer_rate"]["unit"] == "percentage"
        assert entries["cps_successful_outcomes"]["unit"] == "percentage"
        assert entries["police_incidents"]["disaggregations"] == ["agency"]
        sent = {code for code, entry in entries.items() if entry["from_partnership_data"]}
        assert {"police_incidents", "cps_successful_outcomes"} <= sent
        assert "feels_safer_rate" not in sent
        assert "sex" in entries["intake_self_harm"]["disaggregations"]


def test_practitioner_gets_own_agency_exact_figures(
    idva: Membership, agency_b: Agency, police_rep: Membership
) -> None:
    intakes(idva.agency, idva, ["yes", "no", "no", "not_known"])
    intakes(agency_b, police_rep, ["yes"] * 7)

    answer = api(idva).get(FIGURES, {"period": "2013Q1", "code": "intake_self_harm"}).json()

    assert answer["protected"] is False
    assert answer["figures"] == [
        {
            "code": "intake_self_harm", "group": None, "numerator": 1, "denominator": 3,
            "not_known": 1, "value": "33.333333", "percentage": 33,
        }
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="indicators.figures_viewed").exists()


def test_practitioner_cannot_ask_for_another_agency(idva: Membership, agency_b: Agency) -> None:
    client = api(idva)
    other_service: Any = ServiceFactory(agency=agency_b)
    asked = {"period": "2013Q1", "code": "homes_secured"}
    assert client.get(FIGURES, asked | {"agency": str(agency_b.pk)}).status_code == 404
    assert client.get(FIGURES, asked | {"service": str(other_service.pk)}).status_code == 404
    assert client.get(FIGURES, asked | {"agency": str(idva.agency_id)}).status_code == 200


@pytest.mark.parametrize("persona", ["police_rep", "agency_admin_a", "system_admin"])
def test_other_roles_get_no_figures(persona: str, request: pytest.FixtureRequest) -> None:
    membership = request.getfixturevalue(persona)
    assert api(membership).get(FIGURES, {"period": "2013Q1"}).status_code == 403


@pytest.mark.parametrize(
    ("asked", "field", "message"),
    [
        ({"period": "2013Q9"}, "period", "is not a period"),
        ({"period": "2013Q1", "code": "nope"}, "code", "No indicator has the code nope"),
        ({"period": "2013Q1", "disaggregation": "shoe_size"}, "disaggregation", "broken down"),
    ],
)
def test_bad_input_is_refused(
    commissioner: Membership, asked: dict[str, str], field: str, message: str
) -> None:
    response = api(commissioner).get(FIGURES, asked)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == field
    assert message in error["message"]


def test_commissioner_sees_small_numbers_hidden(commissioner: Membership, idva: Membership) -> None:
    intakes(idva.agency, idva, ["yes"] * 3 + ["no"] * 20)

    answer = api(commissioner).get(FIGURES, {"period": "2013Q1", "code": "intake_self_harm"})

    (figure,) = answer.json()["published"]
    assert answer.json()["protected"] is True
    assert (figure["numerator"], figure["numerator_text"]) == (None, "<5")
    assert (figure["denominator"], figure["percentage"], figure["percentage_text"]) == (
        23, None, "[c]",
    )  # fmt: skip


def test_analyst_breakdown_hides_a_group_that_totals_would_give_away(
    analyst: Membership, idva: Membership
) -> None:
    intakes(idva.agency, idva, ["yes"] * 2, sex="male")
    intakes(idva.agency, idva, ["yes"] * 30, sex="female")

    answer = api(analyst).get(
        FIGURES, {"period": "2013Q1", "code": "intake_self_harm", "disaggregation": "sex"}
    )

    lines = {line["group"]: line for line in answer.json()["published"]}
    assert lines["male"]["numerator"] is None
    assert lines["female"]["numerator"] is None or lines["total"]["numerator"] is None


def _shown_counts(published: list[dict[str, Any]]) -> list[int]:
    return [
        line[field]
        for line in published
        for field in ("numerator", "denominator", "not_known")
        if line[field] is not None
    ]


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    answers=st.lists(st.sampled_from(["yes", "no", "not_known"]), max_size=12),
    sexes=st.lists(st.sampled_from(["female", "male", "not_known"]), min_size=12, max_size=12),
)
def test_no_count_under_the_threshold_reaches_a_commissioner(
    commissioner: Membership, idva: Membership, answers: list[str], sexes: list[str]
) -> None:
    IntakeProfile.objects.all().delete()
    for answer, sex in zip(answers, sexes, strict=False):
        intakes(idva.agency, idva, [answer], sex=sex)
    client = api(commissioner)

    for disaggregation in (None, "sex", "agency"):
        asked = {"period": "2013Q1", "code": ["intake_self_harm", "intake_children_total"]}
        if disaggregation:
            asked["disaggregation"] = disaggregation
        published = client.get(FIGURES, asked).json()["published"]
        assert all(count == 0 or count >= 5 for count in _shown_counts(published))


def test_figures_for_any_range_of_days(commissioner: Membership) -> None:
    answer = api(commissioner).get(
        FIGURES, {"from": "2012-09-01", "to": "2012-12-31", "code": "homes_secured"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["period"], body["first"], body["last"]) == (
        "1 September to 31 December 2012",
        "2012-09-01",
        "2012-12-31",
    )
    assert [figure["code"] for figure in body["published"]] == ["homes_secured"]


@pytest.mark.parametrize(
    ("asked", "fields", "message"),
    [
        ({"from": "2012-12-31", "to": "2012-09-01"}, ["to"], "same as or after the start"),
        ({"from": "2012-02-30", "to": "2012-09-01"}, ["from"], "is not a date"),
        ({"from": "1/9/2012", "to": "2012-09-01"}, ["from"], "is not a date"),
        ({"from": "2012-09-01"}, ["to"], "Give a period, or the days from and to"),
        ({}, ["from", "to"], "Give a period, or the days from and to"),
        ({"period": "2013Q1", "to": "2012-09-01"}, ["period"], "not both"),
    ],
)
def test_a_bad_range_of_days_is_refused_naming_the_field(
    commissioner: Membership, asked: dict[str, str], fields: list[str], message: str
) -> None:
    response = api(commissioner).get(FIGURES, asked)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["field"] for error in errors] == fields
    assert all(message in error["message"] for error in errors)
