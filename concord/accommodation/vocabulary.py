"""Codes for housing (Safe Home) records (pure Python). Codes are stored and used in
imports: never change one once published; labels may be reworded."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

#: Our own list of sanctuary (target-hardening) measures fitted to make a home safe.
SANCTUARY_MEASURES: Final[Choices] = (
    ("door_and_window_locks", "Door and window locks"),
    ("door_chain_or_viewer", "Door chain or door viewer"),
    ("security_lighting", "Security lighting"),
    ("alarm", "Alarm"),
    ("fire_safety", "Fire safety (smoke alarm, fire-resistant letterbox)"),
    ("cctv_or_doorbell_camera", "CCTV or doorbell camera"),
    ("safe_room", "Safe room"),
    ("letterbox_guard", "Letterbox guard"),
    ("other", "Other"),
)
OTHER_MEASURE: Final = "other"

TRANSFER_KINDS: Final[Choices] = (
    ("management_transfer", "Management transfer"),
    ("reciprocal", "Reciprocal arrangement"),
    ("other", "Other"),
)
