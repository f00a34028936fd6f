"""What the linkage pages show. Runs give counts and quality only; identifiers are opened
from the vault (audited) only for linkage reviewers, on the review and person pages. A
withheld address (a refuge's) is shown as withheld, never as an address, whatever the
vault holds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.accounts.models import Membership
from concord.core.charts import Chart, Series, curve_chart
from concord.core.presenters import govuk_datetime
from concord.domain.dates import iso_date
from concord.linkage import engine
from concord.linkage.calibration import Curve, Point
from concord.linkage.models import (
    LinkageCalibration,
    LinkageRun,
    LinkChange,
    ModelSource,
    ReviewPair,
    RunStatus,
)
from concord.submissions import vault
from concord.submissions.models import Identity

STATUS_COLOURS = {
    RunStatus.WAITING: "grey",
    RunStatus.RUNNING: "blue",
    RunStatus.DONE: "green",
    RunStatus.FAILED: "red",
}
NOT_GIVEN = "Not given"
WITHHELD = "Address withheld (refuge)"


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
            {"text": f"{run.threshold:g}", "format": "numeric"},
            {"text": _calibration_label(run.calibration)},
            {"text": _model_brief(run)},
            {"text": _safeguards(run)},
        ]
        for run in runs
    ]


def _model_brief(run: LinkageRun) -> str:
    prior = "" if run.matches_per_record is None else f"; prior {run.matches_per_record:.3f}"
    note = f"; {run.model_note}" if run.model_note else ""
    return f"{_model_source(run)}{prior}{note}"


def _safeguards(run: LinkageRun) -> str:
    """What kept wrong links out, in a few words: a column of the runs list."""
    placeholders = sum(run.placeholders.values()) if run.placeholders else 0
    return (
        f"{run.held_pairs:,} pairs held for review; {run.split_clusters:,} people split; "
        f"{run.checked_links:,} links sampled; {placeholders:,} placeholders"
    )


def _calibration_label(chosen: LinkageCalibration | None) -> str:
    if chosen is None:
        return "None (values typed in)"
    return f"Chosen {govuk_datetime(chosen.created_at)}"


def _model_source(run: LinkageRun) -> str:
    if run.model_source:
        return ModelSource(run.model_source).label
    if run.model is None:
        return "Not chosen yet"
    # Runs from before the source was recorded: trained in the run or reused.
    return ModelSource.TRAINED.label if run.trained else ModelSource.REUSED.label


def _placeholders(counts: dict[str, int]) -> str:
    if not counts:
        return "None found"
    return "; ".join(
        f"{kind.replace('_', ' ')}: {count:,}" for kind, count in sorted(counts.items())
    )


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
    model = run.model.version if run.model else "Not chosen yet"  # where from: the next row
    facts = [
        ("Started", f"{govuk_datetime(run.created_at)} by {run.started_by}"),
        ("Status", _tag(run.status)),
        ("Match threshold", f"{run.threshold:g}"),
        ("Review band", f"{run.review_floor:g} up to {run.threshold:g}"),
        ("Largest person before a second look", f"{run.max_cluster_size:,} records"),
        ("Calibration used", _calibration_used(run.calibration)),
        ("Model", model),
        ("Model source", _model_source(run)),
        ("About the model", run.model_note or "Nothing to add"),
        (
            "Prior: other records per record",
            "Not estimated" if run.matches_per_record is None else f"{run.matches_per_record:.3f}",
        ),
        ("Placeholder values taken as missing", _placeholders(run.placeholders)),
        ("Pairs held for review, never linked automatically", f"{run.held_pairs:,}"),
        ("People split at a higher threshold", f"{run.split_clusters:,}"),
        ("Automatic links sampled for checking", f"{run.checked_links:,}"),
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
            {"text": ReviewPair.Reason(pair.reason).label},
            {"text": f"{pair.probability:.2f}", "format": "numeric"},
        ]
        for pair in pairs
    ]


# Identifiers side by side ------------------------------------------------------------------

Shown = Callable[[vault.Identifiers], str]
Agree = Callable[[vault.Identifiers, vault.Identifiers], bool | None]
_NOT_WORDS = re.compile(r"[^0-9a-z]+")


def _words(text: str) -> str:
    """Text compared as its letters and digits only: "14, Wexcombe Tce." is "14 wexcombe tce"."""
    return _NOT_WORDS.sub(" ", text.casefold()).strip()


def _normal_address(text: str) -> str:
    """An address compared as linkage compares it: "181 Mere Rd" is "181 mere road"."""
    return engine.normal_address(text) or ""


def _compact(text: str) -> str:
    """A code compared without its spaces and case: "le27ab" is "LE2 7AB"."""
    return _NOT_WORDS.sub("", text.casefold())


def _other_names(identifiers: vault.Identifiers) -> list[str]:
    return [name.strip() for name in identifiers.other_names.split(";") if name.strip()]


def _iso_dob(identifiers: vault.Identifiers) -> str:
    """The date of birth as YYYY-MM-DD whichever way it was written (as linkage reads it)."""
    return iso_date(identifiers.dob) or identifiers.dob


def _dob(identifiers: vault.Identifiers) -> str:
    shown = _iso_dob(identifiers)
    estimated = shown and identifiers.dob_estimated == "yes"
    return f"{shown} (estimated)" if estimated else shown


def _address(identifiers: vault.Identifiers) -> str:
    """The address on one line; a withheld one is never shown, only said to be withheld."""
    if identifiers.withheld:
        return WITHHELD
    lines = (identifiers.address_line_1, identifiers.address_line_2, identifiers.town)
    return ", ".join(line for line in lines if line)


def _where(name: str) -> Shown:
    """A part of where a person lives (postcode, UPRN): withheld with the address."""
    return lambda identifiers: WITHHELD if identifiers.withheld else getattr(identifiers, name)


def _same(shown: Shown, normal: Callable[[str], str] = str.casefold) -> Agree:
    """Agreement of one identifier: None when either record lacks it or the address is
    withheld (missing, never a disagreement)."""

    def agree(one: vault.Identifiers, other: vault.Identifiers) -> bool | None:
        a, b = shown(one), shown(other)
        if not (a and b) or WITHHELD in (a, b):
            return None
        return normal(a) == normal(b)

    return agree


def _dates_agree(one: vault.Identifiers, other: vault.Identifiers) -> bool | None:
    return None if not (one.dob and other.dob) else _iso_dob(one) == _iso_dob(other)


def _names_shared(one: vault.Identifiers, other: vault.Identifiers) -> bool | None:
    """Whether a name one record gives as another name is a name of the other record. A name
    not shared says nothing against them (people are known by different names to different
    agencies), so this is never a disagreement."""

    def every_name(identifiers: vault.Identifiers) -> set[str]:
        names = [identifiers.given_name, identifiers.family_name, *_other_names(identifiers)]
        return {_words(name) for name in names if _words(name)}

    def others(identifiers: vault.Identifiers) -> set[str]:
        return {_words(name) for name in _other_names(identifiers)}

    shared = others(one) & every_name(other) or others(other) & every_name(one)
    return True if shared else None


#: The rows of the comparison: a label, what each record shows, and whether they agree.
COMPARED: tuple[tuple[str, Shown, Agree], ...] = (
    ("Given name", lambda i: i.given_name, _same(lambda i: i.given_name)),
    ("Family name", lambda i: i.family_name, _same(lambda i: i.family_name)),
    ("Other names", lambda i: "; ".join(_other_names(i)), _names_shared),
    ("Date of birth", _dob, _dates_agree),
    ("Sex", lambda i: i.sex, _same(lambda i: i.sex)),
    ("Address", _address, _same(_address, _normal_address)),
    ("Postcode", _where("postcode"), _same(_where("postcode"), _compact)),
    ("UPRN", _where("uprn"), _same(_where("uprn"))),
    ("Phone", lambda i: i.phone, _same(lambda i: i.phone)),
)


def _calibration_used(chosen: LinkageCalibration | None) -> str:
    if chosen is None:
        return "None: the values were chosen for this run"
    return (
        f"Chosen {govuk_datetime(chosen.created_at)} by {chosen.chosen_by}: threshold "
        f"{chosen.threshold:g}, review from {chosen.review_floor:g}"
    )


# Calibration ---------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "No pairs" if value is None else f"{value:.1%}"


def curve_chart_of(found: Curve, chosen: float | None) -> Chart:
    """Precision, its lower bound and recall against the threshold, as a drawing."""

    def line(name: str, value: Any) -> Series:
        return Series(name, tuple((p.threshold, value(p)) for p in found.points))

    return curve_chart(
        "Precision and recall by threshold, from reviewers' decisions",
        [
            line("Precision", lambda p: p.precision),
            line("Precision: lower bound (95%)", lambda p: p.interval and p.interval.low),
            line("Recall", lambda p: p.recall),
        ],
        x_heading="Threshold",
        y_heading="Share",
        marker=chosen,
        marker_label="the threshold in use",
    )


def curve_rows(found: Curve) -> list[list[dict[str, Any]]]:
    """The chart's figures, one row a threshold: its text alternative."""
    return [[{"text": f"{p.threshold:g}"}, *_point_cells(p)] for p in found.points]


