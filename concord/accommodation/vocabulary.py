"""Codes for housing (Safe Home) records (pure Python). Codes are stored and used in
imports: never change one once published; labels may be reworded."""

from __future__ import annotations

from typing import Final

from concord.people import reference as ref

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

# --- Safe accommodation (Domestic Abuse Act 2021 Part 4, DOMAIN §12) ----------------------

#: The accommodation types the annual Part 4 return counts by.
ACCOMMODATION_TYPES: Final[Choices] = (
    ("refuge", "Refuge"),
    ("specialist_refuge", "Specialist (\u201cby and for\u201d) refuge"),
    ("dispersed", "Dispersed accommodation"),
    ("sanctuary_scheme", "Sanctuary scheme"),
    ("second_stage", "Second-stage or move-on accommodation"),
    ("other_emergency", "Other emergency accommodation"),
)
#: A sanctuary scheme secures the person's own home: it has no units of its own.
SANCTUARY_SCHEME: Final = "sanctuary_scheme"

FUNDING_SOURCES: Final[Choices] = (
    ("part4_grant", "Safe accommodation (Part 4) grant"),
    ("council_other", "Other council funding"),
    ("housing_benefit", "Rent and housing benefit"),
    ("charitable", "Charitable or trust funding"),
    ("mixed", "Mixed funding"),
    ("other", "Other"),
)

#: Who a unit is for; a unit with none is for anyone.
UNIT_GROUPS: Final[Choices] = (
    ("women", "Women"),
    ("men", "Men"),
    ("lgbt_plus", "LGBT+ people"),
    ("minoritised", "Black and minoritised people"),
    ("disabled", "Disabled people"),
    ("young_people", "Young people (16 to 25)"),
    ("older_people", "Older people (60 and over)"),
)

#: The characteristics the return counts people by; a person can have several.
SPECIALIST_CHARACTERISTICS: Final[Choices] = (
    ("minoritised", "Black, Asian or minoritised"),
    ("disabled", "Disabled"),
    ("mental_health", "Mental health needs"),
    ("substance_use", "Drug or alcohol use"),
    ("lgbt_plus", "LGBT+"),
    ("older", "Older (60 and over)"),
    ("young", "Young (16 to 24)"),
    ("no_recourse_to_public_funds", "No recourse to public funds"),
    ("male", "Male victim"),
    ("other_complex_needs", "Other complex needs"),
)

#: Support a person received during a stay, as the return lists it.
SUPPORT_KINDS: Final[Choices] = (
    ("advocacy", "Advocacy"),
    ("prevention_advice", "Prevention advice"),
    ("protected_characteristics", "Specialist support for protected characteristics"),
    ("childrens_support", "Children's support"),
    ("housing_related", "Housing-related support"),
    ("counselling_therapy", "Counselling or therapy"),
)

#: Why a household stopped receiving support (the end of a stay).
LEAVING_REASONS: Final[Choices] = (
    ("moved_on", "Moved on (planned)"),
    ("no_longer_needed", "Support no longer needed"),
    ("evicted", "Evicted or asked to leave"),
    ("left", "Left without notice"),
    ("returned_to_person_causing_harm", "Returned to the person causing harm"),
    ("moved_to_other_safe_accommodation", "Moved to other safe accommodation"),
    ("other", "Other"),
)
MOVED_ON: Final = "moved_on"

#: Where a household went when it moved on.
MOVE_ON_DESTINATIONS: Final[Choices] = (
    ("social_tenancy", "Social housing tenancy"),
    ("private_tenancy", "Private rented tenancy"),
    ("own_home_made_safe", "Own home, made safe"),
    ("family_or_friends", "Family or friends"),
    ("supported_housing", "Supported housing"),
    ("temporary_accommodation", "Temporary accommodation"),
    ("other_safe_accommodation", "Other safe accommodation"),
    ("other", "Other"),
    ("not_known", "Not known"),
)

#: Why a household could not be supported: the reasons a referral to safe accommodation
#: is declined with, but a duplicate (the codes are the referrals' own).
UNABLE_TO_SUPPORT_REASONS: Final[Choices] = tuple(
    reason for reason in ref.DECLINE_REASONS if reason[0] != ref.DUPLICATE
)

#: Why a provider's worker needs to see where a unit is (codes, never free text).
LOCATION_REVEAL_REASONS: Final[Choices] = (
    ("moving_a_household_in", "Moving a household in"),
    ("visiting_a_household", "Visiting a household"),
    ("repairs_or_maintenance", "Repairs or maintenance"),
    ("emergency", "An emergency"),
    ("correcting_the_record", "Checking or correcting the record"),
)
