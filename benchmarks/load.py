#!/usr/bin/env python3
"""Load test: virtual users (each with 1 s think time) signed in through the real pages of a
served Concord with city-scale demo data, on SQLite and on PostgreSQL, once alone and once
while a city-scale import and a linkage run are in progress. Per page and per run: requests,
throughput, p50/p95/p99 latency and errors (status >= 400, unexpected redirects and
connection errors, counted per kind), beside the targets. Writes
benchmarks/results/load.json (or --output).

Usage: benchmarks/load.py [--database sqlite|postgres|both] [--users 1,10,50]
    [--seconds 60] [--alone | --with-background] [--server gunicorn|runserver]
    [--server-command CMD] [--worker-command CMD] [--quick]

Each database gets a fresh data directory (and, for PostgreSQL, a fresh wt_load database on
the server CONCORD_BENCH_POSTGRES names, default postgres://postgres@127.0.0.1:5432), is
seeded with `seed_demo` and `seed_demo --scale city`, and gets benchmark users cloned from the
demo users (each with an authenticator of its own, so every virtual user signs in once with
its own code). The server runs in the production posture behind a pretend TLS proxy
(X-Forwarded-Proto: https), on 127.0.0.1. Servers, workers, data directories and databases
are removed at the end, on error and on Ctrl+C. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import csv
import hashlib
import hmac
import json
import os
import platform
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from harness import ROOT, write_result

RESULT_NAME = "load"
PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")
POSTGRES = os.environ.get("CONCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE_NAME = "wt_load"
PORTS = range(8400, 8500)
THINK_SECONDS = 1.0
REQUEST_TIMEOUT = 30.0
BACKGROUND_SETTLE_SECONDS = 60  # at most this long for the jobs to start, or to end after a run
CORES = os.cpu_count() or 1

# The pages, and which role of the benchmark users asks for each.
PAGES = {
    "caseload": "practitioner",
    "case": "practitioner",
    "person_search": "practitioner",
    "marac_dashboard": "marac",
    "quarterly_pack": "pack",
    "api_case_list": "api",
}
# The mix of roles as virtual users are added: half practitioners. With fewer users than the
# cycle is long, each user takes several roles (user i the roles at i, i + users, ...), so
# every page is asked for in every run.
ROLE_CYCLE = ("practitioner", "marac", "practitioner", "pack", "practitioner", "api")
# Demo users the benchmark users are cloned from (concord.demo.partnership).
CLONED_FROM = {
    "practitioner": ("idva",),
    "marac": ("marac",),
    "pack": ("commissioner", "analyst"),
    "api": ("idva",),
    "importer": ("manager",),
    "linker": ("analyst",),
}
# p95 targets in ms by number of users (2-core machine); and 0 errors in every run.
P95_TARGETS_MS: dict[str, dict[int, int]] = {
    "postgresql": {10: 300, 50: 1000},  # alone or with the background work
    "sqlite_background": {10: 1000},
}
TARGETS = {
    "errors": "0 errors in every run",
    "postgresql_p95_ms_by_users": P95_TARGETS_MS["postgresql"],
    "sqlite_during_import_p95_ms_by_users": P95_TARGETS_MS["sqlite_background"],
}


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# Processes and clean-up ----------------------------------------------------------------------


class Cleanup:
    """Everything started or made, undone in reverse order whatever happens."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Any]] = []

    def push(self, name: str, undo: Any) -> None:
        self.steps.append((name, undo))

    def run(self) -> None:
        while self.steps:
            name, undo = self.steps.pop()
            try:
                undo()
            except Exception as error:  # keep cleaning up whatever one step did
                log(f"clean-up of {name} failed: {error}")


