#!/usr/bin/env python3
"""Scripted fault tests (issue 11): what survives a process or a connection dying.

1. worker_kill: ``kill -9`` of the task worker in the middle of a people.csv import (1% of
   its rows deliberately bad); a new worker resumes it. Every row is taken once: imported +
   quarantined (+ unchanged) = rows sent, no person twice, the bad rows in quarantine, the
   audit trail intact.
2. server_kill: ``kill -9`` of the production server (gunicorn) while signed-in users send
   many "record a contact" forms at once. Afterwards no contact is half-written (each has
   its audit event and its kept form answer, and nothing of them exists without it); each
   form that got no answer is sent again with the same one-time token, and then each token
   made exactly one contact.
3. connections_terminated (PostgreSQL only): every backend of the database is terminated
   while the server keeps persistent connections; the next requests all answer 200.

Writes benchmarks/results/faults.json, prints a summary to stderr, and exits 0 only if every
fault passes. It reuses benchmarks/load.py to prepare fresh data directories and databases
(wt_faults_*), start the server and the worker as process groups, sign users in through the
real pages, and clean up (at the end, on error and on Ctrl+C). Ports 8500-8599.

Usage: benchmarks/faults.py [--database sqlite|postgres|both] [--rows 100000]
    [--only worker_kill|server_kill|connections_terminated] [--posts 240]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import load
from harness import ROOT, write_result
from load import PYTHON, Cleanup, Peek, development_env, log, manage, production_env

RESULT_NAME = "faults"
PORTS = range(8500, 8600)
# Run in this order: the two short ones first.
FAULTS = ("server_kill", "connections_terminated", "worker_kill")
DATABASES = {"sqlite": ["sqlite"], "postgres": ["postgresql"], "both": ["sqlite", "postgresql"]}
BAD_EVERY = 100  # one row in a hundred has no family name, so goes to quarantine
KILL_AT_SHARE = 0.2  # the worker is killed once this share of the rows is done
LONGEST_IMPORT_SECONDS = 60 * 60  # no import is waited for longer than this
GUNICORN_WORKERS = 2 * load.CORES + 1
CONTACT_MARK = "fault-test"


# In a child with Django (``--child ACTION``, arguments as JSON on stdin) --------------------


def child(action: str, arguments: dict[str, Any]) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.settings")
    import django

    django.setup()
    actions = {
        "upload": upload_people,
        "import_state": import_state,
        "active_cases": active_cases,
        "audit_mark": audit_mark,
        "contacts": contact_state,
    }
    return actions[action](**arguments)


def upload_people(path: str) -> dict[str, Any]:
    """The file, uploaded by the demo service manager as the page would (receive_upload)."""
    from concord.accounts.models import Membership
    from concord.cases.importing import kind_named
    from concord.cases.tasks import receive_upload
    from concord.demo.partnership import demo_email

    manager = Membership.objects.get(user__email=demo_email("manager"))
    batch = receive_upload(
        manager.user,
        manager.agency,
        kind_named("people"),
        filename=Path(path).name,
        content=Path(path).read_bytes(),
    )
    return {"batch": str(batch.pk)}


def import_state(batch: str, prefix: str, bad_lines: list[int] | None = None) -> dict[str, Any]:
    """The batch's progress beside what is really in the database for it."""
    from django.db.models import Count

    from concord.cases.models import ImportBatch, ImportedRecord, QuarantinedRow
    from concord.people.models import Person

    found = ImportBatch.objects.get(pk=batch)
    records = ImportedRecord.objects.filter(
        agency=found.agency, kind="people", record_id__startswith=prefix
    )
    object_ids = list(records.values_list("object_id", flat=True))
    people = Person.objects.filter(pk__in=object_ids)
    by_name = (
        Person.objects.filter(agency=found.agency, family_name__startswith="Fault")
        .values("given_name", "family_name")
        .annotate(n=Count("id"))
    )
    quarantined = QuarantinedRow.objects.filter(batch=found)
    state: dict[str, Any] = {
        "status": found.status,
        "attempts": found.attempts,
        "rows_total": found.rows_total,
        "rows_done": found.rows_done,
        "rows_imported": found.rows_imported,
        "rows_unchanged": found.rows_unchanged,
        "rows_quarantined": found.rows_quarantined,
        "problem": found.problem,
        "imported_records": len(object_ids),
        "distinct_people_by_record": len(set(object_ids)),
        "people_found_by_record": people.count(),
        "people_with_test_names": sum(row["n"] for row in by_name),
        "names_held_by_more_than_one_person": sum(1 for row in by_name if row["n"] > 1),
        "quarantined_rows": quarantined.count(),
    }
    if bad_lines is not None:
        lines = list(quarantined.values_list("line", flat=True))
        state["quarantined_lines_as_sent"] = sorted(lines) == sorted(bad_lines)
        state["quarantined_lines_repeated"] = len(lines) - len(set(lines))
    return state


