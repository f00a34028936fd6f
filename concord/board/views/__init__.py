"""The board's pages: members, meetings (agenda, papers, minutes, attendance, decisions,
actions), the actions list and the annual reports. Each view is named for its rule:
``board.view_board`` to read, ``board.manage_board`` to change."""
