#!/usr/bin/env bash
# `make run`: the development server and, beside it, one worker of the job queue (the database backend,
# django-tasks-db), so the PDFs and e-mails get made and sent, and the scheduler of the periodic jobs
# (PERIODIC_TASKS: `manage.py run_periodic`, every 60 s). Ctrl-C (or the end of any) stops all three.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null || true' EXIT INT TERM
# The worker runs at a lower CPU priority than the web: a PDF being laid out never slows the pages
# people are waiting for (issue 15 point 10; the systemd unit in the README says Nice=10 too).
nice -n "${WORKER_NICE:-10}" "$PY" manage.py db_worker --interval 1 &
nice -n "${WORKER_NICE:-10}" "$PY" manage.py run_periodic &
"$PY" manage.py runserver "$HOST:$PORT" &
wait -n
