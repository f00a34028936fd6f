"""Settings: typed helpers fail naming the variable; every variable is documented; the
production posture passes Django's deployment checks and sends the security headers."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from concord.config import env

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "concord" / "config" / "settings.py"
GUNICORN = ROOT / "concord" / "config" / "gunicorn.py"
HELPERS = {"env_str", "env_bool", "env_int", "env_list", "env_choice"}


def variables_read_by_settings() -> set[str]:
    names = set()
    trees = [ast.parse(source.read_text()) for source in (SETTINGS, GUNICORN)]
    for node in (node for tree in trees for node in ast.walk(tree)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in HELPERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def test_every_setting_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    names = variables_read_by_settings()

    assert len(names) > 10
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert missing == [], f"Add these to docs/configuration.md: {missing}"


@pytest.mark.parametrize(
    ("helper", "value", "args", "message"),
    [
        (env.env_bool, "perhaps", (False,), "CONCORD_X must be true or false"),
        (env.env_int, "ten", (1,), "CONCORD_X must be a whole number"),
        (env.env_int, "0", (5, 1), "CONCORD_X must be at least 1"),
        (env.env_choice, "staging", (("a", "b"), "a"), "CONCORD_X must be one of a, b"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(monkeypatch, helper, value, args, message):
    monkeypatch.setenv("CONCORD_X", value)

    with pytest.raises(ImproperlyConfigured, match=message):
        helper("CONCORD_X", *args)


def test_a_required_variable_that_is_missing_is_named(monkeypatch):
    monkeypatch.delenv("CONCORD_X", raising=False)

    with pytest.raises(ImproperlyConfigured, match="CONCORD_X must be set"):
        env.env_str("CONCORD_X")


def test_values_are_parsed(monkeypatch):
    monkeypatch.setenv("CONCORD_X", " a.example, b.example ,")
    assert env.env_list("CONCORD_X") == ["a.example", "b.example"]
    monkeypatch.setenv("CONCORD_X", "Yes")
    assert env.env_bool("CONCORD_X", False) is True
    monkeypatch.setenv("CONCORD_X", "")
    assert env.env_int("CONCORD_X", 15) == 15


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CONCORD_", "DJANGO_"))
    }
    base.update(
        CONCORD_ENVIRONMENT="production",
        CONCORD_SECRET_KEY="a-long-random-production-secret-" + "x7Yq2" * 10,
        CONCORD_VAULT_KEYS="cHJvZHVjdGlvbi10ZXN0LXZhdWx0LWtleS0wMDAwMDA=",
        CONCORD_AUDIT_KEYS="production-test-audit-key-0123456789abcdef",
        CONCORD_ALLOWED_HOSTS="concord.example.gov.uk",
        CONCORD_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="concord.config.settings",
        **extra,
    )
    return base


def run(args: list[str], env_vars: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, *args], cwd=ROOT, env=env_vars, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_requires_a_secret_key(tmp_path):
    env_vars = production_env(tmp_path)
    del env_vars["CONCORD_SECRET_KEY"]

    result = run(["manage.py", "check"], env_vars)

    assert result.returncode != 0
    assert "CONCORD_SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, CONCORD_DEBUG="true"))

    assert result.returncode != 0
    assert "CONCORD_DEBUG must be false" in result.stderr


# The sign-in page reads no table, so the database is left empty; the hashed, compressed
# assets it links to are collected first, in the same process.
PROBE = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("collectstatic", "--noinput", "-v0", "--ignore", "*.scss")
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
host = {"host": "concord.example.gov.uk"}
response = Client().get("/accounts/sign-in/", secure=True, headers=host)
print(response.status_code)
for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
             "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
    print(name, "=", response.headers.get(name, "MISSING"))
print("cookies", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,
      settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE)
print("redirect", settings.SECURE_SSL_REDIRECT, settings.DEBUG)
"""


def test_production_sends_security_headers(tmp_path):
    result = run(["-c", PROBE], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == "200"
    assert "Strict-Transport-Security = max-age=31536000\n" in out
    assert "Permissions-Policy = accelerometer=(), " in out
    assert "camera=(), " in out and "geolocation=(), " in out and "microphone=(), " in out
    assert "script-src 'self' 'nonce-" in out
    assert "frame-ancestors 'none'" in out
    assert "X-Frame-Options = DENY" in out
    assert "X-Content-Type-Options = nosniff" in out
    assert "cookies True True True Lax" in out
    assert "redirect True False" in out


def test_hsts_subdomains_and_preload_are_chosen_by_settings(tmp_path):
    chosen = production_env(
        tmp_path, CONCORD_HSTS_INCLUDE_SUBDOMAINS="true", CONCORD_HSTS_PRELOAD="true"
    )

    result = run(["-c", PROBE], chosen)

    assert result.returncode == 0, result.stderr
    assert "Strict-Transport-Security = max-age=31536000; includeSubDomains; preload" in (
        result.stdout
    )


def test_production_refuses_demo_accounts_at_start_up(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, CONCORD_DEMO_ACCOUNTS="true"))

    assert result.returncode != 0
    assert "CONCORD_DEMO_ACCOUNTS must be false" in result.stderr


def test_each_new_web_process_starts_the_chart_engine_before_its_first_request(monkeypatch):
    from concord.config import gunicorn
    from concord.core import charts

    drawn = []
    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", drawn.append)

    gunicorn.post_worker_init(worker=None)

    assert drawn == [{"mark": "point"}]
