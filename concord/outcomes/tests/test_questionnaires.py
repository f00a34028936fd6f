"""The questionnaire as versioned data: the bundled version 1, the rules a definition must
keep, and a new version added without losing the answers given to the old one."""

from __future__ import annotations

import copy
import json

import pytest

from concord.outcomes import services
from concord.outcomes.models import OutcomeMeasure, Questionnaire, QuestionnaireQuestion
from concord.outcomes.questionnaires import (
    BUNDLED,
    QuestionnaireError,
    parse_questionnaire,
    store_questionnaire,
)
from concord.outcomes.tests.conftest import INTAKE_ANSWERS

pytestmark = pytest.mark.django_db


def bundled() -> dict:
    return json.loads(BUNDLED[0].read_text(encoding="utf-8"))


def store(data: dict) -> Questionnaire:
    return store_questionnaire(parse_questionnaire(data), Questionnaire, QuestionnaireQuestion)


def test_version_1_asks_five_things_at_every_stage_and_more_at_exit_and_follow_up():
    version_1 = services.active_questionnaire()
    codes = {
        stage: [q.code for q in version_1.questions_at(stage)]
        for stage in ("intake", "exit", "follow_up")
    }

    common = ["safety", "wellbeing", "abuse", "confidence", "knows_where_to_get_help"]
    assert version_1.version == "1"
    assert codes["intake"] == common
    assert codes["exit"] == [*common, "feels_safer", "may_contact_after"]
    assert codes["follow_up"] == [*common, "feels_safer", "further_incidents"]
    incidents = version_1.questions.get(code="further_incidents")
    assert [value for value, _ in incidents.choices] == ["yes", "no", "prefer_not_to_say"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda q: q[0].update(kind="slider"), "'kind' must be one of"),
        (lambda q: q[0].update(choices=[["a", "A"], ["b", "B"]]), "a scale has no choices"),
        (lambda q: q[2].update(choices=[["only", "Only"]]), "at least two"),
        (lambda q: q[2].update(choices=[["a", "A"], ["a", "B"]]), "values must differ"),
        (lambda q: q[1].update(code="safety"), "codes must differ"),
        (lambda q: q[1].update(number=5), "numbered 1, 2, 3"),
        (lambda q: q[0].update(stages=["closure"]), "'stages' must list"),
        (lambda q: q[0].update(label=""), "'label' must be some text"),
    ],
)
def test_a_definition_that_breaks_a_rule_is_refused_with_the_reason(change, problem):
    data = bundled()
    change(data["questions"])

    with pytest.raises(QuestionnaireError, match=problem):
        parse_questionnaire(data)


def test_a_new_version_is_asked_from_now_on_and_old_answers_keep_theirs(idva, case, record):
    old = record(case, "intake", INTAKE_ANSWERS)
    data = copy.deepcopy(bundled())
    data["version"] = "2"
    data["questions"][0]["label"] = "On a scale of 0 to 10, how safe do you feel today?"
    data["questions"][4]["choices"].append(["not_sure", "Not sure"])

    version_2 = store(data)

    assert services.active_questionnaire() == version_2
    assert Questionnaire.objects.get(version="1").active is False
    old.refresh_from_db()
    assert (old.questionnaire.version, old.answers) == ("1", INTAKE_ANSWERS)
    assert old.questionnaire.questions.get(number=1).label == "How safe do you feel at the moment?"
    OutcomeMeasure.objects.all().delete()  # to answer the intake questions again
    new_choice = {**INTAKE_ANSWERS, "knows_where_to_get_help": "not_sure"}
    assert record(case, "intake", new_choice).questionnaire == version_2


def test_an_answered_version_keeps_its_questions_but_may_be_reworded(case, record):
    record(case, "intake", INTAKE_ANSWERS)
    data = bundled()
    data["questions"][0]["label"] = "How safe do you feel these days?"
    assert store(data).questions.get(number=1).label == "How safe do you feel these days?"

    data["questions"][0]["kind"] = "choice"
    data["questions"][0]["choices"] = [["safe", "Safe"], ["unsafe", "Unsafe"]]
    with pytest.raises(QuestionnaireError, match="has been answered"):
        store(data)
    assert Questionnaire.objects.get().questions.get(number=1).kind == "scale"
