"""Every write to MARAC records. Each runs in one transaction, takes the acting user (or the
membership acted in, where the agency matters), checks the domain's rules, refusing with a
ValidationError that says why, and writes its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta
from typing import cast
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from concord.accounts.models import Agency, Membership, User
from concord.cases import lifecycle as case_lifecycle
from concord.cases.models import Case
from concord.core import audit
from concord.core.lifecycle import IllegalTransition
from concord.core.presenters import govuk_date
from concord.core.validators import not_before, not_in_future
from concord.marac import repeats
from concord.marac.lifecycle import (
    ActionStatus,
    MaracStatus,
    check_action_transition,
    check_marac_transition,
)
from concord.marac.models import (
    AgendaItem,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracReferral,
    PersonCausingHarm,
    Research,
)
from concord.marac.vocabulary import (
    CRITERIA,
    FEELS_SAFER,
    HIGHEST_SCORE,
    SAFE_CONTACT_REASONS,
    YOUNGEST_VICTIM,
)

# What a referral tells the MARAC, named in its audit event (never the values).
SHARED_FIELDS = (
    "criteria",
    "score",
    "risk_summary",
    "victim_fears",
    "new_incident_criminal",
    "given_name",
    "family_name",
    "date_of_birth",
    "people_causing_harm",
    "children_count",
    "children_details",
    "victim_knows",
    "victim_consented",
    "no_consent_reason",
    "safe_contact",
)
# The register is read back this far: more than any 12 calendar months.
REGISTER_DAYS = 367


def _required(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _move(referral: MaracReferral, target: MaracStatus) -> None:
    try:
        check_marac_transition(referral.status, target)
    except IllegalTransition as error:
        raise ValidationError(str(error)) from None
    referral.status = target


# Referring ----------------------------------------------------------------------------------


def check_victim_age(case: Case, referred_on: date) -> int:
    """The victim's age on the day referred; refused under 16 or when it is not known."""
    person = case.person
    age = person.age_on(referred_on)
    if age is None:
        raise ValidationError(
            f"Record {person}'s date of birth or approximate age first: MARAC hears victims "
            f"aged {YOUNGEST_VICTIM} or over"
        )
    if age < YOUNGEST_VICTIM:
        raise ValidationError(
            f"{person} was {age} on {govuk_date(referred_on)}. MARAC hears victims aged "
            f"{YOUNGEST_VICTIM} or over: for a younger person, follow child protection "
            "procedures instead"
        )
    return age


def _check_people_causing_harm(people: Sequence[repeats.Party]) -> list[repeats.Party]:
    if not people:
        raise ValidationError({"people_causing_harm": "Name at least one person causing harm"})
    named = []
    for person in people:
        given, family = person.given_name.strip(), person.family_name.strip()
        if not (given and family):
            raise ValidationError(
                {"people_causing_harm": "Give each person causing harm a given and family name"}
            )
        if person.date_of_birth:
            not_in_future(person.date_of_birth, "people_causing_harm", "A date of birth")
        named.append(repeats.Party(given, family, person.date_of_birth))
    return named


def _check_referral(
    case: Case,
    area: MaracArea,
    *,
    referred_on: date,
    criteria: Sequence[str],
    score: int,
    children_count: int,
    children_details: str,
    victim_knows: bool,
    victim_consented: bool,
    no_consent_reason: str,
) -> None:
    if not case_lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before referring it to MARAC")
    if not area.is_active:
        raise ValidationError({"area": f"{area} is not taking referrals"})
    not_in_future(referred_on, "referred_on", "The date referred")
    began = timezone.localdate(case.referred_at)
    not_before(referred_on, began, "referred_on", "The date referred", "the case began")
    if not criteria or not set(criteria) <= set(dict(CRITERIA)):
        raise ValidationError({"criteria": "Select the MARAC criteria the case meets"})
    if not 0 <= score <= HIGHEST_SCORE:
        raise ValidationError({"score": f"The score must be between 0 and {HIGHEST_SCORE}"})
    if children_count < 0:
        raise ValidationError({"children_count": "The number of children cannot be negative"})
    if children_count and not children_details.strip():
        raise ValidationError({"children_details": "Give the children's names and ages"})
    if victim_consented and not victim_knows:
        raise ValidationError(
            {"victim_consented": "The victim cannot consent to a referral they do not know of"}
        )
    if not victim_consented and not no_consent_reason.strip():
        raise ValidationError(
            {"no_consent_reason": "Say why the referral is made without the victim's consent"}
        )
    waiting = MaracReferral.objects.filter(
        case=case, area=area, status__in=[MaracStatus.REFERRED, MaracStatus.LISTED]
    ).first()
    if waiting is not None:
        raise ValidationError(
            f"This case was referred to {area} on {govuk_date(waiting.referred_on)} and has "
            "not been heard yet"
        )


