#!/usr/bin/env bash
# `make run`: the development server and, beside it, one worker of the job queue (the database backend,
# django-tasks-db), so the PDFs people ask for get made. Ctrl-C (or the end of either) stops both.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py db_worker --interval 1 &
"$PY" manage.py runserver "$HOST:$PORT" &
wait -n
