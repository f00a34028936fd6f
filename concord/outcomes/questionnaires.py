"""The outcome questionnaire as data. Each version is a JSON file in concord/outcomes/data/:
its code, name, version and numbered questions, each with a code, our own short label, a
hint, its kind (a 0 to 10 scale or a choice with its choices) and the stages it is asked
at. A data migration loads the bundled files; a new version is a new file (and migration),
and the answers given to older versions are kept with the version they answered.

``store_questionnaire`` takes the model classes as arguments, so the data migration can
pass its historical models."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from concord.outcomes.stages import STAGES

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED = (DATA_DIR / "outcomes_v1.json",)
SCALE = "scale"
CHOICE = "choice"
KINDS = ((SCALE, "A scale from 0 to 10"), (CHOICE, "One of some choices"))
SCALE_RANGE = range(0, 11)
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_LIMITS = {"label": 200, "hint": 300, "name": 200, "version": 20, "code": 40}


class QuestionnaireError(ValueError):
    """A definition that cannot be loaded, with the reason."""


@dataclass(frozen=True)
class QuestionDefinition:
    number: int
    code: str
    label: str
    hint: str
    kind: str
    choices: list[list[str]]
    stages: list[str]


@dataclass(frozen=True)
class QuestionnaireDefinition:
    code: str
    name: str
    version: str
    active: bool
    questions: tuple[QuestionDefinition, ...]


def _text(data: dict[str, Any], key: str, where: str, *, blank: bool = False) -> str:
    value = data.get(key, "" if blank else None)
    if not isinstance(value, str) or (not blank and not value.strip()):
        raise QuestionnaireError(f"{where}: '{key}' must be some text")
    if len(value) > TEXT_LIMITS.get(key, 60):
        raise QuestionnaireError(f"{where}: '{key}' is longer than {TEXT_LIMITS.get(key, 60)}")
    return value.strip()


def _code(data: dict[str, Any], where: str) -> str:
    code = _text(data, "code", where)
    if not CODE.match(code):
        raise QuestionnaireError(f"{where}: code '{code}' must be lower case letters, digits or _")
    return code


def _choices(item: dict[str, Any], kind: str, where: str) -> list[list[str]]:
    choices = item.get("choices", [])
    if kind == SCALE:
        if choices:
            raise QuestionnaireError(f"{where}: a scale has no choices")
        return []
    valid = isinstance(choices, list) and len(choices) >= 2
    valid = valid and all(
        isinstance(c, list) and len(c) == 2 and all(isinstance(t, str) and t for t in c)
        for c in choices
    )
    if not valid:
        raise QuestionnaireError(f"{where}: a choice needs at least two [value, label] pairs")
    values = [value for value, _ in choices]
    if len(set(values)) != len(values):
        raise QuestionnaireError(f"{where}: the choices' values must differ")
    return [list(choice) for choice in choices]


def _stages(item: dict[str, Any], where: str) -> list[str]:
    stages = item.get("stages")
    known = [stage for stage, _ in STAGES]
    if not isinstance(stages, list) or not stages or set(stages) - set(known):
        raise QuestionnaireError(f"{where}: 'stages' must list some of: {', '.join(known)}")
    return [stage for stage in known if stage in stages]


def _question(item: Any, number: int) -> QuestionDefinition:
    where = f"question {number}"
    if not isinstance(item, dict):
        raise QuestionnaireError(f"{where}: must be an object")
    if item.get("number") != number:
        raise QuestionnaireError(f"{where}: questions must be numbered 1, 2, 3… in order")
    kind = item.get("kind")
    if kind not in dict(KINDS):
        raise QuestionnaireError(f"{where}: 'kind' must be one of: {', '.join(dict(KINDS))}")
    return QuestionDefinition(
        number=number,
        code=_code(item, where),
        label=_text(item, "label", where),
        hint=_text(item, "hint", where, blank=True),
        kind=kind,
        choices=_choices(item, kind, where),
        stages=_stages(item, where),
    )


def parse_questionnaire(data: Any) -> QuestionnaireDefinition:
    if not isinstance(data, dict):
        raise QuestionnaireError("A questionnaire must be a JSON object")
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise QuestionnaireError("'active' must be true or false")
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        raise QuestionnaireError("'questions' must be a list of questions")
    questions = tuple(_question(item, number) for number, item in enumerate(items, start=1))
    codes = [question.code for question in questions]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise QuestionnaireError(f"question codes must differ: {', '.join(repeated)}")
    return QuestionnaireDefinition(
        code=_code(data, "questionnaire"),
        name=_text(data, "name", "questionnaire"),
        version=_text(data, "version", "questionnaire"),
        active=active,
        questions=questions,
    )


def read_questionnaire(path: Path) -> QuestionnaireDefinition:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise QuestionnaireError(f"Cannot read {path.name}: {error}") from None
    return parse_questionnaire(data)


def _shape(questions: Any) -> list[tuple[Any, ...]]:
    """What answers depend on: each question's number, code, kind and choices' values."""
    return [(q.number, q.code, q.kind, [value for value, _ in q.choices]) for q in questions]


def store_questionnaire(
    definition: QuestionnaireDefinition, questionnaires: Any, questions: Any
) -> Any:
    """Create or update one questionnaire version and its questions; return it. Labels,
    hints and choices' labels may change at any time; questions' codes, kinds, choices'
    values and stages only while nobody has answered the version: otherwise the change must
    be a new version. An active version makes the questionnaire's other versions inactive."""
    questionnaire, created = questionnaires.objects.get_or_create(
        code=definition.code,
        version=definition.version,
        defaults={"name": definition.name, "active": definition.active},
    )
    stored = list(questionnaire.questions.order_by("number"))
    same_shape = _shape(stored) == _shape(definition.questions) and [q.stages for q in stored] == [
        q.stages for q in definition.questions
    ]
    if not same_shape:
        if not created and questionnaire.measures.exists():
            raise QuestionnaireError(
                f"{definition.code} version {definition.version} has been answered: its "
                "questions cannot change; give the changed questionnaire a new version"
            )
        questionnaire.questions.all().delete()
        questions.objects.bulk_create(
            questions(questionnaire=questionnaire, **vars(question))
            for question in definition.questions
        )
    else:
        for question in definition.questions:
            questionnaire.questions.filter(number=question.number).update(
                label=question.label, hint=question.hint, choices=question.choices
            )
    questionnaire.name = definition.name
    questionnaire.active = definition.active
    questionnaire.save()
    if definition.active:
        questionnaires.objects.filter(code=definition.code, active=True).exclude(
            pk=questionnaire.pk
        ).update(active=False)
    return questionnaire
