"""The format partner agencies send their extracts in (DOMAIN §8). Pure Python: no Django.

A schema is versioned: a file names its version in every row (``schema_version``), and a
published version never changes. A new column, a new code list or a stricter rule makes a
new version, and the old one stays readable until no agency sends it any more.
docs/data-dictionary/submissions.md describes each column for the people who send files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    FLAG = "flag"  # yes or no, without "not known": a fact the sender states or leaves empty
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
    # The kinds of row the column is for: a value is needed in rows of those kinds and left
    # empty in the others. Empty: a column of every kind of row.
    only_for: tuple[str, ...] = ()


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

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of record a file of this version may hold."""
        return tuple(code for code, _ in self.column("kind").codes)


INCIDENT: Final = "incident"
REFERRAL: Final = "referral"
COURT_OUTCOME: Final = "court_outcome"
PROTECTION_ORDER: Final = "protection_order"
KINDS: Final[Choices] = (
    (INCIDENT, "Incident"),
    (REFERRAL, "Referral"),
    (COURT_OUTCOME, "Court outcome"),
    (PROTECTION_ORDER, "Protection order"),
)
#: Our own codes for the CPS's finalised outcomes of a prosecution. A conviction (a guilty
#: plea, a conviction after trial or a case proved in the defendant's absence) is a
#: successful outcome; every other finalisation is unsuccessful, as the CPS counts them.
COURT_OUTCOMES: Final[Choices] = (
    ("guilty_plea", "Guilty plea"),
    ("convicted_after_trial", "Convicted after trial"),
    ("proved_in_absence", "Proved in absence"),
    ("discontinued", "Discontinued or withdrawn"),
    ("no_case_to_answer", "Dismissed: no case to answer"),
    ("judge_directed_acquittal", "Judge-ordered or judge-directed acquittal"),
    ("acquitted_after_trial", "Acquitted or dismissed after trial"),
    ("administratively_finalised", "Administratively finalised"),
)
SUCCESSFUL_COURT_OUTCOMES: Final = ("guilty_plea", "convicted_after_trial", "proved_in_absence")
#: Our own short codes for the orders and notices that protect a victim.
PROTECTION_ORDERS: Final[Choices] = (
    ("dvpn", "Domestic violence protection notice (DVPN)"),
    ("dvpo", "Domestic violence protection order (DVPO)"),
    ("dapn", "Domestic abuse protection notice (DAPN)"),
    ("dapo", "Domestic abuse protection order (DAPO)"),
    ("non_molestation", "Non-molestation order"),
    ("occupation", "Occupation order"),
    ("restraining", "Restraining order"),
    ("stalking_protection", "Stalking protection order"),
    ("forced_marriage_protection", "Forced marriage protection order"),
    ("fgm_protection", "FGM protection order"),
    ("other", "Other"),
)
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
#: The identifiers every version has for each person in a row, without the victim_/harmer_
#: prefix.
CORE_IDENTIFIERS: Final = ("given_name", "family_name", "dob", "sex", "postcode", "phone")
#: The identifiers version 3 adds: other or previous names, whether the date of birth is an
#: estimate, the address, its UPRN, and whether the address is withheld (a refuge's). The
#: same names as the linkage engine's optional columns (a test keeps them in step; the
#: schema stays free of the engine).
OPTIONAL_IDENTIFIERS: Final = (
    "other_names",
    "dob_estimated",
    "address_line_1",
    "address_line_2",
    "town",
    "uprn",
    "address_withheld",
)
#: Every identifier kept for a person, in whatever version the row follows.
IDENTIFIERS: Final = CORE_IDENTIFIERS + OPTIONAL_IDENTIFIERS
#: The identifiers that are flags: stored as "yes", "no" or "" (not said).
FLAGS: Final = ("dob_estimated", "address_withheld")
#: What a withheld address leaves empty: everything that would say where the person lives.
WHERE_THEY_LIVE: Final = ("address_line_1", "address_line_2", "town", "uprn", "postcode")
FLAG_CODES: Final[Choices] = (("yes", "Yes"), ("no", "No"))
#: The ways of writing yes or no a flag accepts, in any case.
FLAG_WORDS: Final = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes",
                     "no": "no", "n": "no", "false": "no", "0": "no"}  # fmt: skip
