"""Synthetic safe accommodation (concord.synthetic.accommodation) written straight into
the database, a chunk at a time, as concord.synthetic.loading writes help-point journeys:
people, cases and their status changes by its writer (one per agency), then the
accommodation services and units, stays, their members (each child also a child on the
case), support, unmet need, and the accepted referrals from the provider's refuges to the
partner's second-stage flats, each with the person's consent.

Every stay is checked with concord.domain.stays against the unit's stays written before
it; every record with its model's field checks. The services are made for the agencies
when they do not have them yet. ONE audit event, ``synthetic.accommodation_loaded``, for
the provider says how many records of each kind were written; the load is refused in
production, and for a provider that has had one already.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.accounts import services as accounts
from concord.accounts.models import Agency, ServiceKind, User
from concord.cases.models import Case, CaseChild
from concord.core import audit
from concord.core.models import AuditEvent
from concord.domain.stays import Span, stay_problems
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Consent, Referral
from concord.synthetic.accommodation import AccommodationChunk
from concord.synthetic.journeys import Journeys
from concord.synthetic.loading import (
    AlreadyLoaded,
    JourneyWriter,
    LoadRefused,
    check,
    check_fields,
    local_moment,
    write_in_transactions,
)

LOADED = "synthetic.accommodation_loaded"
# Written in this order, after each chunk's people and cases.
KINDS: tuple[tuple[str, type[models.Model]], ...] = (
    ("accommodation_services", AccommodationService),
    ("accommodation_units", Unit),
    ("stays", Stay),
    ("stay_members", StayMember),
    ("case_children", CaseChild),
    ("stay_support", SupportReceived),
    ("unmet_need", UnmetNeed),
    ("consents", Consent),
    ("referrals", Referral),
)


def load_accommodation(
    chunks: Iterable[AccommodationChunk],
    *,
    agency: Agency,
    partner: Agency,
    actor: User,
    progress: Callable[[int], None] = lambda stays: None,
) -> dict[str, int]:
    """Write the chunks: the provider's rows for ``agency``, the partner's for ``partner``,
    recorded as done by ``actor``. Returns how many records of each kind were written;
    ``progress`` is told the number of stays written after each chunk."""
    if settings.ENVIRONMENT == "production":
        raise LoadRefused(
            "Synthetic journeys are never loaded where CONCORD_ENVIRONMENT=production."
        )
    if AuditEvent.objects.filter(agency=agency, action=LOADED).exists():
        raise AlreadyLoaded(
            f"{agency} already has synthetic safe accommodation; start from an empty "
            "database to load it again."
        )
    loader = _Loader(agency, partner, actor)
    for chunk in chunks:
        loader.write(chunk)
        progress(loader.counts["stays"])
    counts = dict(loader.counts)
    audit.record(
        LOADED, actor=actor, agency=agency, changes=[f"{kind}:{n}" for kind, n in counts.items()]
    )
    return counts


@dataclass
class _Side:
    """One agency's writer and what has been written for it, by record id."""

    agency: Agency
    writer: JourneyWriter
    services: dict[str, AccommodationService] = field(default_factory=dict)
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)