def register_entry(referral: MaracReferral) -> repeats.Referral:
    """A stored referral as the repeat rule reads it (people causing harm prefetched)."""
    return repeats.Referral(
        referred_on=referral.referred_on,
        victim=repeats.Party(referral.given_name, referral.family_name, referral.date_of_birth),
        people_causing_harm=tuple(
            repeats.Party(p.given_name, p.family_name, p.date_of_birth)
            for p in referral.people_causing_harm.all()
        ),
        victim_record=str(referral.case.person_id),
        new_incident_criminal=referral.new_incident_criminal,
        key=referral.pk,
    )


def earlier_referral(new: repeats.Referral, area: MaracArea, case: Case) -> MaracReferral | None:
    """The referral on the MARAC's register (whichever agency made it) that makes ``new`` a
    repeat under the configured definition, or None."""
    same_victim = Q(case__person_id=case.person_id)
    if new.victim.date_of_birth is not None:
        same_victim |= Q(date_of_birth=new.victim.date_of_birth)
    register = (
        MaracReferral.objects.filter(
            same_victim,
            area=area,
            referred_on__lte=new.referred_on,
            referred_on__gte=new.referred_on - timedelta(days=REGISTER_DAYS),
        )
        .select_related("case")
        .prefetch_related("people_causing_harm")
    )
    stored = {referral.pk: referral for referral in register}
    found = repeats.earlier_referral(
        new, [register_entry(r) for r in stored.values()], settings.MARAC_REPEAT_DEFINITION
    )
    return stored[cast(UUID, found.key)] if found is not None else None


@transaction.atomic
def refer_to_marac(
    actor: User,
    case: Case,
    *,
    area: MaracArea,
    referred_on: date,
    criteria: Sequence[str],
    score: int,
    risk_summary: str,
    victim_fears: str,
    new_incident_criminal: bool,
    people_causing_harm: Sequence[repeats.Party],
    children_count: int,
    children_details: str = "",
    victim_knows: bool,
    victim_consented: bool,
    no_consent_reason: str = "",
    safe_contact: str,
) -> MaracReferral:
    """Refer the victim on ``case`` to a MARAC. What the MARAC needs is copied onto the
    referral; whether it is a repeat is decided now, against the MARAC's register."""
    _check_referral(
        case,
        area,
        referred_on=referred_on,
        criteria=criteria,
        score=score,
        children_count=children_count,
        children_details=children_details,
        victim_knows=victim_knows,
        victim_consented=victim_consented,
        no_consent_reason=no_consent_reason,
    )
    age = check_victim_age(case, referred_on)
    harm = _check_people_causing_harm(people_causing_harm)
    risk_summary = _required(risk_summary, "risk_summary", "Summarise the risk to the victim")
    victim_fears = _required(victim_fears, "victim_fears", "Say who the victim fears")
    safe_contact = _required(
        safe_contact,
        "safe_contact",
        "Say how to reach the victim safely, or that there is no safe way",
    )
    person = case.person
    new = repeats.Referral(
        referred_on=referred_on,
        victim=repeats.Party(person.given_name, person.family_name, person.date_of_birth),
        people_causing_harm=tuple(harm),
        victim_record=str(person.pk),
        new_incident_criminal=new_incident_criminal,
    )
    earlier = earlier_referral(new, area, case)
    referral = MaracReferral(
        agency=case.agency,
        area=area,
        case=case,
        referred_by=actor,
        referred_on=referred_on,
        criteria=[code for code, _ in CRITERIA if code in set(criteria)],
        score=score,
        risk_summary=risk_summary,
        victim_fears=victim_fears,
        new_incident_criminal=new_incident_criminal,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        age_when_referred=age,
        sex=person.sex,
        gender_same_as_birth=person.gender_same_as_birth,
        ethnicity=person.ethnicity,
        sexual_orientation=person.sexual_orientation,
        disability=person.disability,
        children_count=children_count,
        children_details=children_details.strip() if children_count else "",
        victim_knows=victim_knows,
        victim_consented=victim_consented,
        no_consent_reason="" if victim_consented else no_consent_reason.strip(),
        safe_contact=safe_contact,
        is_repeat=earlier is not None,
        repeat_of=earlier,
        previous_referred_on=earlier.referred_on if earlier else None,
        repeat_definition=settings.MARAC_REPEAT_DEFINITION,
    )
    referral.full_clean()
    referral.save()
    PersonCausingHarm.objects.bulk_create(
        PersonCausingHarm(
            agency=case.agency,
            referral=referral,
            given_name=party.given_name,
            family_name=party.family_name,
            date_of_birth=party.date_of_birth,
        )
        for party in harm
    )
    audit.record(
        "marac_referral.made",
        actor=actor,
        agency=case.agency,
        target=referral,
        changes=SHARED_FIELDS,
        reason="consent" if victim_consented else "without_consent",
    )
    return referral


