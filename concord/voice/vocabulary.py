"""The codes of feedback, complaints and involvement activities. Codes are stored: never
change one once published; labels are our own and may be reworded."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

COMPLIMENT: Final = "compliment"
FEEDBACK_KINDS: Final[Choices] = (
    (COMPLIMENT, "Compliment"),
    ("comment", "Comment"),
    ("suggestion", "Suggestion"),
)

#: How feedback or a complaint reached the service.
CHANNELS: Final[Choices] = (
    ("in_person", "In person"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("web", "Web form"),
    ("survey", "Survey or feedback card"),
    ("advocate", "Through an advocate or another agency"),
)

UPHELD: Final = "upheld"
PARTLY_UPHELD: Final = "partly_upheld"
WITHDRAWN: Final = "withdrawn"
OUTCOMES: Final[Choices] = (
    (UPHELD, "Upheld"),
    (PARTLY_UPHELD, "Partly upheld"),
    ("not_upheld", "Not upheld"),
    (WITHDRAWN, "Withdrawn"),
)
#: Outcomes that found the complaint right, in whole or in part.
UPHELD_OUTCOMES: Final = frozenset({UPHELD, PARTLY_UPHELD})

ACTIVITY_KINDS: Final[Choices] = (
    ("consultation", "Consultation"),
    ("survivor_panel", "Survivor panel"),
    ("co_production", "Co-production"),
    ("board_victim_voice", "Victim-voice members' input to the board"),
    ("survey", "Survey"),
    ("focus_group", "Focus group"),
    ("other", "Other"),
)

CHANGE_STATUSES: Final[Choices] = (
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("not_taken_forward", "Not taken forward"),
)
