"""The risk register's part of the board pack: the open risks with the highest scores."""

from __future__ import annotations

from datetime import date

from concord.core.pack_parts import PackTable
from concord.core.presenters import govuk_date
from concord.strategy import risks

HEADERS = ("Risk", "Likelihood × impact", "Owner", "Controls", "Next review")


def top_risk_table(on: date, count: int = 5) -> PackTable:
    """The ``count`` open risks with the highest scores on ``on``; an overdue review says so."""
    rows = tuple(
        (
            f"{risk.reference} {risk.title}",
            risks.score_text(risk),
            risk.owner_agency.name,
            risk.controls,
            govuk_date(risk.review_on)
            + (" (review overdue)" if risks.review_overdue(risk, on) else ""),
        )
        for risk in risks.top_risks(on, count)
    )
    return PackTable(
        title="Top risks",
        headers=HEADERS,
        rows=rows,
        empty="The risk register has no open risks.",
        notes=(
            "Scored likelihood × impact, each low (1), medium (2) or high (3): 1 to 9.",
            f"The {count} open risks with the highest scores.",
        ),
    )
