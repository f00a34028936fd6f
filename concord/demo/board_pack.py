"""The demo's board pack: the partnership manager's quarterly pack for the last quarter that
has ended, generated from the demo's records (after every other part of the demo is
loaded, so that its tables have figures), once."""

from __future__ import annotations

from django.utils import timezone

from concord.accounts.models import Membership
from concord.domain.periods import quarter_of
from concord.reporting.models import BoardPack
from concord.reporting.services import generate_board_pack


def record_demo_board_pack(manager: Membership) -> None:
    if BoardPack.objects.exists():
        return
    generate_board_pack(manager, str(quarter_of(timezone.localdate()).previous()))
