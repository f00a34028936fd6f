"""The indicator catalogue (DOMAIN §7): every indicator defined once, as code.

Each indicator counts the records of one **source** for a period (a QuerySet-building
function) with set-based aggregates: the numerator, and for a percentage the denominator
(the records where the item is *known*) and the number not known, reported beside it.

How our records answer the outcome definitions:

- **offered support**: a case on which the service recorded an offer of support (casework,
  IDVA, outreach, group) made in the period; a referral to another service is not one.
  The offer's answer is *known* once recorded (accepted, declined or not contactable);
  offers still awaiting an answer, and cases referred in the period to a victim support
  service (help point or refuge) with no offer recorded at all, are the not-known count.
  **Engaged**: an offer of the period accepted, and at least one contact on the case (so
  by that service) on or after the day of the assessment: the intake assessment, or for a
  case without one, the day it was opened. A case never assessed nor opened has not engaged.
- **IDVA measures** count cases flagged as worked by an IDVA (ADR 0014).
- **feels safer**: closed cases of the period whose exit review says yes ÷ those whose exit
  review says yes or no; "not answered" is the not-known count.
- **improved** (wellbeing, safety): the exit score (0 to 10) is higher than the intake
  score; a review without both scores is not known.
- **outcome measures** (issue 18): the person's own answers to the outcome questionnaire
  at exit and at follow-up; "not sure" and "prefer not to say" are not known. The exit
  answers are also written to the case's exit review (ADR 0033), which the indicators
  above read.

Strategy indicators about other agencies' work (police incidents, court outcomes, agencies
submitting) count the partnership data agencies send (concord.submissions): analysis
records without identifiers, broken down by agency only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, In
from django.utils import timezone

from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accounts.models import AgencyKind, ServiceKind
from concord.cases.models import (
    Case,
    Contact,
    ExitReview,
    IntakeProfile,
    SafetyPlan,
    SupportOffer,
)
from concord.cases.vocabulary import ACCEPTED, AWAITING
from concord.domain.periods import Period
from concord.helpline.models import HelplineCall
from concord.marac import measures as marac
from concord.marac.models import AgendaItem, MaracReferral
from concord.outcomes.models import OutcomeMeasure
from concord.people import reference as ref
from concord.programmes import vocabulary as programme
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)
from concord.submissions import schema as submitted
from concord.submissions.models import PartnershipRecord, Submission, SubmissionSchedule
from concord.training import vocabulary as training
from concord.training.models import StaffTrained, TrainingSession
from concord.voice.models import Complaint, ComplaintStage, Feedback
from concord.voice.vocabulary import COMPLIMENT, UPHELD_OUTCOMES

Records = Callable[[Period], QuerySet[Any]]
Aggregate = Callable[[], Any]
#: What a percentage counts of the records where the item is known (the condition) and of
#: all of them (None): the records themselves, distinct people, or a number each holds.
Tally = Callable[[Q | None], Any]


def counted_records(known: Q | None) -> Any:
    return Count("pk", filter=known)


def people(path: str) -> Tally:
    """Distinct people (a child on two cases counts once)."""
    return lambda known: Count(path, distinct=True, filter=known)


def summed(field: str) -> Tally:
    """A number each record holds, added up (a session's attendees)."""
    return lambda known: Coalesce(Sum(field, filter=known), 0)


class Unit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"  # context, not performance


class Group(StrEnum):
    HEADLINE = "headline"
    OUTCOME = "outcome"
    INTAKE = "intake"
    PERPETRATOR_PROGRAMME = "perpetrator_programme"
    MARAC = "marac"
    SAFEGUARDING_CHILDREN = "safeguarding_children"
    STRATEGY = "strategy"
    VOICE = "voice"


#: Disaggregations by the person a record is about (the source's ``person`` path).
PERSON_DISAGGREGATIONS = (
    "sex",
    "ethnicity_group",
    "disability",
    "sexual_orientation",
    "age_band",
    "area",
)


@dataclass(frozen=True)
class Source:
    """The records an indicator counts and the paths from them to what it is filtered and
    broken down by (None where a record has no such thing). Sources naming the same
    ``population`` count the same records, so for disclosure control a percentage's
    denominator and not-known count add up to one figure shared by all of them; without a
    name, a source's records are a figure of their own (concord.indicators.publishing)."""

    records: Records
    agency: str = "agency"
    service: str | None = "case__service"
    person: str | None = "case__person"
    population: str | None = None
    sent: bool = False  # the partnership data files other agencies send (concord.submissions)
    # Records of another kind counted with these, for counts only (helpline calls: calls on
    # cases and calls logged without one); the breakdowns are those both allow.
    also: Source | None = None

    @property
    def disaggregations(self) -> tuple[str, ...]:
        allowed = ["agency"]
        if self.service:
            allowed.append("service")
        if self.person:
            allowed.extend(PERSON_DISAGGREGATIONS)
        if self.also is not None:
            return tuple(d for d in allowed if d in self.also.disaggregations)
        return tuple(allowed)


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    definition: str
    group: Group
    unit: Unit
    better: Better
    source: Source
    numerator: Aggregate | None = None
    known: Q | None = None  # percentages: the records where the item is known
    target: int | None = None  # a percentage to reach
    tally: Tally = counted_records  # percentages: what the denominator and not known count

    @property
    def disaggregations(self) -> tuple[str, ...]:
        return self.source.disaggregations


# Sources ----------------------------------------------------------------------------------


def _days(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.first, f"{field}__lte": period.last})


