"""Backup and restore end to end (issue 11), as an operator runs them: `manage.py backup` of
a Concord holding the demo partnership (people, cases, audit events) and a stored file, then
`manage.py restore` into a fresh data directory and database, which ends by verifying the
audit trail. Every record and file is back; a changed backup is refused by its checksum; a
database that has tables is refused unless forced. Runs on SQLite, and on PostgreSQL too
when DATABASE_URL names one (restoring into <name>_restore)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
STORED = Path("submissions") / "waiting.csv"
DOCUMENT = Path("documents") / "0f0e0d0c0b0a09080706050403020100"  # a case's document
# On one pytest-xdist worker, so that each engine's Concord is backed up once.
pytestmark = pytest.mark.xdist_group("backup")


@dataclass
class Concord:
    """One installation: its data directory and database."""

    data_dir: Path
    database_url: str = ""

    def manage(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
        }
        environment |= {
            "CONCORD_ENVIRONMENT": "development",
            "CONCORD_DEMO_ACCOUNTS": "true",
            "CONCORD_DATA_DIR": str(self.data_dir),
        }
        if self.database_url:
            environment["DATABASE_URL"] = self.database_url
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def rows(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, to compare two databases."""
        if not self.database_url:
            with sqlite3.connect(self.data_dir / "concord.sqlite3") as connection:
                return _all_rows(connection, "SELECT name FROM sqlite_master WHERE type='table'")
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return _all_rows(
                connection,
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
            )


def _all_rows(connection, tables_query: str) -> dict[str, list[tuple[object, ...]]]:
    tables = [name for (name,) in connection.execute(tables_query).fetchall()]
    return {
        table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
        for table in tables
        if table != "sqlite_sequence"
    }


def _postgres_database(name: str) -> str:
    """A fresh, empty PostgreSQL database beside DATABASE_URL's; its URL."""
    import psycopg

    base, _, _ = POSTGRES_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _drop_postgres_database(name: str) -> None:
    import psycopg

    base, _, _ = POSTGRES_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL.startswith("postgres") else [])
# Named for the pytest-xdist worker too, so that two workers never share a database.
DATABASE = "_".join(
    (POSTGRES_URL.rpartition("/")[2].split("?")[0], os.environ.get("PYTEST_XDIST_WORKER", "main"))
)
ROLES = ("source", "restore")


def _back_up(engine: str, tmp_path_factory) -> tuple[Concord, Path, str, Path]:
    """A Concord with the demo partnership and a stored file, and its backup."""
    folder = tmp_path_factory.mktemp(engine)
    urls = {}
    if engine == "postgresql":
        urls = {role: _postgres_database(f"{DATABASE}_{role}") for role in ROLES}
    source = Concord(folder / "source", urls.get("source", ""))
    for step in (("migrate", "-v0"), ("seed_demo",)):
        made = source.manage(*step)
        assert made.returncode == 0, made.stderr
    (source.data_dir / STORED).parent.mkdir(parents=True, exist_ok=True)
    (source.data_dir / STORED).write_text("record_id\nR1\n", encoding="utf-8")
    (source.data_dir / DOCUMENT).parent.mkdir(parents=True, exist_ok=True)
    (source.data_dir / DOCUMENT).write_bytes(b"%PDF-1.4\n%%EOF\n")
    backup = folder / "backup"
    made = source.manage("backup", str(backup))
    assert made.returncode == 0, made.stderr
    return source, backup, urls.get("restore", ""), folder


# Each engine's backed-up Concord, made once per test process however the tests are ordered:
# pytest-xdist may run them apart, tearing fixtures down in between.
BACKED_UP: dict[str, tuple[Concord, Path, str, Path]] = {}


def _drop_postgres_databases() -> None:
    for role in ROLES:
        _drop_postgres_database(f"{DATABASE}_{role}")


@pytest.fixture(params=ENGINES)
def backed_up(request, tmp_path_factory):
    if request.param not in BACKED_UP:
        BACKED_UP[request.param] = _back_up(request.param, tmp_path_factory)
        if request.param == "postgresql":
            request.config.add_cleanup(_drop_postgres_databases)
    return BACKED_UP[request.param]


def test_a_restore_brings_back_every_record_and_file_and_the_audit_trail_verifies(backed_up):
    source, backup, restore_url, folder = backed_up
    restored = Concord(folder / "restored", restore_url)

    done = restored.manage("restore", str(backup))

    assert done.returncode == 0, done.stderr
    assert "Audit chain intact" in done.stdout
    source_rows, restored_rows = source.rows(), restored.rows()
    assert restored_rows == source_rows
    for table in ("people_person", "cases_case", "core_auditevent", "accounts_user"):
        assert len(restored_rows[table]) > 0
    assert (restored.data_dir / STORED).read_bytes() == (source.data_dir / STORED).read_bytes()
    assert (restored.data_dir / DOCUMENT).read_bytes() == b"%PDF-1.4\n%%EOF\n"
    assert restored.manage("verify_audit").returncode == 0

    again = restored.manage("restore", str(backup))
    assert again.returncode != 0
    assert "The database already has tables" in again.stderr
    forced = restored.manage("restore", "--force", str(backup))
    assert forced.returncode == 0, forced.stderr
    assert restored.rows() == source_rows


def test_the_manifest_has_checksums_and_the_migrations_and_never_the_keys(backed_up):
    _, backup, _, _ = backed_up
    manifest = json.loads((backup / "manifest.json").read_text())

    assert manifest["database"]["sha256"]
    assert [item["path"] for item in manifest["files"]] == [str(DOCUMENT), str(STORED)]
    assert "core.0001_initial" in manifest["migrations"]
    assert manifest["records"]["people.Person"] >= 4
    assert "CONCORD_VAULT_KEYS" in manifest["keys"]
    everything = b"".join(path.read_bytes() for path in backup.rglob("*") if path.is_file())
    assert settings.DEVELOPMENT_VAULT_KEY.encode() not in everything
    assert settings.SECRET_KEY.encode() not in everything


def test_a_changed_backup_is_refused_by_its_checksum_and_nothing_is_restored(backed_up):
    _, backup, restore_url, folder = backed_up
    changed = folder / "changed"
    subprocess.run(["cp", "-r", str(backup), str(changed)], check=True)  # noqa: S603, S607
    with (changed / "files" / STORED).open("a") as stored:
        stored.write("R2\n")
    target = Concord(folder / "target", restore_url)

    refused = target.manage("restore", "--force", str(changed))

    assert refused.returncode != 0
    assert "does not match its checksum" in refused.stderr
    assert "Nothing was restored" in refused.stderr
    assert not (target.data_dir / STORED).exists()
