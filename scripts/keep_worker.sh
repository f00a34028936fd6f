# Sourced by serve.sh and serve_production.sh.
# keep_worker PYTHON: run the background-task worker (`manage.py worker`) and start it again
# whenever it stops, after a pause that grows while it keeps stopping, saying so on the
# terminal. Run it in the background; a TERM stops the worker (gracefully) and the loop.
keep_worker() {
  local python=$1 pause=2 child status started
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM
  trap '' INT  # Ctrl+C reaches the worker itself; the caller sends TERM to this loop
  while true; do
    started=$SECONDS
    "$python" manage.py worker --no-reload &
    child=$!
    wait "$child"
    status=$?
    if (( SECONDS - started > 60 )); then pause=2; fi
    echo "concord: the task worker stopped (exit status $status); starting it again in ${pause}s" >&2
    sleep "$pause" &
    wait $!
    pause=$(( pause < 30 ? pause * 2 : 30 ))
  done
}
