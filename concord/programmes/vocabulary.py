"""Codes for family-service and perpetrator-programme records (pure Python). Codes are
stored and used in imports: never change one once published; labels may be reworded."""

from __future__ import annotations

from typing import Final

from concord.cases import vocabulary as case_vocabulary

Choices = tuple[tuple[str, str], ...]

# Family service (0 to 19) -------------------------------------------------------------------

#: How a child is involved in a case: the cases' own list (every case has children).
CHILD_ROLES: Final[Choices] = case_vocabulary.CHILD_ROLES

#: The ages (inclusive) a role is for, where the role says so.
CHILD_ROLE_AGES: Final[dict[str, tuple[int, int]]] = {
    "own_relationship_13_to_15": (13, 15),
    "own_relationship_16_to_17": (16, 17),
}

RISK_LEVELS: Final[Choices] = (
    ("standard", "Standard"),
    ("medium", "Medium"),
    ("high", "High"),
)

#: Concerns asked about each child, each answered yes, no or not known.
CHILD_FLAGS: Final[Choices] = (
    ("self_harm", "Self-harm"),
    ("suicidal_feelings", "Suicidal feelings"),
    ("forced_marriage_risk", "At risk of forced marriage"),
    ("using_violence_at_home", "Using violence at home"),
)

ATTENDANCE_KINDS: Final[Choices] = (
    ("group", "Group work"),
    ("creche", "Crèche"),
    ("one_to_one", "One-to-one sessions"),
)

# Perpetrator programme ----------------------------------------------------------------------

ATTENDED: Final = "attended"
DID_NOT_ATTEND: Final = "did_not_attend"
ASSESSMENT_ATTENDANCE: Final[Choices] = (
    (ATTENDED, "Attended"),
    (DID_NOT_ATTEND, "Did not attend"),
)

SUITABLE: Final = "suitable"
UNSUITABLE: Final = "unsuitable"
ASSESSMENT_OUTCOMES: Final[Choices] = (
    (SUITABLE, "Suitable for the programme"),
    (UNSUITABLE, "Not suitable"),
)

#: Our own list of why someone is assessed as not suitable for the programme.
UNSUITABLE_REASONS: Final[Choices] = (
    ("denies_abuse", "Denies all abusive behaviour"),
    ("not_motivated", "Not motivated to change"),
    ("substance_misuse", "Substance misuse to be addressed first"),
    ("mental_health", "Mental health needs to be addressed first"),
    ("needs_not_met", "Language or learning needs the programme cannot meet"),
    ("risk_too_high", "Risk too high for a community programme"),
    ("criminal_proceedings", "Criminal proceedings under way"),
    ("other", "Other"),
)

COMPLETED: Final = "completed"
LEFT_EARLY: Final = "left_early"
COMPLETIONS: Final[Choices] = (
    (COMPLETED, "Completed the programme"),
    (LEFT_EARLY, "Left early"),
)

#: Our own list of why someone left the programme before completing it.
LEFT_EARLY_REASONS: Final[Choices] = (
    ("stopped_attending", "Stopped attending"),
    ("excluded", "Excluded from the programme"),
    ("moved_away", "Moved out of the area"),
    ("custody", "Taken into custody"),
    ("further_abuse", "Further abuse reported"),
    ("other", "Other"),
)

YES_NO: Final[Choices] = (("yes", "Yes"), ("no", "No"))