def _start(day: date) -> datetime:
    """The first moment of ``day`` in UK local time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _after(day: date) -> datetime:
    return _start(day + timedelta(days=1))


def _moments(field: str, period: Period) -> Q:
    """A date and time in the period's days (UK local time), as a range the database can
    search by index (``__date`` would convert every row first)."""
    return Q(**{f"{field}__gte": _start(period.first), f"{field}__lt": _after(period.last)})


def _cases_of(kind: str, field: str) -> Records:
    return lambda period: Case.objects.filter(_moments(field, period), service__kind=kind)


def _open_housing_at_end(period: Period) -> QuerySet[Case]:
    return Case.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=_after(period.last)),
        service__kind=ServiceKind.HOUSING,
        opened_at__lt=_after(period.last),
    )


def _contacts(period: Period) -> QuerySet[Contact]:
    return Contact.objects.filter(_days("occurred_on", period))


#: Services whose cases should record whether support was offered: without an offer such
#: a case is "not recorded" beside the engagement rate. Housing and the perpetrator
#: programme refer victims on for support; their cases are not expected to offer it.
VICTIM_SUPPORT_SERVICES = (ServiceKind.HELP_POINT, ServiceKind.REFUGE)


def _offers(period: Period) -> QuerySet[SupportOffer]:
    """The outer query's case's offers of support made in the period."""
    return SupportOffer.objects.filter(_days("offered_on", period), case=OuterRef("pk"))


def _offered_support(period: Period) -> QuerySet[Case]:
    """Cases offered support in the period, and (the not known) cases referred in the period
    to a victim support service with no offer recorded. Whether an offer of the period was
    answered, and whether the case engaged, are worked out once a case, as the aliases
    ``offer_answered`` and ``engaged`` that the indicators' conditions read."""
    offered = SupportOffer.objects.filter(_days("offered_on", period)).values("case")
    never_offered = ~Exists(SupportOffer.objects.filter(case=OuterRef("pk")))
    not_recorded = (
        _moments("referred_at", period)
        & Q(service__kind__in=VICTIM_SUPPORT_SERVICES)
        & Q(never_offered)
    )
    accepted = Exists(_offers(period).filter(answer=ACCEPTED))
    return Case.objects.filter(Q(pk__in=offered) | not_recorded).alias(
        offer_answered=Exists(_offers(period).exclude(answer=AWAITING)),
        engaged=_engaged(accepted),
    )


def _intakes(period: Period) -> QuerySet[IntakeProfile]:
    return IntakeProfile.objects.filter(_days("assessed_on", period))


def _programme_referrals(period: Period) -> QuerySet[ProgrammeRecord]:
    return ProgrammeRecord.objects.filter(_days("referral_received_on", period))


def _programme_dated(field: str) -> Records:
    return lambda period: ProgrammeRecord.objects.filter(_days(field, period))


def _sessions(kind: str | None = None) -> Records:
    def records(period: Period) -> QuerySet[TrainingSession]:
        sessions = TrainingSession.objects.filter(_days("held_on", period))
        return sessions.filter(kind=kind) if kind else sessions

    return records


SESSIONS = Source(_sessions(), service=None, person=None)


def _cases(records: Records, population: str | None = None) -> Source:
    return Source(records, service="service", person="person", population=population)


def _in_touch(period: Period) -> Exists:
    """A contact on the case in the period: one look-up per case, where counting people over
    the contacts would join each of the (ten times more) contacts to its case."""
    return Exists(Contact.objects.filter(_days("occurred_on", period), case=OuterRef("pk")))


def _victim_cases_in_touch(period: Period) -> QuerySet[Case]:
    """Help point cases with a contact in the period."""
    return Case.objects.filter(_in_touch(period), service__kind=ServiceKind.HELP_POINT)


def _idva_cases_in_touch(period: Period) -> QuerySet[Case]:
    """Cases worked by an IDVA, of any service, with a contact in the period."""
    return Case.objects.filter(_in_touch(period), worked_by_idva=True)


VICTIM_CASES_IN_TOUCH = _cases(_victim_cases_in_touch)
OFFERED_SUPPORT = _cases(_offered_support, "cases_offered_support")


def _open_in(period: Period, case: str = "") -> Q:
    """Cases (or what leads to them by ``case``) opened by the period's end and not closed
    before its start: open on at least one of its days."""
    opened, closed = f"{case}opened_at", f"{case}closed_at"
    return Q(**{f"{opened}__lt": _after(period.last)}) & (
        Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gte": _start(period.first)})
    )


def _exit_reviews(period: Period) -> QuerySet[ExitReview]:
    return ExitReview.objects.filter(_moments("case__closed_at", period))


#: Cases closed in the period, with their exit review: every outcome of support reads them.
EXIT_REVIEWS = Source(_exit_reviews, population="exit_reviews_of_closed_cases")


def _child_attendances(period: Period) -> QuerySet[ChildAttendance]:
    return ChildAttendance.objects.filter(
        first_session_on__lte=period.last, last_session_on__gte=period.first
    )


CHILD_ATTENDANCES = Source(
    _child_attendances, service="case_child__case__service", person="case_child__person"
)


def _children_supported(period: Period) -> QuerySet[CaseChild]:
    """Children on family-service cases open on any day of the period."""
    return CaseChild.objects.filter(
        _open_in(period, "case__"), case__service__kind=ServiceKind.FAMILY
    )


def _sanctuary_fitted(period: Period) -> QuerySet[SanctuaryMeasure]:
    return SanctuaryMeasure.objects.filter(_days("fitted_on", period))


SANCTUARY = Source(
    _sanctuary_fitted,
    population="sanctuary_measures_fitted",
    service="housing_record__case__service",
    person="housing_record__case__person",
)


def _helpline_calls(period: Period) -> QuerySet[Contact]:
    """Calls a victim made to a help point service (ref.CONTACT_CHANNELS, CONTACT_INITIATORS)."""
    return _contacts(period).filter(
        channel="call", initiated_by="victim", case__service__kind=ServiceKind.HELP_POINT
    )


def _calls_without_a_case(period: Period) -> QuerySet[HelplineCall]:
    """Calls from service users logged in a help point's call log and not turned into a
    case (one that was is its case's first contact, counted there: never twice)."""
    calls = HelplineCall.objects.filter(_days("called_on", period))
    return calls.from_service_users().without_a_case()


HELPLINE_CALLS = Source(
    _helpline_calls,
    also=Source(_calls_without_a_case, service="service", person=None),
)


def _partnership_records(kind: str) -> Records:
    return lambda period: PartnershipRecord.objects.filter(_days("occurred_on", period), kind=kind)