@transaction.atomic
def set_must_not_receive(
    acting_as: Membership,
    referral: MaracReferral,
    *,
    users: Iterable[User],
    agencies: Iterable[Agency],
) -> MaracReferral:
    """Name the people, and the agencies whose staff, who must never see the case (DOMAIN
    §13). The MARAC's coordinators and the referring agency stay able to see it."""
    users, agencies = list(users), list(agencies)
    if acting_as.user in users:
        raise ValidationError(
            {
                "users": "You cannot name yourself: ask another coordinator, so that someone "
                "can still manage the case"
            }
        )
    for agency in agencies:
        if agency.pk in (referral.area.hosted_by_id, referral.agency_id):
            raise ValidationError(
                {"agencies": f"{agency} must be able to see the case: name people there instead"}
            )
    referral.must_not_receive_users.set(users)
    referral.must_not_receive_agencies.set(agencies)
    audit.record(
        "marac_referral.must_not_receive_set",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=referral,
        changes=["must_not_receive_users", "must_not_receive_agencies"],
    )
    return referral


def reveal_safe_contact(actor: User, referral: MaracReferral, reason: str) -> str:
    """The victim's safe contact, for a worker who gave a reason; the reveal is audited."""
    if reason not in dict(SAFE_CONTACT_REASONS):
        raise ValidationError({"reason": "Select why you need to see this"})
    audit.record(
        "marac_referral.safe_contact_revealed",
        actor=actor,
        agency=referral.agency,
        target=referral,
        changes=["safe_contact"],
        reason=reason,
    )
    return referral.safe_contact


@transaction.atomic
def record_follow_up(
    actor: User, referral: MaracReferral, *, feels_safer: str, followed_up_on: date
) -> MaracReferral:
    """Whether the victim feels safer after the MARAC, asked by the referring agency."""
    if referral.status != MaracStatus.HEARD:
        raise ValidationError("Follow up once the MARAC has heard the case")
    if feels_safer not in dict(FEELS_SAFER):
        raise ValidationError({"feels_safer": "Select whether the victim feels safer"})
    not_in_future(followed_up_on, "followed_up_on", "The date followed up")
    meeting = referral.agenda_item.meeting
    if followed_up_on < meeting.meets_on:
        raise ValidationError(
            {
                "followed_up_on": f"The follow-up must be after the meeting on "
                f"{govuk_date(meeting.meets_on)}"
            }
        )
    referral.feels_safer = feels_safer
    referral.followed_up_on = followed_up_on
    referral.save(update_fields=["feels_safer", "followed_up_on", "updated_at"])
    audit.record(
        "marac_referral.followed_up",
        actor=actor,
        agency=referral.agency,
        target=referral,
        changes=["feels_safer", "followed_up_on"],
    )
    return referral


# Meetings -----------------------------------------------------------------------------------


def _check_meeting(
    area: MaracArea, meets_on: date, agencies: list[Agency], meeting_id: UUID | None
) -> None:
    if not agencies:
        raise ValidationError({"agencies": "Select the agencies attending"})
    inactive = [agency.name for agency in agencies if not agency.is_active]
    if inactive:
        raise ValidationError({"agencies": f"{', '.join(inactive)} is no longer active"})
    clash = MaracMeeting.objects.filter(area=area, meets_on=meets_on)
    if meeting_id is not None:
        clash = clash.exclude(pk=meeting_id)
    if clash.exists():
        raise ValidationError({"meets_on": f"{area} already meets on {govuk_date(meets_on)}"})