def _point_cells(point: Point) -> list[dict[str, Any]]:
    interval = (
        "No pairs"
        if point.interval is None
        else f"{point.interval.low:.1%} to {point.interval.high:.1%}"
    )
    return [
        {"text": _percent(point.precision), "format": "numeric"},
        {"text": interval, "format": "numeric"},
        {
            "text": _percent(point.recall) if point.same else "No same decisions",
            "format": "numeric",
        },
        {"text": f"{point.linked:,}", "format": "numeric"},
        {"text": f"{point.wrong_links:,}", "format": "numeric"},
    ]


def calibration_rows(chosen: Iterable[LinkageCalibration]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": govuk_datetime(c.created_at)},
            {"text": str(c.chosen_by)},
            {"text": f"{c.threshold:g}", "format": "numeric"},
            {"text": f"{c.review_floor:g}", "format": "numeric"},
            {"text": f"{c.max_cluster_size:,}", "format": "numeric"},
            {"text": f"{c.decisions:,}", "format": "numeric"},
            {"text": _percent(c.precision), "format": "numeric"},
            {"text": _percent(c.recall), "format": "numeric"},
            {"text": c.note or "None"},
        ]
        for c in chosen
    ]


def side_by_side(membership: Membership, left: Identity, right: Identity) -> list[dict[str, Any]]:
    """Both records' identifiers, row by row, each row saying whether they agree."""
    one, other = (vault.reveal(identity, membership) for identity in (left, right))
    rows: list[dict[str, Any]] = [
        {
            "label": "Record",
            "left": record_label(left),
            "right": record_label(right),
            "agree": None,
        },
    ]
    for label, shown, agree in COMPARED:
        rows.append(
            {
                "label": label,
                "left": shown(one) or NOT_GIVEN,
                "right": shown(other) or NOT_GIVEN,
                "agree": agree(one, other),
            }
        )
    return rows


def linked_records(membership: Membership, identities: Sequence[Identity]) -> list[dict[str, Any]]:
    """Each linked record's identifiers as the person page shows them (empty when not
    given); a withheld address is shown as withheld in the address, postcode and UPRN."""
    return [
        {"record": record_label(identity), **_as_shown(vault.reveal(identity, membership))}
        for identity in identities
    ]


def _as_shown(identifiers: vault.Identifiers) -> dict[str, str]:
    return {
        "given_name": identifiers.given_name,
        "family_name": identifiers.family_name,
        "other_names": "; ".join(_other_names(identifiers)),
        "dob": _dob(identifiers),
        "sex": identifiers.sex,
        "address": _address(identifiers),
        "postcode": _where("postcode")(identifiers),
        "uprn": _where("uprn")(identifiers),
        "phone": identifiers.phone,
    }


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