class _Loader:
    def __init__(self, agency: Agency, partner: Agency, actor: User) -> None:
        self.actor = actor
        self.today = timezone.localdate()
        self.counts: Counter[str] = Counter()
        self.spans: dict[tuple[Any, str, str], list[Span]] = defaultdict(list)
        self.sides = [self._side(agency), self._side(partner)]

    def _side(self, agency: Agency) -> _Side:
        last_number = Case.objects.filter(agency=agency).count()
        return _Side(agency, JourneyWriter(agency, self.actor, last_number=last_number))

    def write(self, chunk: AccommodationChunk) -> None:
        """Check every stay of the chunk before anything of it is written; then write it."""
        made: dict[str, list[Any]] = defaultdict(list)
        sides = list(zip(self.sides, (chunk.provider, chunk.partner), strict=True))
        spans = {}
        for side, rows in sides:
            self._services(side, rows.rows["accommodation_services"])
            self._places(side, rows, made)
            spans.update(self._spans(side, rows))
        cases: dict[str, Case] = {}
        for side, rows in sides:
            people_and_cases = side.writer.write(rows)
            self.counts.update({kind: len(records) for kind, records in people_and_cases.items()})
            cases_here = dict(zip(_ids(rows, "cases"), people_and_cases["cases"], strict=True))
            people = dict(zip(_ids(rows, "people"), people_and_cases["people"], strict=True))
            self._accommodation(side, rows, cases_here, people, spans, made)
            cases.update(cases_here)
        self._referrals(chunk.referrals, cases, made)
        for kind, model in KINDS:
            check_fields(model, made[kind])
        for kind, model in KINDS:
            write_in_transactions(model, made[kind])
            self.counts[kind] += len(made[kind])

    def _services(self, side: _Side, rows: list[dict[str, str]]) -> None:
        """The Concord services the rows name, made when the agency has none by that name."""
        for row in rows:
            name = row["service"]
            if not side.agency.services.filter(name=name).exists():
                kind = (
                    ServiceKind.HOUSING
                    if row["accommodation_type"] == "sanctuary_scheme"
                    else ServiceKind.REFUGE
                )
                accounts.add_service(self.actor, side.agency, name=name, kind=kind)

    def _places(self, side: _Side, rows: Journeys, made: dict[str, list[Any]]) -> None:
        """The chunk's accommodation services and units, not written yet."""
        agency = side.agency
        for row in rows.rows["accommodation_services"]:
            side.services[row["service"]] = AccommodationService(
                agency=agency,
                service=agency.services.get(name=row["service"]),
                accommodation_type=row["accommodation_type"],
                funding_source=row["funding_source"],
                sanctuary_places=int(row["sanctuary_places"]) if row["sanctuary_places"] else None,
            )
            made["accommodation_services"].append(side.services[row["service"]])
        for row in rows.rows["accommodation_units"]:
            unit = Unit(
                agency=agency,
                accommodation=side.services[row["service"]],
                label=row["label"],
                bed_spaces=int(row["bed_spaces"]),
                accessible=row["accessible"] == "yes",
                takes_older_boys=row["takes_older_boys"] == "yes",
                takes_pets=row["takes_pets"] == "yes",
            )
            side.units[row["service"], row["label"]] = unit
            made["accommodation_units"].append(unit)

    def _spans(self, side: _Side, rows: Journeys) -> dict[str, Span]:
        """Each stay's days, checked by the stay rules against the unit's stays before it
        (of this chunk or earlier ones) and its household."""
        services = {row["record_id"]: row["service"] for row in rows.rows["cases"]}
        members: Counter[tuple[str, str]] = Counter(
            (row["stay_record_id"], row["member"]) for row in rows.rows["stay_members"]
        )
        spans = {}
        for row in rows.rows["stays"]:
            moved_out = row["moved_out_on"]
            span = Span(
                date.fromisoformat(row["moved_in_on"]),
                date.fromisoformat(moved_out) if moved_out else None,
            )
            place = (side.agency.pk, services[row["case_record_id"]], row["unit_label"])
            unit = side.units[place[1:]] if row["unit_label"] else None
            problems = stay_problems(
                span,
                adults=members[row["record_id"], "adult"],
                children=members[row["record_id"], "child"],
                bed_spaces=unit.bed_spaces if unit else None,
                others_in_unit=self.spans[place] if unit else (),
            )
            check(not problems, row, "; ".join(problems.values()))
            check((span.moved_out_on or span.moved_in_on) <= self.today, row, "in the future")
            if unit:
                self.spans[place].append(span)
            spans[row["record_id"]] = span
        return spans

    def _accommodation(
        self,
        side: _Side,
        rows: Journeys,
        cases: dict[str, Case],
        people: dict[str, Any],
        spans: dict[str, Span],
        made: dict[str, list[Any]],
    ) -> None:
        agency = side.agency
        stays = {}
        for row in rows.rows["stays"]:
            stays[row["record_id"]] = self._stay(side, row, cases, spans[row["record_id"]])
            made["stays"].append(stays[row["record_id"]])
        stay_members = {}
        for row in rows.rows["stay_members"]:
            stay = stays[row["stay_record_id"]]
            person = people[row["person_record_id"]]
            is_child = row["member"] == "child"
            stay_members[row["stay_record_id"], row["person_record_id"]] = member = StayMember(
                agency=agency,
                stay=stay,
                person=person,
                is_child=is_child,
                characteristics=[code for code in row["characteristics"].split(";") if code],
            )
            made["stay_members"].append(member)
            if is_child:
                made["case_children"].append(
                    CaseChild(agency=agency, case=stay.case, person=person, role="child_of_victim")
                )
        for row in rows.rows["stay_support"]:
            member = stay_members[row["stay_record_id"], row["person_record_id"]]
            started_on = date.fromisoformat(row["started_on"])
            check(
                member.stay.moved_in_on <= started_on <= self.today, row, "support out of its stay"
            )
            made["stay_support"].append(
                SupportReceived(
                    agency=agency, member=member, kind=row["kind"], started_on=started_on
                )
            )
        for row in rows.rows["unmet_need"]:
            made["unmet_need"].append(
                UnmetNeed(
                    agency=agency,
                    accommodation=side.services[row["service"]],
                    referred_on=date.fromisoformat(row["referred_on"]),
                    reason=row["reason"],
                    adults=int(row["adults"]),
                    children=int(row["children"]),
                    characteristics=[code for code in row["characteristics"].split(";") if code],
                    from_out_of_area=row["from_out_of_area"],
                    source_reference=row["record_id"],
                )
            )

    def _stay(self, side: _Side, row: dict[str, str], cases: dict[str, Case], span: Span) -> Stay:
        case = cases[row["case_record_id"]]
        label = row["unit_label"]
        return Stay(
            agency=side.agency,
            case=case,
            accommodation=side.services[case.service.name],
            unit=side.units[case.service.name, label] if label else None,
            from_out_of_area=row["from_out_of_area"],
            moved_in_on=span.moved_in_on,
            moved_out_on=span.moved_out_on,
            leaving_reason=row["leaving_reason"],
            move_on_destination=row["move_on_destination"],
        )

    def _referrals(
        self, rows: list[dict[str, str]], cases: dict[str, Case], made: dict[str, list[Any]]
    ) -> None:
        """Each household moving on: referred from the refuge with consent, accepted by the
        partner, whose new case is the receiving case."""
        partner = self.sides[1]
        for row in rows:
            case, received = cases[row["case_record_id"]], cases[row["receiving_case_record_id"]]
            person = case.person
            consent = Consent(
                agency=case.agency,
                person=person,
                purpose="referral",
                given=True,
                given_on=date.fromisoformat(row["consent_given_on"]),
                recorded_by=self.actor,
            )
            made["consents"].append(consent)
            made["referrals"].append(
                Referral(
                    agency=case.agency,
                    case=case,
                    referring_service=case.service,
                    referred_by=self.actor,
                    referred_at=local_moment(row["referred_at"]),
                    lead_professional=self.actor,
                    to_service=received.service,
                    receiving_agency=partner.agency,
                    given_name=person.given_name,
                    family_name=person.family_name,
                    date_of_birth=person.date_of_birth,
                    sex=person.sex,
                    summary=row["summary"],
                    consent=consent,
                    status=ReferralStatus.ACCEPTED,
                    decided_by=self.actor,
                    decided_at=local_moment(row["decided_at"]),
                    created_case=received,
                )
            )


def _ids(rows: Journeys, kind: str) -> list[str]:
    return [row["record_id"] for row in rows.rows[kind]]