def _police_incidents(period: Period) -> QuerySet[PartnershipRecord]:
    """The incidents police forces sent (agencies of the police kind)."""
    records = _partnership_records(submitted.INCIDENT)(period)
    return records.filter(agency__kind=AgencyKind.POLICE)


def _schedules_received(period: Period) -> QuerySet[SubmissionSchedule]:
    """Schedules of files with a file accepted for a quarter in the period that the
    schedule expects (from its first quarter, up to its end)."""
    received = Submission.objects.accepted().filter(
        agency=OuterRef("agency"),
        kind=OuterRef("kind"),
        period_first__range=(period.first, period.last),
        period_first__gte=OuterRef("starts_on"),
        period_first__lte=Coalesce(
            OuterRef("ends_on"), Value(period.last), output_field=DateField()
        ),
    )
    return SubmissionSchedule.objects.filter(Exists(received))


def _in_refuge(period: Period) -> QuerySet[Case]:
    """Cases of people in refuge on any day of the period: a refuge or safe accommodation
    case open then, or a housing case whose refuge stay overlaps the period."""
    refuge_case = Q(service__kind=ServiceKind.REFUGE) & _open_in(period)
    refuge_stay = Q(housing_record__refuge_placed_on__lte=period.last) & (
        Q(housing_record__refuge_ended_on__isnull=True)
        | Q(housing_record__refuge_ended_on__gte=period.first)
    )
    return Case.objects.filter(refuge_case | refuge_stay)


def _sent(records: Records, population: str | None = None) -> Source:
    """Partnership data agencies sent: analysis records about no person of Concord's."""
    return Source(records, service=None, person=None, population=population, sent=True)


# Aggregates -------------------------------------------------------------------------------


def count(condition: Q | None = None) -> Aggregate:
    return lambda: Count("pk", filter=condition)


def distinct(path: str, condition: Q | None = None) -> Aggregate:
    return lambda: Count(path, distinct=True, filter=condition)


def total(field: str) -> Aggregate:
    return lambda: Coalesce(Sum(field), 0)


def _engaged(accepted: Exists) -> DbCase:
    """Whether the case engaged: an offer of the period ``accepted``, and a contact on the
    case on or after the day of the assessment: the intake assessment's, or the opening's
    for a case without one (UK local days: each contact's is stored). Each test runs only
    when the ones before it left the answer open (a CASE, which the databases evaluate
    lazily, where OR and AND in a value are computed whole), cheapest first."""
    contacts = Contact.objects.filter(case=OuterRef("pk"))
    assessed = OuterRef("intake_profile__assessed_on")
    since_assessment = Exists(contacts.filter(occurred_on__gte=assessed))
    since_opening = Exists(contacts.filter(occurred_on__gte=OuterRef("opened_at__date")))
    return DbCase(
        When(~Q(accepted), then=False),
        When(intake_profile__isnull=False, then=since_assessment),
        When(opened_at__isnull=False, then=since_opening),
        default=False,
        output_field=BooleanField(),
    )


# One condition for both engagement indicators, so the engine computes it once for both.
# ``_offered_support`` works it out per case for the period (``_engaged``).
ENGAGED = Q(engaged=True)


def answered(field: str, answer: str = "yes") -> tuple[Aggregate, Q]:
    """A yes / no / not known item: records answering ``answer``, out of those answering
    yes or no."""
    return count(Q(**{field: answer})), Q(**{f"{field}__in": ("yes", "no")})


def answered_item(code: str) -> tuple[Aggregate, Q]:
    """``answered`` for an intake item of the answers JSON, read once as text: the JSON
    equality lookup reads the item two or three times, for each of the 19 items."""
    answer = KT(f"answers__{code}")
    return count(Q(Exact(answer, "yes"))), Q(In(answer, ("yes", "no")))


# The catalogue ------------------------------------------------------------------------------

ENGAGED_DEFINITION = (
    "Cases whose service offered support (casework, IDVA, outreach or group work) in the "
    "period, the person accepted, and that had at least one contact on the case on or after "
    "the day of the assessment (the intake assessment, or the day the case was opened "
    "without one); a referral to another service is not an offer of support"
)


def _headline() -> list[Indicator]:
    def cases(code: str, title: str, definition: str, kind: str, field: str) -> Indicator:
        return Indicator(
            code,
            title,
            definition,
            Group.HEADLINE,
            Unit.COUNT,
            Better.NEITHER,
            _cases(_cases_of(kind, field)),
            count(),
        )

    return [
        Indicator(
            "people_accessing_victim_service",
            "People accessing the victim service",
            "Distinct people with at least one contact in the period with a help point "
            "(helpline, counselling, outreach, IDVA) service.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.HIGHER,
            VICTIM_CASES_IN_TOUCH,
            distinct("person"),
        ),
        Indicator(
            "safety_plans_completed",
            "Safety plans completed",
            "Safety plans marked completed on a day in the period.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.HIGHER,
            Source(lambda period: SafetyPlan.objects.filter(_days("completed_on", period))),
            count(),
        ),
        Indicator(
            "out_of_hours_interventions",
            "Out-of-hours interventions",
            "Contacts in the period, with any service, made outside office hours.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.NEITHER,
            Source(lambda period: _contacts(period).filter(out_of_hours=True)),
            count(),
        ),
        cases(
            "family_referrals",
            "Referrals received by the family service",
            "Cases referred in the period to a family service.",
            ServiceKind.FAMILY,
            "referred_at",
        ),
        cases(
            "housing_referrals",
            "Referrals received by housing",
            "Cases referred in the period to a housing service.",
            ServiceKind.HOUSING,
            "referred_at",
        ),
        cases(
            "programme_referrals",
            "Referrals received by the perpetrator programme",
            "Cases referred in the period to a perpetrator programme.",
            ServiceKind.PERPETRATOR_PROGRAMME,
            "referred_at",
        ),
        Indicator(
            "homes_secured",
            "Homes secured",
            "Housing records whose home was made secure on a day in the period.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.HIGHER,
            Source(lambda period: HousingRecord.objects.filter(_days("home_secured_on", period))),
            count(),
        ),
        cases(
            "family_cases_opened",
            "Cases opened by the family service",
            "Family service cases opened in the period.",
            ServiceKind.FAMILY,
            "opened_at",
        ),
        cases(
            "housing_cases_opened",
            "Cases opened by housing",
            "Housing cases opened in the period.",
            ServiceKind.HOUSING,
            "opened_at",
        ),
        Indicator(
            "open_housing_cases",
            "Open housing cases",
            "Housing cases open on the last day of the period: opened by then and not "
            "closed by then.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.NEITHER,
            _cases(_open_housing_at_end),
            count(),
        ),
        Indicator(
            "victims_engaging",
            "Victims engaging in support",
            ENGAGED_DEFINITION + ".",
            Group.HEADLINE,
            Unit.COUNT,
            Better.HIGHER,
            OFFERED_SUPPORT,
            count(ENGAGED),
        ),
        Indicator(
            "children_accessing_family_service",
            "Children and young people accessing the family service",
            "Distinct children with family service group work, crèche or one-to-one "
            "sessions on days overlapping the period.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.HIGHER,
            CHILD_ATTENDANCES,
            distinct("case_child__person"),
        ),
        Indicator(
            "training_sessions_delivered",
            "Training and awareness sessions delivered",
            "Training, public awareness and prevention sessions held in the period.",
            Group.HEADLINE,
            Unit.COUNT,
            Better.HIGHER,
            SESSIONS,
            count(),
        ),
    ]