#: The longest a person's other names may be, all of them together.
OTHER_NAMES_LENGTH: Final = 200
#: A Unique Property Reference Number: 1 to 12 digits.
UPRN_DIGITS: Final = 12
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
        Column("kind", ColumnType.CODE, True, KINDS[:2], 20,
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


def _version_2(column: Column) -> Column:
    """A column of version 1 as version 2 has it: every kind of record, and its meaning
    saying so."""
    changed = {
        "schema_version": {"meaning": "the version of this format the file follows: 2"},
        "record_id": {"meaning": "your own id for the record, unique per kind"},
        "kind": {
            "codes": KINDS,
            "meaning": "incident, referral, court_outcome or protection_order; must match "
            "the kind chosen on upload",
        },
        "occurred_on": {
            "meaning": "the date of the incident or referral, of the court outcome (the day "
            "the prosecution was finalised) or of the order (the day it was made); not in "
            "the future"
        },
    }
    return replace(column, **changed.get(column.name, {}))  # type: ignore[arg-type]


VERSION_2: Final = Schema(
    "2",
    (
        *(_version_2(column) for column in VERSION_1.columns),
        Column("court_outcome", ColumnType.CODE, codes=COURT_OUTCOMES, max_length=40,
               only_for=(COURT_OUTCOME,),
               meaning="how the prosecution was finalised (CPS outcome categories); needed "
                       "in court outcome rows, empty in the others"),
        Column("order_type", ColumnType.CODE, codes=PROTECTION_ORDERS, max_length=40,
               only_for=(PROTECTION_ORDER,),
               meaning="the order or notice made to protect the victim (the person causing "
                       "harm is the one it was made against); needed in protection order "
                       "rows, empty in the others"),
    ),
)  # fmt: skip


def _identifiers_v3(role: str, who: str) -> tuple[Column, ...]:
    """The identifiers version 3 adds for one person: all optional, all for linkage only."""
    return (
        Column(f"{role}_other_names", ColumnType.TEXT, max_length=OTHER_NAMES_LENGTH,
               identifier=True,
               meaning=f"Other or previous names {who} is known by (a family name before "
                       "marriage, a name they go by, another spelling), separated by ;, for "
                       "linkage only"),
        Column(f"{role}_dob_estimated", ColumnType.FLAG, codes=FLAG_CODES, max_length=20,
               identifier=True,
               meaning=f"Yes when {who}'s date of birth is an estimate (a guessed year, a "
                       "1 January put in for an unknown day), for linkage only"),
        Column(f"{role}_address_line_1", ColumnType.TEXT, identifier=True,
               meaning=f"The first line of {who}'s address (house number or name, and "
                       "street), for linkage only"),
        Column(f"{role}_address_line_2", ColumnType.TEXT, identifier=True,
               meaning=f"The second line of {who}'s address (flat, estate or district), for "
                       "linkage only"),
        Column(f"{role}_town", ColumnType.TEXT, max_length=60, identifier=True,
               meaning=f"The town or city of {who}'s address, for linkage only"),
        Column(f"{role}_uprn", ColumnType.TEXT, max_length=UPRN_DIGITS, identifier=True,
               meaning=f"The Unique Property Reference Number of {who}'s address (digits "
                       "only, up to 12), for linkage only"),
        Column(f"{role}_address_withheld", ColumnType.FLAG, codes=FLAG_CODES, max_length=20,
               identifier=True,
               meaning=f"Yes when {who}'s address is withheld (a refuge's): then leave the "
                       "address lines, town, UPRN and postcode empty"),
    )  # fmt: skip


def _version_3(column: Column) -> Column:
    """A column of version 2 as version 3 has it: the same, but for the version it names."""
    if column.name == "schema_version":
        return replace(column, meaning="the version of this format the file follows: 3")
    return column


VERSION_3: Final = Schema(
    "3",
    (
        *(_version_3(column) for column in VERSION_2.columns),
        *_identifiers_v3("victim", "the victim"),
        *_identifiers_v3("harmer", "the person causing harm"),
    ),
)

SCHEMAS: Final[dict[str, Schema]] = {
    schema.version: schema for schema in (VERSION_1, VERSION_2, VERSION_3)
}
CURRENT: Final = VERSION_3


def schema_named(version: str) -> Schema | None:
    """The schema of a version, or None when there is no such version."""
    return SCHEMAS.get(version.strip())


def identifier_columns(role: str) -> tuple[str, ...]:
    """Every identifier column of one person (``victim`` or ``harmer``) in any version."""
    return tuple(f"{role}_{name}" for name in IDENTIFIERS)


def normal_flag(text: str) -> str | None:
    """A flag's value as stored: "yes", "no", or "" when left empty; None when the text is
    neither yes nor no."""
    text = text.strip().casefold()
    return FLAG_WORDS.get(text) if text else ""