@transaction.atomic
def schedule_meeting(
    actor: User,
    area: MaracArea,
    *,
    meets_on: date,
    agencies: Iterable[Agency],
    starts_at: time | None = None,
    venue: str = "",
) -> MaracMeeting:
    agencies = list(agencies)
    _check_meeting(area, meets_on, agencies, None)
    meeting = MaracMeeting.objects.create(
        area=area, meets_on=meets_on, starts_at=starts_at, venue=venue.strip(), scheduled_by=actor
    )
    meeting.agencies.set(agencies)
    audit.record(
        "marac_meeting.scheduled",
        actor=actor,
        agency=area.hosted_by,
        target=meeting,
        changes=["meets_on", "starts_at", "venue", "agencies"],
    )
    return meeting


@transaction.atomic
def change_meeting(
    actor: User,
    meeting: MaracMeeting,
    *,
    meets_on: date,
    agencies: Iterable[Agency],
    starts_at: time | None = None,
    venue: str = "",
) -> MaracMeeting:
    agencies = list(agencies)
    _check_meeting(meeting.area, meets_on, agencies, meeting.pk)
    if meets_on != meeting.meets_on and meeting.items.filter(heard_at__isnull=False).exists():
        raise ValidationError({"meets_on": "The meeting has heard cases: its date cannot change"})
    values = {"meets_on": meets_on, "starts_at": starts_at, "venue": venue.strip()}
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, values[name])
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
    changed.append("agencies")
    meeting.agencies.set(agencies)
    audit.record(
        "marac_meeting.changed",
        actor=actor,
        agency=meeting.area.hosted_by,
        target=meeting,
        changes=changed,
    )
    return meeting


def _check_upcoming(meeting: MaracMeeting, referral: MaracReferral) -> None:
    if meeting.area_id != referral.area_id:
        raise ValidationError({"meeting": f"Choose a meeting of {referral.area}"})
    if meeting.meets_on < timezone.localdate():
        raise ValidationError({"meeting": "Choose a meeting today or later"})


@transaction.atomic
def list_on_agenda(actor: User, meeting: MaracMeeting, referral: MaracReferral) -> AgendaItem:
    """Put a referral on a meeting's agenda: the attending agencies' representatives can
    then see its MARAC summary and record their research."""
    _check_upcoming(meeting, referral)
    _move(referral, MaracStatus.LISTED)
    referral.save(update_fields=["status", "updated_at"])
    item = AgendaItem.objects.create(
        agency=meeting.area.hosted_by, meeting=meeting, referral=referral, listed_by=actor
    )
    audit.record(
        "marac_referral.listed",
        actor=actor,
        agency=item.agency,
        target=referral,
        changes=["status", "agenda_item"],
    )
    return item


@transaction.atomic
def list_many_on_agenda(
    actor: User, meeting: MaracMeeting, referrals: Iterable[MaracReferral]
) -> list[AgendaItem]:
    """Put several referrals on a meeting's agenda at once: all of them, or none when one
    cannot be listed."""
    chosen = list(referrals)
    if not chosen:
        raise ValidationError({"referrals": "Select the referrals to add to the agenda"})
    return [list_on_agenda(actor, meeting, referral) for referral in chosen]


@transaction.atomic
def move_to_meeting(actor: User, item: AgendaItem, meeting: MaracMeeting) -> AgendaItem:
    """Put a listed case on another meeting's agenda instead (its research goes with it)."""
    if item.heard_at is not None:
        raise ValidationError("This case has been heard: it cannot move to another meeting")
    if meeting.pk == item.meeting_id:
        raise ValidationError({"meeting": "The case is already on this meeting's agenda"})
    _check_upcoming(meeting, item.referral)
    item.meeting = meeting
    item.save(update_fields=["meeting", "updated_at"])
    audit.record(
        "marac_referral.moved",
        actor=actor,
        agency=item.agency,
        target=item.referral,
        changes=["agenda_item"],
    )
    return item


