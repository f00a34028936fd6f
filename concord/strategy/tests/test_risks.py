"""The risk register: scored and listed by likelihood × impact, filtered, overdue reviews
flagged in words, kept by the partnership manager only, read by the plan's readers, and
the board pack's top risks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.strategy import risks
from concord.strategy.models import Risk
from concord.strategy.risk_pack import top_risk_table

pytestmark = pytest.mark.django_db


def add(manager, owner, title, likelihood, impact, review_on=None, **extra):
    return risks.add_risk(
        manager,
        title=title,
        description=extra.get("description", ""),
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        controls=extra.get("controls", "Monthly monitoring"),
        review_on=review_on or timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def register(partnership_manager, commissioner):
    yesterday = timezone.localdate() - timedelta(days=1)
    return [
        add(partnership_manager, commissioner, "Grant ends", "medium", "high"),
        add(partnership_manager, partnership_manager, "Refuge staff leave", "high", "high"),
        add(partnership_manager, commissioner, "Data late", "low", "medium", yesterday),
    ]


def test_risks_get_references_in_turn_and_are_audited(register):
    assert [risk.reference for risk in register] == ["R01", "R02", "R03"]
    assert AuditEvent.objects.filter(action="strategy.risk_added").count() == 3


def test_the_score_is_said_in_words():
    risk = Risk(likelihood="high", impact="medium")

    assert risks.score_text(risk) == "High × Medium = 6"


def test_the_register_lists_the_highest_score_first(register):
    found = risks.register(risks.Show.OPEN, timezone.localdate())

    assert [risk.title for risk in found] == ["Refuge staff leave", "Grant ends", "Data late"]


def test_a_risk_needs_its_likelihood_impact_owner_controls_and_review(partnership_manager):
    with pytest.raises(ValidationError) as refused:
        risks.add_risk(
            partnership_manager,
            title=" ",
            description="",
            likelihood="",
            impact="huge",
            owner=None,
            controls="",
            review_on=None,
        )

    assert set(refused.value.message_dict) == {
        "title", "likelihood", "impact", "owner", "controls", "review_on"
    }  # fmt: skip
    assert not Risk.objects.exists()


def test_only_the_partnership_manager_keeps_the_register(commissioner):
    with pytest.raises(ValidationError):
        add(commissioner, commissioner, "A risk", "low", "low")


def test_closing_needs_a_reason_and_a_date_not_in_the_future(partnership_manager, register):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        risks.close_risk(
            partnership_manager,
            register[0],
            closed_on=today + timedelta(days=1),
            closed_because=" ",
            today=today,
        )
    assert set(refused.value.message_dict) == {"closed_on", "closed_because"}

    risks.close_risk(
        partnership_manager, register[0], closed_on=today, closed_because="Renewed", today=today
    )

    closed = Risk.objects.get(pk=register[0].pk)
    assert closed.closed_on == today
    assert risks.register(risks.Show.CLOSED, today) == [closed]
    with pytest.raises(ValidationError):
        risks.change_risk(
            partnership_manager,
            closed,
            title="x",
            description="",
            likelihood="low",
            impact="low",
            owner=partnership_manager,
            controls="x",
            review_on=today,
        )


def test_the_list_filters_and_flags_overdue_reviews_in_words(signed_in, board_member, register):
    client = signed_in(board_member)

    page = client.get(reverse("strategy:risks")).content.decode()
    assert "High × High = 9" in page
    assert "Review overdue" in page
    assert "1 risk&#39;s review is overdue" in page
    assert "Add a risk" not in page

    overdue = client.get(reverse("strategy:risks"), {"show": "overdue"}).content.decode()
    assert "Data late" in overdue and "Grant ends" not in overdue


def test_the_manager_adds_a_risk_through_the_form(signed_in, partnership_manager, commissioner):
    client = signed_in(partnership_manager)
    owner = risks.owner_choices().get(pk=commissioner.pk)

    response = client.post(
        reverse("strategy:risks-new"),
        {
            "title": "Court delays",
            "likelihood": "medium",
            "impact": "medium",
            "owner": str(owner.pk),
            "controls": "Liaison with the courts",
            "review_on-day": "1",
            "review_on-month": "6",
            "review_on-year": "2027",
        },
    )

    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.owner, risk.owner_agency) == (commissioner.user, commissioner.agency)


def test_a_bad_risk_form_shows_the_error_summary(signed_in, partnership_manager):
    page = signed_in(partnership_manager).post(reverse("strategy:risks-new"), {"title": "X"})

    text = page.content.decode()
    assert "govuk-error-summary" in text
    assert "Select how likely the risk is" in text
    assert not Risk.objects.exists()


def test_the_manager_closes_a_risk_through_the_form(signed_in, partnership_manager, register):
    today = timezone.localdate()
    url = reverse("strategy:risks-close", args=[register[1].pk])

    response = signed_in(partnership_manager).post(
        url,
        {
            "closed_on-day": str(today.day),
            "closed_on-month": str(today.month),
            "closed_on-year": str(today.year),
            "closed_because": "Staff recruited",
        },
    )

    assert response.status_code == 302
    assert Risk.objects.get(pk=register[1].pk).closed_because == "Staff recruited"
    assert AuditEvent.objects.filter(action="strategy.risk_closed").exists()


@pytest.mark.parametrize("who", ["idva", "manager_a", "police_rep", "system_admin"])
def test_roles_not_allowed_get_403(signed_in, request, who, register):
    client = signed_in(request.getfixturevalue(who))

    assert client.get(reverse("strategy:risks")).status_code == 403
    assert client.get(reverse("strategy:risk", args=[register[0].pk])).status_code == 403


@pytest.mark.parametrize("who", ["board_member", "analyst", "commissioner"])
def test_readers_cannot_change_the_register(signed_in, request, who, register):
    client = signed_in(request.getfixturevalue(who))

    assert client.get(reverse("strategy:risk", args=[register[0].pk])).status_code == 200
    assert client.get(reverse("strategy:risks-new")).status_code == 403
    edit = reverse("strategy:risks-edit", args=[register[0].pk])
    assert client.post(edit, {"title": "Changed"}).status_code == 403
    close = reverse("strategy:risks-close", args=[register[0].pk])
    assert client.post(close, {"closed_because": "x"}).status_code == 403
    assert Risk.objects.get(pk=register[0].pk).title == "Grant ends"


def test_a_risk_that_does_not_exist_is_404(signed_in, partnership_manager):
    url = reverse("strategy:risk", args=["00000000-0000-0000-0000-000000000000"])

    assert signed_in(partnership_manager).get(url).status_code == 404


def test_the_list_reads_in_a_fixed_number_of_queries(
    signed_in, partnership_manager, commissioner, register, django_assert_max_num_queries
):
    for n in range(5):
        add(partnership_manager, commissioner, f"Risk {n}", "low", "high")
    client = signed_in(partnership_manager)

    with django_assert_max_num_queries(10):
        assert client.get(reverse("strategy:risks")).status_code == 200


def test_the_board_pack_gets_the_top_open_risks(partnership_manager, register):
    today = timezone.localdate()
    risks.close_risk(
        partnership_manager, register[1], closed_on=today, closed_because="Done", today=today
    )

    table = top_risk_table(today, count=1)

    assert table.headers[0] == "Risk"
    (row,) = table.rows
    assert row[0] == "R01 Grant ends"
    assert row[1] == "Medium × High = 6"
    assert top_risk_table(date(2020, 1, 1), count=0).rows == ()
