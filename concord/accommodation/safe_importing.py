"""Safe accommodation imported from a provider's history (see
docs/data-dictionary/import-format.md): its accommodation services, their units (never a
location: a file with a location column is refused whole), the households' stays with each
member and the support they received, and the households from outside Concord that could
not be supported.

Each row is checked before anything is written: a stay by concord.domain.stays
(overlapping the unit's other stays, including those of earlier rows of the same file, a
move-out before the move-in), a member by the unit's bed spaces and the rule that a child
is placed with an adult (list a household's adults before its children). A row that fails
is kept in quarantine with its reasons and writes nothing. Each write is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db.models import Model
from django.utils import timezone

from concord.accommodation import vocabulary as v
from concord.accommodation.models import (
    AccommodationService,
    HousingRecord,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.cases.import_rows import (
    Context,
    Kind,
    Row,
    RowProblem,
    agency_service,
    code_list,
    code_value,
    date_value,
    imported_case,
    imported_id,
    imported_person,
    require,
    required_date,
    whole_number,
)
from concord.cases.importing import _yes_or_no
from concord.cases.models import CaseChild
from concord.core import audit
from concord.core.validators import early_problem, future_problem
from concord.domain.stays import Span, stay_problems
from concord.people import reference as ref

ADULT, CHILD = "adult", "child"
MEMBER_KINDS = ((ADULT, "Adult"), (CHILD, "Child"))
#: The role a child staying is given on the case when the case does not have them yet.
CHILD_ROLE = "child_of_victim"


def _flag(row: Row, column: str, default: bool) -> bool:
    return _yes_or_no(row, column) if row.get(column) else default


def _not_future(day: date, column: str) -> None:
    problem = future_problem(day, "The date")
    if problem:
        raise RowProblem([f"{column}: {problem}"])


M = TypeVar("M", bound=Model)


def _saved(context: Context, record: M, action: str, target: Any) -> M:
    record.full_clean()
    record.save()
    audit.record(action, actor=context.actor, agency=context.agency, target=target)
    return record


def _accommodation(context: Context, row: Row, column: str = "service") -> AccommodationService:
    require(row, column)
    service = agency_service(context, row[column], column)
    found = AccommodationService.objects.filter(service=service).first()
    if found is None:
        raise RowProblem([f"{column}: '{row[column]}' is not an accommodation service"])
    return found


# Accommodation services and units ------------------------------------------------------------

SERVICE_REQUIRED = ("service", "accommodation_type", "funding_source")


def _accommodation_service(context: Context, row: Row) -> AccommodationService:
    require(row, *SERVICE_REQUIRED)
    service = agency_service(context, row["service"], "service")
    if AccommodationService.objects.filter(service=service).exists():
        raise RowProblem(["service: it is an accommodation service already; change it in Concord"])
    kind = code_value(row["accommodation_type"], "accommodation_type", v.ACCOMMODATION_TYPES)
    places = whole_number(row.get("sanctuary_places", ""), "sanctuary_places")
    if places is not None and kind != v.SANCTUARY_SCHEME:
        raise RowProblem(["sanctuary_places: only a sanctuary scheme has sanctuary places"])
    record = AccommodationService(
        agency=context.agency,
        service=service,
        accommodation_type=kind,
        funding_source=code_value(row["funding_source"], "funding_source", v.FUNDING_SOURCES),
        commissioned=_flag(row, "commissioned", True),
        sanctuary_places=places,
    )
    return _saved(context, record, "accommodation.service_imported", record)


UNIT_REQUIRED = ("service", "label", "bed_spaces")
UNIT_FLAGS = ("accessible", "takes_older_boys", "takes_pets", "out_of_use")


def _unit(context: Context, row: Row) -> Unit:
    require(row, *UNIT_REQUIRED)
    accommodation = _accommodation(context, row)
    if accommodation.is_sanctuary_scheme:
        raise RowProblem(
            ["service: a sanctuary scheme secures people's own homes: it has no units"]
        )
    if accommodation.units.filter(label=row["label"]).exists():
        raise RowProblem([f"label: the service has a unit called '{row['label']}' already"])
    bed_spaces = whole_number(row["bed_spaces"], "bed_spaces")
    if not bed_spaces:
        raise RowProblem(["bed_spaces: a unit has at least one bed space"])
    opened_on = date_value(row.get("opened_on", ""), "opened_on")
    closed_on = date_value(row.get("closed_on", ""), "closed_on")
    if opened_on and closed_on and closed_on < opened_on:
        raise RowProblem(["closed_on: the unit cannot close before it opened"])
    record = Unit(
        agency=context.agency,
        accommodation=accommodation,
        label=row["label"],
        bed_spaces=bed_spaces,
        commissioned=_flag(row, "commissioned", True),
        groups=code_list(row.get("groups", ""), "groups", v.UNIT_GROUPS),
        opened_on=opened_on,
        closed_on=closed_on,
        **{flag: _flag(row, flag, False) for flag in UNIT_FLAGS},
    )
    return _saved(context, record, "accommodation.unit_imported", accommodation)


# Stays, their members and the support they received ---------------------------------------

STAY_REQUIRED = ("case_record_id", "moved_in_on")


def _stay(context: Context, row: Row) -> Stay:
    require(row, *STAY_REQUIRED)
    case = imported_case(context, row)
    accommodation = AccommodationService.objects.filter(service=case.service).first()
    if accommodation is None:
        raise RowProblem(["case_record_id: the case is not at an accommodation service"])
    span = Span(
        required_date(row, "moved_in_on"), date_value(row.get("moved_out_on", ""), "moved_out_on")
    )
    _not_future(span.moved_in_on, "moved_in_on")
    referred_on = timezone.localtime(case.referred_at).date()
    if span.moved_in_on < referred_on:
        raise RowProblem(["moved_in_on: The date cannot be before the case's referral"])
    if span.moved_out_on:
        _not_future(span.moved_out_on, "moved_out_on")
    unit = _stay_unit(accommodation, row)
    others = (
        [Span(*dates) for dates in unit.stays.values_list("moved_in_on", "moved_out_on")]
        if unit
        else []
    )
    problems = stay_problems(
        span,
        adults=1,  # the case's own person; the rest of the household comes as members
        children=0,
        bed_spaces=unit.bed_spaces if unit else None,
        others_in_unit=others,
    )
    if problems:
        columns = {"unit": "unit_label", "members": "case_record_id"}
        raise RowProblem(
            [f"{columns.get(field, field)}: {message}" for field, message in problems.items()]
        )
    reason, destination = _leaving(row, span)
    record = Stay(
        agency=context.agency,
        case=case,
        accommodation=accommodation,
        unit=unit,
        housing_record=HousingRecord.objects.filter(case=case).first()
        if accommodation.is_sanctuary_scheme
        else None,
        from_out_of_area=code_value(
            row.get("from_out_of_area", ""), "from_out_of_area", ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN
        ),
        moved_in_on=span.moved_in_on,
        moved_out_on=span.moved_out_on,
        leaving_reason=reason,
        move_on_destination=destination,
    )
    return _saved(context, record, "accommodation.stay_imported", case)


def _stay_unit(accommodation: AccommodationService, row: Row) -> Unit | None:
    label = row.get("unit_label", "")
    if accommodation.is_sanctuary_scheme:
        if label:
            raise RowProblem(["unit_label: a sanctuary scheme stay is in the household's own home"])
        return None
    if not label:
        raise RowProblem(["unit_label: a value is needed"])
    unit = accommodation.units.filter(label=label).first()
    if unit is None:
        raise RowProblem([f"unit_label: the service has no unit called '{label}'"])
    return unit


def _leaving(row: Row, span: Span) -> tuple[str, str]:
    """The reason for leaving and where they went: both only once they moved out, the
    reason then needed."""
    reason, destination = row.get("leaving_reason", ""), row.get("move_on_destination", "")
    if span.moved_out_on is None:
        if reason or destination:
            column = "leaving_reason" if reason else "move_on_destination"
            raise RowProblem([f"{column}: leave it empty until the household moves out"])
        return "", ""
    return (
        code_value(reason, "leaving_reason", v.LEAVING_REASONS),
        code_value(destination, "move_on_destination", v.MOVE_ON_DESTINATIONS, ""),
    )


def _imported_stay(context: Context, row: Row) -> Stay:
    require(row, "stay_record_id")
    pk = imported_id(context, "stays", row["stay_record_id"], "stay_record_id")
    return Stay.objects.select_related("unit", "case").get(pk=pk)


MEMBER_REQUIRED = ("stay_record_id", "person_record_id", "member")


def _stay_member(context: Context, row: Row) -> StayMember:
    require(row, *MEMBER_REQUIRED)
    stay = _imported_stay(context, row)
    person = imported_person(context, row)
    is_child = code_value(row["member"], "member", MEMBER_KINDS) == CHILD
    if stay.members.filter(person=person).exists():
        raise RowProblem(["person_record_id: the person is a member of this stay already"])
    members = list(stay.members.values_list("is_child", flat=True))
    children = sum(members) + is_child
    problems = stay_problems(
        Span(stay.moved_in_on, stay.moved_out_on),
        adults=len(members) + 1 - children,
        children=children,
        bed_spaces=stay.unit.bed_spaces if stay.unit else None,
    )
    if problems:
        raise RowProblem([f"member: {message}" for message in problems.values()])
    record = StayMember(
        agency=context.agency,
        stay=stay,
        person=person,
        is_child=is_child,
        characteristics=code_list(
            row.get("characteristics", ""), "characteristics", v.SPECIALIST_CHARACTERISTICS
        ),
    )
    if is_child and not stay.case.children.filter(person=person).exists():
        CaseChild.objects.create(
            agency=context.agency, case=stay.case, person=person, role=CHILD_ROLE
        )
    return _saved(context, record, "accommodation.stay_member_imported", stay.case)


SUPPORT_REQUIRED = ("stay_record_id", "person_record_id", "kind", "started_on")


def _support(context: Context, row: Row) -> SupportReceived:
    require(row, *SUPPORT_REQUIRED)
    stay = _imported_stay(context, row)
    member = stay.members.filter(person=imported_person(context, row)).first()
    if member is None:
        raise RowProblem(["person_record_id: the person is not a member of this stay"])
    kind = code_value(row["kind"], "kind", v.SUPPORT_KINDS)
    if member.support.filter(kind=kind).exists():
        raise RowProblem(["kind: the person has this kind of support recorded already"])
    started_on = required_date(row, "started_on")
    _not_future(started_on, "started_on")
    problem = early_problem(started_on, stay.moved_in_on, "The date", "the household moved in")
    if problem is None and stay.moved_out_on and started_on > stay.moved_out_on:
        problem = "The date cannot be after the household moved out"
    if problem:
        raise RowProblem([f"started_on: {problem}"])
    record = SupportReceived(
        agency=context.agency,
        member=member,
        kind=kind,
        started_on=started_on,
        note=row.get("note", ""),
    )
    return _saved(context, record, "accommodation.support_imported", stay.case)


# Households that could not be supported ------------------------------------------------------

UNMET_REQUIRED = ("service", "referred_on", "reason")


def _unmet_need(context: Context, row: Row) -> UnmetNeed:
    require(row, *UNMET_REQUIRED)
    accommodation = _accommodation(context, row)
    referred_on = required_date(row, "referred_on")
    _not_future(referred_on, "referred_on")
    adults = whole_number(row.get("adults", ""), "adults")
    if adults == 0:
        raise RowProblem(["adults: a household has at least one adult"])
    record = UnmetNeed(
        agency=context.agency,
        accommodation=accommodation,
        referred_on=referred_on,
        reason=code_value(row["reason"], "reason", v.UNABLE_TO_SUPPORT_REASONS),
        adults=adults or 1,
        children=whole_number(row.get("children", ""), "children") or 0,
        characteristics=code_list(
            row.get("characteristics", ""), "characteristics", v.SPECIALIST_CHARACTERISTICS
        ),
        from_out_of_area=code_value(
            row.get("from_out_of_area", ""), "from_out_of_area", ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN
        ),
        source_reference=row["record_id"],
    )
    return _saved(context, record, "accommodation.unmet_need_imported", accommodation)


KINDS: tuple[Kind, ...] = (
    Kind(
        "accommodation_services",
        ("record_id", *SERVICE_REQUIRED, "commissioned", "sanctuary_places"),
        _accommodation_service,
        required=SERVICE_REQUIRED,
    ),
    Kind(
        "accommodation_units",
        (
            "record_id",
            *UNIT_REQUIRED,
            "commissioned",
            *UNIT_FLAGS,
            "groups",
            "opened_on",
            "closed_on",
        ),
        _unit,
        required=UNIT_REQUIRED,
    ),
    Kind(
        "stays",
        (
            "record_id",
            *STAY_REQUIRED,
            "unit_label",
            "moved_out_on",
            "leaving_reason",
            "move_on_destination",
            "from_out_of_area",
        ),
        _stay,
        required=STAY_REQUIRED,
    ),
    Kind(
        "stay_members",
        ("record_id", *MEMBER_REQUIRED, "characteristics"),
        _stay_member,
        required=MEMBER_REQUIRED,
    ),
    Kind(
        "stay_support",
        ("record_id", *SUPPORT_REQUIRED, "note"),
        _support,
        required=SUPPORT_REQUIRED,
    ),
    Kind(
        "unmet_need",
        (
            "record_id",
            *UNMET_REQUIRED,
            "adults",
            "children",
            "characteristics",
            "from_out_of_area",
        ),
        _unmet_need,
        required=UNMET_REQUIRED,
    ),
)
