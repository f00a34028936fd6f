"""The annual Part 4 return's figures (DOMAIN §12) for a financial year, per accommodation
type and in total, counted from the records by set-based SQL: each section is one query
of conditional counts (COUNT DISTINCT, SUM) in the database, never a loop over everyone.

**Who is one person.** A person supported by two services has a record at each. Concord's
own records are not in record linkage yet (issue 19), and submissions' partnership IDs
cover only the agencies that send files, not Concord's records, so records are joined only
where an accepted referral joins them: the referring case's person and the person of the
case the referral created (any chain of such referrals). One query reads those links,
``concord.domain.same_person`` groups them, and for the few records it finds to be one
person with another counted record, one more query per section says which figures they
fall in, so that each figure counts such a person once (``Identity.overcount``).
A child who went with the referral is joined the same way: the referring case's child and
the person the receiving agency made of them on accepting it. A household is its lead
adult (the person of the stay's case): a household in two services counts once in the
total, and in each type's column.

**What overlaps the year.** A stay overlaps the year when the household moved in on or
before its last day and had not moved out before its first day (a stay that ended on 1
April ends in the year, so every household that stopped being supported was supported).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from typing import Any, TypeVar

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    Model,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from concord.accommodation import vocabulary as v
from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.accounts.models import Service, ServiceKind
from concord.domain.periods import Period, financial_year
from concord.domain.same_person import representatives
from concord.people import reference as ref
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Referral, ReferredChild

M = TypeVar("M", bound=Model)
TOTAL = "total"
TYPES: tuple[str, ...] = tuple(code for code, _ in v.ACCOMMODATION_TYPES)
COLUMNS: tuple[str, ...] = (*TYPES, TOTAL)
COLUMN_LABELS: dict[str, str] = {**dict(v.ACCOMMODATION_TYPES), TOTAL: "Total"}
ALL = "all"
NOT_RECORDED = "not_recorded"


# The return as data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One figure of the return: a value for each accommodation type and the total."""

    key: str
    label: str
    definition: str
    values: dict[str, int]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: tuple[Line, ...]
    #: Counts of people or households (disclosure control applies when published); bed
    #: spaces count places, not people.
    about_people: bool = True
    #: Breakdowns by the most sensitive characteristics hide more when published.
    sensitive: bool = False
    #: The key of the line the others break down ("all"), if any.
    whole: str | None = None


@dataclass(frozen=True)
class Part4Figures:
    year: int
    sections: tuple[Section, ...]

    @property
    def period(self) -> Period:
        return financial_year(self.year)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def value(self, section: str, line: str, column: str = TOTAL) -> int:
        found = next(item for item in self.section(section).lines if item.key == line)
        return found.values[column]

    def to_json(self) -> dict[str, Any]:
        """The exact figures, as kept with a signed-off return."""
        return {
            "year": self.year,
            "sections": {
                section.key: {line.key: line.values for line in section.lines}
                for section in self.sections
            },
        }


# Counting ---------------------------------------------------------------------------------


class ListHas(Func):
    """Whether a JSON list column holds a code: ``@>`` on PostgreSQL, ``json_each`` on
    SQLite, so that people are counted by characteristic inside the database."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, code: str) -> None:
        super().__init__(F(column))
        self.code = code

    def as_sql(  # type: ignore[override]  # a fixed SQL form: no function or template
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        # the column is compiled by Django, the code a parameter
        sql = f"EXISTS (SELECT 1 FROM json_each({column}) AS listed WHERE listed.value = %s)"  # noqa: S608
        return sql, [*params, self.code]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"({column} @> %s::jsonb)", [*params, json.dumps([self.code])]


@dataclass(frozen=True)
class Identity:
    """Records found to be one person with another counted record, each mapped to the
    record its person is counted by. Counting distinct records counts such a person once
    for each of their records: ``overcount`` says by how many, from the joined records
    alone (few), so the counting queries stay simple."""

    same: Mapping[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def overcount(self, rows: QuerySet[Any], person: str, cells: Mapping[str, Q]) -> dict[str, int]:
        """For each cell (a condition on ``rows``), how many more distinct ``person``
        records it counts than people: one query over the joined records' rows."""
        if not self.same:
            return dict.fromkeys(cells, 0)
        found = (
            rows.filter(**{f"{person}__in": list(self.same)})
            .order_by()
            .values(person)
            .annotate(**{name: Count("pk", filter=where) for name, where in cells.items()})
        )
        present: dict[str, set[uuid.UUID]] = {name: set() for name in cells}
        for row in found:
            for name in cells:
                if row[name]:
                    present[name].add(row[person])
        return {
            name: len(records) - len({self.same[record] for record in records})
            for name, records in present.items()
        }


