"""The partnership's risk register (DOMAIN §15, ADR 0029): risks scored likelihood × impact
(low, medium, high), each with an owner (a Concord user at an agency), controls and a
review date; closed with a reason. The partnership manager keeps it; writes are one
transaction each with an audit event naming the fields changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from concord.accounts.models import Membership
from concord.accounts.roles import Role
from concord.core import audit
from concord.domain.delivery import Level, risk_score
from concord.strategy.models import Risk

# Who may own a risk: people who run services or the partnership, never a case worker's
# role alone (a risk is the partnership's, not a case's).
OWNER_ROLES = frozenset(
    {
        Role.PARTNERSHIP_MANAGER,
        Role.BOARD_MEMBER,
        Role.SERVICE_MANAGER,
        Role.CONTRACT_MONITORING_OFFICER,
        Role.PARTNERSHIP_ANALYST,
        Role.MARAC_COORDINATOR,
        Role.DATA_OFFICER,
    }
)
REFERENCE_PREFIX = "R"


class Show(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    CLOSED = "closed"
    ALL = "all"

    @property
    def label(self) -> str:
        return SHOW_LABELS[self]


SHOW_LABELS = {
    Show.OPEN: "Open risks",
    Show.OVERDUE: "Open risks with their review overdue",
    Show.CLOSED: "Closed risks",
    Show.ALL: "Every risk",
}


def score(risk: Risk) -> int:
    return risk_score(Level(risk.likelihood), Level(risk.impact))


def score_text(risk: Risk) -> str:
    """Likelihood × impact in words: "High × Medium = 6"."""
    return f"{Level(risk.likelihood).label} × {Level(risk.impact).label} = {score(risk)}"


def review_overdue(risk: Risk, today: date) -> bool:
    return risk.closed_on is None and risk.review_on < today


def by_score(risks: Iterable[Risk]) -> list[Risk]:
    """Highest score first; then the review due soonest, then the reference."""
    return sorted(risks, key=lambda risk: (-score(risk), risk.review_on, risk.reference))


def register(show: Show, today: date) -> list[Risk]:
    found: QuerySet[Risk] = Risk.objects.select_related("owner", "owner_agency")
    if show is Show.OPEN:
        found = found.filter(closed_on__isnull=True)
    elif show is Show.OVERDUE:
        found = found.filter(closed_on__isnull=True, review_on__lt=today)
    elif show is Show.CLOSED:
        found = found.filter(closed_on__isnull=False)
    return by_score(found)


def top_risks(on: date, count: int) -> list[Risk]:
    return register(Show.OPEN, on)[:count]


def owner_choices() -> QuerySet[Membership]:
    """Active memberships that may own a risk, one per person and agency."""
    return (
        Membership.objects.active()
        .filter(role__in=OWNER_ROLES)
        .select_related("user", "agency")
        .order_by("user__full_name", "agency__name")
    )


def _require_manager(membership: Membership) -> None:
    if membership.role_enum is not Role.PARTNERSHIP_MANAGER:
        raise ValidationError("Only the partnership manager can change the risk register")


def _problems(values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not values["title"]:
        problems["title"] = "Enter the risk"
    if values["likelihood"] not in set(Level):
        problems["likelihood"] = "Select how likely the risk is"
    if values["impact"] not in set(Level):
        problems["impact"] = "Select how great its impact would be"
    if not values["controls"]:
        problems["controls"] = "Enter the controls in place"
    if values["review_on"] is None:
        problems["review_on"] = "Enter the date of the next review"
    return problems


def _values(
    *,
    title: str,
    description: str,
    likelihood: str,
    impact: str,
    owner: Membership | None,
    controls: str,
    review_on: date | None,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": title.strip(),
        "description": description.strip(),
        "likelihood": likelihood,
        "impact": impact,
        "controls": controls.strip(),
        "review_on": review_on,
    }
    problems = _problems(values)
    if owner is None or owner.role_enum not in OWNER_ROLES:
        problems["owner"] = "Select the risk's owner"
    if problems:
        raise ValidationError(problems)
    assert owner is not None
    values["owner"], values["owner_agency"] = owner.user, owner.agency
    return values


def _next_reference() -> str:
    numbers = [
        int(reference[len(REFERENCE_PREFIX) :])
        for reference in Risk.objects.values_list("reference", flat=True)
        if reference.startswith(REFERENCE_PREFIX) and reference[len(REFERENCE_PREFIX) :].isdigit()
    ]
    return f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1:02d}"


def add_risk(membership: Membership, **fields: Any) -> Risk:
    """A new risk with the next reference (R01, R02, ...)."""
    _require_manager(membership)
    values = _values(**fields)
    try:
        with transaction.atomic():
            values["reference"] = _next_reference()
            return audit.save_changes(
                Risk(),
                values,
                "strategy.risk_added",
                actor=membership.user,
                agency=membership.agency,
            )
    except IntegrityError:
        # Another risk took the reference at the same moment: nothing was saved.
        raise ValidationError(
            {"title": "Another risk was added at the same moment: save it again"}
        ) from None


@transaction.atomic
def change_risk(membership: Membership, risk: Risk, **fields: Any) -> Risk:
    _require_manager(membership)
    locked = Risk.objects.select_for_update().get(pk=risk.pk)
    if locked.closed_on is not None:
        raise ValidationError("The risk is closed: it cannot be changed")
    return audit.save_changes(
        locked,
        _values(**fields),
        "strategy.risk_changed",
        actor=membership.user,
        agency=membership.agency,
        only_if_changed=True,
    )


@transaction.atomic
def close_risk(
    membership: Membership,
    risk: Risk,
    *,
    closed_on: date | None,
    closed_because: str,
    today: date,
) -> Risk:
    _require_manager(membership)
    locked = Risk.objects.select_for_update().get(pk=risk.pk)
    if locked.closed_on is not None:
        raise ValidationError("The risk is already closed")
    problems: dict[str, str] = {}
    if closed_on is None:
        problems["closed_on"] = "Enter the date the risk closed"
    elif closed_on > today:
        problems["closed_on"] = "The date the risk closed must be today or in the past"
    if not closed_because.strip():
        problems["closed_because"] = "Enter why the risk is closed"
    if problems:
        raise ValidationError(problems)
    return audit.save_changes(
        locked,
        {"closed_on": closed_on, "closed_because": closed_because.strip()},
        "strategy.risk_closed",
        actor=membership.user,
        agency=membership.agency,
    )