def start_process(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[Any]:
    stream = log_path.open("ab")
    return subprocess.Popen(  # noqa: S603 - our own commands, configured on the command line
        command,
        env=env,
        cwd=ROOT,
        stdout=stream,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so its children stop with it
    )


def stop_process(process: subprocess.Popen[Any], grace: float = 10) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(grace)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [PYTHON, MANAGE, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {done.stderr.strip()[-800:]}")
    return done.stdout


def free_port(ports: range = PORTS) -> int:
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def process_tree_cpu(root_pid: int) -> float:
    """CPU seconds used so far by a process and its descendants (Linux /proc), those that
    ended included: a gunicorn worker replaced after its requests is counted by its parent
    once reaped (cutime, cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = sum(int(ticks) for ticks in fields[11:15]) / tick
    total, stack = 0.0, [root_pid]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


# Databases -----------------------------------------------------------------------------------


def psql(statement: str) -> None:
    found = shutil.which("psql")
    if found is None:
        raise RuntimeError("psql is not installed")
    subprocess.run(  # noqa: S603 - fixed statements on the configured server
        [found, f"{POSTGRES}/postgres", "-q", "-c", statement], capture_output=True, check=True
    )


def fresh_postgres(cleanup: Cleanup, name: str = DATABASE_NAME) -> str:
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    cleanup.push(
        "the PostgreSQL database",
        lambda: psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    return f"{POSTGRES}/{name}"


class Peek:
    """Read-only look at the background jobs' status, straight from the database."""

    def __init__(self, database_url: str | None, data_dir: Path) -> None:
        self.database_url, self.data_dir = database_url, data_dir

    def status(self, table: str, pk: str) -> str:
        return self.row(table, pk, "status")[0]

    def row(self, table: str, pk: str, columns: str) -> tuple[str, ...]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as connection:
                row = connection.execute(
                    f"SELECT {columns} FROM {table} WHERE id = %s",  # noqa: S608 - our table names
                    (pk,),
                ).fetchone()
        else:
            with contextlib.closing(
                sqlite3.connect(f"file:{self.data_dir / 'concord.sqlite3'}?mode=ro", uri=True)
            ) as connection:
                row = connection.execute(
                    f"SELECT {columns} FROM {table} WHERE id = ?",  # noqa: S608 - our table names
                    (pk.replace("-", ""),),
                ).fetchone()
        return (
            tuple(str(value) for value in row) if row else ("missing",) * (columns.count(",") + 1)
        )


# Preparing a database --------------------------------------------------------------------------


def development_env(base: dict[str, str]) -> dict[str, str]:
    return base | {"CONCORD_ENVIRONMENT": "development", "CONCORD_DEMO_ACCOUNTS": "true"}


def production_env(base: dict[str, str]) -> dict[str, str]:
    """The production posture, as behind a TLS-terminating proxy on this machine (the
    vault and audit keys are the ones ``measure_database`` gave the set-up too)."""
    return base | {
        "CONCORD_ENVIRONMENT": "production",
        "CONCORD_DEMO_ACCOUNTS": "false",
        "CONCORD_SECRET_KEY": secrets.token_urlsafe(50),
        "CONCORD_ALLOWED_HOSTS": "127.0.0.1",
        "CONCORD_BEHIND_TLS_PROXY": "true",
        "CONCORD_LOG_LEVEL": "WARNING",
    }


def prepare(
    env: dict[str, str], users: int, linkage_rows: int, *, city: bool = True
) -> dict[str, Any]:
    """Migrate, collect the static files, seed the demo and (unless ``city`` is false) the
    city, then clone the users (in a child with Django, --setup); no police file is sent
    when ``linkage_rows`` is 0."""
    dev = development_env(env)
    started = time.perf_counter()
    manage(dev, "migrate", "--noinput", "--verbosity", "0")
    manage(dev, "collectstatic", "--noinput", "--verbosity", "0", "--ignore", "*.scss",
           "--ignore", "*.njk", "--ignore", "*.d.ts")  # fmt: skip
    manage(dev, "seed_demo")
    if city:
        log("demo partnership seeded; adding the city (through the import)")
        manage(dev, "seed_demo", "--scale", "city")
    seeded = time.perf_counter() - started
    log(f"seeded in {seeded:.0f} s; cloning users (and sending a police file for linkage)")
    done = subprocess.run(  # noqa: S603 - this script itself, with numbers
        [PYTHON, __file__, "--setup", str(users), "--linkage-rows", str(linkage_rows)],
        env=dev,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"setup failed: {done.stderr.strip()[-1500:]}")
    setup: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    setup["seconds"] = {"seed": round(seeded, 1), "total": round(time.perf_counter() - started, 1)}
    return setup


def setup_child(users: int, linkage_rows: int) -> dict[str, Any]:
    """In a child with Django: benchmark users cloned from the demo users, API tokens, a
    police file in the identity vault for linkage to work on, and what the pages need."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.settings")
    import django

    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from concord.accounts import services
    from concord.accounts.models import Membership, User
    from concord.cases.models import Case
    from concord.demo.partnership import DEMO_PASSWORD, demo_email
    from concord.marac.models import MaracArea
    from concord.people.models import Person

    def clone(source: str, name: str) -> tuple[User, Membership, str]:
        original = Membership.objects.get(user__email=demo_email(source))
        user = User.objects.create(
            email=demo_email(f"load-{name}"),
            full_name=f"Load test {name}",
            password=original.user.password,  # the demo password's hash, not hashed again
        )
        membership = Membership.objects.create(
            user=user, agency=original.agency, role=original.role, team=original.team
        )
        membership.services.set(original.services.all())
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="Load test", confirmed=True, key=key)
        return user, membership, key

    counts = Counter(role for roles in roles_of_users(users) for role in roles)
    accounts: dict[str, list[dict[str, str]]] = {}
    for role, count in [*counts.items(), ("importer", 1), ("linker", 1)]:
        sources = CLONED_FROM[role]
        accounts[role] = []
        for number in range(count):
            source = sources[number % len(sources)]
            user, membership, key = clone(source, f"{role}-{number + 1}")
            account = {"email": user.email, "password": DEMO_PASSWORD, "totp_key": key}
            if role == "api":
                issued = services.create_api_token(user, membership, name="Load test")
                account["token"] = issued.key
            accounts[role].append(account)
    practitioner = Membership.objects.get(user__email=demo_email("idva"))
    cases = Case.objects.filter(agency=practitioner.agency).values_list("pk", flat=True)
    names = Person.objects.filter(agency=practitioner.agency).values_list("family_name", flat=True)
    identities = send_police_file(linkage_rows) if linkage_rows else 0
    return {
        "accounts": accounts,
        "case_ids": [str(pk) for pk in cases[:200]],
        "family_names": sorted(set(names))[:200],
        "marac_area": MaracArea.objects.values_list("slug", flat=True).first(),
        "identities_in_vault": identities,
    }


def send_police_file(rows: int) -> int:
    """A police incident file of synthetic people (victims and those who harm them, some
    people on several rows with the differences agencies make), taken into the vault."""
    from django.conf import settings

    from concord.accounts.models import Membership
    from concord.demo.partnership import demo_email
    from concord.submissions import services
    from concord.submissions.models import Identity, Submission
    from concord.submissions.schema import CURRENT
    from concord.submissions.tests.files import row
    from concord.synthetic.identities import generate_identities

    officer = Membership.objects.get(user__email=demo_email("police-data"))
    received = Path(settings.DATA_DIR) / "submissions"
    received.mkdir(parents=True, exist_ok=True)
    path = received / "load-incidents.csv"
    people = generate_identities(rows * 2, seed=7)
    quarter = services.last_quarter()
    days = (quarter.last - quarter.first).days + 1
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CURRENT.names))
        writer.writeheader()
        for number in range(rows):
            victim, harmer = next(people), next(people)
            writer.writerow(
                row(
                    f"L{number}",
                    occurred_on=(quarter.first + timedelta(days=number % days)).isoformat(),
                    **submitted("victim", victim),
                    **submitted("harmer", harmer),
                )
            )
    submission = Submission.objects.create(
        agency=officer.agency,
        submitted_by=officer.user,
        kind="incident",
        period_first=quarter.first,
        period_last=quarter.last,
        filename=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        file=path.name,
    )
    services.process_submission(submission)
    return Identity.objects.count()


PERSON_FIELDS = ("given_name", "family_name", "dob", "sex", "postcode", "phone")
SEX_CODES = {"F": "female", "M": "male"}


def submitted(role: str, person: dict[str, str]) -> dict[str, str]:
    """A synthetic identity in the columns of a submission file."""
    found = {f"{role}_{name}": person[name] for name in PERSON_FIELDS}
    found[f"{role}_sex"] = SEX_CODES.get(person["sex"], "")
    return found


def roles_of_users(users: int) -> list[list[str]]:
    """The roles of each virtual user (see ROLE_CYCLE)."""
    if users >= len(ROLE_CYCLE):
        return [[ROLE_CYCLE[number % len(ROLE_CYCLE)]] for number in range(users)]
    return [list(ROLE_CYCLE[number::users]) for number in range(users)]


def import_files(env: dict[str, str], directory: Path, sets: int, people: int | None) -> list[Path]:
    """City-scale import files (``manage.py synthesise``) in the order an import needs them,
    ``sets`` times over with new seeds; record ids are prefixed per set so that every set
    holds new records, not ones the city seeding already imported."""
    files = []
    for number in range(1, sets + 1):
        raw = directory / f"raw-{number}"
        extra = ["--people", str(people)] if people else ["--scale", "city"]
        manage(development_env(env), "synthesise", str(raw), "--seed", str(100 + number), *extra)
        for kind in ("people", "cases", "contacts", "intake_profiles", "safety_plans"):
            source = raw / f"{kind}.csv"
            if not source.exists():
                continue
            target = directory / f"set{number}-{kind}.csv"
            with (
                source.open(newline="", encoding="utf-8") as read,
                target.open("w", newline="", encoding="utf-8") as write,
            ):
                reader = csv.DictReader(read)
                writer = csv.DictWriter(write, fieldnames=list(reader.fieldnames or []))
                writer.writeheader()
                for record in reader:
                    writer.writerow(
                        {
                            name: f"LOAD{number}-{value}"
                            if name.endswith("record_id") and value
                            else value
                            for name, value in record.items()
                        }
                    )
            files.append(target)
    return files


# Signing in and asking for pages --------------------------------------------------------------


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The authenticator code (RFC 6238, as django_otp computes it)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


class Session:
    """One signed-in browser. The production posture marks cookies Secure, and the proxy
    in front is only pretended, so the cookies are kept here rather than by httpx."""

    def __init__(self, client: Any, port: int) -> None:
        self.client, self.cookies = client, dict[str, str]()
        self.origin = f"https://127.0.0.1:{port}"

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"X-Forwarded-Proto": "https", "Origin": self.origin, "Referer": self.origin}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers | (extra or {})

    def _keep(self, response: Any) -> None:
        for header in response.headers.get_list("set-cookie"):
            parsed = SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    async def get(self, path: str, **headers: str) -> Any:
        response = await self.client.get(path, headers=self._headers(headers))
        self._keep(response)
        return response

    async def post(self, path: str, data: dict[str, str], files: Any = None) -> Any:
        data = data | {"csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        response = await self.client.post(path, data=data, files=files, headers=self._headers())
        self._keep(response)
        return response


async def sign_in(client: Any, port: int, account: dict[str, str]) -> Session:
    """Email and password, then the code, then the role if asked, through the real pages."""
    session = Session(client, port)
    await session.get("/accounts/sign-in/")
    answer = await session.post(
        "/accounts/sign-in/", {"email": account["email"], "password": account["password"]}
    )
    if answer.status_code != 302 or "/accounts/mfa/" not in answer.headers.get("location", ""):
        raise RuntimeError(f"sign-in of {account['email']} gave {answer.status_code}")
    await session.get("/accounts/mfa/")
    answer = await session.post("/accounts/mfa/", {"code": totp(account["totp_key"])})
    if answer.status_code != 302:
        raise RuntimeError(f"the code of {account['email']} gave {answer.status_code}")
    home = await session.get("/")
    if home.status_code == 302 and "/accounts/role/" in home.headers.get("location", ""):
        page = await session.get("/accounts/role/")
        choice = re.search(r'name="membership"[^>]*value="([^"]+)"', page.text)
        if choice is None:
            raise RuntimeError(f"no role to choose for {account['email']}")
        await session.post("/accounts/role/", {"membership": choice.group(1)})
        home = await session.get("/")
    if home.status_code != 200:
        raise RuntimeError(f"{account['email']} is not signed in: home gave {home.status_code}")
    return session


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, page: str, seconds: float, error: str | None) -> None:
        self.latencies.setdefault(page, []).append(seconds)
        if error:
            self.errors.setdefault(page, Counter())[error] += 1


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summarise(tally: Tally, seconds: float) -> dict[str, Any]:
    pages: dict[str, Any] = {}
    everything: list[float] = []
    all_errors: Counter[str] = Counter()
    for page in PAGES:
        times = sorted(tally.latencies.get(page, []))
        errors = tally.errors.get(page, Counter())
        everything += times
        all_errors += errors
        pages[page] = figures(times, errors, seconds)
    return {"pages": pages, "all": figures(sorted(everything), all_errors, seconds)}


def figures(times: list[float], errors: Counter[str], seconds: float) -> dict[str, Any]:
    return {
        "requests": len(times),
        "per_second": round(len(times) / seconds, 2),
        "p50_ms": round(percentile(times, 0.50) * 1000) if times else None,
        "p95_ms": round(percentile(times, 0.95) * 1000) if times else None,
        "p99_ms": round(percentile(times, 0.99) * 1000) if times else None,
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
    }


async def ask(session: Session, page: str, setup: dict[str, Any], token: str | None) -> Any:
    if page == "caseload":
        return await session.get("/cases/")
    if page == "case":
        return await session.get(f"/cases/{random.choice(setup['case_ids'])}/")  # noqa: S311
    if page == "person_search":
        name = random.choice(setup["family_names"])  # noqa: S311
        return await session.post("/people/", {"q": name})
    if page == "marac_dashboard":
        return await session.get(f"/marac/areas/{setup['marac_area']}/dashboard/")
    if page == "quarterly_pack":
        return await session.get("/reports/quarterly/")
    return await session.get("/api/v1/cases", Authorization=f"Bearer {token}")


async def virtual_user(
    sessions: dict[str, Session],
    tokens: dict[str, str],
    setup: dict[str, Any],
    deadline: float,
    tally: Tally,
    start_delay: float,
) -> None:
    """Round the pages of this user's roles, one request then 1 s of thought, until the
    deadline; a request started before it is waited for and counted."""
    import httpx

    pages = [page for page, role in PAGES.items() if role in sessions]
    await asyncio.sleep(start_delay)
    turn = 0
    while time.monotonic() < deadline:
        page = pages[turn % len(pages)]
        turn += 1
        started = time.monotonic()
        error = None
        try:
            response = await ask(sessions[PAGES[page]], page, setup, tokens.get(PAGES[page]))
            if response.status_code >= 300:
                error = f"status {response.status_code}"
        except httpx.HTTPError as failure:
            error = type(failure).__name__
        tally.add(page, time.monotonic() - started, error)
        await asyncio.sleep(max(0.0, min(THINK_SECONDS, deadline - time.monotonic())))


# Background work: an import and a linkage run kept going through the window ----------------


@dataclass
class Background:
    importer: Session
    linker: Session
    files: list[Path]
    peek: Peek
    log: list[str] = field(default_factory=list)
    imports_started: int = 0
    runs_started: int = 0
    import_batch: str | None = None
    linkage_run: str | None = None
    samples: list[tuple[str, str]] = field(default_factory=list)
    stopping: bool = False
    failed_until: float = 0.0

    def import_status(self) -> str:
        return self.peek.status("cases_importbatch", self.import_batch) if self.import_batch else ""

    def run_status(self) -> str:
        if not self.linkage_run:
            return ""
        status, problem = self.peek.row("linkage_linkagerun", self.linkage_run, "status, problem")
        if status == "failed":
            self.log.append(f"a linkage run failed: {problem}")
        return status

    async def upload_next(self) -> None:
        if not self.files:
            self.log.append("no import files left to upload")
            return
        path = self.files.pop(0)
        kind = path.stem.split("-", 1)[1]
        await self.importer.get("/cases/imports/")
        answer = await self.importer.post(
            "/cases/imports/", {"kind": kind}, files={"file": (path.name, path.read_bytes())}
        )
        found = re.search(r"/cases/imports/([0-9a-f-]{36})/", answer.headers.get("location", ""))
        if found is None:
            self.log.append(f"upload of {path.name} gave {answer.status_code}")
            return
        self.import_batch = found.group(1)
        self.imports_started += 1

    async def start_run(self) -> None:
        await self.linker.get("/linkage/")
        answer = await self.linker.post(
            "/linkage/", {"threshold": "0.9", "review_floor": "0.5", "retrain": "on"}
        )
        found = re.search(r"/linkage/runs/([0-9a-f-]{36})/", answer.headers.get("location", ""))
        if found is None:
            self.log.append(f"starting a linkage run gave {answer.status_code}")
            return
        self.linkage_run = found.group(1)
        self.runs_started += 1

    async def keep_going(self) -> None:
        """Start the next import file or linkage run whenever the last one has ended."""
        while not self.stopping:
            if self.import_status() not in ("waiting", "importing"):
                await self.upload_next()
            status = self.run_status()
            if status == "failed" and time.monotonic() < self.failed_until:
                pass  # a failed run is tried again after a pause, not in a tight loop
            elif status == "failed" and not self.failed_until:
                self.failed_until = time.monotonic() + 15
            elif status not in ("waiting", "running"):
                self.failed_until = 0.0
                await self.start_run()
            await asyncio.sleep(1)

    async def both_running(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.import_status() == "importing" and self.run_status() == "running":
                return True
            await asyncio.sleep(0.5)
        return False

    async def sample(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            self.samples.append((self.import_status(), self.run_status()))
            await asyncio.sleep(1)

    async def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.import_status() not in ("waiting", "importing") and self.run_status() not in (
                "waiting",
                "running",
            ):
                return True
            await asyncio.sleep(1)
        return False

    def report(self) -> dict[str, Any]:
        total = len(self.samples) or 1
        importing = sum(1 for imported, _ in self.samples if imported == "importing")
        linking = sum(1 for _, linked in self.samples if linked == "running")
        both = sum(1 for i, r in self.samples if i == "importing" and r == "running")
        return {
            "import_running_share": round(importing / total, 2),
            "linkage_running_share": round(linking / total, 2),
            "both_running_share": round(both / total, 2),
            "import_files_uploaded": self.imports_started,
            "linkage_runs_started": self.runs_started,
            "statuses_seen": sorted(
                {f"import {i or '-'}, linkage {r or '-'}" for i, r in self.samples}
            ),
            "problems": dict(Counter(self.log)),
        }


# One database ------------------------------------------------------------------------------


@dataclass
class Options:
    users: list[int]
    seconds: float
    modes: list[str]
    server: str
    server_command: str | None
    server_workers: int
    worker_command: str
    worker_processes: int
    linkage_rows: int
    quick: bool


def server_command(options: Options, port: int) -> list[str]:
    if options.server_command:
        return shlex.split(options.server_command.format(port=port, python=PYTHON))
    if options.server == "gunicorn":
        return gunicorn_command(port, options.server_workers)
    return [PYTHON, MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"]


def gunicorn_command(port: int, workers: int) -> list[str]:
    """The production server as ``make serve`` starts it (its configuration file), on
    127.0.0.1:``port`` with ``workers`` worker processes."""
    return [
        PYTHON, "-m", "gunicorn", "--config", "python:concord.config.gunicorn",
        "concord.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--graceful-timeout", "5",
    ]  # fmt: skip


def worker_command(options: Options) -> list[str]:
    parts = shlex.split(options.worker_command)
    return [PYTHON, *parts] if parts[0].endswith(".py") else parts


async def wait_until_served(port: int, server: subprocess.Popen[Any], timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {server.returncode})")
            with contextlib.suppress(httpx.HTTPError):
                answer = await client.get(
                    "/accounts/sign-in/", headers={"X-Forwarded-Proto": "https"}
                )
                if answer.status_code == 200:
                    return
            await asyncio.sleep(0.5)
    raise RuntimeError("the server did not answer in time")


def fresh_environment(
    database: str, cleanup: Cleanup, prefix: str = "wt_load-", database_name: str = DATABASE_NAME
) -> tuple[dict[str, str], Path, str | None]:
    """A fresh data directory (and, for PostgreSQL, a fresh database), both removed by
    ``cleanup``; returns the environment naming them, the directory and the database URL."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    cleanup.push("the data directory", lambda: shutil.rmtree(data_dir, ignore_errors=True))
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["CONCORD_DATA_DIR"] = str(data_dir)
    env["CONCORD_VAULT_KEYS"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    env["CONCORD_AUDIT_KEYS"] = secrets.token_urlsafe(48)
    database_url = None
    if database == "postgresql":
        database_url = fresh_postgres(cleanup, database_name)
        env["DATABASE_URL"] = database_url
    return env, data_dir, database_url


def measure_database(database: str, options: Options, cleanup: Cleanup) -> dict[str, Any]:
    env, data_dir, database_url = fresh_environment(database, cleanup)
    log(f"{database}: preparing a fresh database in {data_dir}")
    setup = prepare(env, max(options.users), options.linkage_rows)
    files: list[Path] = []
    if "background" in options.modes:
        sets = 1 if options.quick else 4
        files = import_files(env, data_dir / "imports", sets, 150 if options.quick else None)
    port = free_port()
    prod = production_env(env)
    command = server_command(options, port)
    logs = Path(tempfile.mkdtemp(prefix=f"wt_load-logs-{database}-"))  # kept, for reading
    log(f"{database}: server and worker logs in {logs}")
    server = start_process(command, prod, logs / "server.log")
    cleanup.push("the server", lambda: stop_process(server))
    workers = []
    for number in range(options.worker_processes):
        worker = start_process(worker_command(options), prod, logs / f"worker-{number}.log")
        cleanup.push("a worker", lambda worker=worker: stop_process(worker))
        workers.append(worker)
    try:
        runs = asyncio.run(
            drive(port, server, workers, setup, files, Peek(database_url, data_dir), options)
        )
    except Exception:
        for path in sorted(logs.iterdir()):
            sys.stderr.write(f"--- last lines of {path.name}:\n")
            sys.stderr.write("\n".join(path.read_text(errors="replace").splitlines()[-25:]) + "\n")
        raise
    return {
        "database": database,
        "server_command": " ".join(Path(part).name if part == PYTHON else part for part in command),
        "worker_command": f"{options.worker_processes} x {options.worker_command}",
        "people": "city (seed_demo --scale city)",
        "cases_visible_to_practitioners": len(setup["case_ids"]),
        "identities_in_vault": setup["identities_in_vault"],
        "setup_seconds": setup["seconds"],
        "logs": str(logs),
        "runs": runs,
    }


async def drive(
    port: int,
    server: subprocess.Popen[Any],
    workers: list[subprocess.Popen[Any]],
    setup: dict[str, Any],
    files: list[Path],
    peek: Peek,
    options: Options,
) -> list[dict[str, Any]]:
    import httpx

    await wait_until_served(port, server, 60)
    most = max(options.users)
    limits = httpx.Limits(max_connections=most + 10, max_keepalive_connections=most + 10)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=REQUEST_TIMEOUT, limits=limits
    ) as client:
        log(f"signing in {sum(len(v) for v in setup['accounts'].values())} benchmark users")
        sessions = await sign_in_all(client, port, setup["accounts"])
        background = None
        if files:
            background = Background(sessions["importer"][0], sessions["linker"][0], files, peek)
        runs = []
        for users in options.users:
            for mode in options.modes:
                if mode == "background" and background is None:
                    continue
                runs.append(
                    await one_run(
                        client, users, mode, sessions, setup, background, server, workers, options
                    )
                )
                if (
                    background is not None
                    and mode == "background"
                    and not await background.wait_idle(BACKGROUND_SETTLE_SECONDS * 3)
                ):
                    log("the background jobs are still going; the next run is not alone")
                    runs[-1]["notes"].append("background jobs still going after the run")
        return runs


async def sign_in_all(
    client: Any, port: int, accounts: dict[str, list[dict[str, str]]]
) -> dict[str, list[Session]]:
    """Every benchmark user, two at a time (each sign-in hashes a password on the server)."""
    gate = asyncio.Semaphore(2)

    async def one(account: dict[str, str]) -> Session:
        async with gate:
            return await sign_in(client, port, account)

    sessions: dict[str, list[Session]] = {}
    for role, found in accounts.items():
        if role == "api":
            sessions[role] = [Session(client, port) for _ in found]  # tokens, no sign-in
        else:
            sessions[role] = list(await asyncio.gather(*(one(account) for account in found)))
    return sessions


async def one_run(
    client: Any,
    users: int,
    mode: str,
    sessions: dict[str, list[Session]],
    setup: dict[str, Any],
    background: Background | None,
    server: subprocess.Popen[Any],
    workers: list[subprocess.Popen[Any]],
    options: Options,
) -> dict[str, Any]:
    notes: list[str] = []
    going = None
    if mode == "background" and background is not None:
        background.stopping, background.samples = False, []
        going = asyncio.create_task(background.keep_going())
        if not await background.both_running(BACKGROUND_SETTLE_SECONDS):
            notes.append(
                "the import and the linkage run were not both running when measuring began"
            )
    taken: Counter[str] = Counter()
    plan = []
    for roles in roles_of_users(users):
        mine, tokens = {}, {}
        for role in roles:
            mine[role] = sessions[role][taken[role]]
            if role == "api":
                tokens[role] = setup["accounts"]["api"][taken[role]]["token"]
            taken[role] += 1
        plan.append((mine, tokens))
    tally = Tally()
    log(f"  {users} user(s), {mode}: {options.seconds:g} s")
    load_before = os.getloadavg()[0]
    cpu_before = cpu_now(server, workers)
    started = time.monotonic()
    deadline = started + options.seconds
    tasks = [
        virtual_user(mine, tokens, setup, deadline, tally, THINK_SECONDS * number / users)
        for number, (mine, tokens) in enumerate(plan)
    ]
    if mode == "background" and background is not None:
        tasks.append(background.sample(deadline))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    cpu_after = cpu_now(server, workers)
    result: dict[str, Any] = {
        "users": users,
        "mode": mode,
        "seconds": round(elapsed, 1),
        **summarise(tally, elapsed),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "cpu_share_of_machine": {
            name: round((cpu_after[name] - cpu_before[name]) / elapsed / CORES, 2)
            for name in cpu_before
        },
        "notes": notes,
    }
    if going is not None and background is not None:
        background.stopping = True
        await going
        result["background"] = background.report()
        if result["background"]["both_running_share"] < 1:
            notes.append(
                f"the import and the linkage run were both running for "
                f"{result['background']['both_running_share']:.0%} of the window"
            )
    headline = result["all"]
    log(
        f"    {headline['requests']} requests, p95 {headline['p95_ms']} ms, "
        f"{headline['errors']} errors"
    )
    return result


def cpu_now(
    server: subprocess.Popen[Any], workers: list[subprocess.Popen[Any]]
) -> dict[str, float]:
    return {
        "server": process_tree_cpu(server.pid),
        "workers": sum(process_tree_cpu(worker.pid) for worker in workers),
        "load_driver": time.process_time(),
    }


# Targets and the report --------------------------------------------------------------------


def judge(result: dict[str, Any]) -> list[str]:
    """One line per target, with the figure beside it and whether it is met."""
    lines = []
    for database, found in result["databases"].items():
        if "runs" not in found:
            continue
        for run in found["runs"]:
            errors = run["all"]["errors"]
            label = f"{database} {run['users']} users {run['mode']}"
            lines.append(
                f"{'met ' if errors == 0 else 'MISSED'} {label}: {errors} errors (target 0)"
            )
            p95 = run["all"]["p95_ms"]
            target = None
            if database == "postgresql":
                target = P95_TARGETS_MS["postgresql"].get(run["users"])
            elif run["mode"] == "background":
                target = P95_TARGETS_MS["sqlite_background"].get(run["users"])
            if target is not None and p95 is not None:
                lines.append(
                    f"{'met ' if p95 < target else 'MISSED'} {label}: p95 {p95} ms "
                    f"(target < {target} ms)"
                )
    return lines


def what_limits_it(result: dict[str, Any]) -> list[str]:
    """Sentences from the figures: where the time went in each run that missed a target."""
    found = [
        f"Machine: {CORES} cores shared with other work (load averages are recorded per run). "
        "Each virtual user asks for one page, waits for it, then thinks for 1 s, so the offered "
        "load is at most one request per user per second; when pages slow down, throughput "
        "falls rather than errors rising, until requests wait longer than the server's timeout."
    ]
    for database, measured in result["databases"].items():
        for run in measured.get("runs", []):
            everything = run["all"]
            cpu = run["cpu_share_of_machine"]
            slowest = sorted(
                ((page, figures["p95_ms"] or 0) for page, figures in run["pages"].items()),
                key=lambda item: -item[1],
            )[:2]
            found.append(
                f"{database}, {run['users']} users, {run['mode']}: p95 {everything['p95_ms']} ms "
                f"over {everything['requests']} requests; slowest pages at p95 "
                + ", ".join(f"{page} {ms} ms" for page, ms in slowest)
                + f"; the server used {cpu['server']:.0%} of the machine's CPU, the workers "
                f"{cpu['workers']:.0%}, this driver {cpu['load_driver']:.0%}; load average "
                f"{run['load_average_after']}."
                + (" " + " ".join(run["notes"]) if run["notes"] else "")
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--users", default="1,10,50", help="virtual users per run, e.g. 1,10,50")
    parser.add_argument("--seconds", type=float, default=60, help="measured window of each run")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--alone", action="store_const", const=["alone"], dest="modes")
    modes.add_argument(
        "--with-background", action="store_const", const=["background"], dest="modes"
    )
    parser.add_argument(
        "--server",
        choices=("gunicorn", "runserver"),
        default=None,
        help="gunicorn (the default when it is installed) or Django's development server",
    )
    parser.add_argument(
        "--server-command",
        help="any other server, e.g. '{python} -m granian ... --port {port}' (both filled in)",
    )
    parser.add_argument("--server-workers", type=int, default=2 * CORES + 1)
    parser.add_argument("--worker-command", default="manage.py worker --no-reload",
                        help="the task worker, e.g. 'manage.py worker'")  # fmt: skip
    parser.add_argument("--worker-processes", type=int, default=2,
                        help="task workers (2: import and linkage side by side)")  # fmt: skip
    parser.add_argument("--linkage-rows", type=int, default=5000,
                        help="rows of the police file linked (two identities a row)")  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true", help="a few seconds, 1-2 users: a smoke test"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the results (default: benchmarks/results/load.json)",
    )
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup_child(args.setup, args.linkage_rows)))
        return 0
    server = args.server or ("gunicorn" if gunicorn_installed() else "runserver")
    options = Options(
        users=[int(n) for n in args.users.split(",")] if not args.quick else [1, 2],
        seconds=args.seconds if not args.quick else 8,
        modes=args.modes or ["alone", "background"],
        server=server,
        server_command=args.server_command,
        server_workers=args.server_workers,
        worker_command=args.worker_command,
        worker_processes=args.worker_processes,
        linkage_rows=args.linkage_rows if not args.quick else 1000,
        quick=args.quick,
    )
    databases = {"sqlite": ["sqlite"], "postgres": ["postgresql"], "both": ["sqlite", "postgresql"]}
    result: dict[str, Any] = {
        "measured_on": date.today().isoformat(),
        "quick": options.quick,
        "cores": CORES,
        "load_average_at_start": [round(n, 2) for n in os.getloadavg()],
        "platform": platform.platform(),
        "server": server if not options.server_command else "custom",
        "server_workers": options.server_workers if server == "gunicorn" else None,
        "users": options.users,
        "seconds_per_run": options.seconds,
        "think_seconds": THINK_SECONDS,
        "targets": TARGETS,
        "databases": {},
    }
    if server == "runserver" and not options.server_command:
        result["server_note"] = (
            "Django's development server: gunicorn is not installed, so these are not the "
            "production server's figures"
        )
    cleanup = Cleanup()
    stop_on_signal(cleanup)
    try:
        for database in databases[args.database]:
            try:
                result["databases"][database] = measure_database(database, options, cleanup)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
                log(f"{database}: {error}")
                result["databases"][database] = {"error": str(error)[-500:]}
            finally:
                cleanup.run()
    finally:
        cleanup.run()
    result["targets_judged"] = judge(result)
    result["what_limits_it"] = what_limits_it(result)
    output = args.output or (ROOT / "benchmarks" / "results" / f"{RESULT_NAME}.json")
    if output.resolve() == (ROOT / "benchmarks" / "results" / f"{RESULT_NAME}.json").resolve():
        write_result(RESULT_NAME, result)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2) + "\n")
    print_table(result)
    met = all(line.startswith("met") for line in result["targets_judged"])
    return 0 if met and all("runs" in found for found in result["databases"].values()) else 1