def overlapping(rows: QuerySet[M], period: Period, prefix: str = "") -> QuerySet[M]:
    """The stays (or rows of a stay, through ``prefix``) that overlap ``period``."""
    return rows.filter(
        Q(**{f"{prefix}moved_in_on__lte": period.last})
        & (
            Q(**{f"{prefix}moved_out_on__isnull": True})
            | Q(**{f"{prefix}moved_out_on__gte": period.first})
        )
    )


def identity_for(period: Period) -> Identity:
    """Two queries of the accepted referrals' links between records (the adult's, and each
    child's who went with the referral), each end marked when
    it is a person of a stay overlapping ``period`` (a member or a lead). The marks are
    ``IN`` subqueries, which both databases work out once for the whole query."""
    stays = overlapping(Stay.objects.all(), period)
    members = StayMember.objects.filter(stay__in=stays).values("person_id")
    leads = stays.values("case__person_id")

    def counted(end: str) -> ExpressionWrapper[Q]:
        return ExpressionWrapper(
            Q(**{f"{end}__in": members}) | Q(**{f"{end}__in": leads}),
            output_field=BooleanField(),
        )

    accepted = Q(status=ReferralStatus.ACCEPTED, to_service__isnull=False)
    first, second = "case__person_id", "created_case__person_id"
    adults = (
        Referral.objects.filter(accepted, created_case__isnull=False)
        .annotate(first_counted=counted(first), second_counted=counted(second))
        .values_list(first, second, "first_counted", "second_counted")
    )
    first, second = "case_child__person_id", "received_person_id"
    children = (
        ReferredChild.objects.filter(
            case_child__isnull=False,
            received_person__isnull=False,
            referral__in=Referral.objects.filter(accepted).values("pk"),
        )
        .annotate(first_counted=counted(first), second_counted=counted(second))
        .values_list(first, second, "first_counted", "second_counted")
    )
    links = chain(adults, children)
    pairs: list[tuple[uuid.UUID, uuid.UUID]] = []
    wanted: set[uuid.UUID] = set()
    for one, other, one_counted, other_counted in links:
        pairs.append((one, other))
        if one_counted:
            wanted.add(one)
        if other_counted:
            wanted.add(other)
    return Identity(representatives(pairs, wanted))


def _by_type(
    rows: QuerySet[Any],
    type_field: str,
    lines: Mapping[str, Q],
    measure: Combinable | str,
    *,
    distinct: bool = True,
    summed: bool = False,
) -> dict[str, dict[str, int]]:
    """One query: for each line (a condition) and each column (a type, or the total), the
    distinct count (or the sum) of ``measure`` over ``rows``."""
    aggregates: dict[str, Any] = {}
    for name, where in _cells(type_field, lines).items():
        if summed:
            aggregates[name] = Coalesce(Sum(measure, filter=where), 0)
        else:
            aggregates[name] = Count(measure, filter=where, distinct=distinct)
    found = rows.aggregate(**aggregates)
    return {line: {column: int(found[f"{line}__{column}"]) for column in COLUMNS} for line in lines}


def _cells(type_field: str, lines: Mapping[str, Q]) -> dict[str, Q]:
    """Each line's condition in each column (a type, or the total), by "line__column"."""
    return {
        f"{line}__{column}": condition if column == TOTAL else condition & Q(**{type_field: column})
        for line, condition in lines.items()
        for column in COLUMNS
    }


