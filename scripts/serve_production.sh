#!/usr/bin/env bash
# `make serve`: Concord in the production posture on this machine. Stops at once, naming
# them, if required settings are missing; then migrates, collects the static files (served
# by WhiteNoise) and runs gunicorn (concord/config/gunicorn.py) beside the background-task
# worker, which is started again whenever it stops. Ctrl+C or a TERM stops both; so does
# gunicorn ending.
# Usage: scripts/serve_production.sh PYTHON
set -uo pipefail
python=$1
source "$(dirname "$0")/keep_worker.sh"

if [[ -n "${CONCORD_ENVIRONMENT:-}" && "$CONCORD_ENVIRONMENT" != production ]]; then
  echo "make serve is the production posture: unset CONCORD_ENVIRONMENT (it is $CONCORD_ENVIRONMENT)" >&2
  exit 2
fi
export CONCORD_ENVIRONMENT=production
required=(CONCORD_SECRET_KEY CONCORD_VAULT_KEYS CONCORD_AUDIT_KEYS CONCORD_ALLOWED_HOSTS)
missing=()
for name in "${required[@]}"; do
  [[ -n "${!name:-}" && -n "${!name// /}" ]] || missing+=("$name")
done
if (( ${#missing[@]} )); then
  echo "make serve needs these settings (see docs/configuration.md): ${missing[*]}" >&2
  exit 2
fi

set -e
"$python" manage.py migrate --noinput --verbosity 0
"$python" manage.py collectstatic --noinput --verbosity 0 \
  --ignore '*.scss' --ignore '*.njk' --ignore '*.d.ts'
set +e

keep_worker "$python" &
worker=$!
"$python" -m gunicorn --config python:concord.config.gunicorn concord.config.wsgi:application &
web=$!

stop() {
  trap - EXIT INT TERM
  kill -TERM "$worker" "$web" 2>/dev/null
  wait
}
trap stop EXIT INT TERM
wait "$web"