@transaction.atomic
def record_research(acting_as: Membership, item: AgendaItem, *, findings: str) -> Research:
    """What the representative's agency found in its own records, before the meeting."""
    findings = _required(findings, "findings", "Enter what your agency found")
    meeting = item.meeting
    if item.heard_at is not None or meeting.meets_on < timezone.localdate():
        raise ValidationError(
            f"The meeting on {govuk_date(meeting.meets_on)} has taken place: research is "
            "recorded before it"
        )
    if not meeting.agencies.filter(pk=acting_as.agency_id).exists():
        raise ValidationError(f"{acting_as.agency} is not attending this meeting")
    research, created = Research.objects.update_or_create(
        item=item,
        agency=acting_as.agency,
        defaults={"findings": findings, "recorded_by": acting_as.user},
    )
    audit.record(
        "marac_research.recorded" if created else "marac_research.changed",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=research,
        changes=["findings"],
    )
    return research


@transaction.atomic
def record_discussion(actor: User, item: AgendaItem, *, summary: str) -> AgendaItem:
    """The meeting's discussion of a case; the first one records the case as heard."""
    summary = _required(summary, "summary", "Summarise the discussion")
    meeting = item.meeting
    if meeting.meets_on > timezone.localdate():
        raise ValidationError(
            f"The meeting is on {govuk_date(meeting.meets_on)}: record the discussion on or "
            "after that day"
        )
    referral = item.referral
    changed = ["discussion_summary"]
    if item.heard_at is None:
        _move(referral, MaracStatus.HEARD)
        referral.save(update_fields=["status", "updated_at"])
        item.heard_at = timezone.now()
        changed.append("heard_at")
    item.discussion_summary = summary
    item.save(update_fields=["discussion_summary", "heard_at", "updated_at"])
    audit.record(
        "marac_case.discussed", actor=actor, agency=item.agency, target=item, changes=changed
    )
    return item


@transaction.atomic
def assign_action(
    actor: User,
    item: AgendaItem,
    *,
    agency: Agency | None,
    description: str,
    due_on: date,
) -> MaracAction:
    """An action of the case's action plan, for an agency attending the meeting."""
    if item.heard_at is None:
        raise ValidationError("Record the discussion first: actions come from the meeting")
    if agency is None:
        raise ValidationError({"agency": "Choose the agency the action is assigned to"})
    meeting = item.meeting
    if not meeting.agencies.filter(pk=agency.pk).exists():
        raise ValidationError({"agency": f"{agency} is not attending this meeting"})
    if item.referral.must_not_receive_agencies.filter(pk=agency.pk).exists():
        raise ValidationError({"agency": f"{agency} must not receive this case"})
    description = _required(description, "description", "Describe the action")
    if due_on < meeting.meets_on:
        raise ValidationError({"due_on": "The due date must be on or after the meeting"})
    action = MaracAction.objects.create(
        agency=agency, item=item, description=description, due_on=due_on, assigned_by=actor
    )
    audit.record(
        "marac_action.assigned",
        actor=actor,
        agency=item.agency,
        target=action,
        changes=["agency", "description", "due_on"],
    )
    return action


@transaction.atomic
def record_action_outcome(
    acting_as: Membership,
    action: MaracAction,
    *,
    completed: bool,
    outcome_on: date,
    note: str = "",
) -> MaracAction:
    """The assigned agency's representative records the action completed or not."""
    if action.agency_id != acting_as.agency_id:
        raise ValidationError("Only the agency the action is assigned to records its outcome")
    target = ActionStatus.COMPLETED if completed else ActionStatus.NOT_COMPLETED
    try:
        check_action_transition(action.status, target)
    except IllegalTransition as error:
        raise ValidationError(str(error)) from None
    not_in_future(outcome_on, "outcome_on", "The date")
    not_before(outcome_on, action.item.meeting.meets_on, "outcome_on", "The date", "the meeting")
    if not completed and not note.strip():
        raise ValidationError({"note": "Say why the action was not completed"})
    action.status = target
    action.outcome_on = outcome_on
    action.outcome_note = note.strip()
    action.outcome_recorded_by = acting_as.user
    action.save(
        update_fields=["status", "outcome_on", "outcome_note", "outcome_recorded_by", "updated_at"]
    )
    audit.record(
        f"marac_action.{target.value}",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=action,
        changes=["status", "outcome_on", "outcome_note"],
    )
    return action
