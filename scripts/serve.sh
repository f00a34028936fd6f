#!/usr/bin/env bash
# `make run`: the web server and the background-task worker (which imports uploaded files),
# together. Ctrl+C, or a signal to this script (as make passes on when it is stopped), stops
# both; so does either one ending.
# Usage: scripts/serve.sh PYTHON PORT
set -uo pipefail
python=$1 port=$2

"$python" manage.py db_worker --no-reload &
worker=$!
"$python" manage.py runserver --noreload "127.0.0.1:$port" &
web=$!

stop() {
  trap - EXIT INT TERM
  kill "$worker" "$web" 2>/dev/null
  wait
}
trap stop EXIT INT TERM
wait -n