def _people(
    rows: QuerySet[Any],
    type_field: str,
    lines: Mapping[str, Q],
    person: str,
    identity: Identity,
) -> dict[str, dict[str, int]]:
    """For each line and column, the people (or households, by their lead) among
    ``rows``: distinct ``person`` records, less those that are one person with another."""
    values = _by_type(rows, type_field, lines, person)
    over = identity.overcount(rows, person, _cells(type_field, lines))
    return {
        line: {column: values[line][column] - over[f"{line}__{column}"] for column in COLUMNS}
        for line in lines
    }


def _lines(
    values: Mapping[str, Mapping[str, int]],
    labelled: Iterable[tuple[str, str, str]],
) -> tuple[Line, ...]:
    return tuple(Line(key, label, meaning, dict(values[key])) for key, label, meaning in labelled)


def _choices(vocabulary: Iterable[tuple[str, str]], meaning: str) -> list[tuple[str, str, str]]:
    """A line per code: its label and a definition made from ``meaning``'s "{label}"."""
    return [(code, label, meaning.format(label=label.lower())) for code, label in vocabulary]


TYPE = "accommodation__accommodation_type"


def part4_figures(year: int) -> Part4Figures:
    """Every figure of the return for the financial year starting in April of ``year``."""
    period = financial_year(year)
    identity = identity_for(period)
    return Part4Figures(
        year,
        (
            _supported(period, identity),
            _sex(period, identity),
            _trans(period, identity),
            _characteristics(period, identity),
            _support(period, identity),
            _bed_spaces(period),
            _unable(period),
            _stopped(period, identity),
            _destinations(period, identity),
        ),
    )


def _members(period: Period) -> QuerySet[StayMember]:
    return overlapping(StayMember.objects.all(), period, "stay__")


MEMBER_TYPE = "stay__" + TYPE


def _supported(period: Period, identity: Identity) -> Section:
    stays = overlapping(Stay.objects.all(), period)
    households = _people(stays, TYPE, {"households": Q()}, "case__person_id", identity)
    people = _people(
        _members(period),
        MEMBER_TYPE,
        {"individuals": Q(), "adults": Q(is_child=False), "children": Q(is_child=True)},
        "person_id",
        identity,
    )
    return Section(
        "supported",
        "Households and people supported",
        _lines(
            households | people,
            (
                (
                    "households",
                    "Households supported",
                    "Households (counted by their lead adult) with a stay that overlaps the "
                    "year; one supported by two services counts once in the total.",
                ),
                (
                    "individuals",
                    "Individuals supported",
                    "Adults and children of those households, each person counted once.",
                ),
                ("adults", "Adults", "Members of those households recorded as adults."),
                (
                    "children",
                    "Children",
                    "Members of those households recorded as children, each a victim in "
                    "their own right.",
                ),
            ),
        ),
    )


def _known(field_name: str, code: str) -> Q:
    return Q(is_child=False, **{field_name: code})


def _sex(period: Period, identity: Identity) -> Section:
    sex = "person__sex"
    lines = {
        "female": _known(sex, "female"),
        "male": _known(sex, "male"),
        ref.NOT_KNOWN: Q(is_child=False) & ~Q(**{f"{sex}__in": ["female", "male"]}),
    }
    values = _people(_members(period), MEMBER_TYPE, lines, "person_id", identity)
    return Section(
        "sex",
        "Adults supported by sex",
        _lines(
            values,
            (
                ("female", "Female", "Adults supported whose recorded sex is female."),
                ("male", "Male", "Adults supported whose recorded sex is male."),
                (
                    ref.NOT_KNOWN,
                    "Not known",
                    "Adults supported whose sex is not known or who preferred not to say.",
                ),
            ),
        ),
    )


