#!/usr/bin/env python3
"""The API does what its OpenAPI document says: schemathesis against a live server, once
with a token of each role, every check, a fixed seed and a bounded number of examples per
operation. Prints the failures found per role and in all; exits 1 on any.

Usage: scripts/api_contract.py [--max-examples N] [--seed N] [--workers N] [--role ROLE ...]
    [--keep]

The first role (the practitioner's, who reaches most operations) runs every phase; the
coverage phase does not depend on the token beyond 401/403, so the other roles run the
fuzzing and stateful phases only, which keeps the whole run to a few minutes. The settings
in scripts/api_contract.toml say why a 422 may answer schema-valid data.

A fresh data directory (SQLite) is migrated and seeded with the demo partnership in the
development posture (plain HTTP on loopback), each demo role gets an API token, and the
development server is started on a free loopback port. Reports go to the data directory,
which is removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SCHEMA_PATH = "/api/v1/openapi.json"
SETTINGS = ROOT / "scripts" / "api_contract.toml"
EVERY_PHASE = "coverage,fuzzing,stateful"
OTHER_ROLES_PHASES = "fuzzing,stateful"
# Besides CONCORD_*: a database or settings module from the caller would not be the fresh one.
SETTINGS_CHOSEN_HERE = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
# One token per role, made for the demo user who has that role (concord.demo.partnership).
TOKENS = """
import json
from concord.accounts.services import create_api_token
from concord.demo.partnership import USERS, demo_email
from concord.accounts.models import Membership
keys = {}
for demo in USERS:
    if demo.role.value not in keys:
        membership = Membership.objects.select_related("user").get(
            user__email=demo_email(demo.email), role=demo.role
        )
        keys[demo.role.value] = create_api_token(
            membership.user, membership, name="API contract"
        ).key
print(json.dumps(keys))
"""


def main() -> int:
    arguments = _arguments()
    data = Path(tempfile.mkdtemp(prefix="concord-api-contract-"))
    environment = _environment(data)
    server: subprocess.Popen[bytes] | None = None
    try:
        _manage(environment, "migrate", "--noinput", "--verbosity", "0")
        _manage(environment, "seed_demo")
        keys = json.loads(_manage(environment, "shell", "--verbosity", "0", "-c", TOKENS))
        roles = arguments.role or list(keys)
        port = _free_port()
        server = _serve(environment, port, data / "server.log")
        failures = {
            role: _schemathesis(
                port,
                keys[role],
                role,
                OTHER_ROLES_PHASES if index else EVERY_PHASE,
                arguments,
                data,
            )
            for index, role in enumerate(roles)
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if arguments.keep:
            print(f"Kept {data}", file=sys.stderr)
        else:
            shutil.rmtree(data, ignore_errors=True)
    for role, count in failures.items():
        print(f"  {role:30} {count} failures")
    total = sum(failures.values())
    print(f"API contract: {total} failures with {len(failures)} roles' tokens")
    return 1 if total else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=5, help="per operation and phase")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--workers", type=int, default=2, help="schemathesis's, at once")
    parser.add_argument("--role", action="append", help="only this role (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    return parser.parse_args()


def _environment(data: Path) -> dict[str, str]:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CONCORD_") and name not in SETTINGS_CHOSEN_HERE
    }
    return inherited | {
        "CONCORD_ENVIRONMENT": "development",
        "CONCORD_DEMO_ACCOUNTS": "true",
        "CONCORD_DATA_DIR": str(data),
        # Schemathesis sends bad tokens on purpose (the ignored_auth check); all its calls
        # come from one address, which the limit would otherwise answer 429 for a minute.
        "CONCORD_API_REJECTED_TOKENS_PER_MINUTE": "1000000",
    }


def _manage(environment: dict[str, str], *command: str) -> str:
    done = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(environment: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - manage.py runserver on loopback
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{SCHEMA_PATH}") as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit(f"The server did not answer on port {port}; see {log}")


def _schemathesis(
    port: int, key: str, role: str, phases: str, arguments: argparse.Namespace, data: Path
) -> int:
    """Run schemathesis with one role's token; the number of failures it found."""
    reports = data / "reports"
    reports.mkdir(exist_ok=True)
    report = reports / f"{role}.json"
    print(f"\n--- schemathesis as {role}: {phases}", flush=True)
    subprocess.run(  # noqa: S603 - schemathesis with fixed arguments
        [
            str(VENV_BIN / "st"),
            "--no-color",
            "--config-file",
            str(SETTINGS),
            "run",
            f"http://127.0.0.1:{port}{SCHEMA_PATH}",
            "--checks",
            "all",
            # Off in api_contract.toml too, but "--checks all" brings it back: see there why.
            "--exclude-checks",
            "ensure_resource_availability",
            "--seed",
            str(arguments.seed),
            "--phases",
            phases,
            "--workers",
            str(arguments.workers),
            "--max-examples",
            str(arguments.max_examples),
            "--header",
            f"Authorization: Bearer {key}",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ],
        # Schemathesis keeps the failures it found in its working directory and tries them
        # first next time: in the throwaway directory, each run starts from the seed alone.
        cwd=reports,
        check=False,
    )
    found = json.loads(report.read_text())
    return int(sum(failure["count"] for failure in found["failures"]) + len(found["errors"]))


if __name__ == "__main__":
    sys.exit(main())
