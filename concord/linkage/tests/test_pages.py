"""Linkage pages: analysts start runs and read counts and quality, never identifiers;
linkage reviewers see pairs side by side (each look audited), decide and split; everyone
else is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.core.tests.pages import named
from concord.linkage.models import LinkageRun, PersonLink, ReviewPair
from concord.linkage.tests.helpers import person_of, run

pytestmark = pytest.mark.django_db
RUNS = reverse("linkage:runs")
QUEUE = reverse("linkage:review")


def test_the_analyst_starts_a_run_and_reads_its_figures_without_a_name(
    signed_in, analyst, five, scored
):
    client = signed_in(analyst)

    started = client.post(RUNS, {"threshold": "0.9", "review_floor": "0.5"})

    found = LinkageRun.objects.get()
    assert started.status_code == 302
    assert started["Location"] == reverse("linkage:run", args=[found.pk])
    page = client.get(started["Location"]).content.decode()
    listing = client.get(RUNS).content.decode()
    assert "Finished: 5 records are 3 people; 1 pairs wait for review." in page
    for text in (page, listing):
        assert not named(text, "Sarah", "Ahmed", "Kaur")


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"threshold": "0.5", "review_floor": "0.6"}, "The review band must start below"),
        ({"threshold": "high", "review_floor": "0.5"}, "Enter the match threshold as a number"),
        ({"threshold": "0.9", "review_floor": "1.5"}, "Enter where review starts from 0.01"),
    ],
)
def test_a_bad_run_is_explained_and_not_started(signed_in, analyst, posted, message):
    response = signed_in(analyst).post(RUNS, posted)

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not LinkageRun.objects.exists()


def test_the_reviewer_sees_the_pair_side_by_side_and_decides(
    signed_in, analyst, reviewer, five, scored
):
    run(analyst)
    pair = ReviewPair.objects.get()
    client = signed_in(reviewer)

    queue = client.get(QUEUE).content.decode()
    page = client.get(reverse("linkage:review-pair", args=[pair.pk])).content.decode()
    decided = client.post(reverse("linkage:review-pair", args=[pair.pk]), {"same": "no"})

    assert not named(queue, "Sarah", "Jas")
    assert named(page, "Sarah", "Jas") == {"Sarah", "Jas"} and "Differs" in page
    assert AuditEvent.objects.filter(action="vault.identity_revealed").count() == 2
    assert decided["Location"] == QUEUE
    pair.refresh_from_db()
    assert pair.decision is not None and pair.decision.same is False
    assert client.get(reverse("linkage:review-pair", args=[pair.pk])).status_code == 404


def test_a_decision_needs_an_answer(signed_in, analyst, reviewer, five, scored):
    run(analyst)
    pair = ReviewPair.objects.get()

    response = signed_in(reviewer).post(reverse("linkage:review-pair", args=[pair.pk]), {})

    assert "Select whether these are the same person" in response.content.decode()
    pair.refresh_from_db()
    assert pair.decision is None


def test_the_reviewer_splits_a_record_off(signed_in, analyst, reviewer, five, scored):
    run(analyst)
    sarah = PersonLink.objects.get(identity_id=five[0].key).person
    url = reverse("linkage:person", args=[sarah.number])
    client = signed_in(reviewer)

    refused = client.post(url, {"identities": [str(i.key) for i in five[:3]]})
    done = client.post(url, {"identities": [str(five[2].key)]})

    assert "Choose some, but not all" in refused.content.decode()
    assert done.status_code == 302
    assert person_of(five[2]) != sarah.label
    history = client.get(url).content.decode()
    assert "Split from the rest of a person" in history


@pytest.mark.parametrize("persona", ["idva", "manager_a", "commissioner", "police_rep"])
def test_other_roles_get_403_everywhere(request, signed_in, persona, analyst, five, scored):
    run(analyst)
    client = signed_in(request.getfixturevalue(persona))
    person = PersonLink.objects.first().person
    pair = ReviewPair.objects.get()

    for url in (
        RUNS,
        reverse("linkage:run", args=[LinkageRun.objects.get().pk]),
        QUEUE,
        reverse("linkage:review-pair", args=[pair.pk]),
        reverse("linkage:person", args=[person.number]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_analyst_may_not_review(signed_in, analyst, five, scored):
    run(analyst)
    client = signed_in(analyst)
    pair = ReviewPair.objects.get()

    assert client.get(QUEUE).status_code == 403
    assert (
        client.post(reverse("linkage:review-pair", args=[pair.pk]), {"same": "yes"}).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action="vault.identity_revealed").exists()


def test_the_queue_takes_the_same_queries_for_more_pairs(
    signed_in, analyst, reviewer, five, scored
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    done = run(analyst)
    client = signed_in(reviewer)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for left, right in ((1, 3), (2, 3), (3, 4)):
        ReviewPair.objects.create(
            run=done, left_id=five[left].key, right_id=five[right].key, probability=0.6
        )
    with CaptureQueriesContext(connection) as four:
        page = client.get(QUEUE).content.decode()

    assert page.count(">Review<") == 4
    assert len(four) == len(one)
