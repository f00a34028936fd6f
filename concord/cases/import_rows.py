"""Reading one row of an import file: the values of its cells, the records it refers to by
the agency's own record ids, and the problems that keep it in quarantine.

Each app describes its own kinds of record (``Kind``) with these helpers, next to its
services (``concord/<app>/importing.py``), and registers them from its ``AppConfig.ready``
(``importing.register_kinds``); concord.cases.importing reads the files and imports the
kinds in the order they depend on each other. A problem always names the
column it is about, so whoever fixes the row knows which cell to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from concord.accounts.models import Agency, Service, User
from concord.cases.models import Case, ImportedRecord
from concord.domain.dates import DATE_HINT, parse_date
from concord.people import reference as ref
from concord.people.models import Person

Row = dict[str, str]


class RowProblem(Exception):
    """Why a row cannot be imported: one reason per problem, each naming its column."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class Context:
    """Who imports for which agency; the workers named in the file, once looked up."""

    agency: Agency
    actor: User
    workers: dict[str, User] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """One kind of record: its file is ``<name>.csv`` with these ``columns`` (``record_id``
    first); a file without its ``required`` columns is refused whole; ``write`` turns one
    row into a Concord record through the app's services and returns it."""

    name: str
    columns: tuple[str, ...]
    write: Callable[[Context, Row], Any]
    required: tuple[str, ...] = ()


# Values -------------------------------------------------------------------------------------


def date_value(value: str, column: str) -> date | None:
    """A date, or None for an empty cell."""
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise RowProblem([f"{column}: '{value}' is not a date (use {DATE_HINT})"])
    return day


def required_date(row: Row, column: str) -> date:
    """The date in a cell that must have one."""
    require(row, column)
    day = date_value(row[column], column)
    assert day is not None
    return day


def moment_value(value: str, column: str) -> datetime:
    """A date and time in UK local time."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"):
        try:
            return timezone.make_aware(datetime.strptime(value, pattern))
        except ValueError:
            continue
    raise RowProblem([f"{column}: '{value}' is not a date and time (use YYYY-MM-DD HH:MM)"])


def code_value(value: str, column: str, vocabulary: Any, default: str | None = None) -> str:
    """One of the vocabulary's codes; an empty cell is ``default`` when there is one."""
    if not value and default is not None:
        return default
    if not value:
        raise RowProblem([f"{column}: a value is needed"])
    if value not in ref.codes(vocabulary):
        raise RowProblem([f"{column}: '{value}' is not one of the codes for this column"])
    return value


def code_list(value: str, column: str, vocabulary: Any) -> list[str]:
    """Codes separated by ``;``."""
    return [
        code_value(part.strip(), column, vocabulary) for part in value.split(";") if part.strip()
    ]


def whole_number(value: str, column: str) -> int | None:
    """A whole number, or None for an empty cell."""
    if not value:
        return None
    if not value.isdigit():
        raise RowProblem([f"{column}: '{value}' is not a whole number"])
    return int(value)


def require(row: Row, *columns: str) -> None:
    """Every one of ``columns`` has a value."""
    missing = [column for column in columns if not row.get(column)]
    if missing:
        raise RowProblem([f"{column}: a value is needed" for column in missing])


def filled(row: Row, columns: tuple[str, ...]) -> bool:
    """Whether any of ``columns`` has a value."""
    return any(row.get(column) for column in columns)


# Records the row refers to ------------------------------------------------------------------


def imported_id(context: Context, kind: str, record_id: str, column: str) -> Any:
    """The id of the Concord record that the agency's ``record_id`` of ``kind`` became."""
    record = ImportedRecord.objects.filter(
        agency=context.agency, kind=kind, record_id=record_id
    ).first()
    if record is None:
        raise RowProblem([f"{column}: no {kind} record '{record_id}' has been imported"])
    return record.object_id


def imported_case(context: Context, row: Row, column: str = "case_record_id") -> Case:
    """The imported case the row belongs to."""
    require(row, column)
    return Case.objects.select_related("service", "person").get(
        pk=imported_id(context, "cases", row[column], column)
    )


def agency_service(context: Context, name: str, column: str) -> Service:
    """One of the agency's services, by its name in Concord."""
    service = context.agency.services.filter(name=name).first()
    if service is None:
        raise RowProblem([f"{column}: {context.agency} has no service called '{name}'"])
    return service


def imported_person(context: Context, row: Row, column: str = "person_record_id") -> Person:
    """An imported person the row refers to."""
    require(row, column)
    return Person.objects.get(pk=imported_id(context, "people", row[column], column))


def worker(context: Context, email: str, column: str = "worker_email") -> User:
    """A user of the agency named by email; the importing user when the cell is empty."""
    if not email:
        return context.actor
    if email not in context.workers:
        user = User.objects.filter(email=email.lower(), memberships__agency=context.agency).first()
        if user is None:
            raise RowProblem([f"{column}: '{email}' is not a user of {context.agency}"])
        context.workers[email] = user
    return context.workers[email]


# Problems the services find -----------------------------------------------------------------


def validation_reasons(
    error: ValidationError, columns: Mapping[str, str] | None = None
) -> list[str]:
    """A service's ValidationError as reasons naming columns: ``columns`` maps the fields
    the service names (and NON_FIELD_ERRORS, for a problem with the row as a whole) to the
    row's columns; a field not mapped is named as it is."""
    columns = columns or {}
    if not hasattr(error, "error_dict"):
        where = columns.get(NON_FIELD_ERRORS)
        return [f"{where}: {message}" if where else message for message in error.messages]
    return [
        f"{columns.get(name, name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


@contextmanager
def reported_in(columns: Mapping[str, str]) -> Iterator[None]:
    """Within the block, a service's ValidationError becomes a RowProblem naming the row's
    columns (see ``validation_reasons``)."""
    try:
        yield
    except ValidationError as error:
        raise RowProblem(validation_reasons(error, columns)) from None
