"""Generating the board pack: its figures are computed once, rendered as the workbook and
the PDF, and kept with them, so that the board reads what was generated, frozen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Membership
from concord.core import audit
from concord.domain.periods import day_label
from concord.reporting.board_pack import (
    BoardPackContent,
    BoardPackPeriod,
    PartMaker,
    board_pack_content,
    parse_pack_period,
)
from concord.reporting.board_pack_workbook import board_pack_workbook
from concord.reporting.models import BoardPack
from concord.reporting.pdf import board_pack_pdf

NOT_MANAGER = "Only the partnership manager can generate a board pack"


def chosen_period(code: str, today: date) -> BoardPackPeriod:
    """The period a pack is asked for; ValidationError on ``period`` when it is not one, or
    has not started."""
    try:
        period = parse_pack_period(code)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    if period.first > today:
        raise ValidationError(
            {
                "period": f"{period.label} starts on {day_label(period.first)}: choose a period "
                "that has started"
            }
        )
    return period


def pack_files(content: BoardPackContent) -> tuple[bytes, bytes]:
    """The workbook and the PDF of a pack's content, as downloaded and as the command
    writes them."""
    return board_pack_workbook(content), board_pack_pdf(content)


def generate_board_pack(
    membership: Membership,
    code: str,
    *,
    today: date | None = None,
    makers: Sequence[PartMaker] | None = None,
) -> BoardPack:
    """Compute the pack of the period ``code`` names and keep it with its files. The figures
    are read before the transaction, which only writes the record and its audit event, so
    that a large partnership's pack holds no lock while it is counted."""
    if not rules.test_rule("reporting.generate_board_pack", membership):
        raise ValidationError(NOT_MANAGER)
    today = today or timezone.localdate()
    period = chosen_period(code, today)
    content = board_pack_content(period, made_on=today, makers=makers)
    workbook, pdf = pack_files(content)
    with transaction.atomic():
        pack = BoardPack.objects.create(
            period_code=period.code,
            period_label=period.label,
            first_day=period.first,
            last_day=period.last,
            generated_by=membership.user,
            generated_at=timezone.now(),
            content=content.to_json(),
            workbook=workbook,
            pdf=pdf,
        )
        audit.record(
            "reporting.board_pack_generated",
            actor=membership.user,
            agency=membership.agency,
            target=pack,
            reason=period.code,
        )
    return pack
