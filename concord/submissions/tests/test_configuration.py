from concord.config.tests.test_settings import production_env, run


def test_production_requires_vault_keys(tmp_path):
    env_vars = production_env(tmp_path)
    del env_vars["CONCORD_VAULT_KEYS"]

    result = run(["manage.py", "check"], env_vars)

    assert result.returncode != 0
    assert "CONCORD_VAULT_KEYS must be set" in result.stderr


def test_development_needs_no_vault_key(tmp_path):
    env_vars = production_env(tmp_path)
    env_vars["CONCORD_ENVIRONMENT"] = "development"
    del env_vars["CONCORD_VAULT_KEYS"]

    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(len(settings.VAULT_KEYS))",
        ],
        env_vars,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
