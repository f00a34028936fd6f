"""The words of the help point's call log: who called, why, and where they were sent."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

VICTIM_SURVIVOR = "victim_survivor"
FAMILY_OR_FRIEND = "family_or_friend"

#: Who called (DOMAIN §2's roles, and those who call about someone else).
CALLER_TYPES: Final[Choices] = (
    (VICTIM_SURVIVOR, "Victim or survivor"),
    (FAMILY_OR_FRIEND, "Friend or family member"),
    ("professional", "Professional seeking guidance"),
    ("person_causing_harm", "Person causing harm (perpetrator)"),
    ("other", "Someone else"),
)

#: Callers counted as "helpline calls from service users" (DOMAIN §7): the person
#: experiencing abuse and the friends or family calling for help for them. Professionals
#: seeking guidance, people causing harm and others are logged but not counted.
SERVICE_USERS: Final[frozenset[str]] = frozenset({VICTIM_SURVIVOR, FAMILY_OR_FRIEND})

CALL_REASONS: Final[Choices] = (
    ("advice_about_abuse", "Advice about abuse"),
    ("safety", "Safety and safety planning"),
    ("housing", "Housing or somewhere safe to stay"),
    ("legal", "Legal advice or protection orders"),
    ("children", "Children"),
    ("emotional_support", "Emotional support"),
    ("worried_about_someone", "Worried about someone"),
    ("professional_guidance", "Guidance for a professional"),
    ("other", "Something else"),
)

OTHER = "other"
SIGNPOSTED_TO: Final[Choices] = (
    ("police", "Police"),
    ("national_helpline", "National Domestic Abuse Helpline"),
    ("housing", "Housing options"),
    ("legal_advice", "Legal advice"),
    ("gp_or_health", "GP or health services"),
    ("childrens_services", "Children's services"),
    ("refuge", "Refuge"),
    ("idva", "IDVA service"),
    ("perpetrator_programme", "Perpetrator programme (Respect Phoneline)"),
    (OTHER, "Somewhere else"),
)
