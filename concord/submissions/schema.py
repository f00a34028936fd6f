"""The format partner agencies send their extracts in (DOMAIN §8). Pure Python: no Django.

A schema is versioned: a file names its version in every row (``schema_version``), and a
published version never changes. A new column, a new code list or a stricter rule makes a
new version, and the old one stays readable until no agency sends it any more.
docs/data-dictionary/submissions.md describes each column for the people who send files.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from concord.people import reference as ref

Choices = tuple[tuple[str, str], ...]


class ColumnType(StrEnum):
    TEXT = "text"
    DATE = "date"
    CODE = "code"
    CODE_LIST = "code list"
    YES_NO = "yes/no"
    INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    codes: Choices = ()
    max_length: int = 100
    meaning: str = ""
    identifier: bool = False  # kept in the identity vault, never in the analysis table
    lowest: int | None = None
    highest: int | None = None


@dataclass(frozen=True)
class Schema:
    version: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


KINDS: Final[Choices] = (("incident", "Incident"), ("referral", "Referral"))
RELATIONSHIPS: Final[Choices] = (
    ("current_partner", "Current partner"),
    ("ex_partner", "Ex-partner"),
    ("family_member", "Family member"),
    ("other", "Other"),
)
OUTCOMES: Final[Choices] = (
    ("arrest", "Arrest"),
    ("charge", "Charge"),
    ("no_further_action", "No further action"),
    ("referred_on", "Referred on"),
    ("advice_given", "Advice given"),
    ("other", "Other"),
)
ETHNICITIES: Final[Choices] = tuple((code, label) for code, label, _ in ref.ETHNICITIES)
IDENTITY_ROLES: Final[Choices] = (("victim", "Victim"), ("harmer", "Person causing harm"))
#: The identifiers kept for each person in a row, without the victim_/harmer_ prefix.
IDENTIFIERS: Final = ("given_name", "family_name", "dob", "sex", "postcode", "phone")
#: Ages are whole years; an age outside this range is a typing mistake.
OLDEST: Final = 120


def _person(role: str, who: str, *, required: bool) -> tuple[Column, ...]:
    return (
        Column(f"{role}_given_name", ColumnType.TEXT, required, identifier=True,
               meaning=f"{who}'s given name(s)"),
        Column(f"{role}_family_name", ColumnType.TEXT, required, identifier=True,
               meaning=f"{who}'s family name"),
        Column(f"{role}_dob", ColumnType.DATE, identifier=True,
               meaning=f"{who}'s date of birth; not in the future"),
        Column(f"{role}_sex", ColumnType.CODE, codes=ref.SEXES, max_length=40, identifier=True,
               meaning=f"{who}'s sex"),
        Column(f"{role}_postcode", ColumnType.TEXT, max_length=10, identifier=True,
               meaning=f"{who}'s full postcode, for linkage only"),
        Column(f"{role}_phone", ColumnType.TEXT, max_length=20, identifier=True,
               meaning=f"{who}'s phone number, for linkage only"),
    )  # fmt: skip


VERSION_1: Final = Schema(
    "1",
    (
        Column("schema_version", ColumnType.TEXT, True, max_length=10,
               meaning="the version of this format the file follows: 1"),
        Column("agency", ColumnType.TEXT, True, max_length=60,
               meaning="your agency's short name in Concord (its slug)"),
        Column("record_id", ColumnType.TEXT, True,
               meaning="your own id for the incident or referral, unique per kind"),
        Column("kind", ColumnType.CODE, True, KINDS, 20,
               meaning="incident or referral; must match the kind chosen on upload"),
        Column("occurred_on", ColumnType.DATE, True,
               meaning="the date of the incident or referral; not in the future"),
        *_person("victim", "The victim", required=True),
        *_person("harmer", "The person causing harm", required=False),
        Column("relationship", ColumnType.CODE, codes=RELATIONSHIPS, max_length=40,
               meaning="what the person causing harm is to the victim"),
        Column("abuse_types", ColumnType.CODE_LIST, codes=ref.ABUSE_TYPES, max_length=400,
               meaning="the kinds of abuse, codes separated by ;"),
        Column("children_present", ColumnType.YES_NO, codes=ref.YES_NO_NOT_KNOWN, max_length=20,
               meaning="whether children were present"),
        Column("repeat", ColumnType.YES_NO, codes=ref.YES_NO_NOT_KNOWN, max_length=20,
               meaning="your own flag: a repeat incident or referral by your definition"),
        Column("victim_ethnicity", ColumnType.CODE, codes=ETHNICITIES, max_length=40,
               meaning="the victim's ethnicity (ONS 2021 categories)"),
        Column("victim_age", ColumnType.INTEGER, lowest=0, highest=OLDEST, max_length=3,
               meaning="the victim's age in whole years on the date"),
        Column("harmer_age", ColumnType.INTEGER, lowest=0, highest=OLDEST, max_length=3,
               meaning="the person causing harm's age in whole years on the date"),
        Column("area", ColumnType.TEXT, max_length=60,
               meaning="ward name or postcode district (like LE2); never a full postcode"),
        Column("outcome", ColumnType.CODE, codes=OUTCOMES, max_length=40,
               meaning="what your agency did"),
    ),
)  # fmt: skip

SCHEMAS: Final[dict[str, Schema]] = {VERSION_1.version: VERSION_1}
CURRENT: Final = VERSION_1


def schema_named(version: str) -> Schema | None:
    """The schema of a version, or None when there is no such version."""
    return SCHEMAS.get(version.strip())


def identifier_columns(role: str) -> tuple[str, ...]:
    return tuple(f"{role}_{name}" for name in IDENTIFIERS)
