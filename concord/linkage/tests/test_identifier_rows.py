"""What a linkage reviewer sees of version 3's identifiers: other names, an estimated date of
birth, the address and its UPRN side by side with whether they agree, and a refuge's address
only ever as "Address withheld (refuge)"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.sealing import seal
from concord.linkage import engine
from concord.linkage.models import PersonLink, ReviewPair
from concord.linkage.presenters import WITHHELD, linked_records, side_by_side
from concord.linkage.tests.helpers import FixedScores, identity, run
from concord.submissions.models import Identity

pytestmark = pytest.mark.django_db

SARAH = {"given_name": "Sarah", "family_name": "Ahmed", "dob": "1988-03-14", "sex": "female"}
HOME = {
    "address_line_1": "14 Wexcombe Terrace",
    "address_line_2": "Flat 3",
    "town": "Leicester",
    "uprn": "100031234",
    "postcode": "LE2 7AB",
}


@pytest.fixture
def sarahs(agency_a, agency_b) -> dict[str, Identity]:
    """Sarah at home (a), in a refuge under her family name before marriage (b), and at
    home written another way (c)."""
    return {
        "a": identity(
            agency_a, "a", **SARAH, **HOME, other_names="Begum;Sally", dob_estimated="yes"
        ),
        "b": identity(agency_b, "b", **SARAH | {"family_name": "Begum"}, address_withheld="yes"),
        "c": identity(
            agency_b,
            "c",
            **SARAH | {"given_name": "Sara"},
            address_line_1="14, Wexcombe Terrace",
            address_line_2="FLAT 3",
            town="leicester",
            uprn="100031234",
            postcode="le27ab",
            dob_estimated="no",
        ),
    }


def rows_of(comparison: list[dict]) -> dict[str, tuple[str, str, bool | None]]:
    return {row["label"]: (row["left"], row["right"], row["agree"]) for row in comparison}


def test_the_reviewer_sees_the_new_identifiers_side_by_side_with_agreement(reviewer, sarahs):
    found = rows_of(side_by_side(reviewer, sarahs["a"], sarahs["c"]))

    assert list(found) == [
        "Record",
        "Given name",
        "Family name",
        "Other names",
        "Date of birth",
        "Sex",
        "Address",
        "Postcode",
        "UPRN",
        "Phone",
    ]
    assert found["Other names"] == ("Begum; Sally", "Not given", None)
    assert found["Date of birth"] == ("1988-03-14 (estimated)", "1988-03-14", True)
    assert found["Address"] == (
        "14 Wexcombe Terrace, Flat 3, Leicester",
        "14, Wexcombe Terrace, FLAT 3, leicester",
        True,
    )
    assert found["Postcode"] == ("LE2 7AB", "le27ab", True)
    assert found["UPRN"] == ("100031234", "100031234", True)
    assert found["Given name"][2] is False and found["Phone"] == ("Not given", "Not given", None)


def test_a_withheld_address_is_shown_as_withheld_and_never_disagrees(reviewer, sarahs):
    found = rows_of(side_by_side(reviewer, sarahs["a"], sarahs["b"]))

    assert found["Address"] == ("14 Wexcombe Terrace, Flat 3, Leicester", WITHHELD, None)
    assert found["Postcode"] == ("LE2 7AB", WITHHELD, None)
    assert found["UPRN"] == ("100031234", WITHHELD, None)
    assert found["Family name"] == ("Ahmed", "Begum", False)
    assert found["Other names"] == ("Begum; Sally", "Not given", True)  # her earlier name


def test_addresses_that_differ_are_marked_so(reviewer, sarahs, agency_b):
    moved = identity(agency_b, "m", **SARAH, address_line_1="2 Orrinsmoor Road", uprn="2465")

    found = rows_of(side_by_side(reviewer, sarahs["a"], moved))

    assert found["Address"][2] is False and found["UPRN"][2] is False
    assert found["Postcode"] == ("LE2 7AB", "Not given", None)


def test_a_withheld_address_is_never_shown_whatever_the_vault_holds(reviewer, sarahs, agency_b):
    """The checks keep back a withheld address with an address; an identity sealed some
    other way is still shown as withheld."""
    odd = identity(agency_b, "x", **SARAH, **HOME, address_withheld="yes")

    comparison = side_by_side(reviewer, sarahs["a"], odd)
    [shown] = linked_records(reviewer, [odd])

    assert rows_of(comparison)["Address"][1] == WITHHELD
    assert all("Wexcombe" not in row["right"] for row in comparison)
    assert all("100031234" not in row["right"] and "LE2" not in row["right"] for row in comparison)
    assert (shown["address"], shown["postcode"], shown["uprn"]) == (WITHHELD,) * 3


def test_an_identity_sealed_before_version_three_shows_not_given(reviewer, sarahs, agency_b):
    old = Identity.objects.create(
        agency=agency_b, kind="incident", record_id="old", role="victim", sealed=seal(SARAH)
    )

    found = rows_of(side_by_side(reviewer, old, sarahs["a"]))
    [shown] = linked_records(reviewer, [old])

    assert found["Address"] == ("Not given", "14 Wexcombe Terrace, Flat 3, Leicester", None)
    assert found["Other names"] == ("Not given", "Begum; Sally", None)
    assert found["Date of birth"] == ("1988-03-14", "1988-03-14 (estimated)", True)
    assert shown["address"] == "" and shown["given_name"] == "Sarah"


def test_linked_records_give_the_new_identifiers(reviewer, sarahs):
    shown = linked_records(reviewer, [sarahs["a"], sarahs["b"]])

    assert [record["address"] for record in shown] == [
        "14 Wexcombe Terrace, Flat 3, Leicester",
        WITHHELD,
    ]
    assert shown[0]["other_names"] == "Begum; Sally"
    assert shown[0]["dob"] == "1988-03-14 (estimated)"
    assert shown[0]["uprn"] == "100031234" and shown[1]["postcode"] == WITHHELD


@pytest.fixture
def scored_sarahs(monkeypatch, settings, sarahs):
    """a-b 0.99 (linked: one person); a-c 0.7 (to review); no check sample of the links."""
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 0
    monkeypatch.setattr(engine, "train", lambda records, **options: '{"fixed": true}')
    scorer = FixedScores(list(sarahs.values()), {("a", "b"): 0.99, ("a", "c"): 0.7})
    monkeypatch.setattr(engine, "score", scorer)


def test_the_review_and_person_pages_show_them(signed_in, analyst, reviewer, sarahs, scored_sarahs):
    run(analyst, threshold=0.9, review_floor=0.5)
    pair = ReviewPair.objects.get()
    person = PersonLink.objects.get(identity_id=sarahs["b"].key).person
    client = signed_in(reviewer)

    review = client.get(reverse("linkage:review-pair", args=[pair.pk])).content.decode()
    page = client.get(reverse("linkage:person", args=[person.number])).content.decode()

    for text in ("Other names", "Begum; Sally", "14 Wexcombe Terrace, Flat 3, Leicester", "UPRN"):
        assert text in review, text
    assert "1988-03-14 (estimated)" in review
    assert WITHHELD in page and "Begum; Sally" in page
    assert page.count("Wexcombe") == 1  # Sarah's own record; never the refuge's


def test_a_date_of_birth_written_either_way_is_shown_and_compared_as_one(
    reviewer, sarahs, agency_b
):
    written_uk = identity(agency_b, "u", **SARAH | {"dob": "14/03/1988"})

    found = rows_of(side_by_side(reviewer, written_uk, sarahs["c"]))

    assert found["Date of birth"] == ("1988-03-14", "1988-03-14", True)


def test_an_address_abbreviated_is_the_same_address(reviewer, sarahs, agency_b):
    shortened = identity(
        agency_b, "s", **SARAH, address_line_1="14 Wexcombe Tce", address_line_2="Flat 3",
        town="Leicester",
    )  # fmt: skip

    found = rows_of(side_by_side(reviewer, sarahs["a"], shortened))

    assert found["Address"][2] is True
