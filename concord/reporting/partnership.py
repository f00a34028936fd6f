"""The counts behind the partnership data report (issue 6 item 8), from the partnership
records agencies send (DOMAIN §8). Every query is set-based: GROUP BY in the database, and
window functions for each person's latest record and for journeys between agencies; Python
only adds up the grouped rows. The counts are exact: concord.reporting.partnership_pack
applies disclosure control before anyone sees them.

A person is a partnership ID from record linkage (DOMAIN §14). A record whose identity is not
linked yet counts as a person of its own, so people are over-counted until linkage has run.
These tables hold no identifiers, and nothing here reads the identity vault.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    UUIDField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lag, RowNumber
from django.utils import timezone

from concord.domain.periods import Period, quarter_of, quarters_between
from concord.linkage.models import PersonLink
from concord.people import reference as ref
from concord.submissions.models import (
    PartnershipRecord,
    Submission,
    SubmissionSchedule,
    SubmissionStatus,
)
from concord.submissions.schema import INCIDENT, REFERRAL

NOT_KNOWN = "not_known"
#: Used only until the submissions app's own default (SUBMISSION_DUE_DAYS) is configured.
FALLBACK_DUE_DAYS = 30
#: The analysis fields whose completeness is reported, with what each is called.
COMPLETENESS_FIELDS: tuple[tuple[str, str], ...] = (
    ("victim_sex", "Victim's sex"),
    ("victim_age", "Victim's age"),
    ("victim_ethnicity", "Victim's ethnicity"),
    ("harmer_sex", "Sex of the person causing harm"),
    ("harmer_age", "Age of the person causing harm"),
    ("relationship", "Relationship"),
    ("abuse_types", "Abuse types"),
    ("children_present", "Children present"),
    ("repeat", "Agency's repeat flag"),
    ("area", "Area"),
    ("outcome", "Outcome"),
)
_NUMBERS = frozenset({"victim_age", "harmer_age"})


def records_in(period: Period) -> QuerySet[PartnershipRecord]:
    """The incidents and referrals whose date falls in ``period`` (court outcomes and
    protection orders follow from them: the strategy indicators count those)."""
    return PartnershipRecord.objects.filter(
        occurred_on__range=(period.first, period.last), kind__in=(INCIDENT, REFERRAL)
    )


def person_of(key_field: str) -> Coalesce:
    """The partnership person behind a record's victim or harmer key; the key itself while it
    is not linked (a person of their own)."""
    linked = PersonLink.objects.filter(identity_id=OuterRef(key_field)).values("person_id")[:1]
    return Coalesce(Subquery(linked), F(key_field), output_field=UUIDField())


# Records and people per agency, with data completeness ---------------------------------------


@dataclass(frozen=True)
class AgencyRecords:
    agency_id: uuid.UUID
    incidents: int
    referrals: int
    people: int
    not_linked: int
    filled: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return self.incidents + self.referrals


def _known(name: str) -> Q:
    if name in _NUMBERS:
        return Q(**{f"{name}__isnull": False})
    if name == "abuse_types":
        return ~Q(abuse_types=[])
    return ~Q(**{name: ""}) & ~Q(**{f"{name}__in": ref.NON_ANSWERS})


def records_by_agency(period: Period) -> list[AgencyRecords]:
    """Each agency's records (incidents and referrals), the distinct people they are about,
    those not linked yet, and how many have each analysis field filled."""
    linked = PersonLink.objects.filter(identity_id=OuterRef("victim_key"))
    rows = (
        records_in(period)
        .values("agency_id")
        .annotate(
            incidents=Count("pk", filter=Q(kind="incident")),
            referrals=Count("pk", filter=Q(kind="referral")),
            people=Count(person_of("victim_key"), distinct=True),
            not_linked=Count("pk", filter=~Exists(linked)),
            **{
                f"filled_{name}": Count("pk", filter=_known(name))
                for name, _ in COMPLETENESS_FIELDS
            },
        )
        .order_by()
    )
    return [
        AgencyRecords(
            row["agency_id"],
            row["incidents"],
            row["referrals"],
            row["people"],
            row["not_linked"],
            {name: row[f"filled_{name}"] for name, _ in COMPLETENESS_FIELDS},
        )
        for row in rows
    ]


# Repeat victimisation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Repeats:
    within: dict[uuid.UUID, int]  # per agency: people with 2 or more of its records
    people: int  # distinct people across the partnership
    across: int  # of them, people with records from 2 or more agencies


def repeats(period: Period) -> Repeats:
    per_agency_person = (
        records_in(period)
        .annotate(person=person_of("victim_key"))
        .values("agency_id", "person")
        .annotate(records=Count("pk"))
        .filter(records__gte=2)
        .order_by()
    )
    within = _rows_over(
        per_agency_person, "SELECT agency_id, COUNT(*) FROM ({inner}) t GROUP BY agency_id"
    )
    per_person = (
        records_in(period)
        .annotate(person=person_of("victim_key"))
        .values("person")
        .annotate(agencies=Count("agency_id", distinct=True))
        .order_by()
    )
    [(people, across)] = _rows_over(
        per_person,
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN agencies >= 2 THEN 1 ELSE 0 END), 0)"
        " FROM ({inner}) t",
    )
    return Repeats({_uuid(agency): count for agency, count in within}, people, across)


# Victims and people causing harm: sex, age band, ethnic group, area --------------------------


@dataclass(frozen=True)
class Characteristics:
    """People counted once each, by their latest record in the period: counts by
    (sex, age band, ethnic group, area)."""

    groups: dict[tuple[str, str, str, str], int]

    def by(self, position: int) -> dict[str, int]:
        found: dict[str, int] = defaultdict(int)
        for key, count in self.groups.items():
            found[key[position]] += count
        return dict(found)

    @property
    def total(self) -> int:
        return sum(self.groups.values())


SEX, AGE_BAND, ETHNIC_GROUP, AREA = range(4)


def victims(period: Period) -> Characteristics:
    return _characteristics(records_in(period), "victim")


def harmers(period: Period) -> Characteristics:
    """People causing harm, where the record names one."""
    return _characteristics(records_in(period).filter(harmer_key__isnull=False), "harmer")


def _characteristics(records: QuerySet[PartnershipRecord], role: str) -> Characteristics:
    person = person_of(f"{role}_key")
    ethnicity = _ethnic_group("victim_ethnicity") if role == "victim" else Value(NOT_KNOWN)
    inner = records.annotate(
        latest=Window(
            RowNumber(),
            partition_by=[person],
            order_by=[F("occurred_on").desc(), F("created_at").desc(), F("pk").desc()],
        ),
        sex_known=_sex(f"{role}_sex"),
        band=_age_band(f"{role}_age"),
        group_known=ethnicity,
        place=Case(
            When(area="", then=Value(NOT_KNOWN)), default=F("area"), output_field=CharField()
        ),
    ).values("latest", "sex_known", "band", "group_known", "place")
    rows = _rows_over(
        inner,
        "SELECT sex_known, band, group_known, place, COUNT(*) FROM ({inner}) t"
        " WHERE latest = 1 GROUP BY sex_known, band, group_known, place",
    )
    return Characteristics(
        {(sex, band, group, area): count for sex, band, group, area, count in rows}
    )


def _sex(name: str) -> Case:
    return Case(
        *(When(**{name: code}, then=Value(code)) for code in ("female", "male")),
        default=Value(NOT_KNOWN),
        output_field=CharField(),
    )


def _age_band(name: str) -> Case:
    starts = [first for first, _ in ref.AGE_BANDS[1:]]
    bands = [
        When(
            Q(**{f"{name}__gte": first}) & (Q(**{f"{name}__lt": following}) if following else Q()),
            then=Value(label),
        )
        for (first, label), following in zip(ref.AGE_BANDS, [*starts, None], strict=True)
    ]
    return Case(*bands, default=Value(NOT_KNOWN), output_field=CharField())


def _ethnic_group(name: str) -> Case:
    groups = [
        When(
            **{f"{name}__in": [code for code, _, group in ref.ETHNICITIES if group == group_code]},
            then=Value(group_code),
        )
        for group_code, _ in ref.ETHNIC_GROUPS
    ]
    return Case(*groups, default=Value(NOT_KNOWN), output_field=CharField())


# Relationships -------------------------------------------------------------------------------


def relationships(period: Period) -> dict[str, int]:
    """Records by what the person causing harm is to the victim ("" when not known)."""
    rows = records_in(period).values("relationship").annotate(records=Count("pk")).order_by()
    found: dict[str, int] = defaultdict(int)
    for row in rows:
        found[row["relationship"] or NOT_KNOWN] += row["records"]
    return dict(found)


# Journeys between agencies -------------------------------------------------------------------


def journeys(period: Period) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
    """How many times a person's next record (by date) came from another agency than the
    one before: (from agency, to agency) -> steps."""
    person = person_of("victim_key")
    inner = (
        records_in(period)
        .annotate(
            came_from=Window(
                Lag("agency_id"),
                partition_by=[person],
                order_by=[F("occurred_on").asc(), F("created_at").asc(), F("pk").asc()],
            )
        )
        .values("came_from", "agency_id")
    )
    rows = _rows_over(
        inner,
        "SELECT came_from, agency_id, COUNT(*) FROM ({inner}) t"
        " WHERE came_from IS NOT NULL AND came_from <> agency_id GROUP BY came_from, agency_id",
    )
    return {(_uuid(first), _uuid(then)): count for first, then, count in rows}


# Agencies submitting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySubmissions:
    agency_id: uuid.UUID
    expected: int  # quarterly files due by today under the agency's schedules
    received: int  # of the period's quarters, files accepted (one per kind and quarter)
    on_time: int
    late: int
    refused: int  # files refused whole


def submissions(period: Period, *, today: date | None = None) -> list[AgencySubmissions]:
    """For each agency with a schedule or a file: the period's quarterly files expected,
    accepted (on time or late) and refused."""
    today = today or timezone.localdate()
    quarters = quarters_between(quarter_of(period.first), quarter_of(period.last))
    schedules = {(s.agency_id, s.kind): s for s in SubmissionSchedule.objects.all()}
    files = (
        Submission.objects.filter(period_first__range=(period.first, period.last))
        .values("agency_id", "kind", "period_first", "period_last", "status")
        .annotate(first_received=Min("received_at"), files=Count("pk"))
        .order_by()
    )
    found: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (agency_id, _kind), schedule in schedules.items():
        due_days = _due_days(schedule)
        found[agency_id]["expected"] += sum(
            1
            for q in quarters
            if q.first >= schedule.starts_on
            and (schedule.ends_on is None or q.first <= schedule.ends_on)
            and q.last + timedelta(days=due_days) < today
        )
    for row in files:
        counts = found[row["agency_id"]]
        if row["status"] == SubmissionStatus.REFUSED:
            counts["refused"] += row["files"]
            continue
        if row["status"] != SubmissionStatus.ACCEPTED:
            continue
        plan = schedules.get((row["agency_id"], row["kind"]))
        due = row["period_last"] + timedelta(days=_due_days(plan))
        counts["received"] += 1
        received_on = timezone.localdate(row["first_received"])
        counts["on_time" if received_on <= due else "late"] += 1
    return [
        AgencySubmissions(
            agency_id,
            counts["expected"],
            counts["received"],
            counts["on_time"],
            counts["late"],
            counts["refused"],
        )
        for agency_id, counts in found.items()
    ]


def _due_days(schedule: SubmissionSchedule | None) -> int:
    if schedule is not None and schedule.due_days is not None:
        return schedule.due_days
    return int(getattr(settings, "SUBMISSION_DUE_DAYS", FALLBACK_DUE_DAYS))


# Helpers -----------------------------------------------------------------------------------------


def _rows_over(inner: QuerySet[Any], outer: str) -> Sequence[tuple[Any, ...]]:
    """Run ``outer`` (SQL with ``{inner}`` where the subquery goes) over the rows of
    ``inner``: for a count of counts, or a filter on a window function, which the ORM cannot
    group by."""
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(outer.replace("{inner}", sql), params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _uuid(value: object) -> uuid.UUID:
    """A key as the database gave it (a UUID, or its hex on SQLite) as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
