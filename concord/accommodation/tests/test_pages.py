"""Housing pages: scope (404), roles (403) on every page and form, errors in the GOV.UK
error summary with nothing saved, the home secured, the case page's housing section and
timeline, and pinned query counts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.accommodation import services
from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accommodation.views import OUTCOMES
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts, date_shown

pytestmark = pytest.mark.django_db

VALID_POSTS = {
    "options-assessment": {
        **date_parts("assessed_on", "2026-11-03"),
        "outcome": "Stay with sanctuary",
    },
    "emergency-accommodation": {**date_parts("placed_on", "2026-11-03")},
    "refuge-placement": {
        **date_parts("placed_on", "2026-11-03"),
        **date_parts("ended_on", "2026-11-12"),
    },
    "transfer": {"kind": "reciprocal", **date_parts("transferred_on", "2026-11-10")},
    "person-causing-harm-moved": {"moved": "yes", **date_parts("moved_on", "2026-11-04")},
    "home-secured": {**date_parts("secured_on", "2026-11-06")},
}
MEASURE = {"kind": "door_and_window_locks", **date_parts("fitted_on", "2026-11-04")}


def housing_pages(case) -> list[tuple[str, dict[str, str]]]:
    """Every housing page and form of a case, with a valid POST body for each."""
    pages = [
        (reverse("accommodation:housing", args=[case.pk]), {}),
        (reverse("accommodation:add-sanctuary-measure", args=[case.pk]), MEASURE),
    ]
    pages += [
        (reverse("accommodation:outcome", args=[case.pk, slug]), VALID_POSTS[slug])
        for slug in OUTCOMES
    ]
    return pages


def test_every_outcome_has_a_test_body():
    assert set(VALID_POSTS) == set(OUTCOMES)


def test_every_housing_page_and_form_is_404_for_another_agency(
    signed_in, police_rep, worker_c, housing_case
):
    for persona in (police_rep, worker_c):
        client = signed_in(persona)
        for url, body in housing_pages(housing_case):
            response = client.get(url)
            assert response.status_code == 404, url
            assert "Sarah" not in response.content.decode()
            assert client.post(url, body).status_code == 404, url
    assert not HousingRecord.objects.exists()
    assert not SanctuaryMeasure.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_every_housing_page_and_form_is_403_for_roles_without_case_data(
    request, signed_in, persona, housing_case
):
    client = signed_in(request.getfixturevalue(persona))

    for url, body in housing_pages(housing_case):
        assert client.get(url).status_code == 403, url
        assert client.post(url, body).status_code == 403, url
    assert not HousingRecord.objects.exists()


def test_every_housing_form_saves_and_returns_to_the_housing_page(signed_in, idva, housing_case):
    client = signed_in(idva)
    housing_url = reverse("accommodation:housing", args=[housing_case.pk])

    for url, body in housing_pages(housing_case)[1:]:
        response = client.post(url, body)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
        assert response["Location"] == housing_url

    record = HousingRecord.objects.get(case=housing_case)
    assert record.refuge_ended_on == date(2026, 11, 12)
    assert record.person_causing_harm_moved == "yes"
    assert record.sanctuary_measures.count() == 1
    page = client.get(housing_url).content.decode()
    assert "Stay with sanctuary" in page
    assert "Reciprocal arrangement on 10 November 2026" in page
    assert "3 November 2026 to 12 November 2026" in page
    assert "Door and window locks" in page


def test_housing_page_of_a_case_at_another_kind_of_service_is_404(signed_in, idva, person_a):
    case = case_services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    client = signed_in(idva)

    assert client.get(reverse("accommodation:housing", args=[case.pk])).status_code == 404
    assert (
        "Housing record" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )


def test_unknown_outcome_is_404(signed_in, idva, housing_case):
    url = reverse("accommodation:outcome", args=[housing_case.pk, "moat"])

    assert signed_in(idva).get(url).status_code == 404


def test_recording_the_home_secured(signed_in, idva, housing_case):
    client = signed_in(idva)
    url = reverse("accommodation:outcome", args=[housing_case.pk, "home-secured"])

    response = client.post(url, {**date_parts("secured_on", "2026-11-06")}, follow=True)

    body = response.content.decode()
    assert "The home is recorded as secured" in body
    assert "6 November 2026" in body
    assert HousingRecord.objects.get().home_secured_on == date(2026, 11, 6)
    assert AuditEvent.objects.filter(action="housing.home_secured", actor=idva.user).exists()
    # Changing it shows the date already recorded and corrects it.
    assert date_shown(client.get(url).content.decode(), "secured_on", date(2026, 11, 6))
    client.post(url, {**date_parts("secured_on", "2026-11-07")})
    assert HousingRecord.objects.get().home_secured_on == date(2026, 11, 7)


def test_a_placement_ending_before_it_began_is_explained_and_nothing_saved(
    signed_in, idva, housing_case
):
    url = reverse("accommodation:outcome", args=[housing_case.pk, "refuge-placement"])

    body = (
        signed_in(idva)
        .post(
            url, {**date_parts("placed_on", "2026-11-10"), **date_parts("ended_on", "2026-11-09")}
        )
        .content.decode()
    )

    assert "There is a problem" in body
    assert 'href="#id_ended_on"' in body
    assert "The placement cannot end before the date placed" in body
    assert not HousingRecord.objects.exists()


def test_a_measure_fitted_in_the_future_or_missing_answers_are_explained(
    signed_in, idva, housing_case
):
    client = signed_in(idva)
    url = reverse("accommodation:add-sanctuary-measure", args=[housing_case.pk])

    empty = client.post(url, {}).content.decode()
    future = client.post(
        url, {"kind": "alarm", **date_parts("fitted_on", "2099-01-01")}
    ).content.decode()
    other = client.post(
        url, {"kind": "other", **date_parts("fitted_on", "2026-11-04")}
    ).content.decode()

    assert "There is a problem" in empty
    assert "Select the measure fitted" in empty
    assert "Enter the date fitted" in empty
    assert "The date fitted must be today or in the past" in future
    assert "Describe the measure that was fitted" in other
    assert not SanctuaryMeasure.objects.exists()
    assert not HousingRecord.objects.exists()


def test_a_closed_case_shows_no_housing_forms_and_refuses_posts(signed_in, idva, housing_case):
    case_services.change_status(idva.user, housing_case, "declined", "duplicate")
    client = signed_in(idva)

    page = client.get(reverse("accommodation:housing", args=[housing_case.pk])).content.decode()
    body = client.post(
        reverse("accommodation:outcome", args=[housing_case.pk, "home-secured"]),
        {**date_parts("secured_on", "2026-11-06")},
    ).content.decode()

    assert "Add a sanctuary measure" not in page
    assert "Reopen it to record more" in page
    assert "Reopen the case before recording housing work" in body
    assert not HousingRecord.objects.exists()


def test_case_page_shows_the_housing_section_and_timeline(signed_in, idva, housing_case):
    services.add_sanctuary_measure(
        idva.user, housing_case, kind="letterbox_guard", fitted_on=date(2026, 11, 4)
    )
    services.record_home_secured(idva.user, housing_case, secured_on=date(2026, 11, 6))

    page = signed_in(idva).get(reverse("cases:detail", args=[housing_case.pk])).content.decode()

    assert "Housing record" in page
    assert reverse("accommodation:housing", args=[housing_case.pk]) in page
    assert "Sanctuary measure fitted" in page and "Letterbox guard" in page
    assert "Home secured" in page and "6 November 2026" in page


def test_housing_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, housing_case, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("accommodation:housing", args=[housing_case.pk])
    services.add_sanctuary_measure(
        idva.user, housing_case, kind="alarm", fitted_on=date(2026, 11, 4)
    )
    client.get(url)
    with django_assert_num_queries(13) as few:
        client.get(url)
    for _ in range(10):
        services.add_sanctuary_measure(
            idva.user, housing_case, kind="alarm", fitted_on=date(2026, 11, 4)
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_case_page_of_a_housing_case_costs_four_more_queries_however_many_measures(
    signed_in, idva, housing_case, person_a, django_assert_num_queries
):
    """The housing record and its measures are fetched with the case, and so are whether
    the service is safe accommodation and the case's stays (a sanctuary scheme is a housing
    service), so the case page of a housing case keeps a fixed count: that of any other
    case plus four."""
    other = case_services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    client = signed_in(idva)
    client.get(reverse("cases:detail", args=[other.pk]))
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("cases:detail", args=[other.pk]))
    url = reverse("cases:detail", args=[housing_case.pk])
    services.add_sanctuary_measure(
        idva.user, housing_case, kind="alarm", fitted_on=date(2026, 11, 4)
    )
    with django_assert_num_queries(len(baseline.captured_queries) + 4):
        client.get(url)
    for _ in range(10):
        services.add_sanctuary_measure(
            idva.user, housing_case, kind="alarm", fitted_on=date(2026, 11, 4)
        )
    with django_assert_num_queries(len(baseline.captured_queries) + 4):
        client.get(url)