def _outcomes() -> list[Indicator]:
    safer, safer_known = answered("feels_safer")
    return [
        Indicator(
            "feels_safer_rate",
            "Service users who feel safer after intervention",
            "Cases closed in the period whose exit review says the person feels safer, out "
            "of those whose exit review answered the question (yes or no).",
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            EXIT_REVIEWS,
            safer,
            safer_known,
            target=80,
        ),
        Indicator(
            "engagement_rate",
            "Victims who engage in support",
            ENGAGED_DEFINITION + ", out of the cases offered support in the period whose "
            "answer is recorded. Not known: offers awaiting an answer, and cases referred in "
            "the period to a help point or refuge with no offer of support recorded.",
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            OFFERED_SUPPORT,
            count(ENGAGED),
            Q(offer_answered=True),
            target=70,
        ),
        *_support_outcomes(),
    ]


def _support_outcomes() -> list[Indicator]:
    def improved(score: str) -> Indicator:
        at_intake, at_exit = f"{score}_at_intake", f"{score}_at_exit"
        return Indicator(
            f"{score}_improved_rate",
            f"{score.capitalize()} improved during support",
            f"Cases closed in the period whose {score} score (0 to 10) at exit is higher "
            "than at intake, out of those whose exit review has both scores.",
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            EXIT_REVIEWS,
            count(Q(**{f"{at_exit}__gt": F(at_intake)})),
            Q(**{f"{at_intake}__isnull": False, f"{at_exit}__isnull": False}),
        )

    return [
        improved("wellbeing"),
        improved("safety"),
        Indicator(
            "abuse_stopped_or_reduced_rate",
            "Abuse stopped or reduced",
            "Cases closed in the period whose exit review says the abuse stopped or "
            "reduced, out of those saying stopped, reduced or continued.",
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            EXIT_REVIEWS,
            count(Q(abuse_change__in=("stopped", "reduced"))),
            Q(abuse_change__in=("stopped", "reduced", "continued")),
        ),
        Indicator(
            "sanctuary_measures_fitted",
            "Sanctuary measures fitted",
            "Sanctuary (target-hardening) measures fitted to homes on a day in the period.",
            Group.OUTCOME,
            Unit.COUNT,
            Better.HIGHER,
            SANCTUARY,
            count(),
        ),
        Indicator(
            "homes_made_safe_with_sanctuary",
            "Homes made safe with sanctuary measures",
            "Housing cases with at least one sanctuary measure fitted on a day in the period.",
            Group.OUTCOME,
            Unit.COUNT,
            Better.HIGHER,
            SANCTUARY,
            distinct("housing_record"),
        ),
        Indicator(
            "training_more_knowledge_rate",
            "Training attendees reporting more knowledge",
            "Attendees of training, awareness and prevention sessions held in the period who "
            "said they know more, out of the attendees of the sessions that asked them; the "
            "attendees of sessions that did not ask are not known.",
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            SESSIONS,
            total("reported_more_knowledge"),
            Q(reported_more_knowledge__isnull=False),
            tally=summed("attendees"),
        ),
        Indicator(
            "protection_orders_made",
            "Protection orders made",
            "Protection orders and notices (DVPN, DVPO, non-molestation and others) made in "
            "the period, as agencies sent them in their protection order files.",
            Group.OUTCOME,
            Unit.COUNT,
            Better.NEITHER,
            _sent(_partnership_records(submitted.PROTECTION_ORDER)),
            count(),
        ),
    ]


def _safeguarding_children() -> list[Indicator]:
    supported = Source(
        _children_supported,
        service="case__service",
        person="person",
        population="children_on_family_cases",
    )

    def flagged(flag: str, label: str) -> Indicator:
        return Indicator(
            f"children_{flag}",
            f"Children: {label.lower()}",
            f"Distinct children on family service cases open in the period with {label.lower()} "
            "flagged, out of those for whom it is known (yes or no).",
            Group.SAFEGUARDING_CHILDREN,
            Unit.PERCENTAGE,
            Better.NEITHER,
            supported,
            distinct("person", Q(**{flag: "yes"})),
            Q(**{f"{flag}__in": ("yes", "no")}),
            tally=people("person"),
        )

    return [
        flagged("self_harm", "Self-harm"),
        flagged("suicidal_feelings", "Suicidal feelings"),
        Indicator(
            "children_using_creche",
            "Children taking up the crèche",
            "Distinct children who attended the family service's crèche on days overlapping "
            "the period.",
            Group.SAFEGUARDING_CHILDREN,
            Unit.COUNT,
            Better.HIGHER,
            CHILD_ATTENDANCES,
            distinct("case_child__person", Q(kind="creche")),
        ),
    ]


