# Concord: one command each. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := CONCORD_ENVIRONMENT=development CONCORD_DEMO_ACCOUNTS=true
TEST_ENV := DJANGO_SETTINGS_MODULE=concord.config.test_settings
# Every package, pinned with its hashes, from pyproject.toml's requirements (make lock).
LOCK := requirements/lock.txt
UV := $(VENV)/bin/uv
LOCK_COMPILE := $(UV) pip compile pyproject.toml --extra dev --extra spark \
	--generate-hashes --python-version 3.11 --custom-compile-command "make lock" --quiet
# pytest-xdist workers: one per core. Tests that share something beyond their own test
# database (a fixed database name, a Java process) carry an xdist_group mark and run on one.
PYTEST_WORKERS ?= auto

.PHONY: run serve setup install static migrate demo demo-code backup restore lock lock-check test lint format typecheck pytest test-browser api-contract bench clean

run: setup migrate demo ## Set up everything, load demo data, serve on http://127.0.0.1:8000 with the task worker
	@echo "Concord is at http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(DEV_ENV) scripts/serve.sh $(PY) $(PORT)

serve: install ## Production: check the required settings, migrate, collectstatic, then gunicorn and the task worker
	scripts/serve_production.sh $(PY)

setup: install static

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $@

lock: $(UV) ## Pin every package with its hashes into requirements/lock.txt (after changing pyproject.toml)
	$(LOCK_COMPILE) --output-file $(LOCK)

lock-check: $(UV) ## Fails when requirements/lock.txt is not what make lock would write
	cp $(LOCK) $(VENV)/lock-check.txt
	$(LOCK_COMPILE) --output-file $(VENV)/lock-check.txt
	diff -u $(LOCK) $(VENV)/lock-check.txt

# uv alone, at the version the lock file pins, so that make lock works while the lock file
# is behind pyproject.toml (when make install would stop at pip check).
$(UV):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$$(grep -o '^uv==[^ ]*' $(LOCK))"

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: install
	$(DEV_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0 \
		--ignore '*.scss' --ignore '*.njk' --ignore '*.d.ts'

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput --verbosity 0

demo: install
	@$(DEV_ENV) $(PY) manage.py seed_demo

demo-code: ## The current authenticator code of a demo user: make demo-code EMAIL=...
	@$(DEV_ENV) $(PY) manage.py demo_mfa_code "$(EMAIL)"

# The posture of `make run` unless CONCORD_ENVIRONMENT is set (on a server, set it as the
# web server has it, with the same keys: restore ends by verifying the audit trail).
BACKUP_ENV := $(if $(CONCORD_ENVIRONMENT),,$(DEV_ENV))

backup: install ## Back up the database and stored files, never the keys: make backup DIR=...
	@test -n "$(DIR)" || (echo "Name a new directory: make backup DIR=..." && exit 2)
	$(BACKUP_ENV) $(PY) manage.py backup "$(DIR)"

restore: install ## Restore a backup into an empty database: make restore DIR=... [FORCE=1]
	@test -n "$(DIR)" || (echo "Name the backup: make restore DIR=..." && exit 2)
	$(BACKUP_ENV) $(PY) manage.py restore $(if $(FORCE),--force) "$(DIR)"

test: lint typecheck pytest ## ruff, the scoped-access lint, djlint, mypy and pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/lint_scope.py
	$(VENV)/bin/lint-imports
	set -o pipefail; $(PY) scripts/app_graph.py | tail -n 1  # the last line: how many cycles
	$(VENV)/bin/djlint --lint concord/*/jinja2

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install
	$(TEST_ENV) $(VENV)/bin/mypy concord scripts

pytest: install
	$(TEST_ENV) $(VENV)/bin/pytest -m "not browser" -n $(PYTEST_WORKERS) --dist loadgroup

test-browser: install ## Playwright journeys in Debian's Chromium, with axe-core
	$(TEST_ENV) $(VENV)/bin/pytest -m browser tests/system -n $(PYTEST_WORKERS) --dist loadfile

api-contract: install ## schemathesis against a served demo partnership, with each role's token; fails on any failure
	$(PY) scripts/api_contract.py

bench: install ## Scripted benchmarks; JSON results in benchmarks/results/ (BENCH_NATIONAL=1 adds the national indicator run, ~1 hour; BENCH_LOAD=1 the load test, ~25 minutes; BENCH_FAULTS=1 the fault tests, ~45 minutes)
	$(PY) benchmarks/audit_chain.py
	$(PY) benchmarks/synthetic_load.py
	$(PY) benchmarks/indicators.py $(if $(BENCH_NATIONAL),--national-people 1000000)
	$(PY) benchmarks/linkage.py
	$(PY) benchmarks/submissions.py
	$(PY) benchmarks/part4_return.py
	$(PY) benchmarks/public_form.py
	$(if $(BENCH_LOAD),$(PY) benchmarks/load.py)
	$(if $(BENCH_FAULTS),$(PY) benchmarks/faults.py)

clean:
	rm -rf $(VENV) node_modules var .mypy_cache .pytest_cache .ruff_cache .import_linter_cache
