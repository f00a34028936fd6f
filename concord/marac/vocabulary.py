"""Codes for MARAC referrals (pure Python). Codes are stored, audited and counted in the
MARAC return: never change one once published."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

# Why the case meets the MARAC threshold (DOMAIN §3): any one is enough.
CRITERIA: Final[Choices] = (
    ("visible_high_risk", "Visible high risk: a risk checklist score in the high band"),
    ("professional_judgement", "Professional judgement"),
    ("potential_escalation", "Potential escalation"),
    ("repeat", "Repeat: referred to MARAC in the last 12 months"),
)

HIGHEST_SCORE: Final = 27  # the longest checklist, ACPO DASH 2009, has 27 questions
YOUNGEST_VICTIM: Final = 16  # MARAC hears victims aged 16 and over

# Whether the victim feels safer, asked at follow-up after the MARAC.
FEELS_SAFER: Final[Choices] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("not_answered", "Did not answer or could not be asked"),
)

# Reasons a worker may give for seeing a victim's safe contact (codes, never free text).
SAFE_CONTACT_REASONS: Final[Choices] = (
    ("contacting_the_person", "To contact the victim"),
    ("safety_planning", "Safety planning"),
    ("emergency", "An emergency"),
)