def _intake() -> list[Indicator]:
    source = Source(_intakes, population="intake_assessments")
    items = []
    for code, label in ref.INTAKE_ITEMS:
        numerator, known = answered_item(code)
        items.append(
            Indicator(
                f"intake_{code}",
                f"Intake: {label[0].lower()}{label[1:]}",  # "MARAC", "A&E" kept
                f"Intake assessments in the period answering yes to “{label}”, out of those "
                "answering yes or no.",
                Group.INTAKE,
                Unit.PERCENTAGE,
                Better.NEITHER,
                source,
                numerator,
                known,
            )
        )
    return [
        *items,
        Indicator(
            "intake_children_total",
            "Intake: children",
            "The number of children recorded at intake assessments in the period.",
            Group.INTAKE,
            Unit.COUNT,
            Better.NEITHER,
            source,
            total("number_of_children"),
        ),
        Indicator(
            "family_risk_assessments",
            "Family service risk assessments completed",
            "Risk assessments of children completed in the period.",
            Group.INTAKE,
            Unit.COUNT,
            Better.HIGHER,
            Source(
                lambda period: ChildRiskAssessment.objects.filter(_days("assessed_on", period)),
                service="case_child__case__service",
                person="case_child__person",
            ),
            count(),
        ),
    ]


def _programme() -> list[Indicator]:
    referrals = Source(_programme_referrals, population="programme_referrals_received")

    def share(code: str, title: str, definition: str, field: str, answer: str = "yes") -> Indicator:
        numerator, known = answered(field, answer)
        return Indicator(
            code,
            title,
            definition,
            Group.PERPETRATOR_PROGRAMME,
            Unit.PERCENTAGE,
            Better.NEITHER,
            referrals,
            numerator,
            known,
        )

    def dated(code: str, title: str, definition: str, field: str, condition: Q) -> Indicator:
        return Indicator(
            code,
            title,
            definition,
            Group.PERPETRATOR_PROGRAMME,
            Unit.COUNT,
            Better.NEITHER,
            Source(_programme_dated(field)),
            count(condition),
        )

    def outcome(code: str, title: str, definition: str, condition: Q, known: Q) -> Indicator:
        return Indicator(
            code,
            title,
            definition,
            Group.PERPETRATOR_PROGRAMME,
            Unit.PERCENTAGE,
            Better.NEITHER,
            referrals,
            count(condition),
            known,
        )

    referred = "Programme referrals received in the period"
    return [
        share(
            "programme_with_children",
            "Programme: with children",
            f"{referred} with children, out of those where it is known.",
            "has_children",
        ),
        Indicator(
            "programme_children_total",
            "Programme: children",
            f"The number of children recorded for the {referred.lower()}.",
            Group.PERPETRATOR_PROGRAMME,
            Unit.COUNT,
            Better.NEITHER,
            referrals,
            total("number_of_children"),
        ),
        share(
            "programme_child_protection",
            "Programme: child-protection threshold reached",
            f"{referred} whose concerns about the children reached the child-protection "
            "threshold, out of those where it is known.",
            "child_protection_threshold",
        ),
        share(
            "programme_partner_no_prior_support",
            "Programme: partners with no prior support",
            f"{referred} whose partner had no support from a service before, out of those "
            "where it is known.",
            "partner_prior_support",
            "no",
        ),
        dated(
            "programme_referred_to_idva",
            "Programme: referrals to an IDVA",
            "Programme records whose partner was referred to an IDVA in the period.",
            "referred_to_idva_on",
            Q(),
        ),
        dated(
            "programme_referred_to_marac",
            "Programme: referrals to MARAC",
            "Programme records referred to MARAC in the period.",
            "referred_to_marac_on",
            Q(),
        ),
        share(
            "programme_complex_needs",
            "Programme: complex needs",
            f"{referred} with complex needs, out of those where it is known.",
            "complex_needs",
        ),
        outcome(
            "programme_did_not_attend_assessment",
            "Programme: did not attend assessment",
            f"{referred} who did not attend their assessment, out of those whose "
            "attendance is recorded.",
            Q(assessment_attendance=programme.DID_NOT_ATTEND),
            ~Q(assessment_attendance=""),
        ),
        outcome(
            "programme_unsuitable",
            "Programme: assessed unsuitable",
            f"{referred} assessed as not suitable, out of those with an assessment outcome.",
            Q(assessment_outcome=programme.UNSUITABLE),
            ~Q(assessment_outcome=""),
        ),
        outcome(
            "programme_engaged",
            "Programme: engaged",
            f"{referred} assessed suitable who attended at least one session, out of "
            "those assessed suitable.",
            Q(sessions_attended__gt=0),
            Q(assessment_outcome=programme.SUITABLE),
        ),
        _completions(
            "programme_completions",
            "Programme completions",
            Group.PERPETRATOR_PROGRAMME,
            Better.NEITHER,
        ),
    ]


def _completions(code: str, title: str, group: Group, better: Better) -> Indicator:
    """Programme completions: one of the programme's measures, and a strategy indicator."""
    return Indicator(
        code,
        title,
        "Programme records completed on a day in the period.",
        group,
        Unit.COUNT,
        better,
        Source(_programme_dated("completion_on")),
        count(Q(completion=programme.COMPLETED)),
    )


def _heard(period: Period) -> QuerySet[AgendaItem]:
    """Agenda items heard at any area's meetings held in the period (as the MARAC's own
    measures count them, concord.marac.measures, for every area)."""
    return AgendaItem.objects.filter(_days("meeting__meets_on", period), heard_at__isnull=False)


def _due_for_hearing(period: Period) -> QuerySet[MaracReferral]:
    """Referrals whose target date for being heard is in the period, each marked whether
    it is still waiting (as the MARAC's own measures count them, concord.marac.measures)."""
    waiting = marac.waiting_for_hearing(timezone.localdate())
    return MaracReferral.objects.filter(marac.due_for_hearing(period.first, period.last)).annotate(
        hearing_waiting=DbCase(When(waiting, then=True), default=False, output_field=BooleanField())
    )


