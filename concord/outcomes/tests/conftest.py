"""Haven (agency A) supports Ann at its help point; Riverford Homes (agency C) is another
agency. A case is referred in September 2026, opened, and closed when a test needs it."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.outcomes import services

REFERRED_AT = timezone.make_aware(datetime(2026, 9, 1, 10, 0))

INTAKE_ANSWERS = {
    "safety": 3,
    "wellbeing": 4,
    "abuse": "continued",
    "confidence": 2,
    "knows_where_to_get_help": "no",
}
EXIT_ANSWERS = {
    "safety": 8,
    "wellbeing": 7,
    "abuse": "stopped",
    "confidence": 7,
    "knows_where_to_get_help": "yes",
    "feels_safer": "yes",
    "may_contact_after": "yes",
}
FOLLOW_UP_ANSWERS = {
    "safety": 9,
    "wellbeing": 8,
    "abuse": "stopped",
    "confidence": 8,
    "knows_where_to_get_help": "yes",
    "feels_safer": "yes",
    "further_incidents": "no",
}


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


def open_case_for(worker, person, service):
    case = case_services.open_case(
        worker.user,
        person,
        service,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=REFERRED_AT,
        lead_professional=worker.user,
    )
    return case_services.change_status(worker.user, case, CaseStatus.OPEN)


def close(worker, case, **review):
    """Close the case with the closure form's exit review."""
    case_services.close_case(
        worker.user,
        case,
        reason="support_completed",
        reviewed_on=timezone.localdate(),
        feels_safer=review.pop("feels_safer", "not_answered"),
        abuse_change=review.pop("abuse_change", "not_known"),
        **review,
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def case(idva, person_a, help_point):
    return open_case_for(idva, person_a, help_point)


@pytest.fixture
def closed_case(idva, case):
    return close(idva, case)


@pytest.fixture
def record(idva):
    def recording(case, stage, answers, months=0, on=None):
        return services.record_measure(
            idva.user,
            case,
            stage=stage,
            months=months,
            answers=dict(answers),
            answered_on=on or timezone.localdate(),
        )

    return recording


def ensure_questionnaire() -> None:
    """The bundled questionnaire: a transactional test's database may have been emptied
    since the migrations loaded it."""
    from concord.outcomes.models import Questionnaire, QuestionnaireQuestion
    from concord.outcomes.questionnaires import BUNDLED, read_questionnaire, store_questionnaire

    if not Questionnaire.objects.exists():
        for path in BUNDLED:
            store_questionnaire(read_questionnaire(path), Questionnaire, QuestionnaireQuestion)
