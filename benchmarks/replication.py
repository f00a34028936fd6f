"""National scale from a loaded seed year: copies of one agency's synthetic journeys, each
copy a new agency (a partnership area) with its own services, made by set-based SQL (one
INSERT ... SELECT per table and copy) instead of the loader's thousand people a second.

A copy keeps every column of the seed's records (dates, answers, statuses), so the
indicators' proportions and the spread of dates over the year are the seed's; only the
primary keys and the foreign keys to copied records (agency, service, person, case) are
mapped to new ones. A copy's key is the seed's key with the copy's number in its first
eight hex digits and 0 as the version digit, which no random (version 4) key has: copies
never collide with the seed nor with each other. Runs in the benchmark's database only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection, models, transaction

from concord.accounts.models import Agency, Service
from concord.synthetic.loading import KINDS

COPIED = {Agency, Service, *(model for _, model in KINDS)}


def copy_id(key: uuid.UUID, copy: int) -> uuid.UUID:
    """The key a seed record's ``key`` has in copy number ``copy``."""
    digits = key.hex
    return uuid.UUID(f"{copy:08x}{digits[8:12]}0{digits[13:]}")


def _copy_id_sql(column: str, copy: int) -> str:
    """``copy_id`` in SQL: SQLite keeps a UUID as 32 hex digits, PostgreSQL as uuid."""
    if connection.vendor == "postgresql":
        digits = f"replace({column}::text, '-', '')"
        return f"('{copy:08x}' || substr({digits}, 9, 4) || '0' || substr({digits}, 14))::uuid"
    return f"('{copy:08x}' || substr({column}, 9, 4) || '0' || substr({column}, 14))"


def replicate(
    agency: Agency, copies: int, progress: Callable[[int], None] = lambda copy: None
) -> None:
    """Add ``copies`` - 1 copies of ``agency`` with all its journeys, each copy in one
    transaction; ``progress`` is told each copy's number when it is written."""
    services = list(Service.objects.filter(agency=agency))
    seed = Agency._meta.pk.get_db_prep_value(agency.pk, connection)
    _prepare_connection()
    for copy in range(1, copies):
        with transaction.atomic():
            _copy_agency(agency, services, copy)
            for _, model in KINDS:
                _copy_rows(model, copy, seed)
        progress(copy)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role TO DEFAULT")


def _prepare_connection() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
            # The copies of consistent records need no foreign key check per row (the
            # deferred checks took most of the time); this needs a superuser.
            cursor.execute("SET session_replication_role TO replica")
        else:
            cursor.execute("PRAGMA cache_size = -1000000")  # a gigabyte of page cache


def _copy_agency(agency: Agency, services: list[Service], copy: int) -> None:
    area = Agency.objects.create(
        id=copy_id(agency.pk, copy),
        name=f"{agency.name} {copy}",
        slug=f"{agency.slug}-{copy}",
        kind=agency.kind,
    )
    for service in services:
        Service.objects.create(
            id=copy_id(service.pk, copy), agency=area, name=service.name, kind=service.kind
        )


def _copy_rows(model: type[models.Model], copy: int, seed: Any) -> None:
    quote = connection.ops.quote_name
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = quote(field.column)
        columns.append(column)
        remapped = field.primary_key or (field.is_relation and field.related_model in COPIED)
        values.append(_copy_id_sql(column, copy) if remapped else column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM {quote(model._meta.db_table)} "
            f"WHERE {quote('agency_id')} = %s",
            [seed],
        )