def _marac() -> list[Indicator]:
    heard = Source(
        _heard,
        service="referral__case__service",
        person="referral",
        population="marac_cases_heard",
    )
    referred = Source(
        lambda period: MaracReferral.objects.filter(_days("referred_on", period)),
        service="case__service",
        person=None,
        population="marac_referrals_made",
    )
    due_for_hearing = Source(_due_for_hearing, service="case__service", person=None)
    followed = Source(
        lambda period: MaracReferral.objects.filter(_days("followed_up_on", period)),
        service="case__service",
        person=None,
    )

    def heard_share(code: str, title: str, condition: Q) -> Indicator:
        return Indicator(
            code,
            title,
            f"Cases heard at MARAC meetings held in the period: {title.lower()}, out of all "
            "cases heard (as in the MARAC's own measures).",
            Group.MARAC,
            Unit.PERCENTAGE,
            Better.NEITHER,
            heard,
            count(marac.on_referral(condition)),
            Q(),
        )

    return [
        Indicator(
            "marac_cases_heard",
            "MARAC cases heard",
            "Cases heard at MARAC meetings held in the period, repeats included.",
            Group.MARAC,
            Unit.COUNT,
            Better.NEITHER,
            heard,
            count(),
        ),
        heard_share("marac_repeat_rate", "Repeat cases", Q(is_repeat=True)),
        heard_share(
            "marac_minoritised", "Black, Asian and minoritised victims", marac.minoritised()
        ),
        heard_share("marac_lgbt", "LGBT+ victims", marac.lgbt()),
        heard_share("marac_disabled", "Disabled victims", Q(disability__in=marac.DISABLED)),
        heard_share("marac_male", "Male victims", Q(sex="male")),
        Indicator(
            "marac_children",
            "Children in households of MARAC cases",
            "Children in the households of cases heard at MARAC meetings held in the period.",
            Group.MARAC,
            Unit.COUNT,
            Better.NEITHER,
            heard,
            total("referral__children_count"),
        ),
        Indicator(
            "marac_referrals",
            "MARAC referrals",
            "Referrals to a MARAC made in the period.",
            Group.MARAC,
            Unit.COUNT,
            Better.NEITHER,
            referred,
            count(),
        ),
        Indicator(
            "marac_not_heard",
            "MARAC referrals not heard by their target date",
            "Referrals to a MARAC whose target date for being heard falls in the period, not "
            "heard at a meeting on or before it, out of those whose target date has passed or "
            "that were heard by it; the referrals still waiting are the not known.",
            Group.MARAC,
            Unit.PERCENTAGE,
            Better.LOWER,
            due_for_hearing,
            count(Q(hearing_waiting=False) & ~marac.heard_by_target()),
            Q(hearing_waiting=False),
        ),
        Indicator(
            "marac_feels_safer",
            "Feeling safer after MARAC",
            "MARAC referrals followed up in the period whose victim said they feel safer, out "
            "of those who answered yes or no.",
            Group.MARAC,
            Unit.PERCENTAGE,
            Better.HIGHER,
            followed,
            *answered("feels_safer"),
            target=70,
        ),
    ]


def _strategy() -> list[Indicator]:
    police = _sent(_police_incidents, "police_incidents_sent")
    return [
        Indicator(
            "staff_trained",
            "Staff trained on domestic abuse",
            "Staff of each agency attending training sessions held in the period (break it "
            "down by agency for the figure per agency).",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            Source(
                lambda period: StaffTrained.objects.filter(_days("session__held_on", period)),
                service=None,
                person=None,
            ),
            total("staff"),
        ),
        Indicator(
            "prevention_sessions",
            "Prevention sessions delivered",
            "Prevention sessions in schools or youth settings held in the period.",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            Source(_sessions(training.PREVENTION_SESSION), service=None, person=None),
            count(),
        ),
        Indicator(
            "prevention_children_reached",
            "Children receiving prevention sessions",
            "Children reached by prevention sessions held in the period.",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            Source(_sessions(training.PREVENTION_SESSION), service=None, person=None),
            total("children_reached"),
        ),
        Indicator(
            "victims_engaging_with_idvas",
            "Victims engaging with IDVAs",
            "Distinct people with a case worked by an IDVA that had at least one contact "
            "in the period.",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            _cases(_idva_cases_in_touch),
            distinct("person"),
        ),
        Indicator(
            "helpline_calls",
            "Helpline calls from service users",
            "Phone calls to a help point service (the helpline) in the period, each call "
            "once: calls a victim or survivor made on their case, and calls logged without a "
            "case from a victim or survivor or from a friend or family member calling for "
            "them (service users; calls from professionals seeking guidance, from people "
            "causing harm and from others are logged but not counted). A logged call turned "
            "into a case is counted once, as that case's first contact.",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            HELPLINE_CALLS,
            count(),
        ),
        Indicator(
            "police_incidents",
            "Domestic abuse incidents reported to police",
            "Incidents dated in the period in the incident files police forces sent "
            "(agencies of the police kind).",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            police,
            count(),
        ),
        Indicator(
            "police_repeat_victimisation",
            "Police reports that are repeat victimisation",
            "Incidents dated in the period in the police forces' incident files flagged as "
            "repeats by the force, out of those whose repeat flag says yes or no.",
            Group.STRATEGY,
            Unit.PERCENTAGE,
            Better.LOWER,
            police,
            *answered("repeat"),
        ),
        Indicator(
            "cps_successful_outcomes",
            "Successful CPS court outcomes",
            "Prosecutions finalised in the period, as sent in court outcome files, that ended "
            "in a conviction (guilty plea, conviction after trial or proved in absence), out "
            "of all those finalised (CPS definitions).",
            Group.STRATEGY,
            Unit.PERCENTAGE,
            Better.HIGHER,
            _sent(_partnership_records(submitted.COURT_OUTCOME)),
            count(Q(court_outcome__in=submitted.SUCCESSFUL_COURT_OUTCOMES)),
            ~Q(court_outcome=""),
        ),
        _completions(
            "perpetrator_programme_completions",
            "Perpetrator programme completions",
            Group.STRATEGY,
            Better.HIGHER,
        ),
        Indicator(
            "refuge_and_floating_support",
            "Victims in refuge or floating support",
            "Distinct people in refuge on any day of the period: with a refuge or safe "
            "accommodation case open then, or a housing case whose refuge stay overlaps it. "
            "Floating support is not recorded apart from other housing support in Concord, so "
            "it is not counted here.",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            _cases(_in_refuge),
            distinct("person"),
        ),
        Indicator(
            "agencies_submitting_data",
            "Agencies submitting routine data",
            "Agencies whose schedule expects a partnership data file for a quarter in the "
            "period and whose file for it was accepted.",
            Group.STRATEGY,
            Unit.COUNT,
            Better.HIGHER,
            _sent(_schedules_received),
            distinct("agency"),
        ),
    ]