def gunicorn_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("gunicorn") is not None


def stop_on_signal(cleanup: Cleanup) -> None:
    """Ctrl+C or a TERM: undo everything, then stop."""

    def stop(number: int, frame: Any) -> None:
        log("stopping: cleaning up")
        cleanup.run()
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def print_table(result: dict[str, Any]) -> None:
    out = sys.stderr
    for database, found in result["databases"].items():
        if "runs" not in found:
            out.write(f"\n{database}: {found.get('error')}\n")
            continue
        out.write(f"\n{database} ({found['server_command']})\n")
        out.write(
            f"{'run':24} {'page':16} {'reqs':>6} {'req/s':>6} "
            f"{'p50':>6} {'p95':>6} {'p99':>6}  errors\n"
        )
        for run in found["runs"]:
            label = f"{run['users']} users {run['mode']}"
            for page, figures in [*run["pages"].items(), ("ALL", run["all"])]:
                kinds = ", ".join(f"{k} x{n}" for k, n in figures["errors_by_kind"].items())
                out.write(
                    f"{label:24} {page:16} {figures['requests']:>6} {figures['per_second']:>6} "
                    f"{fmt(figures['p50_ms']):>6} {fmt(figures['p95_ms']):>6} "
                    f"{fmt(figures['p99_ms']):>6}  {figures['errors']} {kinds}\n"
                )
            if "background" in run:
                out.write(f"{'':24} background: {json.dumps(run['background'])}\n")
    out.write("\nTargets (2-core machine):\n")
    for line in result["targets_judged"]:
        out.write(f"  {line}\n")


def fmt(ms: int | None) -> str:
    return "-" if ms is None else str(ms)


if __name__ == "__main__":
    sys.exit(main())