def _trans(period: Period, identity: Identity) -> Section:
    same = "person__gender_same_as_birth"
    lines = {
        "trans": _known(same, "no"),
        "not_trans": _known(same, "yes"),
        ref.NOT_KNOWN: Q(is_child=False) & ~Q(**{f"{same}__in": ["yes", "no"]}),
    }
    values = _people(_members(period), MEMBER_TYPE, lines, "person_id", identity)
    return Section(
        "trans",
        "Adults supported by trans status",
        _lines(
            values,
            (
                (
                    "trans",
                    "Trans",
                    "Adults supported whose gender is not the same as the sex registered at "
                    "their birth.",
                ),
                (
                    "not_trans",
                    "Not trans",
                    "Adults supported whose gender is the same as the sex registered at birth.",
                ),
                (
                    ref.NOT_KNOWN,
                    "Not known",
                    "Adults supported whose answer is not known or who preferred not to say.",
                ),
            ),
        ),
        sensitive=True,
    )


def _characteristics(period: Period, identity: Identity) -> Section:
    codes = v.SPECIALIST_CHARACTERISTICS
    lines = {code: Q(ListHas("characteristics", code)) for code, _ in codes}
    values = _people(_members(period), MEMBER_TYPE, lines, "person_id", identity)
    return Section(
        "characteristics",
        "Individuals supported with specialist characteristics",
        _lines(
            values,
            _choices(
                codes,
                "Individuals supported recorded as {label}; a person can have several "
                "characteristics.",
            ),
        ),
        sensitive=True,
    )


def _support(period: Period, identity: Identity) -> Section:
    rows = overlapping(SupportReceived.objects.all(), period, "member__stay__").filter(
        started_on__lte=period.last
    )
    lines = {code: Q(kind=code) for code, _ in v.SUPPORT_KINDS}
    values = _people(rows, "member__" + MEMBER_TYPE, lines, "member__person_id", identity)
    return Section(
        "support",
        "Support received",
        _lines(
            values,
            _choices(
                v.SUPPORT_KINDS,
                "Individuals supported who received {label} during a stay, by the end of the year.",
            ),
        ),
    )


def open_in(units: QuerySet[Unit], period: Period) -> QuerySet[Unit]:
    """Units open on some day of ``period``."""
    return units.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=period.last),
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.first),
    )


def _bed_spaces(period: Period) -> Section:
    units = open_in(
        Unit.objects.filter(commissioned=True, accommodation__commissioned=True), period
    )
    beds = _by_type(units, TYPE, {"bed_spaces": Q()}, "bed_spaces", summed=True)
    counted = _by_type(units, TYPE, {"units": Q()}, "pk")
    places = _by_type(
        AccommodationService.objects.filter(
            commissioned=True, accommodation_type=v.SANCTUARY_SCHEME
        ),
        "accommodation_type",
        {"places": Q()},
        "sanctuary_places",
        summed=True,
    )["places"]
    for values in (beds["bed_spaces"], counted["units"]):
        values[v.SANCTUARY_SCHEME] += places[v.SANCTUARY_SCHEME]
        values[TOTAL] += places[TOTAL]
    return Section(
        "bed_spaces",
        "Commissioned bed spaces",
        _lines(
            beds | counted,
            (
                (
                    "bed_spaces",
                    "Bed spaces",
                    "Bed spaces of commissioned units of commissioned services open in the "
                    "year; a sanctuary scheme counts the homes it is commissioned to secure.",
                ),
                (
                    "units",
                    "Units",
                    "Commissioned units (rooms, flats, houses) open in the year; a sanctuary "
                    "scheme counts the homes it is commissioned to secure.",
                ),
            ),
        ),
        about_people=False,
    )


def declined_referrals(period: Period) -> QuerySet[Referral]:
    """Referrals made in Concord to an accommodation service and declined in ``period``,
    for any reason but a duplicate: households that could not be supported."""
    return Referral.objects.filter(
        status=ReferralStatus.DECLINED,
        to_service__accommodation__isnull=False,
        decided_at__date__gte=period.first,
        decided_at__date__lte=period.last,
    ).exclude(decline_reason=ref.DUPLICATE)


