"""Codes for consent and referrals (pure Python). Codes are stored, audited and used in
imports: never change one once published."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

# What a person agreed (or refused) to have their information used for (DOMAIN §13).
CONSENT_PURPOSES: Final[Choices] = (
    ("support", "Support from this agency"),
    ("referral", "Referral to a named service"),
    ("marac", "MARAC"),
    ("reporting", "Reporting"),
)
REFERRAL_PURPOSE: Final = "referral"

# The lawful basis for sharing without consent: safeguarding (DOMAIN §13). The code is what
# the audit trail records; the worker's reason stays on the referral.
SAFEGUARDING_BASES: Final[Choices] = (
    ("marac", "MARAC: the person is at high risk of serious harm"),
    ("child_protection", "Child protection"),
    ("adult_safeguarding", "Adult safeguarding"),
    ("serious_risk_of_harm", "Serious risk of harm to the person or to others"),
)

# How the receiving case records who referred the person, by the referring agency's kind
# (accounts.AgencyKind codes to people.reference.REFERRAL_SOURCES codes).
REFERRAL_SOURCE_BY_AGENCY_KIND: Final[dict[str, str]] = {
    "police": "police",
    "specialist_da_provider": "specialist_da_service",
    "housing": "housing",
    "childrens_social_care": "childrens_social_care",
    "adult_social_care": "adult_social_care",
    "health": "health",
    "probation": "probation",
    "education": "education",
}
DEFAULT_REFERRAL_SOURCE: Final = "other"


def referral_source_for(agency_kind: str) -> str:
    return REFERRAL_SOURCE_BY_AGENCY_KIND.get(agency_kind, DEFAULT_REFERRAL_SOURCE)
