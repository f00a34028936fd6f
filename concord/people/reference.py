"""Fixed vocabularies for people, cases and equality monitoring, as `choices` pairs.

Codes are stored in the database and appear in CSV imports and exports: once published they
never change (add a new code instead). Labels are our own short wording and may be edited.
Order is display order. No Django here: model fields, forms and reports all import this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

Choices = tuple[tuple[str, str], ...]
Ethnicity = tuple[str, str, str | None]
ChoiceGroups = tuple[tuple[str, Choices], ...]

#: The longest code any vocabulary may use, so one column width fits every choice field.
CODE_MAX_LENGTH: Final = 40

PREFER_NOT_TO_SAY: Final = "prefer_not_to_say"
NOT_KNOWN: Final = "not_known"
#: Codes that record no answer: left out of a percentage's denominator (DOMAIN §7, §10).
NON_ANSWERS: Final = frozenset({PREFER_NOT_TO_SAY, NOT_KNOWN})

_NON_ANSWER_CHOICES: Final[Choices] = (
    (PREFER_NOT_TO_SAY, "Prefer not to say"),
    (NOT_KNOWN, "Not known"),
)


class UnknownCodeError(KeyError):
    """A code that is not in the vocabulary it was looked up in."""

    def __str__(self) -> str:
        # KeyError's own str() shows the repr of its argument; show the message as written.
        return str(self.args[0])


def _unknown(code: str, known: Iterable[str]) -> UnknownCodeError:
    return UnknownCodeError(f"Unknown code {code!r}; expected one of: {', '.join(known)}")


# --- Equality monitoring (DOMAIN §10): ONS 2021, England and Wales --------------------------

ETHNIC_GROUPS: Final[Choices] = (
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
)

#: The 19 ONS 2021 categories as (code, label, group code); the two non-answers have no group.
ETHNICITIES: Final[tuple[Ethnicity, ...]] = (
    ("asian_indian", "Asian: Indian", "asian"),
    ("asian_pakistani", "Asian: Pakistani", "asian"),
    ("asian_bangladeshi", "Asian: Bangladeshi", "asian"),
    ("asian_chinese", "Asian: Chinese", "asian"),
    ("asian_other", "Asian: any other Asian background", "asian"),
    ("black_caribbean", "Black: Caribbean", "black"),
    ("black_african", "Black: African", "black"),
    ("black_other", "Black: any other Black background", "black"),
    ("mixed_white_black_caribbean", "Mixed: White and Black Caribbean", "mixed"),
    ("mixed_white_black_african", "Mixed: White and Black African", "mixed"),
    ("mixed_white_asian", "Mixed: White and Asian", "mixed"),
    ("mixed_other", "Mixed: any other mixed or multiple background", "mixed"),
    (
        "white_english_welsh_scottish_ni_british",
        "White: English, Welsh, Scottish, Northern Irish or British",
        "white",
    ),
    ("white_irish", "White: Irish", "white"),
    ("white_gypsy_irish_traveller", "White: Gypsy or Irish Traveller", "white"),
    ("white_roma", "White: Roma", "white"),
    ("white_other", "White: any other White background", "white"),
    ("other_arab", "Other: Arab", "other"),
    ("other_any", "Other: any other ethnic group", "other"),
    *((code, label, None) for code, label in _NON_ANSWER_CHOICES),
)

ETHNICITY_CHOICES: Final[Choices] = tuple((code, label) for code, label, _ in ETHNICITIES)

_GROUP_OF: Final[dict[str, str | None]] = {code: group for code, _, group in ETHNICITIES}

#: For a grouped select or radios: one group per ETHNIC_GROUPS entry, then the non-answers.
ETHNICITY_GROUPED: Final[ChoiceGroups] = (
    *(
        (
            group_label,
            tuple((code, label) for code, label, group in ETHNICITIES if group == group_code),
        )
        for group_code, group_label in ETHNIC_GROUPS
    ),
    ("Not stated", _NON_ANSWER_CHOICES),
)


def ethnic_group_of(code: str) -> str | None:
    """The ETHNIC_GROUPS code of an ethnicity, or None for prefer not to say and not known."""
    try:
        return _GROUP_OF[code]
    except KeyError:
        raise _unknown(code, _GROUP_OF) from None


#: Sex as recorded, following the ONS 2021 census question.
SEXES: Final[Choices] = (
    ("female", "Female"),
    ("male", "Male"),
    *_NON_ANSWER_CHOICES,
)

#: ONS 2021: is the person's gender the same as the sex registered at birth? "No" means trans.
GENDER_SAME_AS_BIRTH_CHOICES: Final[Choices] = (
    ("yes", "Yes"),
    ("no", "No"),
    *_NON_ANSWER_CHOICES,
)
GENDER_IDENTITY_MIN_AGE: Final = 16

SEXUAL_ORIENTATIONS: Final[Choices] = (
    ("straight_heterosexual", "Straight or heterosexual"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
    *_NON_ANSWER_CHOICES,
)
SEXUAL_ORIENTATION_MIN_AGE: Final = 16

RELIGIONS: Final[Choices] = (
    ("no_religion", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Another religion or belief"),
    *_NON_ANSWER_CHOICES,
)

#: Day-to-day activities limited by a condition lasting 12 months or more (Equality Act).
DISABILITY: Final[Choices] = (
    ("yes_limited_a_lot", "Yes, limited a lot"),
    ("yes_limited_a_little", "Yes, limited a little"),
    ("no", "No"),
    *_NON_ANSWER_CHOICES,
)
#: The DISABILITY codes counted as disabled under the Equality Act definition.
DISABLED_CODES: Final = frozenset({"yes_limited_a_lot", "yes_limited_a_little"})

MARITAL_STATUSES: Final[Choices] = (
    ("single", "Single"),
    ("married_civil_partnership", "Married or in a civil partnership"),
    ("separated", "Separated"),
    ("divorced_dissolved", "Divorced or civil partnership dissolved"),
    ("widowed", "Widowed or surviving civil partner"),
    *_NON_ANSWER_CHOICES,
)

IMMIGRATION_STATUSES: Final[Choices] = (
    ("british_or_irish", "British or Irish citizen"),
    ("settled_or_pre_settled", "Settled, pre-settled or indefinite leave"),
    ("visa_holder", "Visa holder"),
    ("asylum_seeker", "Asylum seeker"),
    ("refugee", "Refugee or humanitarian protection"),
    ("no_recourse_to_public_funds", "No recourse to public funds"),
    ("undocumented", "No current leave to remain"),
    *_NON_ANSWER_CHOICES,
)

# --- Intake safeguarding profile (DOMAIN §6) ----------------------------------------------

YES_NO_NOT_KNOWN: Final[Choices] = (
    ("yes", "Yes"),
    ("no", "No"),
    (NOT_KNOWN, "Not known"),
)

#: Every item of the intake profile, each answered from YES_NO_NOT_KNOWN, in report order.
INTAKE_ITEMS: Final[Choices] = (
    ("has_children", "Has children"),
    ("pregnant", "Pregnant"),
    ("known_to_childrens_social_care", "Known to children's social care"),
    ("section_47_enquiry", "Under a section 47 enquiry"),
    ("mental_health", "Mental health problems"),
    ("suicide_threatened_or_attempted", "Threatened or attempted suicide"),
    ("self_harm", "Self-harm"),
    ("community_care_payments", "Receives community care payments"),
    ("forced_marriage_risk", "At risk of forced marriage"),
    ("honour_based_abuse_risk", "At risk of so-called honour-based abuse"),
    ("multiple_perpetrators", "More than one person causing harm"),
    ("high_risk_at_intake", "High risk at intake"),
    ("marac_threshold_at_intake", "Meets MARAC threshold at intake"),
    ("attended_a_and_e", "Attended A&E because of abuse"),
    ("aged_16_17", "Aged 16 or 17"),
    ("no_recourse_to_public_funds", "No recourse to public funds"),
    ("needs_interpreter", "Needs an interpreter"),
)

# --- People and their relationships (DOMAIN §2) -------------------------------------------

PERSON_ROLES: Final[Choices] = (
    ("victim_survivor", "Victim/survivor"),
    ("person_causing_harm", "Person causing harm"),
    ("child_young_person", "Child or young person"),
)

#: What one person is to another: "A is the <kind> of B".
RELATIONSHIP_KINDS: Final[Choices] = (
    ("partner", "Partner"),
    ("ex_partner", "Ex-partner"),
    ("parent", "Parent"),
    ("child", "Child"),
    ("sibling", "Sibling"),
    ("other_family", "Other family member"),
    ("carer", "Carer"),
    ("cared_for", "Person cared for"),
    ("other", "Other"),
)
_KINDS: Final = tuple(code for code, _ in RELATIONSHIP_KINDS)
_DIRECTED: Final[dict[str, str]] = {
    "parent": "child",
    "child": "parent",
    "carer": "cared_for",
    "cared_for": "carer",
}


def reverse_relationship(kind: str) -> str:
    """What B is to A when A is `kind` to B: parent and child swap, carer and cared for swap."""
    if kind not in _KINDS:
        raise _unknown(kind, _KINDS)
    return _DIRECTED.get(kind, kind)


ABUSE_TYPES: Final[Choices] = (
    ("physical", "Physical"),
    ("sexual", "Sexual"),
    ("violent_or_threatening", "Violent or threatening behaviour"),
    ("controlling_or_coercive", "Controlling or coercive behaviour"),
    ("economic", "Economic"),
    ("psychological_emotional", "Psychological or emotional"),
    ("stalking_harassment", "Stalking or harassment"),
    ("honour_based", "So-called honour-based abuse"),
    ("forced_marriage", "Forced marriage"),
    ("fgm", "Female genital mutilation (FGM)"),
)

# --- Cases and contacts -------------------------------------------------------------------

CONTACT_CHANNELS: Final[Choices] = (
    ("call", "Phone call"),
    ("text", "Text message"),
    ("web_chat", "Web chat"),
    ("email", "Email"),
    ("drop_in", "Drop-in"),
    ("home_visit", "Home visit"),
    ("office_appointment", "Office appointment"),
    ("group_session", "Group session"),
    ("counselling_session", "Counselling session"),
    ("court_support", "Court support"),
    ("advocacy", "Advocacy"),
)

#: Who made a contact.
CONTACT_INITIATORS: Final[Choices] = (
    ("victim", "Victim/survivor"),
    ("professional", "A professional"),
    ("family_or_friend", "Family or friend"),
)

#: How a person first reached the service (DOMAIN §2).
METHODS_OF_ACCESS: Final[Choices] = (
    ("helpline_call", "Helpline call"),
    ("text", "Text message"),
    ("web_chat", "Web chat"),
    ("web", "Web form"),
    ("email", "Email"),
    ("drop_in", "Drop-in"),
    ("professional_referral", "Professional referral"),
    ("other", "Other"),
)

REFERRAL_SOURCES: Final[Choices] = (
    ("self", "Self-referral"),
    ("police", "Police"),
    ("health", "Health"),
    ("childrens_social_care", "Children's social care"),
    ("adult_social_care", "Adult social care"),
    ("housing", "Housing"),
    ("probation", "Probation"),
    ("education", "Education"),
    ("specialist_da_service", "Specialist domestic abuse service"),
    ("marac", "MARAC"),
    ("family_or_friend", "Family or friend"),
    ("other", "Other"),
)

CLOSURE_REASONS: Final[Choices] = (
    ("support_completed", "Support completed"),
    ("moved_away", "Moved away"),
    ("disengaged", "Stopped engaging"),
    ("transferred", "Transferred to another service"),
    ("no_longer_needed", "Support no longer needed"),
    ("deceased", "Person has died"),
    ("other", "Other"),
)

#: Why a referral was not taken on. A referral to safe accommodation that is declined for
#: any reason but a duplicate is a household that could not be supported (DOMAIN §12).
DECLINE_REASONS: Final[Choices] = (
    ("not_eligible", "Not eligible"),
    ("no_capacity", "No capacity or no space"),
    ("needs_too_high", "Needs too high for the service"),
    ("risk_to_others", "Risk to other residents or staff"),
    ("no_recourse_to_public_funds", "No recourse to public funds"),
    ("out_of_area", "Out of area"),
    ("needs_not_met", "The service could not meet their needs (access, children, pets)"),
    ("declined_by_person", "Person declined support"),
    ("duplicate", "Duplicate referral"),
    ("other", "Other"),
)
DUPLICATE: Final = "duplicate"

# --- Lookups ------------------------------------------------------------------------------


def label_for(vocabulary: Iterable[tuple[str, str] | Ethnicity], code: str) -> str:
    """The label of `code`; an unknown code raises a KeyError naming it and the known codes."""
    known = []
    for entry in vocabulary:
        if entry[0] == code:
            return entry[1]
        known.append(entry[0])
    raise _unknown(code, known)


def codes(vocabulary: Iterable[tuple[str, str] | Ethnicity]) -> frozenset[str]:
    """Every code in a vocabulary, e.g. to validate an imported column."""
    return frozenset(entry[0] for entry in vocabulary)


# Areas and ages, for figures by area and by age band ----------------------------------------

POSTCODE_DISTRICT: Final = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
FULL_POSTCODE: Final = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")


def normal_area(text: str) -> str:
    """An area as typed, with its spaces tidied; a postcode district in capitals."""
    area = " ".join(text.split())
    upper = area.upper()
    if POSTCODE_DISTRICT.fullmatch(upper) or FULL_POSTCODE.fullmatch(upper):
        return upper
    return area


#: Age bands for figures (age in whole years at the start of the period): the first age of
#: each band and its label; the last band has no upper end.
AGE_BANDS: Final[tuple[tuple[int, str], ...]] = (
    (0, "0 to 15"),
    (16, "16 to 17"),
    (18, "18 to 24"),
    (25, "25 to 34"),
    (35, "35 to 44"),
    (45, "45 to 54"),
    (55, "55 to 64"),
    (65, "65 and over"),
)
