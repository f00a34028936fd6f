"""Tracebacks fit for the application log: the exception's type and the frames it passed
through, never its message or any value. Messages can quote the personal data a task or a
job was handling (a name in a file, a value that failed a check)."""

from __future__ import annotations

import traceback


def describe(error: BaseException) -> str:
    """The error's type and frames, with those of the errors that led to it, oldest first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return "\nwhich led to\n".join(_one(link) for link in reversed(chain))


def _one(error: BaseException) -> str:
    kind = type(error)
    lines = [f"{kind.__module__}.{kind.__qualname__} (message withheld)"]
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines)
