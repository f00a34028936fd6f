"""Numbers written for readers: whole where they are whole, no trailing zeros, thousands
separated, never in scientific notation ("20", "12.5", "1,250", not "2E+1")."""

from __future__ import annotations

from decimal import Decimal


def number_text(value: Decimal | int | None) -> str:
    """``value`` as readers write it; "" for None."""
    if value is None:
        return ""
    exact = Decimal(value)
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


def percentage_text(value: Decimal | int | None) -> str:
    """``number_text`` with a per cent sign: "20%", "12.5%"; "" for None."""
    return "" if value is None else f"{number_text(value)}%"