# Outcome measures (issue 18): the person's own answers at exit and follow-up -----------------


def _measures_at(stage: str) -> Records:
    return lambda period: OutcomeMeasure.objects.filter(_days("answered_on", period), stage=stage)


def _travelled(period: Period) -> QuerySet[Case]:
    """Cases with exit or follow-up answers in the period, with whether the latest of them
    with a safety score (a follow-up after the exit, a later follow-up after an earlier one)
    scored higher than the intake answers, and whether both scores are there, as the
    aliases the indicator's conditions read."""
    later = OutcomeMeasure.objects.filter(
        _days("answered_on", period), case=OuterRef("pk"), stage__in=("exit", "follow_up")
    )
    later_scored = later.filter(safety__isnull=False)
    latest = later_scored.order_by("-answered_on", "-follow_up_months").values("safety")[:1]
    intake = OutcomeMeasure.objects.filter(
        case=OuterRef("pk"), stage="intake", safety__isnull=False
    )
    return Case.objects.filter(Exists(later)).alias(
        safety_scored=ExpressionWrapper(
            Q(Exists(later_scored)) & Q(Exists(intake)), output_field=BooleanField()
        ),
        safety_rose=GreaterThan(Subquery(latest), Subquery(intake.values("safety")[:1])),
    )


EXIT_MEASURES = Source(_measures_at("exit"))
FOLLOW_UP_MEASURES = Source(_measures_at("follow_up"), population="follow_up_measures")


def _outcome_measures() -> list[Indicator]:
    return [
        Indicator(
            "safer_at_exit_rate",
            "Feel safer at the end of support",
            "Exit questionnaires answered in the period saying the person feels safer than "
            'before support, out of those answering yes or no; "not sure" is not known.',
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            EXIT_MEASURES,
            count(Q(feels_safer="yes")),
            Q(feels_safer__in=("yes", "no")),
        ),
        Indicator(
            "safer_at_follow_up_rate",
            "Feel safer months after support",
            "Follow-up questionnaires (3, 6… months after closure) answered in the period "
            "saying the person feels safer than before support, out of those answering yes or "
            'no; "not sure" is not known. Each follow-up counts once.',
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            FOLLOW_UP_MEASURES,
            count(Q(feels_safer="yes")),
            Q(feels_safer__in=("yes", "no")),
        ),
        Indicator(
            "no_further_incidents_rate",
            "No further abuse after support",
            "Follow-up questionnaires answered in the period saying there has been no more "
            'abuse since support ended, out of those answering yes or no; "prefer not to '
            'say" is not known. Each follow-up counts once.',
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            FOLLOW_UP_MEASURES,
            count(Q(further_incidents="no")),
            Q(further_incidents__in=("yes", "no")),
        ),
        Indicator(
            "distance_travelled_rate",
            "Feel safer than at the start of support",
            "Cases with exit or follow-up answers in the period whose safety score (0 to 10) "
            "in the latest of them is higher than at intake, out of those with both scores; "
            "cases without intake answers are not known.",
            Group.OUTCOME,
            Unit.PERCENTAGE,
            Better.HIGHER,
            _cases(_travelled),
            count(Q(safety_rose=True)),
            Q(safety_scored=True),
        ),
    ]


# Victims' voice: feedback and complaints (DOMAIN §17, ADR 0034) -----------------------------
#
# Each record carries equality answers (concord.voice.models.EqualityAnswers: given on it,
# or copied from the person of the case it is linked to), so every source breaks down by
# strand through the record's own ``equality``. A complaint's stage is late when its day to
# be acknowledged (or answered) has passed without it; the percentages count the stages
# whose day fell in the period, so a closed period's are all known (as MARAC's target dates).


def _stages_due(step: str) -> Records:
    """Stages whose ``step`` ("acknowledge" or "respond") was due in the period, each marked
    ``late`` when it is still not done and its day has passed."""
    done = {"acknowledge": "acknowledged_on", "respond": "responded_on"}[step]

    def records(period: Period) -> QuerySet[Any]:
        today = timezone.localdate()
        still_waiting = Q(**{f"{done}__isnull": True, f"{step}_by__lt": today})
        return ComplaintStage.objects.filter(_days(f"{step}_by", period)).annotate(
            late=DbCase(When(still_waiting, then=True), default=False, output_field=BooleanField())
        )

    return records


