"""Codes for case records that belong to casework rather than to the person (pure Python).
Codes are stored and used in imports: never change one once published."""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]

FEELS_SAFER: tuple[tuple[str, str], ...] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("not_answered", "Not answered"),
)

ABUSE_CHANGES: tuple[tuple[str, str], ...] = (
    ("stopped", "Stopped"),
    ("reduced", "Reduced"),
    ("continued", "Continued"),
    ("not_known", "Not known"),
)

# Our own list of what a safety plan covers.
SAFETY_PLAN_AREAS: tuple[tuple[str, str], ...] = (
    ("emergency_contacts", "Emergency contacts and 999 silent call"),
    ("safe_places", "Safe places to go and routes to them"),
    ("escape_bag", "Bag with documents, money, medicines and keys"),
    ("home_security", "Security at home"),
    ("digital_safety", "Phone, social media and tracking"),
    ("children", "Children's safety and school"),
    ("work_and_travel", "Work and travel"),
    ("legal_protection", "Orders and legal protection"),
    ("money", "Money and benefits"),
    ("health_and_wellbeing", "Health and wellbeing"),
    ("pets", "Pets"),
    ("after_leaving", "After leaving or separation"),
)

# Support a service offers on a case (DOMAIN §7); a referral elsewhere is not one.
SUPPORT_KINDS: tuple[tuple[str, str], ...] = (
    ("casework", "Casework"),
    ("idva", "IDVA support"),
    ("outreach", "Outreach"),
    ("group", "Group work"),
)

AWAITING = "awaiting"
ACCEPTED = "accepted"
OFFER_ANSWERS: tuple[tuple[str, str], ...] = (
    (AWAITING, "Awaiting an answer"),
    (ACCEPTED, "Accepted"),
    ("declined", "Declined"),
    ("not_contactable", "Not contactable"),
)
#: The answers a person can give (an offer is awaiting one until then).
GIVEN_ANSWERS = tuple(pair for pair in OFFER_ANSWERS if pair[0] != AWAITING)

# Children on a case (each a person in their own right, DOMAIN §12) ----------------------

#: How a child or young person is involved in a case. Local practice also
#: supports 13 to 15-year-olds in their own relationships and counts 16 and 17-year-olds
#: separately (DOMAIN §2).
CHILD_OF_VICTIM: Final = "child_of_victim"
CHILD_ROLES: Final[Choices] = (
    (CHILD_OF_VICTIM, "Child of the victim or survivor"),
    ("child_of_person_causing_harm", "Child of the person causing harm"),
    ("other_child_in_household", "Other child or young person in the household"),
    ("own_relationship_13_to_15", "Young person aged 13 to 15 in their own relationship"),
    ("own_relationship_16_to_17", "Young person aged 16 or 17 in their own relationship"),
)

#: What a child needs support with, in our own short words; a child may have several.
CHILD_NEEDS: Final[Choices] = (
    ("emotional_wellbeing", "Emotional wellbeing"),
    ("behaviour", "Behaviour"),
    ("education", "School or education"),
    ("health", "Health"),
    ("witnessed_abuse", "Saw or heard the abuse"),
    ("harmed_directly", "Harmed directly"),
    ("child_protection_plan", "On a child protection plan"),
    ("child_in_need_plan", "On a child in need plan"),
    ("young_carer", "Young carer"),
    ("other", "Other"),
)

#: Support a child receives in their own right, from the case's service or arranged by it.
CHILD_SUPPORT_KINDS: Final[Choices] = (
    ("one_to_one", "One-to-one work with the child"),
    ("group", "Children's group work"),
    ("play_or_creche", "Play sessions or crèche"),
    ("school_liaison", "Work with the school"),
    ("counselling", "Counselling or therapy"),
    ("social_care_liaison", "Work with children's social care"),
    ("health_liaison", "Work with health services"),
    ("other", "Other support"),
)
