"""Backing up and restoring Concord: the database and the stored files, never the keys.

A backup is a directory: the database (SQLite through its online backup API, consistent
while Concord writes, the write-ahead log included; PostgreSQL through ``pg_dump`` in its
custom format), the files Concord keeps under CONCORD_DATA_DIR (not its caches), and
``manifest.json`` with a SHA-256 checksum of every file, Concord's version, the migrations
applied and the number of records of each model. The secret key, the identity vault's keys
and the audit keys are never written into it: they are kept apart (docs/configuration.md).

A restore checks every checksum before it touches anything, refuses a database that already
has tables unless forced, then checks that every model has its records back and that the
audit trail verifies (``manage.py verify_audit``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from concord.core import audit

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
FILES = "files"
# Folders under CONCORD_DATA_DIR that Concord can make again: import progress, static assets.
NOT_DATA = ("progress", "static", "sessions", "heartbeat")  # caches, not records
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
HASH_CHUNK = 1024 * 1024
KEYS_NOT_INCLUDED = (
    "Not in this backup: CONCORD_SECRET_KEY, CONCORD_VAULT_KEYS and CONCORD_AUDIT_KEYS. "
    "They are backed up separately, and a restore needs the same keys to open the identity "
    "vault and to verify the audit trail."
)


class BackupRefused(Exception):
    """The backup or restore cannot go ahead; the message says why, quoting no records."""


# Backing up --------------------------------------------------------------------------------


def back_up(directory: Path) -> dict[str, Any]:
    """Write a backup of the database and the stored files into ``directory`` (new or
    empty); returns the manifest."""
    if directory.exists() and any(directory.iterdir()):
        raise BackupRefused(f"{directory} is not empty: back up into a new directory.")
    directory.mkdir(parents=True, exist_ok=True)
    audit.seal()  # events still waiting would reach the backup unprotected by the chain
    database = _dump_database(directory)
    stored = [
        _copy(source, directory, relative)
        for source, relative in _stored_files(Path(settings.DATA_DIR), directory)
    ]
    manifest = {
        "format": FORMAT,
        "concord_version": _concord_version(),
        "made_at": timezone.now().isoformat(),
        "database": database,
        "migrations": _applied_migrations(),
        "records": _record_counts(),
        "files": stored,
        "keys": KEYS_NOT_INCLUDED,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _dump_database(directory: Path) -> dict[str, str]:
    db = connections["default"].settings_dict
    if _engine() == "sqlite":
        target = directory / SQLITE_FILE
        _sqlite_copy(Path(db["NAME"]), target, read_only_source=True)
    else:
        target = directory / POSTGRES_FILE
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            db,
        )
    return {"engine": _engine(), "file": target.name, "sha256": _sha256(target)}


def _sqlite_copy(source: Path, target: Path, *, read_only_source: bool = False) -> None:
    """SQLite's online backup: a consistent copy while others write, the WAL included."""
    uri = f"file:{source}?mode=ro" if read_only_source else f"file:{source}"
    with (
        closing(sqlite3.connect(uri, uri=True)) as reading,
        closing(sqlite3.connect(target)) as writing,
    ):
        reading.backup(writing)


def _stored_files(data_dir: Path, backup_dir: Path) -> Iterator[tuple[Path, Path]]:
    """The files under CONCORD_DATA_DIR that are data: not the SQLite database (copied
    through its backup API), not caches or static assets, not the backup itself."""
    if not data_dir.exists():
        return
    data_dir = data_dir.resolve()
    skipped = {data_dir / name for name in NOT_DATA} | {backup_dir.resolve()}
    if _engine() == "sqlite":
        name = Path(connections["default"].settings_dict["NAME"]).resolve()
        skipped |= {name.with_name(name.name + suffix) for suffix in SQLITE_COMPANIONS}
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not any(path == skip or skip in path.parents for skip in skipped):
            yield path, path.relative_to(data_dir)


def _copy(source: Path, directory: Path, relative: Path) -> dict[str, Any]:
    """Copy one stored file into the backup; its entry in the manifest."""
    target = directory / FILES / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return {"path": str(relative), "sha256": _sha256(target), "bytes": target.stat().st_size}


# Restoring ---------------------------------------------------------------------------------