def _unable(period: Period) -> Section:
    reasons = v.UNABLE_TO_SUPPORT_REASONS
    lines = {ALL: Q(), **{code: Q(reason=code) for code, _ in reasons}}
    unmet = UnmetNeed.objects.filter(referred_on__gte=period.first, referred_on__lte=period.last)
    recorded = _by_type(unmet, TYPE, lines, "pk", distinct=False)
    adults = _by_type(unmet, TYPE, {ALL: Q()}, "adults", summed=True)[ALL]
    children = _by_type(unmet, TYPE, {ALL: Q()}, "children", summed=True)[ALL]
    referral_lines = {
        ALL: Q(),
        **{code: Q(decline_reason=code) for code, _ in reasons},
        NOT_RECORDED: Q(decline_reason=""),
    }
    referred = _by_type(
        declined_referrals(period),
        "to_service__accommodation__accommodation_type",
        referral_lines,
        "pk",
        distinct=False,
    )
    recorded[NOT_RECORDED] = dict.fromkeys(COLUMNS, 0)  # unmet need always has a reason
    values = {
        line: {column: recorded[line][column] + referred[line][column] for column in COLUMNS}
        for line in referral_lines
    }
    values["adults"] = {column: adults[column] + referred[ALL][column] for column in COLUMNS}
    values["children"] = children
    return Section(
        "unable",
        "Households that could not be supported",
        _lines(
            values,
            (
                (
                    ALL,
                    "All households that could not be supported",
                    "Households referred in the year that a service could not support: "
                    "referrals made in Concord and declined (but as duplicates), and those "
                    "recorded as unmet need.",
                ),
                *_choices(reasons, "Of those, the households not supported for: {label}."),
                (
                    NOT_RECORDED,
                    "Reason not recorded",
                    "Of those, referrals declined without a reason.",
                ),
                (
                    "adults",
                    "Adults in those households",
                    "Adults as recorded with unmet need; a referral declined in Concord "
                    "counts its one adult.",
                ),
                (
                    "children",
                    "Children in those households (where known)",
                    "Children as recorded with unmet need; a referral declined in Concord "
                    "does not say how many children came with the adult.",
                ),
            ),
        ),
        whole=ALL,
    )


def _ended(period: Period) -> QuerySet[Stay]:
    return Stay.objects.filter(moved_out_on__gte=period.first, moved_out_on__lte=period.last)


def _stopped(period: Period, identity: Identity) -> Section:
    lines = {ALL: Q(), **{code: Q(leaving_reason=code) for code, _ in v.LEAVING_REASONS}}
    values = _people(_ended(period), TYPE, lines, "case__person_id", identity)
    return Section(
        "stopped",
        "Households that stopped receiving support",
        _lines(
            values,
            (
                (
                    ALL,
                    "All households that stopped receiving support",
                    "Households whose stay ended (they moved out) in the year, counted once.",
                ),
                *_choices(v.LEAVING_REASONS, "Of those, the households whose stay ended: {label}."),
            ),
        ),
        whole=ALL,
    )


def _destinations(period: Period, identity: Identity) -> Section:
    moved_on = _ended(period).filter(leaving_reason=v.MOVED_ON)
    lines = {
        ALL: Q(),
        **{code: Q(move_on_destination=code) for code, _ in v.MOVE_ON_DESTINATIONS},
        NOT_RECORDED: Q(move_on_destination=""),
    }
    values = _people(moved_on, TYPE, lines, "case__person_id", identity)
    return Section(
        "destinations",
        "Where households moved on to",
        _lines(
            values,
            (
                (
                    ALL,
                    "All households that moved on",
                    "Households whose stay ended in the year with a planned move on.",
                ),
                *_choices(
                    v.MOVE_ON_DESTINATIONS, "Of those, the households that went to: {label}."
                ),
                (NOT_RECORDED, "Destination not recorded", "Of those, no destination recorded."),
            ),
        ),
        whole=ALL,
    )