def active_cases(email: str) -> dict[str, Any]:
    """Open or referred cases the practitioner's agency holds (contacts can be recorded)."""
    from concord.accounts.models import Membership
    from concord.cases.lifecycle import ACTIVE
    from concord.cases.models import Case

    agency = Membership.objects.get(user__email=email).agency
    cases = Case.objects.filter(agency=agency, status__in=list(ACTIVE)).order_by("referred_at")
    found = [{"id": str(pk), "referred_at": at.isoformat()} for pk, at in
             cases.values_list("pk", "referred_at")[:40]]  # fmt: skip
    return {"cases": found}


def audit_mark() -> dict[str, Any]:
    from django.db.models import Max

    from concord.core.models import AuditEvent

    # By id, the order events were written: an event gets its sequence only when sealed.
    return {"id": AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0}


def contact_state(since: int, tokens: list[str]) -> dict[str, Any]:
    """Contacts the test made (their notes carry the form's token), beside the audit events
    and kept form answers written in the same transaction."""
    from concord.cases.models import Case, Contact
    from concord.core.models import AuditEvent, FormSubmission

    contacts = Contact.objects.filter(notes__startswith=CONTACT_MARK)
    per_token = Counter(notes.split()[-1] for notes in contacts.values_list("notes", flat=True))
    per_case = Counter(str(case) for case in contacts.values_list("case_id", flat=True))
    events = AuditEvent.objects.filter(id__gt=since, action="case.contact_recorded")
    events_per_case = Counter(events.values_list("object_id", flat=True))
    kept = dict(FormSubmission.objects.filter(token__in=tokens).values_list("token", "location"))
    case_ids = list(per_case)
    first_contact_missing = Case.objects.filter(pk__in=case_ids, first_contact_at=None).count()
    sent = set(tokens)
    return {
        "contacts": sum(per_token.values()),
        "tokens_with_a_contact": len(per_token),
        "tokens_with_more_than_one_contact": sum(1 for n in per_token.values() if n > 1),
        "contacts_of_unknown_tokens": sum(n for t, n in per_token.items() if t not in sent),
        "contact_events": sum(events_per_case.values()),
        "cases_where_contacts_and_events_differ": sum(
            1
            for case in set(per_case) | set(events_per_case)
            if per_case[case] != events_per_case[case]
        ),
        "contacts_without_kept_answer": sum(1 for t in per_token if not kept.get(t)),
        "kept_answers_without_contact": sum(1 for t in kept if t not in per_token),
        "cases_without_first_contact": first_contact_missing,
        "tokens_without_contact": len(sent - set(per_token)),
    }


# The logs of the servers and workers of the fault being run: in its data directory, so
# removed with it; their last lines are printed when the fault fails.
LOG_DIRECTORIES: list[Path] = []


def log_directory(data_dir: Path) -> Path:
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    LOG_DIRECTORIES.append(logs)
    return logs


