"""What the linkage pages show. Runs give counts and quality only; identifiers are opened
from the vault (audited) only for linkage reviewers, on the review and person pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.accounts.models import Membership
from concord.core.presenters import govuk_datetime
from concord.linkage.models import LinkageRun, LinkChange, ReviewPair, RunStatus
from concord.submissions import vault
from concord.submissions.models import Identity

STATUS_COLOURS = {
    RunStatus.WAITING: "grey",
    RunStatus.RUNNING: "blue",
    RunStatus.DONE: "green",
    RunStatus.FAILED: "red",
}
IDENTIFIER_LABELS = (
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("dob", "Date of birth"),
    ("sex", "Sex"),
    ("postcode", "Postcode"),
    ("phone", "Phone"),
)


def _link(href: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def _tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[RunStatus(status)],
        RunStatus(status).label,
    )


def _share(value: float | None) -> str:
    return "Not measured" if value is None else f"{value:.3f}"


def run_rows(runs: Iterable[LinkageRun]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"html": _link(reverse("linkage:run", args=[run.pk]), govuk_datetime(run.created_at))},
            {"html": _tag(run.status)},
            {"text": f"{run.records:,}", "format": "numeric"},
            {"text": f"{run.people:,}", "format": "numeric"},
            {"text": f"{run.to_review:,}", "format": "numeric"},
            {"text": _share(run.f1), "format": "numeric"},
        ]
        for run in runs
    ]


def run_summary(run: LinkageRun) -> dict[str, Any]:
    """The run's facts, and the sentence a screen reader hears as it goes."""
    status = RunStatus(run.status)
    if status == RunStatus.WAITING:
        sentence = "Waiting for its turn to run."
    elif status == RunStatus.RUNNING:
        sentence = f"Running: {run.stage or 'starting'}."
    elif status == RunStatus.DONE:
        sentence = (
            f"Finished: {run.records:,} records are {run.people:,} people; "
            f"{run.to_review:,} pairs wait for review."
        )
    else:
        sentence = run.problem or "The run stopped."
    model = (
        f"{run.model.version} ({'trained in this run' if run.trained else 'reused'})"
        if run.model
        else "Not chosen yet"
    )
    facts = [
        ("Started", f"{govuk_datetime(run.created_at)} by {run.started_by}"),
        ("Status", _tag(run.status)),
        ("Match threshold", f"{run.threshold:g}"),
        ("Review band", f"{run.review_floor:g} up to {run.threshold:g}"),
        ("Model", model),
        ("Records", f"{run.records:,}"),
        ("Pairs compared", f"{run.candidates:,}"),
        ("Pairs scored at or above the review band", f"{run.pairs:,}"),
        ("People", f"{run.people:,}"),
        ("New partnership IDs", f"{run.new_ids:,}"),
        ("Records moved to another ID", f"{run.changed_ids:,}"),
        ("IDs retired", f"{run.retired_ids:,}"),
        ("Pairs to review", f"{run.to_review:,}"),
        ("Labelled pairs (reviewers' decisions)", f"{run.labelled_pairs:,}"),
        ("Precision", _share(run.precision)),
        ("Recall", _share(run.recall)),
        ("F1", _share(run.f1)),
        ("Blocking recall", _share(run.blocking_recall)),
        ("Time taken", "" if run.seconds is None else f"{run.seconds:,.1f} seconds"),
    ]
    return {
        "running": status in (RunStatus.WAITING, RunStatus.RUNNING),
        "sentence": sentence,
        "facts": [{"key": {"text": k}, "value": {"html": format_html("{}", v)}} for k, v in facts],
    }


def record_label(identity: Identity) -> str:
    return f"{identity.agency.name}: {identity.get_kind_display()} {identity.record_id}"


def queue_rows(pairs: Iterable[ReviewPair]) -> list[list[dict[str, Any]]]:
    """The queue names the records by agency and record id only: no identifiers."""
    return [
        [
            {"html": _link(reverse("linkage:review-pair", args=[pair.pk]), "Review")},
            {"text": record_label(pair.left)},
            {"text": record_label(pair.right)},
            {"text": f"{pair.probability:.2f}", "format": "numeric"},
        ]
        for pair in pairs
    ]


def side_by_side(membership: Membership, left: Identity, right: Identity) -> list[dict[str, Any]]:
    """Both records' identifiers, row by row, each row saying whether they agree."""
    one, other = (asdict(vault.reveal(identity, membership)) for identity in (left, right))
    rows = [
        {
            "label": "Record",
            "left": record_label(left),
            "right": record_label(right),
            "agree": None,
        },
    ]
    for field, label in IDENTIFIER_LABELS:
        a, b = one[field], other[field]
        rows.append(
            {
                "label": label,
                "left": a or "Not given",
                "right": b or "Not given",
                "agree": None if not (a and b) else a.casefold() == b.casefold(),
            }
        )
    return rows


def linked_records(membership: Membership, identities: Sequence[Identity]) -> list[dict[str, Any]]:
    return [
        {"record": record_label(identity), **asdict(vault.reveal(identity, membership))}
        for identity in identities
    ]


def history_rows(changes: Iterable[LinkChange]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": govuk_datetime(change.created_at)},
            {"text": change.old_person.label if change.old_person else "None"},
            {"text": change.new_person.label},
            {"text": LinkChange.Reason(change.reason).label},
            {"text": str(change.changed_by) if change.changed_by else "A linkage run"},
        ]
        for change in changes
    ]