# What is missing before sign-off ------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """One kind of gap in the records the return counts: how many, and what to do."""

    key: str
    what: str
    count: int
    to_do: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "what": self.what, "count": self.count, "to_do": self.to_do}


def completeness(year: int, *, today: date, long_stay_days: int) -> list[Missing]:
    """What the records lack for the year's return, each with how many (only the gaps
    found; none means complete)."""
    period = financial_year(year)
    services = AccommodationService.objects.all()
    units = open_in(Unit.objects.all(), period)
    service_gaps = services.aggregate(
        without_units=Count(
            "pk",
            filter=~Q(accommodation_type=v.SANCTUARY_SCHEME)
            & ~Q(pk__in=units.values("accommodation_id")),
        ),
        without_places=Count(
            "pk",
            filter=Q(accommodation_type=v.SANCTUARY_SCHEME, sanctuary_places__isnull=True),
        ),
    )
    without_settings = Service.objects.filter(
        kind=ServiceKind.REFUGE, accommodation__isnull=True
    ).count()
    stays = overlapping(Stay.objects.all(), period)
    until = min(today, period.last)
    stay_gaps = stays.aggregate(
        no_one=Count("pk", filter=~Q(pk__in=StayMember.objects.values("stay_id"))),
        no_destination=Count(
            "pk",
            filter=Q(
                moved_out_on__lte=period.last,
                leaving_reason=v.MOVED_ON,
                move_on_destination="",
            ),
        ),
        long_open=Count(
            "pk",
            filter=Q(moved_out_on__isnull=True)
            & Q(moved_in_on__lt=until - timedelta(days=long_stay_days)),
        ),
    )
    adults = _members(period).filter(is_child=False)
    member_gaps = adults.aggregate(
        sex=Count("person_id", distinct=True, filter=~Q(person__sex__in=["female", "male"])),
        trans=Count(
            "person_id",
            distinct=True,
            filter=~Q(person__gender_same_as_birth__in=["yes", "no"]),
        ),
    )
    no_reason = declined_referrals(period).filter(decline_reason="").count()
    found = [
        Missing(
            "services_without_settings",
            "Refuge and safe accommodation services without their accommodation settings",
            without_settings,
            "Give each its accommodation type and funding; until then none of its stays "
            "or bed spaces are counted.",
        ),
        Missing(
            "services_without_units",
            "Accommodation services (not sanctuary schemes) with no unit open in the year",
            service_gaps["without_units"],
            "Add each service's units with their bed spaces and the dates they opened.",
        ),
        Missing(
            "sanctuary_without_places",
            "Sanctuary schemes without the number of homes they are commissioned to secure",
            service_gaps["without_places"],
            "Enter each scheme's commissioned places.",
        ),
        Missing(
            "stays_without_members",
            "Stays in the year with nobody recorded in the household",
            stay_gaps["no_one"],
            "Record who stayed (the adults and children) on each stay.",
        ),
        Missing(
            "adults_sex_not_known",
            "Adults supported whose sex is not known",
            member_gaps["sex"],
            "Ask and record each adult's sex, or record that they prefer not to say.",
        ),
        Missing(
            "adults_trans_not_known",
            "Adults supported whose trans status is not known",
            member_gaps["trans"],
            "Ask whether their gender is the same as the sex registered at birth and "
            "record the answer.",
        ),
        Missing(
            "moved_on_without_destination",
            "Stays ended with a move on but no destination",
            stay_gaps["no_destination"],
            "Record where each household moved on to (or that it is not known).",
        ),
        Missing(
            "stays_open_long",
            f"Stays still open after more than {long_stay_days} days",
            stay_gaps["long_open"],
            "Check each one: record the day the household moved out if it has left.",
        ),
        Missing(
            "declined_without_reason",
            "Referrals to accommodation declined in the year without a reason",
            no_reason,
            "Ask the service to record why each could not be supported.",
        ),
    ]
    return [item for item in found if item.count]
