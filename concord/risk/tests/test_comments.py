"""A comment on each answer of a risk checklist: saved with the section, shown on the
assessment, given by the API and in a subject access answer, blanked on anonymising, and
never part of the score."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concord.risk import holding, services
from concord.risk.models import COMMENT_LENGTH
from concord.risk.tests.conftest import answers_with
from concord.risk.tests.test_api import api, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(idva, case, ric):
    return services.start_assessment(idva.user, case, ric)


def first_code(ric):
    return ric.questions.order_by("number").values_list("code", flat=True)[0]


def test_a_comment_is_saved_with_its_answer_and_shown_on_the_assessment(
    signed_in, idva, draft, ric
):
    client = signed_in(idva)
    code = first_code(ric)
    section = client.get(reverse("risk:section", args=[draft.pk, 1])).content.decode()
    assert f'name="{code}_comment"' in section

    client.post(
        reverse("risk:section", args=[draft.pk, 1]),
        {code: "yes", f"{code}_comment": "Bruising seen on her arms", "then": "continue"},
    )

    draft.refresh_from_db()
    assert draft.comments == {code: "Bruising seen on her arms"}
    page = client.get(reverse("risk:assessment", args=[draft.pk])).content.decode()
    assert "Comment: Bruising seen on her arms" in page


def test_a_blank_comment_removes_the_earlier_one(idva, draft, ric):
    code = first_code(ric)
    services.record_answers(idva.user, draft, {code: "yes"}, {code: "First thoughts"})

    services.record_answers(idva.user, draft, {}, {code: "  "})

    assert draft.comments == {}
    assert draft.answers == {code: "yes"}


def test_a_comment_too_long_is_refused_against_its_field(signed_in, idva, draft, ric):
    code = first_code(ric)
    with pytest.raises(ValidationError) as refused:
        services.record_answers(idva.user, draft, {}, {code: "x" * (COMMENT_LENGTH + 1)})
    assert f"{code}_comment" in refused.value.message_dict

    response = signed_in(idva).post(
        reverse("risk:section", args=[draft.pk, 1]),
        {f"{code}_comment": "x" * (COMMENT_LENGTH + 1), "then": "continue"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_comments_do_not_change_the_score(idva, case, ric, manager_a):
    answers = answers_with(ric, yes=15)
    plain = services.start_assessment(idva.user, case, ric)
    services.record_answers(idva.user, plain, answers)
    plain = services.finish_assessment(idva.user, plain)
    commented = services.start_assessment(idva.user, case, ric, reason="new_incident")
    services.record_answers(
        idva.user, commented, answers, dict.fromkeys(answers, "Said with a shaking voice")
    )
    commented = services.finish_assessment(idva.user, commented)

    assert (commented.score, commented.level) == (plain.score, plain.level) == (15, "high")


def test_the_api_records_and_gives_the_comments(idva, draft, ric):
    code = first_code(ric)
    client = api(idva)

    response = send(
        client,
        "patch",
        f"/api/v1/risk-assessments/{draft.pk}/answers",
        {"answers": {code: "no"}, "comments": {code: "She was not sure"}},
    )

    assert response.status_code == 200, response.content
    assert response.json()["comments"] == {code: "She was not sure"}


def test_comments_are_in_a_subject_access_answer_and_blanked_when_anonymised(
    idva, draft, ric, person_a
):
    code = first_code(ric)
    services.record_answers(idva.user, draft, {code: "yes"}, {code: "Told me at the clinic"})

    held = [value for record in holding.held_about(person_a) for value in record.fields]
    assert any("Told me at the clinic" in str(value) for value in held)
    holding.anonymise(person_a)
    draft.refresh_from_db()
    assert draft.comments == {}
