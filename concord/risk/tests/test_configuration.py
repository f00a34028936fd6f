"""Bands and the escalation rule are configuration; a bad value stops start-up."""

from __future__ import annotations

from concord.config.tests.test_settings import production_env, run


def test_a_high_threshold_not_above_the_medium_one_stops_start_up(tmp_path):
    env_vars = production_env(tmp_path, CONCORD_RISK_MEDIUM_FROM="14", CONCORD_RISK_HIGH_FROM="14")

    result = run(["manage.py", "check"], env_vars)

    assert result.returncode != 0
    assert "CONCORD_RISK_HIGH_FROM must be above CONCORD_RISK_MEDIUM_FROM" in result.stderr


def test_an_escalation_window_of_no_days_stops_start_up(tmp_path):
    env_vars = production_env(tmp_path, CONCORD_RISK_ESCALATION_WINDOW_DAYS="0")

    result = run(["manage.py", "check"], env_vars)

    assert result.returncode != 0
    assert "CONCORD_RISK_ESCALATION_WINDOW_DAYS must be at least 1" in result.stderr
