"""A table an app gives the board pack (concord.reporting): words and figures already as
they may be shown to the board, nothing about a person. The pack prints each one on its page,
as a sheet of its workbook and in its PDF, the same way, so an app says what it shows once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PackTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # What the pack says in place of the table when it has no rows.
    empty: str
    # Sentences printed under the table: what a figure means, where it comes from.
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(
                    f"{self.title}: a row has {len(row)} cells, not {len(self.headers)}"
                )