def restore(directory: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore a backup into the configured database and CONCORD_DATA_DIR; returns the
    manifest. Nothing is touched until every checksum is right."""
    manifest = read_manifest(directory)
    check_checksums(directory, manifest)
    if manifest["database"]["engine"] != _engine():
        raise BackupRefused(
            f"The backup is of a {manifest['database']['engine']} database; Concord is set "
            f"up for {_engine()}."
        )
    _check_migrations_known(manifest)
    if not force and connections["default"].introspection.table_names():
        raise BackupRefused(
            "The database already has tables. Restore into a new, empty database, or use "
            "--force to replace what it holds."
        )
    _restore_database(directory, manifest, force=force)
    _restore_files(directory, manifest)
    _check_records_back(manifest)
    call_command("verify_audit")
    return manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupRefused(f"{directory} has no readable {MANIFEST}: is it a backup?") from None
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"The backup's format is not one this Concord reads ({FORMAT}).")
    return manifest


def check_checksums(directory: Path, manifest: dict[str, Any]) -> None:
    """Every file of the backup is as the manifest says, or nothing is restored."""
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected |= {str(Path(FILES) / item["path"]): item["sha256"] for item in manifest["files"]}
    for name, checksum in expected.items():
        path = _inside(directory, name)
        if not path.is_file():
            raise BackupRefused(f"The backup is incomplete: {name} is missing.")
        if _sha256(path) != checksum:
            raise BackupRefused(
                f"The backup is damaged or was changed: {name} does not match its checksum "
                "in the manifest. Nothing was restored."
            )


def _check_migrations_known(manifest: dict[str, Any]) -> None:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupRefused(
            f"The backup was made by a newer Concord ({manifest['concord_version']}): this one "
            f"does not know {len(unknown)} of its migrations, such as {unknown[0]}."
        )


def _restore_database(directory: Path, manifest: dict[str, Any], *, force: bool) -> None:
    connections.close_all()
    db = connections["default"].settings_dict
    source = directory / manifest["database"]["file"]
    if _engine() == "sqlite":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, Path(db["NAME"]))
    else:
        clean = ["--clean", "--if-exists"] if force else []
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *clean,
                f"--dbname={db['NAME']}",
                str(source),
            ],
            db,
        )


def _restore_files(directory: Path, manifest: dict[str, Any]) -> None:
    data_dir = Path(settings.DATA_DIR)
    for item in manifest["files"]:
        target = _inside(data_dir, item["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(_inside(directory, str(Path(FILES) / item["path"])), target)


def _check_records_back(manifest: dict[str, Any]) -> None:
    counts = _record_counts()
    short = sorted(
        label for label, count in manifest["records"].items() if counts.get(label) != count
    )
    if short:
        raise BackupRefused(
            f"After the restore, {len(short)} kinds of record do not have the number the "
            f"backup had, such as {short[0]}."
        )


# Shared ------------------------------------------------------------------------------------


def _engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupRefused(f"Concord backs up SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _record_counts() -> dict[str, int]:
    """How many records each of Concord's models has (tables of the migrations above)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connections["default"])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _concord_version() -> str:
    try:
        return version("concord")
    except PackageNotFoundError:
        return "unknown"


def _run(command: list[str], db: dict[str, Any]) -> None:
    """Run a PostgreSQL client with the connection in its environment: no password on a
    command line, where other users of the machine could read it."""
    environment = {**os.environ, **_libpq_environment(db)}
    try:
        subprocess.run(command, env=environment, check=True, capture_output=True)  # noqa: S603
    except FileNotFoundError:
        raise BackupRefused(f"{command[0]} is not installed (PostgreSQL's client tools).") from None
    except subprocess.CalledProcessError as failure:
        last = failure.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise BackupRefused(f"{command[0]} failed: {' '.join(last)}") from None


def _libpq_environment(db: dict[str, Any]) -> dict[str, str]:
    given = {
        "PGDATABASE": db.get("NAME"),
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    return {name: str(value) for name, value in given.items() if value}


def _inside(root: Path, relative: str) -> Path:
    """A path named by the manifest, refused if it would leave ``root``."""
    path = (root / relative).resolve()
    if root.resolve() not in path.parents:
        raise BackupRefused(f"The manifest names a file outside the backup: {relative}")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