def print_log_tails() -> None:
    for directory in LOG_DIRECTORIES:
        for path in sorted(directory.glob("*.log")):
            sys.stderr.write(f"--- last lines of {path.name}:\n")
            lines = path.read_text(errors="replace").splitlines()[-25:]
            sys.stderr.write("\n".join(lines) + "\n")


def in_child(env: dict[str, str], action: str, **arguments: Any) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this script itself
        [PYTHON, __file__, "--child", action],
        input=json.dumps(arguments),
        env=development_env(env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{action} failed: {done.stderr.strip()[-1500:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def audit_verified(env: dict[str, str]) -> tuple[bool, str]:
    try:
        return True, manage(development_env(env), "verify_audit").strip()
    except RuntimeError as error:
        return False, str(error)[-300:]


# Fault 1: kill -9 of the worker mid-import --------------------------------------------------


def people_file(path: Path, rows: int, prefix: str) -> list[int]:
    """A people.csv of ``rows`` rows with distinct names; every BAD_EVERY-th row has no
    family name. Returns the file lines (header = 1) of the bad rows."""
    given = ("Amy", "Bea", "Cara", "Dina", "Eve", "Fay", "Gail", "Hana", "Iris", "Jo")
    bad = []
    with path.open("w", encoding="utf-8") as stream:
        stream.write("record_id,given_name,family_name,date_of_birth,sex,roles\n")
        for number in range(rows):
            family = "Fault" + letters(number)
            if number % BAD_EVERY == BAD_EVERY // 3:
                family = ""
                bad.append(number + 2)
            born = date(1960, 1, 1) + timedelta(days=number % 15000)
            stream.write(
                f"{prefix}{number},{given[number % len(given)]},{family},{born.isoformat()},"
                "female,victim_survivor\n"
            )
    return bad


def letters(number: int, width: int = 5) -> str:
    """A number as lower-case letters (names hold no digits)."""
    out = ""
    for _ in range(width):
        number, digit = divmod(number, 26)
        out = chr(ord("a") + digit) + out
    return out


class Sampler:
    """Reads the batch's progress straight from the database, once a second."""

    def __init__(self, peek: Peek, batch: str) -> None:
        self.peek, self.batch = peek, batch
        self.samples: list[tuple[float, int, str, int]] = []

    def read(self) -> tuple[int, str, int]:
        done, status, attempts = self.peek.row(
            "cases_importbatch", self.batch, "rows_done, status, attempts"
        )
        if done == "missing":
            raise RuntimeError("the batch is missing")
        self.samples.append((time.monotonic(), int(done), status, int(attempts)))
        return int(done), status, int(attempts)

    def wait(
        self, until: Any, timeout: float, alive: Any = None, what: str = ""
    ) -> tuple[int, str, int]:
        deadline = time.monotonic() + timeout
        last_log = 0.0
        while time.monotonic() < deadline:
            done, status, attempts = self.read()
            if until(done, status, attempts):
                return done, status, attempts
            if status in ("failed", "refused"):
                raise RuntimeError(f"the import ended {status}")
            if alive is not None and alive.poll() is not None:
                raise RuntimeError(f"the worker stopped (exit {alive.returncode})")
            if time.monotonic() - last_log > 30:
                log(f"  {what}: {done} rows done, {status}, attempt {attempts}")
                last_log = time.monotonic()
            time.sleep(1)
        raise RuntimeError(f"timed out waiting for {what}")


def worker_kill(database: str, options: argparse.Namespace, cleanup: Cleanup) -> dict[str, Any]:
    env, data_dir, database_url = load.fresh_environment(
        database, cleanup, "wt_faults-", "wt_faults_worker"
    )
    log(f"{database}: preparing {data_dir}")
    dev = development_env(env)
    manage(dev, "migrate", "--noinput", "--verbosity", "0")
    manage(dev, "seed_demo")
    rows = options.rows
    prefix = f"FAULT{int(time.time())}-"
    path = data_dir / "people.csv"
    bad_lines = people_file(path, rows, prefix)
    log(f"{database}: {rows} rows, {len(bad_lines)} bad, {path.stat().st_size / 1e6:.1f} MB")
    batch = in_child(env, "upload", path=str(path))["batch"]
    prod = production_env(env)
    logs = log_directory(data_dir)
    sampler = Sampler(Peek(database_url, data_dir), batch)
    kill_at = int(rows * KILL_AT_SHARE)
    first = load.start_process([PYTHON, load.MANAGE, "worker"], prod, logs / "worker-1.log")
    cleanup.push("the first worker", lambda: load.stop_process(first))
    sampler.wait(lambda d, s, a: s == "importing", 120, first, "the import to start")
    started = time.monotonic()
    sampler.wait(lambda d, s, a: d >= kill_at, LONGEST_IMPORT_SECONDS, first, "rows to kill at")
    os.killpg(first.pid, signal.SIGKILL)
    killed = time.monotonic()
    first.wait(10)
    at_kill, status_at_kill, _ = sampler.read()
    log(f"{database}: worker killed (kill -9) at {at_kill} rows; checking what it left")
    time.sleep(3)
    left = in_child(env, "import_state", batch=batch, prefix=prefix)
    rate_before = at_kill / (killed - started)
    second_env = prod | {"CONCORD_IMPORT_STALE_MINUTES": "1"}
    second = load.start_process([PYTHON, load.MANAGE, "worker"], second_env, logs / "worker-2.log")
    cleanup.push("the second worker", lambda: load.stop_process(second))
    restarted = time.monotonic()
    resumed_at_rows, _, _ = sampler.wait(
        lambda d, s, a: a >= 2 and s == "importing" and d > left["rows_done"],
        300,
        second,
        "the import to resume",
    )
    resumed = time.monotonic()
    log(f"{database}: resumed {resumed - killed:.0f} s after the kill")
    remaining = rows - resumed_at_rows
    bound = min(LONGEST_IMPORT_SECONDS, max(600, 4 * remaining / max(rate_before, 1)))
    sampler.wait(lambda d, s, a: s == "imported", bound, second, "the import to end")
    finished = time.monotonic()
    load.stop_process(second)
    end = in_child(env, "import_state", batch=batch, prefix=prefix, bad_lines=bad_lines)
    verified, verify_output = audit_verified(env)
    taken = end["rows_imported"] + end["rows_quarantined"] + end["rows_unchanged"]
    checks = {
        "batch stayed importing after the kill": left["status"] == "importing",
        "progress at the kill matched the rows committed": (
            left["rows_imported"] == left["imported_records"]
            and left["rows_quarantined"] == left["quarantined_rows"]
            and left["rows_imported"] + left["rows_quarantined"] + left["rows_unchanged"]
            == left["rows_done"]
        ),
        "progress did not move after the kill": left["rows_done"] == at_kill,
        "import ended imported": end["status"] == "imported",
        "resumed once (2 attempts)": end["attempts"] == 2,
        "imported + quarantined + unchanged = rows sent": taken == rows,
        "rows_total = rows sent": end["rows_total"] == rows,
        "distinct people by record id = rows imported": (
            end["distinct_people_by_record"]
            == end["imported_records"]
            == end["people_found_by_record"]
            == end["rows_imported"]
        ),
        "people by name = rows imported, no name twice": (
            end["people_with_test_names"] == end["rows_imported"]
            and end["names_held_by_more_than_one_person"] == 0
        ),
        "quarantined rows = the bad rows sent": (
            end["quarantined_rows"] == end["rows_quarantined"] == len(bad_lines)
            and end["quarantined_lines_as_sent"]
            and end["quarantined_lines_repeated"] == 0
        ),
        "audit trail verified": verified,
    }
    rate_after = (rows - resumed_at_rows) / max(finished - resumed, 0.001)
    return {
        "rows_sent": rows,
        "bad_rows_sent": len(bad_lines),
        "killed_at_rows": at_kill,
        "status_at_kill": status_at_kill,
        "left_by_the_kill": left,
        "at_the_end": end,
        "rows_per_second_before_kill": round(rate_before, 1),
        "rows_per_second_after_resume": round(rate_after, 1),
        "seconds_before_kill": round(killed - started, 1),
        "seconds_kill_to_resume": round(resumed - killed, 1),
        "seconds_new_worker_to_resume": round(resumed - restarted, 1),
        "seconds_resume_to_end": round(finished - resumed, 1),
        "seconds_whole_import_wall_clock": round(finished - started, 1),
        "stale_minutes_of_the_new_worker": 1,
        "verify_audit": verify_output,
        "checks": checks,
        "passed": all(checks.values()),
    }


# Fault 2: kill -9 of the web server mid-POST ------------------------------------------------


def server_kill(database: str, options: argparse.Namespace, cleanup: Cleanup) -> dict[str, Any]:
    env, data_dir, _ = load.fresh_environment(database, cleanup, "wt_faults-", "wt_faults_server")
    log(f"{database}: preparing {data_dir}")
    setup = load.prepare(env, 12, 0, city=False)
    accounts = setup["accounts"]["practitioner"]
    cases = in_child(env, "active_cases", email=accounts[0]["email"])["cases"]
    if not cases:
        raise RuntimeError("no open case to record contacts on")
    servers = Servers(production_env(env), cleanup, data_dir)
    servers.start()
    result = asyncio.run(kill_mid_posts(env, servers, accounts, cases, options))
    return result


class Servers:
    """gunicorn on one port of 8500-8599, started again on the same port after a kill."""

    def __init__(self, env: dict[str, str], cleanup: Cleanup, data_dir: Path) -> None:
        self.env, self.cleanup = env, cleanup
        self.port = load.free_port(PORTS)
        self.logs = log_directory(data_dir)
        self.current: subprocess.Popen[Any] | None = None
        self.started = 0

    def start(self) -> subprocess.Popen[Any]:
        self.started += 1
        command = load.gunicorn_command(self.port, GUNICORN_WORKERS)
        server = load.start_process(command, self.env, self.logs / f"server-{self.started}.log")
        self.cleanup.push(f"server {self.started}", lambda: load.stop_process(server))
        self.current = server
        return server

    def server(self) -> subprocess.Popen[Any]:
        if self.current is None:
            raise RuntimeError("no server started")
        return self.current

    def kill(self) -> None:
        os.killpg(self.server().pid, signal.SIGKILL)


async def send_one_by_one(posts: list[dict[str, Any]]) -> Counter[str]:
    """Send each form again with its own token and session; count the answers."""
    import httpx

    answers: Counter[str] = Counter()
    for post in posts:
        try:
            answer = await post["session"].post(post["path"], post["data"])
            answers[f"status {answer.status_code}"] += 1
        except httpx.HTTPError as error:
            answers[type(error).__name__] += 1
    return answers


async def kill_mid_posts(
    env: dict[str, str],
    servers: Servers,
    accounts: list[dict[str, str]],
    cases: list[dict[str, str]],
    options: argparse.Namespace,
) -> dict[str, Any]:
    import httpx

    port = servers.port
    limits = httpx.Limits(max_connections=options.concurrency + 10)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=load.REQUEST_TIMEOUT, limits=limits
    ) as client:
        await load.wait_until_served(port, servers.server(), 60)
        sessions = (await load.sign_in_all(client, port, {"practitioner": accounts}))[
            "practitioner"
        ]
        mark = in_child(env, "audit_mark")["id"]
        log(f"  rendering {options.posts} contact forms for their one-time tokens")
        posts = []
        now = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=5)
        for number in range(options.posts):
            session = sessions[number % len(sessions)]
            case = cases[number % len(cases)]
            page = await session.get(f"/cases/{case['id']}/contacts/new/")
            token = re.search(r'name="concord_form_token" value="([^"]+)"', page.text)
            if page.status_code != 200 or token is None:
                raise RuntimeError(f"the contact form gave {page.status_code} without a token")
            posts.append(
                {
                    "session": session,
                    "path": f"/cases/{case['id']}/contacts/new/",
                    "token": token.group(1),
                    "data": {
                        "channel": "call",
                        "initiated_by": "victim",
                        "on": now.date().isoformat(),
                        "at": now.strftime("%H:%M"),
                        "duration_minutes": "10",
                        "notes": f"{CONTACT_MARK} {token.group(1)}",
                        "concord_form_token": token.group(1),
                    },
                }
            )
        outcomes: dict[str, str] = {}
        gate = asyncio.Semaphore(options.concurrency)
        killed = asyncio.Event()
        kill_after = int(len(posts) * 0.3)

        async def send(post: dict[str, Any]) -> None:
            async with gate:
                if killed.is_set():
                    outcomes[post["token"]] = "not sent (server down)"
                    return
                try:
                    answer = await post["session"].post(post["path"], post["data"])
                    outcomes[post["token"]] = f"status {answer.status_code}"
                except httpx.HTTPError as error:
                    outcomes[post["token"]] = type(error).__name__

        async def killer() -> float:
            while sum(1 for o in outcomes.values() if o.startswith("status")) < kill_after:
                await asyncio.sleep(0.01)
            servers.kill()
            killed.set()
            log(f"  server killed (kill -9) with up to {options.concurrency} posts in flight")
            return time.monotonic()

        started = time.monotonic()
        killing = asyncio.create_task(killer())
        await asyncio.gather(*(send(post) for post in posts))
        kill_time = await asyncio.wait_for(killing, 5)
        servers.server().wait(10)
        first_round = Counter(outcomes.values())
        log(f"  first round: {dict(first_round)}")
        restart = time.monotonic()
        servers.start()
        await load.wait_until_served(port, servers.server(), 60)
        restarted_in = time.monotonic() - restart
        tokens = [post["token"] for post in posts]
        after_kill = in_child(env, "contacts", since=mark, tokens=tokens)
        unanswered = [p for p in posts if not outcomes[p["token"]].startswith("status 302")]
        log(f"  sending {len(unanswered)} unanswered forms again with the same tokens")
        again = await send_one_by_one(unanswered)
        at_end = in_child(env, "contacts", since=mark, tokens=tokens)
        log(f"  sending all {len(posts)} forms once more: each gets its first answer again")
        repeated = await send_one_by_one(posts)
        after_repeats = in_child(env, "contacts", since=mark, tokens=tokens)
    verified, verify_output = audit_verified(env)
    answered = first_round.get("status 302", 0)
    whole = {
        "no contact without its audit event, nor an event without its contact": (
            after_kill["cases_where_contacts_and_events_differ"] == 0
            and after_kill["contact_events"] == after_kill["contacts"]
        ),
        "no contact without its kept form answer, nor an answer without its contact": (
            after_kill["contacts_without_kept_answer"] == 0
            and after_kill["kept_answers_without_contact"] == 0
        ),
        "no case with contacts but no first contact": (
            after_kill["cases_without_first_contact"] == 0
        ),
        "no token made two contacts": after_kill["tokens_with_more_than_one_contact"] == 0,
    }
    checks = {
        **{f"after the kill: {k}": v for k, v in whole.items()},
        "the kill left some forms unanswered": len(unanswered) > 0,
        "every form answered before the kill made its contact": (
            after_kill["tokens_with_a_contact"] >= answered
        ),
        "every form sent again was answered with a redirect": set(again)
        <= {"status 302", "status 303"},
        "at the end: each token made exactly one contact": (
            at_end["contacts"] == len(tokens)
            and at_end["tokens_with_a_contact"] == len(tokens)
            and at_end["tokens_with_more_than_one_contact"] == 0
            and at_end["contacts_of_unknown_tokens"] == 0
        ),
        "at the end: contacts and audit events match per case": (
            at_end["cases_where_contacts_and_events_differ"] == 0
            and at_end["contact_events"] == len(tokens)
        ),
        "at the end: every contact has its kept answer": (
            at_end["contacts_without_kept_answer"] == 0
            and at_end["kept_answers_without_contact"] == 0
        ),
        "every form sent once more got its first answer again (303) and no new contact": (
            set(repeated) == {"status 303"} and after_repeats["contacts"] == len(tokens)
        ),
        "audit trail verified": verified,
    }
    return {
        "forms_sent": len(posts),
        "sessions": len(sessions),
        "cases": len(cases),
        "concurrency": options.concurrency,
        "gunicorn_workers": GUNICORN_WORKERS,
        "killed_after_answers": kill_after,
        "seconds_to_kill": round(kill_time - started, 2),
        "first_round": dict(first_round),
        "contacts_after_kill": after_kill,
        "unanswered_forms_whose_contact_was_committed": (
            after_kill["tokens_with_a_contact"] - answered
        ),
        "unanswered_forms_sent_again": len(unanswered),
        "answers_when_sent_again": dict(again),
        "contacts_at_end": at_end,
        "answers_when_every_form_was_sent_once_more": dict(repeated),
        "seconds_to_restart": round(restarted_in, 1),
        "verify_audit": verify_output,
        "checks": checks,
        "passed": all(checks.values()),
    }


# Fault 3: PostgreSQL connections terminated -------------------------------------------------


def connections_terminated(
    database: str, options: argparse.Namespace, cleanup: Cleanup
) -> dict[str, Any]:
    env, data_dir, database_url = load.fresh_environment(
        database, cleanup, "wt_faults-", "wt_faults_connections"
    )
    assert database_url is not None  # PostgreSQL only
    log(f"{database}: preparing {data_dir}")
    setup = load.prepare(env, 6, 0, city=False)
    account = setup["accounts"]["practitioner"][0]
    cases = in_child(env, "active_cases", email=account["email"])["cases"]
    servers = Servers(production_env(env), cleanup, data_dir)
    servers.start()
    result = asyncio.run(terminate_and_ask(database_url, servers, account, cases))
    return result


def backends(database_url: str, terminate: bool = False) -> int:
    """The other connections to the database; terminated when ``terminate``."""
    import psycopg

    what = "count(pg_terminate_backend(pid))" if terminate else "count(*)"
    query = (
        f"SELECT {what} FROM pg_stat_activity "  # noqa: S608 - one of two fixed expressions
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(query).fetchone()
    return int(row[0]) if row else 0


async def terminate_and_ask(
    database_url: str, servers: Servers, account: dict[str, str], cases: list[dict[str, str]]
) -> dict[str, Any]:
    import httpx

    port, workers = servers.port, GUNICORN_WORKERS
    paths = ["/cases/", *(f"/cases/{case['id']}/" for case in cases[:3])]

    async def wave(session: load.Session, count: int) -> Counter[str]:
        async def one(number: int) -> str:
            try:
                answer = await session.get(paths[number % len(paths)])
                return f"status {answer.status_code}"
            except httpx.HTTPError as error:
                return type(error).__name__

        return Counter(await asyncio.gather(*(one(n) for n in range(count))))

    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=load.REQUEST_TIMEOUT
    ) as client:
        await load.wait_until_served(port, servers.server(), 60)
        session = await load.sign_in(client, port, account)
        warm: Counter[str] = Counter()
        for _ in range(6):  # waves as wide as the workers, so that every worker connects
            warm += await wave(session, workers * 2)
            if backends(database_url) >= workers:
                break
        before = backends(database_url)
        terminated = backends(database_url, terminate=True)
        log(f"  {terminated} of {before} connections terminated")
        after: Counter[str] = Counter()
        for _ in range(2):
            after += await wave(session, workers * 2)
        reconnected = backends(database_url)
    requests_after = sum(after.values())
    checks = {
        "every gunicorn worker held a connection before": before >= workers,
        "every connection was terminated": terminated == before and terminated > 0,
        "at least workers x 2 requests asked after": requests_after >= workers * 2,
        "every request after the termination answered 200": set(after) == {"status 200"},
    }
    return {
        "gunicorn_workers": workers,
        "warm_up_answers": dict(warm),
        "connections_before": before,
        "connections_terminated": terminated,
        "requests_after": requests_after,
        "answers_after": dict(after),
        "connections_after": reconnected,
        "checks": checks,
        "passed": all(checks.values()),
    }


# Running and reporting ----------------------------------------------------------------------

RUNS = {
    "worker_kill": worker_kill,
    "server_kill": server_kill,
    "connections_terminated": connections_terminated,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", choices=tuple(DATABASES), default="both")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the killed import")
    parser.add_argument("--only", choices=FAULTS, help="run this fault only")
    parser.add_argument("--posts", type=int, default=240, help="contact forms sent (fault 2)")
    parser.add_argument("--concurrency", type=int, default=24, help="forms in flight (fault 2)")
    parser.add_argument("--output", type=Path, help="default: benchmarks/results/faults.json")
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, json.loads(sys.stdin.read() or "{}"))))
        return 0
    result: dict[str, Any] = {
        "measured_on": date.today().isoformat(),
        "cores": load.CORES,
        "load_average_at_start": [round(n, 2) for n in os.getloadavg()],
        "platform": platform.platform(),
        "rows": options.rows,
        "faults": {},
    }
    cleanup = Cleanup()
    load.stop_on_signal(cleanup)
    try:
        for name in [options.only] if options.only else FAULTS:
            result["faults"][name] = {}
            for database in DATABASES[options.database]:
                if name == "connections_terminated" and database != "postgresql":
                    continue  # terminating backends is a PostgreSQL fault
                log(f"{name} on {database}")
                started = time.monotonic()
                try:
                    found = RUNS[name](database, options, cleanup)
                except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                    log(f"{name} on {database}: {error}")
                    found = {"error": str(error)[-800:], "passed": False}
                if not found["passed"]:
                    print_log_tails()
                LOG_DIRECTORIES.clear()
                cleanup.run()
                found["seconds"] = round(time.monotonic() - started, 1)
                result["faults"][name][database] = found
    finally:
        cleanup.run()
    ran = [found for by_db in result["faults"].values() for found in by_db.values()]
    result["passed"] = bool(ran) and all(found["passed"] for found in ran)
    output = options.output or ROOT / "benchmarks" / "results" / f"{RESULT_NAME}.json"
    if output.resolve() == (ROOT / "benchmarks" / "results" / f"{RESULT_NAME}.json").resolve():
        write_result(RESULT_NAME, result)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2) + "\n")
    print_summary(result)
    return 0 if result["passed"] else 1


