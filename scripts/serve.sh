#!/usr/bin/env bash
# `make run`: the development web server and the background-task worker (which imports
# uploaded files), together. The worker is started again whenever it stops, and never takes
# the web server down with it. Ctrl+C, or a signal to this script (as make passes on when it
# is stopped), stops both; so does the web server ending.
# Usage: scripts/serve.sh PYTHON PORT
set -uo pipefail
python=$1 port=$2
source "$(dirname "$0")/keep_worker.sh"

keep_worker "$python" &
worker=$!
"$python" manage.py runserver --noreload "127.0.0.1:$port" &
web=$!

stop() {
  trap - EXIT INT TERM
  kill -TERM "$worker" "$web" 2>/dev/null
  wait
}
trap stop EXIT INT TERM
wait "$web"
