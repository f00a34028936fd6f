"""Codes for training and awareness sessions (pure Python). Codes are stored and used in
imports: never change one once published; labels may be reworded."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

STAFF_TRAINING: Final = "staff_training"
PUBLIC_AWARENESS: Final = "public_awareness"
PREVENTION_SESSION: Final = "prevention_session"

#: The strategy counts staff trained per agency and prevention sessions delivered (DOMAIN §7).
SESSION_KINDS: Final[Choices] = (
    (STAFF_TRAINING, "Staff training"),
    (PUBLIC_AWARENESS, "Public awareness event"),
    (PREVENTION_SESSION, "Prevention session in a school or youth setting"),
)