def print_summary(result: dict[str, Any]) -> None:
    out = sys.stderr
    out.write("\nFault tests\n")
    for name, by_database in result["faults"].items():
        for database, found in by_database.items():
            verdict = "PASSED" if found["passed"] else "FAILED"
            out.write(f"{verdict} {name} on {database} ({found.get('seconds', 0):g} s)\n")
            if "error" in found:
                out.write(f"    error: {found['error']}\n")
            for check, ok in found.get("checks", {}).items():
                out.write(f"    {'ok  ' if ok else 'FAIL'} {check}\n")
            for key in FIGURES.get(name, ()):
                if key in found:
                    out.write(f"    {key}: {found[key]}\n")


FIGURES = {
    "worker_kill": (
        "rows_sent", "bad_rows_sent", "killed_at_rows", "rows_per_second_before_kill",
        "rows_per_second_after_resume", "seconds_kill_to_resume", "seconds_resume_to_end",
        "seconds_whole_import_wall_clock",
    ),
    "server_kill": (
        "forms_sent", "first_round", "unanswered_forms_whose_contact_was_committed",
        "unanswered_forms_sent_again", "answers_when_sent_again",
        "seconds_to_restart",
    ),
    "connections_terminated": (
        "gunicorn_workers", "connections_before", "connections_terminated", "answers_after",
        "connections_after",
    ),
}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
