"""Every write to the children on a case, at any service: who they are (each a person of the
case's agency in their own right), what they need and the support they receive. Each runs in
one transaction, takes the acting user and audits the write against the case, naming the
fields changed, never their values."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import User
from concord.cases import lifecycle
from concord.cases.models import Case, CaseChild, ChildSupport
from concord.cases.vocabulary import CHILD_NEEDS, CHILD_ROLES, CHILD_SUPPORT_KINDS
from concord.core import audit
from concord.core.validators import not_before, not_in_future
from concord.people import reference as ref
from concord.people import services as people_services
from concord.people.models import Person

#: A rule on a child's age: (age, role, name) -> what is wrong, if anything.
AgeRule = Callable[[int | None, str, str], str | None]

#: The oldest a child on a case can be, anywhere but the family service (0 to 19).
CHILD_MAX_AGE = 17


def under_eighteen(age: int | None, role: str, name: str) -> str | None:
    """A child on a case is under 18; an adult has a case of their own."""
    if age is not None and age > CHILD_MAX_AGE:
        return f"{name} is {age}: a child on a case is under 18. An adult needs their own case"
    return None


def _check_live(case: Case, historical: bool) -> None:
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording its children")


def _check_age(
    age: int | None, role: str, name: str, field: str, age_rule: AgeRule, max_age: int
) -> None:
    """Too old is told against ``field`` (who the child is); any other problem with the
    age, against the role."""
    problem = age_rule(age, role, name)
    if problem and age is not None:
        raise ValidationError({field if age > max_age else "role": problem})


def _check_role(role: str) -> None:
    if role not in ref.codes(CHILD_ROLES):
        raise ValidationError({"role": "Select how the child is involved"})


@transaction.atomic
def add_child(
    actor: User,
    case: Case,
    person: Person,
    *,
    role: str,
    historical: bool = False,
    age_rule: AgeRule = under_eighteen,
    max_age: int = CHILD_MAX_AGE,
) -> CaseChild:
    """Put a child or young person already in the agency's records on a case; they are
    marked as a child or young person. A child imported from the agency's history
    (``historical``) is checked at their age when the case was referred."""
    _check_live(case, historical)
    if person.agency_id != case.agency_id:
        raise ValidationError({"person": "Choose someone in your agency's records"})
    _check_role(role)
    on = timezone.localtime(case.referred_at).date() if historical else timezone.localdate()
    _check_age(person.age_on(on), role, str(person), "person", age_rule, max_age)
    if CaseChild.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": f"{person} is already on this case"})
    if not person.is_child_young_person:
        people_services.update_person(actor, person, is_child_young_person=True)
    child = CaseChild.objects.create(agency=case.agency, case=case, person=person, role=role)
    audit.record(
        "case.child_added", actor=actor, agency=case.agency, target=case, changes=["children"]
    )
    return child


@transaction.atomic
def add_new_child(
    actor: User,
    case: Case,
    *,
    given_name: str,
    family_name: str,
    role: str,
    date_of_birth: date | None = None,
    approximate_age: int | None = None,
    sex: str = ref.NOT_KNOWN,
    age_rule: AgeRule = under_eighteen,
    max_age: int = CHILD_MAX_AGE,
) -> CaseChild:
    """Record a child or young person new to the agency (search first: see
    concord.people.services.possible_duplicates) and put them on the case."""
    _check_live(case, historical=False)
    _check_role(role)
    if date_of_birth is not None and approximate_age is not None:
        raise ValidationError(
            {"approximate_age": "Leave the approximate age empty when the date of birth is known"}
        )
    name = f"{given_name.strip()} {family_name.strip()}"
    if date_of_birth is not None:
        not_in_future(date_of_birth, "date_of_birth", "Date of birth")
        age = Person(date_of_birth=date_of_birth).age_on(timezone.localdate())
        _check_age(age, role, name, "date_of_birth", age_rule, max_age)
    else:
        _check_age(approximate_age, role, name, "approximate_age", age_rule, max_age)
    person = people_services.record_person(
        actor,
        case.agency,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        approximate_age=approximate_age,
        sex=sex,
        is_child_young_person=True,
    )
    return add_child(actor, case, person, role=role, age_rule=age_rule, max_age=max_age)


@transaction.atomic
def record_child_needs(actor: User, child: CaseChild, *, needs: Iterable[str]) -> CaseChild:
    """What the child needs support with, replacing what was recorded before."""
    chosen = list(dict.fromkeys(needs))
    known = ref.codes(CHILD_NEEDS)
    if any(need not in known for need in chosen):
        raise ValidationError({"needs": "Select the child's needs from the list"})
    ordered = [code for code, _ in CHILD_NEEDS if code in chosen]
    return audit.save_changes(
        child,
        {"needs": ordered},
        "case.child_needs_recorded",
        actor=actor,
        agency=child.agency,
        target=child.case,
        prefix="children.",
    )


@transaction.atomic
def start_child_support(
    actor: User,
    child: CaseChild,
    *,
    kind: str,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
) -> ChildSupport:
    """Support the child receives in their own right, from ``started_on`` (and until
    ``ended_on`` when it is recorded after it ended)."""
    if kind not in ref.codes(CHILD_SUPPORT_KINDS):
        raise ValidationError({"kind": "Select the kind of support"})
    not_in_future(started_on, "started_on", "The date the support started")
    if ended_on is not None:
        _check_end(started_on, ended_on)
    support = ChildSupport.objects.create(
        agency=child.agency,
        case_child=child,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=note.strip(),
    )
    audit.record(
        "case.child_support_started",
        actor=actor,
        agency=child.agency,
        target=child.case,
        changes=["children.supports"],
    )
    return support


def _check_end(started_on: date, ended_on: date) -> None:
    not_in_future(ended_on, "ended_on", "The date the support ended")
    not_before(ended_on, started_on, "ended_on", "The date the support ended", "it started")


@transaction.atomic
def end_child_support(actor: User, support: ChildSupport, *, ended_on: date) -> ChildSupport:
    """The support has ended."""
    if support.ended_on is not None:
        raise ValidationError("This support has already ended")
    _check_end(support.started_on, ended_on)
    support.ended_on = ended_on
    support.save(update_fields=["ended_on", "updated_at"])
    audit.record(
        "case.child_support_ended",
        actor=actor,
        agency=support.agency,
        target=support.case_child.case,
        changes=["children.supports.ended_on"],
    )
    return support
