"""Reference vocabularies: ONS 2021 ethnicity, non-answers on every equality item, stable
lower_snake_case codes, relationships that reverse cleanly, and the full intake profile."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.people import reference as ref

VOCABULARIES = {
    "ETHNIC_GROUPS": ref.ETHNIC_GROUPS,
    "ETHNICITIES": ref.ETHNICITIES,
    "ETHNICITY_CHOICES": ref.ETHNICITY_CHOICES,
    "SEXES": ref.SEXES,
    "GENDER_SAME_AS_BIRTH_CHOICES": ref.GENDER_SAME_AS_BIRTH_CHOICES,
    "SEXUAL_ORIENTATIONS": ref.SEXUAL_ORIENTATIONS,
    "RELIGIONS": ref.RELIGIONS,
    "DISABILITY": ref.DISABILITY,
    "MARITAL_STATUSES": ref.MARITAL_STATUSES,
    "IMMIGRATION_STATUSES": ref.IMMIGRATION_STATUSES,
    "YES_NO_NOT_KNOWN": ref.YES_NO_NOT_KNOWN,
    "INTAKE_ITEMS": ref.INTAKE_ITEMS,
    "PERSON_ROLES": ref.PERSON_ROLES,
    "RELATIONSHIP_KINDS": ref.RELATIONSHIP_KINDS,
    "ABUSE_TYPES": ref.ABUSE_TYPES,
    "CONTACT_CHANNELS": ref.CONTACT_CHANNELS,
    "CONTACT_INITIATORS": ref.CONTACT_INITIATORS,
    "METHODS_OF_ACCESS": ref.METHODS_OF_ACCESS,
    "REFERRAL_SOURCES": ref.REFERRAL_SOURCES,
    "CLOSURE_REASONS": ref.CLOSURE_REASONS,
    "DECLINE_REASONS": ref.DECLINE_REASONS,
}

EQUALITY_VOCABULARIES = {
    "ETHNICITY_CHOICES": ref.ETHNICITY_CHOICES,
    "SEXES": ref.SEXES,
    "GENDER_SAME_AS_BIRTH_CHOICES": ref.GENDER_SAME_AS_BIRTH_CHOICES,
    "SEXUAL_ORIENTATIONS": ref.SEXUAL_ORIENTATIONS,
    "RELIGIONS": ref.RELIGIONS,
    "DISABILITY": ref.DISABILITY,
    "MARITAL_STATUSES": ref.MARITAL_STATUSES,
    "IMMIGRATION_STATUSES": ref.IMMIGRATION_STATUSES,
}

LOWER_SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")

ONS_2021_CATEGORIES_PER_GROUP = {"asian": 5, "black": 3, "mixed": 4, "white": 5, "other": 2}

# Codes are stored and imported: a published code may never be renamed or removed. Add new
# codes here once they ship; this list only ever grows.
PUBLISHED_CODES = {
    "ETHNIC_GROUPS": "asian black mixed white other",
    "ETHNICITY_CHOICES": (
        "asian_indian asian_pakistani asian_bangladeshi asian_chinese asian_other "
        "black_caribbean black_african black_other mixed_white_black_caribbean "
        "mixed_white_black_african mixed_white_asian mixed_other "
        "white_english_welsh_scottish_ni_british white_irish white_gypsy_irish_traveller "
        "white_roma white_other other_arab other_any prefer_not_to_say not_known"
    ),
    "SEXES": "female male prefer_not_to_say not_known",
    "GENDER_SAME_AS_BIRTH_CHOICES": "yes no prefer_not_to_say not_known",
    "SEXUAL_ORIENTATIONS": (
        "straight_heterosexual gay_lesbian bisexual other prefer_not_to_say not_known"
    ),
    "RELIGIONS": (
        "no_religion christian buddhist hindu jewish muslim sikh other prefer_not_to_say not_known"
    ),
    "DISABILITY": "yes_limited_a_lot yes_limited_a_little no prefer_not_to_say not_known",
    "MARITAL_STATUSES": (
        "single married_civil_partnership separated divorced_dissolved widowed "
        "prefer_not_to_say not_known"
    ),
    "IMMIGRATION_STATUSES": (
        "british_or_irish settled_or_pre_settled visa_holder asylum_seeker refugee "
        "no_recourse_to_public_funds undocumented prefer_not_to_say not_known"
    ),
    "YES_NO_NOT_KNOWN": "yes no not_known",
    "INTAKE_ITEMS": (
        "has_children pregnant known_to_childrens_social_care section_47_enquiry "
        "mental_health suicide_threatened_or_attempted self_harm community_care_payments "
        "forced_marriage_risk honour_based_abuse_risk multiple_perpetrators "
        "high_risk_at_intake marac_threshold_at_intake attended_a_and_e aged_16_17 "
        "no_recourse_to_public_funds needs_interpreter"
    ),
    "PERSON_ROLES": "victim_survivor person_causing_harm child_young_person",
    "RELATIONSHIP_KINDS": (
        "partner ex_partner parent child sibling other_family carer cared_for other"
    ),
    "ABUSE_TYPES": (
        "physical sexual violent_or_threatening controlling_or_coercive economic "
        "psychological_emotional stalking_harassment honour_based forced_marriage fgm"
    ),
    "CONTACT_CHANNELS": (
        "call text web_chat email drop_in home_visit office_appointment group_session "
        "counselling_session court_support advocacy"
    ),
    "CONTACT_INITIATORS": "victim professional family_or_friend",
    "METHODS_OF_ACCESS": ("helpline_call text web_chat email drop_in professional_referral other"),
    "REFERRAL_SOURCES": (
        "self police health childrens_social_care adult_social_care housing probation "
        "education specialist_da_service marac family_or_friend other"
    ),
    "CLOSURE_REASONS": (
        "support_completed moved_away disengaged transferred no_longer_needed deceased other"
    ),
    "DECLINE_REASONS": "not_eligible no_capacity declined_by_person duplicate other",
}


def test_there_are_nineteen_ons_categories_and_the_two_non_answers():
    answered = [code for code, _, group in ref.ETHNICITIES if group is not None]
    unanswered = [code for code, _, group in ref.ETHNICITIES if group is None]

    assert len(answered) == 19
    assert unanswered == ["prefer_not_to_say", "not_known"]


def test_every_ethnicity_belongs_to_one_of_the_five_ons_groups():
    groups = ref.codes(ref.ETHNIC_GROUPS)
    per_group = {group: 0 for group in groups}
    for _, _, group in ref.ETHNICITIES:
        if group is not None:
            assert group in groups
            per_group[group] += 1

    assert per_group == ONS_2021_CATEGORIES_PER_GROUP


def test_ethnic_group_of_gives_the_group_or_none_for_a_non_answer():
    assert ref.ethnic_group_of("white_roma") == "white"
    assert ref.ethnic_group_of("mixed_white_asian") == "mixed"
    assert ref.ethnic_group_of("other_arab") == "other"
    assert ref.ethnic_group_of("prefer_not_to_say") is None
    assert ref.ethnic_group_of("not_known") is None


def test_ethnic_group_of_an_unknown_code_raises_rather_than_passing_for_a_non_answer():
    with pytest.raises(KeyError, match="Unknown code 'white_british'"):
        ref.ethnic_group_of("white_british")


def test_ethnicity_choices_are_the_ethnicities_as_pairs():
    assert tuple((code, label) for code, label, _ in ref.ETHNICITIES) == ref.ETHNICITY_CHOICES


def test_grouped_ethnicities_hold_every_choice_once_under_its_group():
    group_labels = [label for label, _ in ref.ETHNICITY_GROUPED]
    flattened = [choice for _, choices in ref.ETHNICITY_GROUPED for choice in choices]

    assert group_labels[:5] == [label for _, label in ref.ETHNIC_GROUPS]
    assert sorted(flattened) == sorted(ref.ETHNICITY_CHOICES)
    for group_code, group_label in ref.ETHNIC_GROUPS:
        members = dict(ref.ETHNICITY_GROUPED)[group_label]
        assert all(ref.ethnic_group_of(code) == group_code for code, _ in members)


@pytest.mark.parametrize("name", VOCABULARIES)
def test_codes_are_unique_lower_snake_case_and_fit_the_column(name):
    found = [entry[0] for entry in VOCABULARIES[name]]

    assert len(found) == len(set(found)), f"{name} repeats a code"
    assert [code for code in found if not LOWER_SNAKE_CASE.fullmatch(code)] == []
    assert [code for code in found if len(code) > ref.CODE_MAX_LENGTH] == []


@pytest.mark.parametrize("name", VOCABULARIES)
def test_labels_are_present_and_unique(name):
    labels = [entry[1] for entry in VOCABULARIES[name]]

    assert all(label.strip() == label and label for label in labels)
    assert len(labels) == len(set(labels)), f"{name} repeats a label"


@pytest.mark.parametrize("name", PUBLISHED_CODES)
def test_published_codes_are_never_renamed_or_removed(name):
    missing = set(PUBLISHED_CODES[name].split()) - ref.codes(VOCABULARIES[name])

    assert missing == set(), f"{name} lost published codes {sorted(missing)}: add, never rename"


@pytest.mark.parametrize("name", EQUALITY_VOCABULARIES)
def test_every_equality_item_allows_prefer_not_to_say_and_not_known_last(name):
    vocabulary = EQUALITY_VOCABULARIES[name]

    assert [code for code, _ in vocabulary[-2:]] == ["prefer_not_to_say", "not_known"]
    assert ref.codes(vocabulary) >= ref.NON_ANSWERS


def test_yes_no_not_known_has_not_known_but_no_prefer_not_to_say():
    assert ref.codes(ref.YES_NO_NOT_KNOWN) == {"yes", "no", "not_known"}


def test_sexual_orientation_and_gender_identity_are_asked_from_sixteen():
    assert ref.SEXUAL_ORIENTATION_MIN_AGE == 16
    assert ref.GENDER_IDENTITY_MIN_AGE == 16


def test_disabled_means_limited_a_lot_or_a_little():
    assert ref.codes(ref.DISABILITY) > ref.DISABLED_CODES
    assert {"yes_limited_a_lot", "yes_limited_a_little"} == ref.DISABLED_CODES


@pytest.mark.parametrize("kind", [code for code, _ in ref.RELATIONSHIP_KINDS])
def test_reversing_a_relationship_twice_gives_it_back(kind):
    reverse = ref.reverse_relationship(kind)

    assert reverse in ref.codes(ref.RELATIONSHIP_KINDS)
    assert ref.reverse_relationship(reverse) == kind


@pytest.mark.parametrize(
    ("kind", "reverse"),
    [
        ("parent", "child"),
        ("child", "parent"),
        ("carer", "cared_for"),
        ("cared_for", "carer"),
        ("partner", "partner"),
        ("ex_partner", "ex_partner"),
        ("sibling", "sibling"),
        ("other_family", "other_family"),
        ("other", "other"),
    ],
)
def test_parent_and_carer_relationships_swap_and_the_rest_are_symmetric(kind, reverse):
    assert ref.reverse_relationship(kind) == reverse


def test_reversing_an_unknown_relationship_raises():
    with pytest.raises(KeyError, match="Unknown code 'spouse'"):
        ref.reverse_relationship("spouse")


def test_intake_items_are_the_seventeen_items_of_the_intake_profile_in_order():
    assert [code for code, _ in ref.INTAKE_ITEMS] == [
        "has_children",
        "pregnant",
        "known_to_childrens_social_care",
        "section_47_enquiry",
        "mental_health",
        "suicide_threatened_or_attempted",
        "self_harm",
        "community_care_payments",
        "forced_marriage_risk",
        "honour_based_abuse_risk",
        "multiple_perpetrators",
        "high_risk_at_intake",
        "marac_threshold_at_intake",
        "attended_a_and_e",
        "aged_16_17",
        "no_recourse_to_public_funds",
        "needs_interpreter",
    ]


def test_abuse_types_are_the_ten_of_the_domestic_abuse_act():
    assert len(ref.ABUSE_TYPES) == 10


def test_label_for_gives_the_label_of_a_pair_or_an_ethnicity():
    assert ref.label_for(ref.SEXES, "female") == "Female"
    assert ref.label_for(ref.ETHNICITIES, "white_irish") == "White: Irish"
    assert ref.label_for(ref.ETHNICITY_CHOICES, "not_known") == "Not known"


def test_label_for_an_unknown_code_names_the_code_and_the_codes_it_expected():
    with pytest.raises(KeyError) as raised:
        ref.label_for(ref.SEXES, "f")

    assert str(raised.value) == (
        "Unknown code 'f'; expected one of: female, male, prefer_not_to_say, not_known"
    )
    assert isinstance(raised.value, ref.UnknownCodeError)


@given(st.text(max_size=40))
def test_label_for_any_other_text_raises_a_key_error(text):
    if text in ref.codes(ref.REFERRAL_SOURCES):
        assert ref.label_for(ref.REFERRAL_SOURCES, text)
    else:
        with pytest.raises(KeyError, match=re.escape(repr(text))):
            ref.label_for(ref.REFERRAL_SOURCES, text)


def test_codes_are_a_frozenset():
    assert ref.codes(ref.PERSON_ROLES) == frozenset(
        {"victim_survivor", "person_causing_harm", "child_young_person"}
    )
