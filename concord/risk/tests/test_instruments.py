"""Checklists as data: the bundled DASH RIC and ACPO DASH, the rules a definition must keep,
and `manage.py load_instrument` for DARA or a local variant."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from concord.core.models import AuditEvent
from concord.risk import services
from concord.risk.instruments import BUNDLED, InstrumentError, parse_instrument
from concord.risk.models import Instrument, checklist_sections

pytestmark = pytest.mark.django_db


def test_the_dash_ric_has_24_questions_for_agencies_other_than_the_police(ric):
    questions = list(ric.questions.all())

    assert len(questions) == 24
    assert [q.number for q in questions] == list(range(1, 25))
    assert ric.audience == "non_police"
    assert questions[14].label == "Strangulation, choking or drowning"


def test_acpo_dash_has_27_questions_for_the_police_with_children_at_10_to_12(acpo):
    questions = list(acpo.questions.all())
    children = [q for q in questions if q.section == "Children and other dependants"]

    assert len(questions) == 27
    assert acpo.audience == "police"
    assert [q.number for q in children] == [10, 11, 12]
    assert {q.code for q in children} == {
        "other_children_or_dependants",
        "harms_children",
        "threatens_children",
    }


def test_every_question_has_a_short_label_and_help_in_sections(ric, acpo):
    for instrument in (ric, acpo):
        sections = checklist_sections(instrument.questions.all())
        assert len(sections) >= 3
        for section in sections:
            for question in section.questions:
                assert 0 < len(question.label) <= 60
                assert len(question.help_text) > len(question.label)


def test_the_same_concern_has_the_same_code_in_both_checklists(ric, acpo):
    ric_codes = set(ric.questions.values_list("code", flat=True))
    acpo_codes = set(acpo.questions.values_list("code", flat=True))

    assert acpo_codes - ric_codes == {
        "other_children_or_dependants",
        "harms_children",
        "threatens_children",
    }
    assert ric_codes <= acpo_codes


def test_the_police_default_to_acpo_dash_and_other_agencies_to_the_dash_ric(
    agency_a, agency_b, agency_c, ric, acpo
):
    assert services.default_instrument(agency_b) == acpo
    assert services.default_instrument(agency_a) == ric
    assert services.default_instrument(agency_c) == ric


# Definitions ---------------------------------------------------------------------------------


def definition():
    return json.loads(BUNDLED[0].read_text())


def broken(change):
    data = definition()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][0]["questions"][1].update(number=5), "numbered 1, 2, 3"),
        (lambda d: d["sections"][1]["questions"][0].update(code="current_injury"), "must differ"),
        (lambda d: d.update(audience="everyone"), "'audience' must be one of"),
        (lambda d: d["sections"][0]["questions"][0].update(code="Current Injury"), "lower case"),
        (lambda d: d["sections"][0]["questions"][0].update(label=" "), "'label' must be"),
        (lambda d: d["sections"][0]["questions"][0].update(label="x" * 121), "longer than 120"),
        (lambda d: d["sections"][2].update(questions=[]), "has no questions"),
        (lambda d: d.update(sections=[]), "'sections' must be a list"),
        (lambda d: d.update(active="yes"), "'active' must be true or false"),
        (lambda d: d.pop("version"), "'version' must be"),
    ],
)
def test_a_broken_definition_is_refused_with_the_reason(change, message):
    with pytest.raises(InstrumentError, match=message):
        parse_instrument(broken(change))


def test_a_definition_gives_sections_to_its_questions():
    parsed = parse_instrument(definition())

    assert len(parsed.questions) == 24
    assert parsed.questions[0].section == "The person and what is happening now"
    assert parsed.questions[-1].section == "The person causing harm"


# The command ---------------------------------------------------------------------------------


def local_variant(tmp_path, version="1", **changes):
    data = copy.deepcopy(definition())
    data.update(code="riverford_dash", name="Riverford local checklist", version=version)
    data.update(changes)
    path = tmp_path / f"riverford-{version}.json"
    path.write_text(json.dumps(data))
    return path, data


def test_a_local_variant_is_loaded_without_a_change_of_code(tmp_path, capsys):
    path, _ = local_variant(tmp_path)

    call_command("load_instrument", str(path))

    loaded = Instrument.objects.get(code="riverford_dash")
    assert loaded.questions.count() == 24
    assert loaded.active
    assert "24 questions" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="risk.instrument_loaded").exists()


def test_loading_again_updates_labels_and_a_new_version_replaces_the_old(tmp_path):
    path, data = local_variant(tmp_path)
    call_command("load_instrument", str(path))
    data["sections"][0]["questions"][0]["label"] = "Hurt in this incident"
    path.write_text(json.dumps(data))
    call_command("load_instrument", str(path))
    newer, _ = local_variant(tmp_path, version="2")
    call_command("load_instrument", str(newer))

    first = Instrument.objects.get(code="riverford_dash", version="1")
    assert first.questions.get(number=1).label == "Hurt in this incident"
    assert not first.active
    assert Instrument.objects.get(code="riverford_dash", version="2").active


def test_the_questions_of_a_version_in_use_cannot_change(tmp_path, idva, case):
    path, data = local_variant(tmp_path)
    call_command("load_instrument", str(path))
    services.start_assessment(idva.user, case, Instrument.objects.get(code="riverford_dash"))
    data["sections"][2]["questions"].pop()
    path.write_text(json.dumps(data))

    with pytest.raises(CommandError, match="in use"):
        call_command("load_instrument", str(path))

    assert Instrument.objects.get(code="riverford_dash").questions.count() == 24


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "checklist.json"
    path.write_text("{not json")

    with pytest.raises(CommandError, match=r"Cannot read checklist\.json"):
        call_command("load_instrument", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_instrument", str(tmp_path / "missing.json"))
