"""The words of the online referral forms (DOMAIN §17): how a person can be reached safely,
what must never happen when we try, and what a professional may rely on to refer without
consent."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

SELF = "self"
PROFESSIONAL = "professional"
KINDS: Final[Choices] = ((SELF, "Self-referral"), (PROFESSIONAL, "Professional referral"))

#: How a person would like us to get in touch.
CONTACT_METHODS: Final[Choices] = (
    ("call", "Phone call"),
    ("text", "Text message"),
    ("email", "Email"),
)

#: What must never happen when we try to reach them.
NEVER: Final[Choices] = (
    ("no_voicemail", "Do not leave a voicemail"),
    ("no_text", "Do not send a text message"),
    ("no_name", "Do not say who is calling unless I answer"),
    ("no_withheld", "Do not call from a withheld number"),
)

#: Whether the person is in danger now (the form shows the 999 advice beside it).
DANGER_NOW: Final[Choices] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("not_sure", "I'm not sure"),
)

NEW = "new"
ACCEPTED = "accepted"
CLOSED = "closed"
STATUSES: Final[Choices] = (
    (NEW, "New"),
    (ACCEPTED, "Accepted"),
    (CLOSED, "Closed without a case"),
)

#: Why an online referral was closed without becoming a person and case.
CLOSE_REASONS: Final[Choices] = (
    ("not_reached", "Could not be reached safely"),
    ("declined", "Did not want support"),
    ("duplicate", "Already known to the service"),
    ("not_genuine", "Not a genuine referral"),
    ("other_service", "Sent to another service"),
)
