#!/usr/bin/env python3
"""Load check of the public self-referral form (issue 18): the production server (gunicorn
with Concord's configuration) on loopback, the help point that takes online referrals, then

1. a steady load: 20 complete submissions a second for 10 seconds (each loads the form for
   its CSRF token, then posts it), each from an address of its own; no error is allowed;
2. a flood: 40 posts as fast as they go from one address; the rate limiter must refuse
   every post past CONCORD_PUBLIC_FORM_RATE with 429, and save none of them.

A real socket cannot choose its source address, so the server trusts the address header
the benchmark sends (CONCORD_CLIENT_ADDRESS_HEADER, configured for this server only: a
deployment sets it only behind a proxy that writes the header itself). The rate limit is
counted in its production store (CONCORD_DATA_DIR/ratelimit), shared by gunicorn's workers.
Writes benchmarks/results/public_form-<database>.json.

Usage: benchmarks/public_form.py [--rate 20] [--seconds 10] [--workers 2]
(DATABASE_URL chooses the database; without it a fresh SQLite file in a temporary directory)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from harness import ROOT, start_django, write_result

ADDRESS_HEADER = "X-Benchmark-Client"
FLOOD_POSTS = 40
LIMIT = 5  # posts per hour per address in the benchmark's server
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = {
    "name": "Test caller",
    "contact_method": "call",
    "phone": "07700 900000",
    "safe_times": "Weekdays 10 to 2",
    "never": "no_voicemail",
    "danger_now": "no",
    "language": "",
    "more": "Load test.",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen[Any]:
    command = [
        sys.executable, "-m", "gunicorn", "--config", "python:concord.config.gunicorn",
        "concord.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--graceful-timeout", "5",
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        command,
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_server(server: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)


def wait_until_served(base: str, server: subprocess.Popen[Any], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting: see its log")
        with contextlib.suppress(requests.RequestException):
            if requests.get(base + "/healthz/", timeout=2).status_code < 600:
                return
        time.sleep(0.3)
    raise RuntimeError("the server did not answer in time")


def submit(base: str, address: str) -> tuple[int, float]:
    """Load the form and send it as one person would: the post's status and its seconds."""
    with requests.Session() as session:
        headers = {ADDRESS_HEADER: address}
        page = session.get(base + "/get-in-touch/", headers=headers, timeout=30)
        found = TOKEN.search(page.text)
        if page.status_code != 200 or found is None:
            return page.status_code, 0.0
        started = time.perf_counter()
        answer = session.post(
            base + "/get-in-touch/",
            data={**FORM, "csrfmiddlewaretoken": found.group(1)},
            headers=headers,
            allow_redirects=False,
            timeout=30,
        )
        return answer.status_code, time.perf_counter() - started


def steady(base: str, rate: int, seconds: int) -> dict[str, Any]:
    """``rate`` submissions a second, each started on its own schedule from its address."""
    total = rate * seconds
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(8, rate)) as pool:
        futures = []
        for number in range(total):
            delay = started + number / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            address = f"10.{20 + number // 62500}.{number // 250 % 250}.{number % 250 + 1}"
            futures.append(pool.submit(submit, base, address))
        answers = [future.result() for future in futures]
    elapsed = time.monotonic() - started
    statuses = [status for status, _ in answers]
    times = sorted(seconds for status, seconds in answers if status == 302)
    return {
        "submissions": total,
        "accepted": statuses.count(302),
        "errors": total - statuses.count(302),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "achieved_per_second": round(total / elapsed, 1),
        "post_median_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "post_p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1) if times else None,
    }


def flood(base: str) -> dict[str, Any]:
    statuses = [submit(base, "10.99.0.1")[0] for _ in range(FLOOD_POSTS)]
    return {
        "posts": FLOOD_POSTS,
        "accepted": statuses.count(302),
        "refused_429": statuses.count(429),
        "first_refused_at": statuses.index(429) + 1 if 429 in statuses else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="concord-bench-public-")
    server_env = os.environ | {
        "CONCORD_ENVIRONMENT": "development",
        "CONCORD_DATA_DIR": data_dir,
        "CONCORD_LOG_LEVEL": "WARNING",
        "CONCORD_CLIENT_ADDRESS_HEADER": ADDRESS_HEADER,
        "CONCORD_PUBLIC_FORM_RATE": f"{LIMIT}/h",
        "DJANGO_SETTINGS_MODULE": "concord.config.settings",
    }
    os.environ.update(server_env)
    start_django()
    from django.core.management import call_command
    from django.db import connection

    from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind
    from concord.accounts.services import add_service, create_agency
    from concord.inbox.models import OnlineReferral

    agency = Agency.objects.filter(slug="bench-haven").first() or create_agency(
        None,  # type: ignore[arg-type]
        name="Benchmark help point agency",
        slug="bench-haven",
        kind=AgencyKind.SPECIALIST_DA_PROVIDER,
    )
    if not Service.objects.filter(takes_online_referrals=True, is_active=True).exists():
        point = add_service(None, agency, name="SAFE help point", kind=ServiceKind.HELP_POINT)  # type: ignore[arg-type]
        Service.objects.filter(pk=point.pk).update(takes_online_referrals=True)
    before = OnlineReferral.objects.count()
    call_command("collectstatic", interactive=False, verbosity=0)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(data_dir) / "server.log"
    server = start_server(port, args.workers, server_env, log)
    try:
        wait_until_served(base, server)
        submit(base, "10.250.0.1")  # warm the workers
        steady_result = steady(base, args.rate, args.seconds)
        flood_result = flood(base)
    finally:
        stop_server(server)
    saved = OnlineReferral.objects.count() - before
    expected = 1 + steady_result["accepted"] + flood_result["accepted"]
    database = connection.vendor
    ok = (
        steady_result["errors"] == 0
        and steady_result["achieved_per_second"] >= args.rate * 0.9
        and flood_result["accepted"] == LIMIT
        and flood_result["refused_429"] == FLOOD_POSTS - LIMIT
        and saved == expected
    )
    write_result(
        f"public_form-{database}",
        {
            "database": database,
            "server": f"gunicorn, {args.workers} workers",
            "target_per_second": args.rate,
            "seconds": args.seconds,
            "steady": steady_result,
            "flood": flood_result | {"limit": f"{LIMIT}/h"},
            "referrals_saved": saved,
            "referrals_expected": expected,
            "passed": ok,
        },
    )
    if ok:
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        print(f"The server's log is in {log}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
