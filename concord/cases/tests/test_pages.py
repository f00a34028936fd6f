"""Case pages: scope (404), roles (403), forms with their errors, the timeline, the
caseload with filters and CSV export, and pinned query counts."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services, task_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Contact
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(idva, person_a):
    return services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency, name="SAFE help point"),
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )


def case_pages(case):
    return [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:record-contact", args=[case.pk]),
        reverse("cases:intake-profile", args=[case.pk]),
        reverse("cases:add-safety-plan", args=[case.pk]),
        reverse("cases:change-status", args=[case.pk, "declined"]),
        reverse("cases:close", args=[case.pk]),
        reverse("cases:offer-support", args=[case.pk]),
        reverse("cases:idva", args=[case.pk]),
    ]


def test_every_case_page_is_404_for_another_agency(signed_in, police_rep, case):
    client = signed_in(police_rep)

    for url in case_pages(case):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sarah" not in response.content.decode()
    assert client.post(reverse("cases:change-status", args=[case.pk, "open"])).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_every_case_page_is_403_for_roles_without_case_data(
    request, signed_in, persona, case, person_a
):
    client = signed_in(request.getfixturevalue(persona))

    urls = [*case_pages(case), reverse("cases:caseload"), reverse("cases:export")]
    urls.append(reverse("cases:open", args=[person_a.pk]))
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_opening_a_case_from_a_person_record(signed_in, idva, person_a):
    service = ServiceFactory(agency=person_a.agency)
    response = signed_in(idva).post(
        reverse("cases:open", args=[person_a.pk]),
        {
            "service": str(service.pk),
            "referral_source": "self",
            "method_of_access": "helpline_call",
            **date_parts("referred_on", "2026-11-02"),
            "referred_time": "19:15",
            "abuse_types": ["physical", "economic"],
            "multiple_perpetrators": "no",
        },
    )

    case = person_a.cases.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.abuse_types == ["economic", "physical"]
    assert timezone.localtime(case.referred_at).hour == 19


def test_the_timeline_credits_the_referral_to_its_source_not_to_who_typed_it(
    signed_in, idva, person_a
):
    service = ServiceFactory(agency=person_a.agency)
    case = services.open_case(
        idva.user, person_a, service=service, referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 0)),
    )  # fmt: skip

    page = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    referred = page.split(">Referred</h3>")[1].split("moj-timeline__item")[0]
    assert "by police" in referred
    assert f"Recorded by {idva.user}" in referred


def test_open_case_form_shows_errors_and_saves_nothing(signed_in, idva, person_a):
    ServiceFactory(agency=person_a.agency)
    body = (
        signed_in(idva)
        .post(
            reverse("cases:open", args=[person_a.pk]), {**date_parts("referred_on", "2026-02-31")}
        )
        .content.decode()
    )

    assert "There is a problem" in body
    assert "Select how the person first came to the service" in body
    assert "Date referred must be a real date" in body
    assert not person_a.cases.exists()


def test_a_contact_is_recorded_and_shown_on_the_timeline(signed_in, idva, case):
    client = signed_in(idva)
    client.post(reverse("cases:change-status", args=[case.pk, "open"]))

    response = client.post(
        reverse("cases:record-contact", args=[case.pk]),
        {
            "channel": "call",
            "initiated_by": "victim",
            **date_parts("on", "2026-11-07"),
            "at": "11:00",
            "duration_minutes": "25",
        },
    )

    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Phone call (out of hours)" in page
    assert "25 minutes" in page
    assert "Status: Open" in page


def test_a_contact_before_the_referral_is_explained_not_saved(signed_in, idva, case):
    body = (
        signed_in(idva)
        .post(
            reverse("cases:record-contact", args=[case.pk]),
            {
                "channel": "call",
                "initiated_by": "victim",
                **date_parts("on", "2026-11-01"),
                "at": "11:00",
            },
        )
        .content.decode()
    )

    assert "A contact cannot be before the referral" in body
    assert not Contact.objects.exists()


def test_declining_needs_a_reason(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:change-status", args=[case.pk, "declined"])

    assert "Select a reason" in client.post(url, {}).content.decode()
    client.post(url, {"reason": "not_eligible"})

    case.refresh_from_db()
    assert (case.status, case.status_reason) == (CaseStatus.DECLINED, "not_eligible")


def test_an_illegal_move_from_a_stale_page_is_explained(signed_in, idva, case):
    client = signed_in(idva)
    client.post(reverse("cases:change-status", args=[case.pk, "declined"]), {"reason": "duplicate"})

    response = client.post(reverse("cases:change-status", args=[case.pk, "open"]), follow=True)

    assert "declined cannot become open" in response.content.decode()


def test_unknown_status_is_404(signed_in, idva, case):
    assert (
        signed_in(idva).get(reverse("cases:change-status", args=[case.pk, "paused"])).status_code
        == 404
    )


def test_intake_profile_and_safety_plan_and_closing(signed_in, idva, case):
    client = signed_in(idva)
    client.post(reverse("cases:change-status", args=[case.pk, "open"]))
    intake = {**date_parts("assessed_on", "2026-11-03"), "number_of_children": "2"}
    intake |= {code: "no" for code in ["has_children", "pregnant"]} | {"mental_health": "yes"}
    from concord.people.reference import INTAKE_ITEMS

    for code, _ in INTAKE_ITEMS:
        intake.setdefault(code, "not_known")
    assert client.post(reverse("cases:intake-profile", args=[case.pk]), intake).status_code == 302
    plan = {**date_parts("created_on", "2026-11-04"), "areas": ["safe_places", "digital_safety"]}
    assert client.post(reverse("cases:add-safety-plan", args=[case.pk]), plan).status_code == 302
    closing = {
        "reason": "support_completed",
        **date_parts("reviewed_on", "2026-11-20"),
        "feels_safer": "yes",
        "abuse_change": "reduced",
        "wellbeing_at_intake": "3",
        "wellbeing_at_exit": "8",
    }
    assert client.post(reverse("cases:close", args=[case.pk]), closing).status_code == 302

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Yes to: Mental health" in page or "Yes to:" in page
    assert "Safety plan made" in page
    assert "Feels safer: yes" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_case_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, case, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("cases:detail", args=[case.pk])
    services.change_status(idva.user, case, CaseStatus.OPEN)
    moment = timezone.make_aware(datetime(2026, 11, 4, 12, 0))
    services.record_contact(
        idva.user, case, channel="call", initiated_by="victim", occurred_at=moment
    )
    _task_and_plan(idva.user, case, moment.date())
    client.get(url)
    with django_assert_num_queries(30) as few:
        client.get(url)
    for kind in ("casework", "idva", "group"):
        services.offer_support(idva.user, case, kind=kind, offered_on=moment.date())
    for _ in range(3):
        _task_and_plan(idva.user, case, moment.date())
    for _ in range(10):
        services.record_contact(
            idva.user, case, channel="text", initiated_by="victim", occurred_at=moment
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def _task_and_plan(user, case, day):
    """A task done and one open, and a safety plan with an action: what the page fetches
    of each grows with none of them."""
    task_services.complete_task(
        user, task_services.add_task(user, case, title="Call back", due_on=day, assignee=user)
    )
    task_services.add_task(user, case, title="Check the order", due_on=day, assignee=user)
    plan = services.record_safety_plan(user, case, created_on=day, areas=["safe_places"])
    services.add_safety_plan_action(
        user, plan, description="Keep a bag ready", owner="The person", review_on=day
    )


def test_caseload_shows_my_cases_and_filters_by_status(signed_in, idva, case, person_a):
    other = services.open_case(
        idva.user,
        PersonFactory(agency=person_a.agency, given_name="Leanne", family_name="Marsh"),
        case.service,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.make_aware(datetime(2026, 11, 5, 9, 0)),
    )
    services.change_status(idva.user, other, CaseStatus.DECLINED, "duplicate")
    client = signed_in(idva)

    everything = client.get(reverse("cases:caseload")).content.decode()
    active = client.get(reverse("cases:caseload"), {"status": "active"}).content.decode()

    assert case.reference in everything and other.reference in everything
    assert case.reference in active and other.reference not in active


def test_caseload_counts_cases_not_contacts(signed_in, idva, case):
    services.change_status(idva.user, case, CaseStatus.OPEN)
    moment = timezone.make_aware(datetime(2026, 11, 4, 12, 0))
    for _ in range(3):
        services.record_contact(
            idva.user, case, channel="call", initiated_by="victim", occurred_at=moment
        )

    body = signed_in(idva).get(reverse("cases:caseload")).content.decode()

    assert '<span class="govuk-!-font-weight-bold">1</span> open' in body


def test_caseload_keeps_a_fixed_number_of_queries(
    signed_in, idva, case, person_a, django_assert_num_queries
):
    client = signed_in(idva)
    client.get(reverse("cases:caseload"))
    with django_assert_num_queries(7) as few:
        client.get(reverse("cases:caseload"))
    for number in range(10):
        services.open_case(
            idva.user,
            PersonFactory(agency=person_a.agency),
            case.service,
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=timezone.make_aware(datetime(2026, 11, 5, 9, number)),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:caseload"))


def test_caseload_export_is_csv_safe_and_audited(signed_in, idva, case, person_a):
    person_a.given_name = '=HYPERLINK("http://x.example")'
    person_a.save()

    response = signed_in(idva).get(reverse("cases:export"))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Reference"
    assert rows[1][0] == case.reference
    assert rows[1][1] == '\'=HYPERLINK("http://x.example") Ahmed'
    assert AuditEvent.objects.filter(action="cases.exported", actor=idva.user).exists()


def test_caseload_excel_export_keeps_formulas_as_text(signed_in, idva, case, person_a):
    from openpyxl import load_workbook

    person_a.given_name = "=1+1"
    person_a.save()

    response = signed_in(idva).get(reverse("cases:export-xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert rows[1][1] == "=1+1 Ahmed"
    assert sheet.cell(row=2, column=2).data_type == "s"


@pytest.mark.parametrize(
    ("kind", "link", "url_name"),
    [
        ("family", "Children and young people", "programmes:family"),
        ("perpetrator_programme", "Programme record", "programmes:perpetrator"),
    ],
)
def test_a_case_page_links_to_its_service_record(signed_in, idva, person_a, kind, link, url_name):
    case = services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency, kind=kind),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )

    body = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert link in body
    assert reverse(url_name, args=[case.pk]) in body
