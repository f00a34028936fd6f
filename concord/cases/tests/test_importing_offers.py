"""Importing offers of support and the IDVA flag with the case rows: good values become an
offer answered as it was, bad ones keep the case row in quarantine with the column named."""

from __future__ import annotations

from datetime import date

import pytest

from concord.cases.models import Case, QuarantinedRow, SupportOffer
from concord.cases.tests.test_importing import PEOPLE, run, write

pytestmark = pytest.mark.django_db

HEADER = (
    "record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,"
    "opened_at,worked_by_idva,offer_kind,offered_on,offer_answer,offer_answered_on\n"
)
CASE = "C1,P1,SAFE help point,police,professional_referral,2025-06-02 09:30,open,2025-06-03 10:00,"


def import_case(tmp_path, idva, cells: str) -> None:
    run(write(tmp_path, people=PEOPLE, cases=HEADER + CASE + cells + "\n"), idva)


def test_an_answered_offer_and_the_idva_flag_are_imported(tmp_path, idva, help_point):
    import_case(tmp_path, idva, "yes,idva,2025-06-03,accepted,05/06/2025")

    case = Case.objects.get()
    assert case.worked_by_idva
    offer = SupportOffer.objects.get(case=case)
    assert (offer.kind, offer.offered_on, offer.answer, offer.answered_on) == (
        "idva",
        date(2025, 6, 3),
        "accepted",
        date(2025, 6, 5),
    )


def test_a_case_without_offer_columns_has_no_offer(tmp_path, idva, help_point):
    import_case(tmp_path, idva, ",,,,")

    assert not Case.objects.get().worked_by_idva
    assert not SupportOffer.objects.exists()


def test_an_offer_without_an_answer_awaits_one(tmp_path, idva, help_point):
    import_case(tmp_path, idva, "no,casework,2025-06-03,,")

    assert SupportOffer.objects.get().is_awaiting


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("maybe,,,,", "worked_by_idva: 'maybe' is not yes or no"),
        (",housing,2025-06-03,,", "offer_kind: 'housing' is not one of the codes for this column"),
        (",casework,,accepted,2025-06-04", "offered_on: a value is needed"),
        (",,,accepted,2025-06-04", "offer_kind: a value is needed"),  # and offered_on
        (",casework,2025-06-03,yes,2025-06-04", "offer_answer: 'yes' is not one of the codes"),
        (",casework,2025-06-03,declined,", "offer_answered_on: a value is needed with an answer"),
        (
            ",casework,2025-06-03,,2025-06-04",
            "offer_answer: give the answer of the date in offer_answered_on",
        ),
        (",casework,2025-06-01,,", "offered_on: The offer cannot be before the referral"),
        (
            ",casework,2025-06-03,accepted,2025-06-02",
            "offer_answered_on: The answer cannot be before the offer",
        ),
        (
            ",casework,2025-06-03,accepted,2099-01-01",
            "offer_answered_on: The date of the answer must be today or in the past",
        ),
        (",casework,3rd June,,", "offered_on: '3rd June' is not a date"),
    ],
)
def test_bad_offer_values_keep_the_case_in_quarantine(tmp_path, idva, help_point, cells, reason):
    import_case(tmp_path, idva, cells)

    reasons = QuarantinedRow.objects.get(batch__kind="cases").reasons
    assert reasons[0].startswith(reason)
    assert not Case.objects.exists()
    assert not SupportOffer.objects.exists()
