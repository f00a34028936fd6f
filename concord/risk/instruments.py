"""Risk instruments as data. Each checklist version is a JSON file (see
concord/risk/data/ and docs/user-guide/risk.md): its code, name, version, audience and
sections of numbered questions, each with a code, our own short label and help text.
A data migration loads the bundled files; ``manage.py load_instrument FILE`` loads DARA or
a local variant without a change of code.

``store_instrument`` takes the model classes as arguments, so the data migration can pass
its historical models and the command the real ones."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED = (DATA_DIR / "dash_ric.json", DATA_DIR / "acpo_dash_2009.json")
AUDIENCES = (("police", "Police"), ("non_police", "Agencies other than the police"))
POLICE = "police"
NON_POLICE = "non_police"
CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
TEXT_LIMITS = {"label": 120, "help": 500, "title": 120, "name": 200, "version": 20}


class InstrumentError(ValueError):
    """A definition that cannot be loaded, with the reason."""


@dataclass(frozen=True)
class QuestionDefinition:
    number: int
    code: str
    label: str
    help_text: str
    section: str


@dataclass(frozen=True)
class InstrumentDefinition:
    code: str
    name: str
    version: str
    audience: str
    active: bool
    questions: tuple[QuestionDefinition, ...]


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InstrumentError(f"{where}: '{key}' must be some text")
    if len(value) > TEXT_LIMITS.get(key, 60):
        raise InstrumentError(f"{where}: '{key}' is longer than {TEXT_LIMITS.get(key, 60)}")
    return value.strip()


def _code(data: dict[str, Any], where: str) -> str:
    code = _text(data, "code", where)
    if not CODE.match(code):
        raise InstrumentError(f"{where}: code '{code}' must be lower case letters, digits or _")
    return code


def _questions(sections: Any) -> tuple[QuestionDefinition, ...]:
    if not isinstance(sections, list) or not sections:
        raise InstrumentError("'sections' must be a list of sections")
    questions: list[QuestionDefinition] = []
    for place, section in enumerate(sections, start=1):
        if not isinstance(section, dict) or not isinstance(section.get("questions"), list):
            raise InstrumentError(f"section {place}: needs a title and a list of questions")
        title = _text(section, "title", f"section {place}")
        if not section["questions"]:
            raise InstrumentError(f"section {place}: has no questions")
        for item in section["questions"]:
            where = f"question {len(questions) + 1}"
            if not isinstance(item, dict):
                raise InstrumentError(f"{where}: must be an object")
            if item.get("number") != len(questions) + 1:
                raise InstrumentError(f"{where}: questions must be numbered 1, 2, 3… in order")
            questions.append(
                QuestionDefinition(
                    number=len(questions) + 1,
                    code=_code(item, where),
                    label=_text(item, "label", where),
                    help_text=_text(item, "help", where),
                    section=title,
                )
            )
    codes = [question.code for question in questions]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise InstrumentError(f"question codes must differ: {', '.join(repeated)}")
    return tuple(questions)


def parse_instrument(data: Any) -> InstrumentDefinition:
    if not isinstance(data, dict):
        raise InstrumentError("An instrument must be a JSON object")
    audience = data.get("audience")
    if audience not in dict(AUDIENCES):
        raise InstrumentError(f"'audience' must be one of: {', '.join(dict(AUDIENCES))}")
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise InstrumentError("'active' must be true or false")
    return InstrumentDefinition(
        code=_code(data, "instrument"),
        name=_text(data, "name", "instrument"),
        version=_text(data, "version", "instrument"),
        audience=audience,
        active=active,
        questions=_questions(data.get("sections")),
    )


def read_instrument(path: Path) -> InstrumentDefinition:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InstrumentError(f"Cannot read {path.name}: {error}") from None
    return parse_instrument(data)


def store_instrument(definition: InstrumentDefinition, instruments: Any, questions: Any) -> Any:
    """Create or update one instrument version and its questions; return the instrument.
    Labels and help text may change at any time. Questions may be added, removed or
    renumbered only while no assessment uses the version: otherwise it must be a new one.
    An active version makes the instrument's other versions inactive."""
    instrument, created = instruments.objects.get_or_create(
        code=definition.code,
        version=definition.version,
        defaults={
            "name": definition.name,
            "audience": definition.audience,
            "active": definition.active,
        },
    )
    wanted = [(q.number, q.code) for q in definition.questions]
    stored = list(instrument.questions.order_by("number").values_list("number", "code"))
    if stored != wanted:
        if not created and instrument.assessments.exists():
            raise InstrumentError(
                f"{definition.code} version {definition.version} is in use: its questions "
                "cannot change; give the changed checklist a new version"
            )
        instrument.questions.all().delete()
        questions.objects.bulk_create(
            questions(instrument=instrument, **vars(question)) for question in definition.questions
        )
    else:
        for question in definition.questions:
            instrument.questions.filter(number=question.number).update(
                label=question.label, help_text=question.help_text, section=question.section
            )
    instrument.name = definition.name
    instrument.audience = definition.audience
    instrument.active = definition.active
    instrument.save()
    if definition.active:
        instruments.objects.filter(code=definition.code, active=True).exclude(
            pk=instrument.pk
        ).update(active=False)
    return instrument
