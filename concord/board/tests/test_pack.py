"""The board's part of the board pack: meetings of the period with quoracy, open actions
with overdue said in words, and the membership's gaps."""

from __future__ import annotations

import pytest

from concord.board import services
from concord.board.models import BoardMember, Category
from concord.board.pack import board_tables
from concord.board.tests.factories import MeetingFactory, days_ago, full_board

pytestmark = pytest.mark.django_db


def test_the_pack_shows_meetings_open_actions_and_gaps(partnership_manager, settings):
    settings.BOARD_QUORUM_MINIMUM = 3
    members = full_board()
    BoardMember.objects.filter(category=Category.CHILD_VICTIM_VOICE).delete()
    members = list(BoardMember.objects.all())
    meeting = MeetingFactory(title="June board", held_on=days_ago(10))
    MeetingFactory(title="Long ago", held_on=days_ago(400))
    services.record_attendance(
        partnership_manager, meeting, {m.pk: ("present", "") for m in members}
    )
    services.add_action(
        partnership_manager, meeting, description="Late", owner=members[0], due_on=days_ago(1)
    )
    done = services.add_action(
        partnership_manager, meeting, description="Finished", owner=members[0], due_on=days_ago(1)
    )
    services.complete_action(partnership_manager, done, done_on=days_ago(2), note="Done")

    meetings, actions, gaps = board_tables(days_ago(90), days_ago(0))

    assert [row[1] for row in meetings.rows] == ["June board"]
    assert meetings.rows[0][4] == "Quorate: 7 of 7 voting members present, 3 needed"
    assert actions.rows == (("Late", members[0].name, actions.rows[0][2], "Overdue"),)
    assert gaps.rows == (("Children's voice", "No member in term"),)


def test_an_empty_period_says_so():
    meetings, actions, gaps = board_tables(days_ago(90), days_ago(0))
    assert meetings.rows == () and meetings.empty == "The board did not meet in the period."
    assert actions.rows == ()
    assert len(gaps.rows) == 7