def _voice() -> list[Indicator]:
    feedback = Source(
        lambda period: Feedback.objects.filter(_days("received_on", period)),
        service="service",
        person="equality",
    )
    complaints = Source(
        lambda period: Complaint.objects.filter(_days("received_on", period)),
        service="service",
        person="equality",
    )

    def stages(records: Records) -> Source:
        return Source(records, service="complaint__service", person="complaint__equality")

    def within_target(code: str, step: str, done: str, title: str, words: str) -> Indicator:
        return Indicator(
            code,
            title,
            f"Stages of complaints whose day to be {words} (the target in days set when the "
            f"stage began) fell in the period: those {words} on or before it, out of those "
            f"{words} or now past it; the stages not yet {words} and not yet late are the not "
            "known.",
            Group.VOICE,
            Unit.PERCENTAGE,
            Better.HIGHER,
            stages(_stages_due(step)),
            count(Q(**{f"{done}__lte": F(f"{step}_by")})),
            Q(**{f"{done}__isnull": False}) | Q(late=True),
        )

    return [
        Indicator(
            "feedback_received",
            "Feedback received",
            "Compliments, comments and suggestions about a service received in the period.",
            Group.VOICE,
            Unit.COUNT,
            Better.NEITHER,
            feedback,
            count(),
        ),
        Indicator(
            "compliments_received",
            "Compliments received",
            "Compliments about a service received in the period.",
            Group.VOICE,
            Unit.COUNT,
            Better.HIGHER,
            feedback,
            count(Q(kind=COMPLIMENT)),
        ),
        Indicator(
            "complaints_received",
            "Complaints received",
            "Complaints about a service received in the period (at their first stage).",
            Group.VOICE,
            Unit.COUNT,
            Better.NEITHER,
            complaints,
            count(),
        ),
        within_target(
            "complaints_acknowledged_in_time",
            "acknowledge",
            "acknowledged_on",
            "Complaints acknowledged within target",
            "acknowledged",
        ),
        within_target(
            "complaints_answered_in_time",
            "respond",
            "responded_on",
            "Complaints answered within target",
            "answered",
        ),
        Indicator(
            "complaints_upheld",
            "Complaints upheld or partly upheld",
            "Stages of complaints answered in the period whose outcome was upheld or partly "
            "upheld.",
            Group.VOICE,
            Unit.COUNT,
            Better.NEITHER,
            stages(lambda period: ComplaintStage.objects.filter(_days("responded_on", period))),
            count(Q(outcome__in=sorted(UPHELD_OUTCOMES))),
        ),
    ]


INDICATORS: tuple[Indicator, ...] = (
    *_headline(),
    *_outcomes(),
    *_intake(),
    *_programme(),
    *_marac(),
    *_safeguarding_children(),
    *_strategy(),
    *_outcome_measures(),
    *_voice(),
)
BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


class UnknownIndicatorError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def get(code: str) -> Indicator:
    try:
        return BY_CODE[code]
    except KeyError:
        raise UnknownIndicatorError(f"There is no indicator with the code {code!r}") from None


# Relations between figures, for disclosure control (DOMAIN §11) ------------------------------
#
# concord.indicators.publishing protects everything published together as one set of linked
# cells: an attacker may combine any figures related by definition. Declare here what holds
# by definition for every period and breakdown group; an undeclared figure is treated as
# unrelated, so declare every true relation (a missing one lets a hidden count be worked
# out). A figure is "code.numerator", "code.denominator", "code.not_known" or a source's
# population, "population:name" (all the records of the sources naming it).


@dataclass(frozen=True)
class Link:
    """``whole`` is the sum of ``parts`` (``exact``), or at least that sum."""

    whole: str
    parts: tuple[str, ...]
    exact: bool = True


LINKS: tuple[Link, ...] = (
    # An assessment outcome is suitable or unsuitable (programmes.vocabulary).
    Link(
        "programme_unsuitable.denominator",
        ("programme_engaged.denominator", "programme_unsuitable.numerator"),
    ),
    Link("engagement_rate.numerator", ("victims_engaging.numerator",)),
    Link("population:cases_offered_support", ("victims_engaging.numerator",), exact=False),
    Link("population:marac_cases_heard", ("marac_cases_heard.numerator",)),
    Link("population:marac_referrals_made", ("marac_referrals.numerator",)),
    Link("training_sessions_delivered.numerator", ("prevention_sessions.numerator",), exact=False),
    Link("population:sanctuary_measures_fitted", ("sanctuary_measures_fitted.numerator",)),
    Link(
        "sanctuary_measures_fitted.numerator",
        ("homes_made_safe_with_sanctuary.numerator",),
        exact=False,
    ),
    Link("population:police_incidents_sent", ("police_incidents.numerator",)),
    Link("perpetrator_programme_completions.numerator", ("programme_completions.numerator",)),
    Link(
        "children_accessing_family_service.numerator",
        ("children_using_creche.numerator",),
        exact=False,
    ),
    Link("feedback_received.numerator", ("compliments_received.numerator",), exact=False),
)

#: Indicators counting (or summing over) records each dated in exactly one period, so that
#: their figures over periods that tile a longer one add up to its figure.
ADDITIVE_OVER_TIME: frozenset[str] = frozenset(
    {
        "safety_plans_completed",
        "out_of_hours_interventions",
        "family_referrals",
        "housing_referrals",
        "programme_referrals",
        "homes_secured",
        "family_cases_opened",
        "housing_cases_opened",
        "training_sessions_delivered",
        "feels_safer_rate",
        *(f"intake_{code}" for code, _ in ref.INTAKE_ITEMS),
        "intake_children_total",
        "family_risk_assessments",
        *(i.code for i in _programme()),
        *(i.code for i in _marac()),
        "staff_trained",
        "prevention_sessions",
        "prevention_children_reached",
        "helpline_calls",
        "police_incidents",
        "police_repeat_victimisation",
        "cps_successful_outcomes",
        "protection_orders_made",
        "sanctuary_measures_fitted",
        "perpetrator_programme_completions",
        "wellbeing_improved_rate",
        "safety_improved_rate",
        "abuse_stopped_or_reduced_rate",
        "training_more_knowledge_rate",
        "safer_at_exit_rate",
        "safer_at_follow_up_rate",
        "no_further_incidents_rate",
        *(i.code for i in _voice()),
    }
)
#: Indicators counting distinct people (or cases, which may be offered support in more
#: than one period) in the period: over a longer period, at least the figure of any period
#: within it and at most the sum over periods that tile it.
DISTINCT_OVER_TIME: frozenset[str] = frozenset(
    {
        "people_accessing_victim_service",
        "victims_engaging",
        "engagement_rate",
        "children_accessing_family_service",
        "victims_engaging_with_idvas",
        "homes_made_safe_with_sanctuary",
        "children_self_harm",
        "children_suicidal_feelings",
        "children_using_creche",
        "refuge_and_floating_support",
        "agencies_submitting_data",
        "distance_travelled_rate",
    }
)
