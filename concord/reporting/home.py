"""The board's home panel (concord.core.home_panels): the latest board pack generated."""

from __future__ import annotations

from typing import Any

from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.reporting.models import BoardPack


def latest_pack(request: ConcordRequest[Any]) -> dict[str, Any]:
    latest = BoardPack.objects.listed().first()
    if latest is None:
        return {"latest": None}
    return {
        "latest": latest,
        "generated_on": govuk_date(latest.generated_at),
        "kind": latest.kind.lower(),
    }


BOARD_PACK = HomePanel(
    "board_pack",
    80,
    "reporting.see_latest_board_pack",
    "reporting/home_board_pack.html",
    latest_pack,
)
