# Gabinete — `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast test-dates fuzz lint mypy migrations-check system-packages venv bench bench-ingest backup restore clean

# Development and tests: the runtime packages and the tools (requirements-dev.txt includes
# requirements.txt). Production installs requirements.txt only (README).
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Se necesita Python 3.11 o superior"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# python-ldap compiles against the system's LDAP and SASL headers: those come first.
	@./scripts/ensure-system-packages.sh
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

system-packages:
	@./scripts/ensure-system-packages.sh

run: system-packages venv
	@mkdir -p var
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo
	@echo "Gabinete en http://$(HOST):$(PORT)/  (usuarios de demostración: ver README)"
	@echo "La cola de trabajos (PDF y otros documentos) corre al lado; Ctrl-C detiene ambos."
	DEBUG=$${DEBUG:-true} PY=$(PY) HOST=$(HOST) PORT=$(PORT) ./scripts/run-dev.sh

# The suite runs in parallel (pytest-xdist): TEST_WORKERS processes, each with its own test database
# (test_<name>_gw0, …), media folder and browser. `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 3
TEST_DIST ?= worksteal
XDIST = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist $(TEST_DIST))

test: system-packages venv
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# The form fuzzer with new random examples each run (the suite's are the same every run).
fuzz: venv
	GABINETE_FUZZ_RANDOM=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) tests/security/test_fuzz_forms.py $(PYTEST_ARGS)

# Everything but the real-browser tests.
test-fast: system-packages venv
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)

# The date-sensitive tests once more with the clock on the 1st of a month, on a 31st, on the last
# business day before a holiday (Christmas) and late on a Sunday (the week turns within hours).
# The whole suite runs on a fixed ordinary day otherwise.
# The test databases are built once for all the dates (the first date creates them, the others reuse
# them with --reuse-db; SQLite's live in a folder of this run, removed at the end). The dates run in
# chronological order: the rows a database is built with carry the first date's timestamps, and a later
# run with an earlier clock would find them in its future (a publication no newer than the catalogue
# left the public stamp unchanged, a 304 instead of the new page).
TEST_DATES ?= 2026-12-01 2026-12-31 2026-12-24 2026-11-29T23:30
test-dates: venv
	@set -e; dbdir=$$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d); trap 'rm -rf "$$dbdir"' EXIT; fresh=--create-db; \
	for day in $$(printf '%s\n' $(TEST_DATES) | sort); do \
	  echo "=== pruebas sensibles a la fecha con el reloj en $$day ==="; \
	  GABINETE_TEST_DB_DIR=$$dbdir DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) -q -m date_sensitive \
	    --clock=$$day --reuse-db $$fresh $(PYTEST_ARGS); \
	  fresh=; \
	done

# Types: mypy with django-stubs ([tool.mypy] in pyproject.toml) over the core's permissions, activity
# and workflow and every app's services, selectors and permissions, each function annotated.
APPS := protocol communications archive indicators transparency
MYPY_FILES := gabinete/permissions.py gabinete/activity.py gabinete/workflow.py gabinete/types.py gabinete/jobs.py gabinete/notifications.py \
	$(foreach app,$(APPS),$(app)/services.py $(app)/selectors.py $(app)/permissions.py)
# The office is an app inside the core's folder (issue 14 point 1).
MYPY_FILES += gabinete/office/services.py gabinete/office/selectors.py gabinete/office/permissions.py
# The distribution lists' services and selector (issue 16 point 5).
MYPY_FILES += gabinete/lists.py
# The review queues' one list pattern and their bulk actions (issue 21 points 1 and 2).
MYPY_FILES += gabinete/queues.py gabinete/bulk.py
# Sign-in (the directory, two-step and sessions) and personal data (issue 20).
MYPY_FILES += gabinete/ldap_directory.py gabinete/privacy.py \
	$(foreach part,accounts dataprotection,gabinete/$(part)/services.py gabinete/$(part)/selectors.py gabinete/$(part)/permissions.py)
TEMPLATE_DIRS := templates gabinete/templates

mypy: venv
	$(VENV)/bin/mypy $(MYPY_FILES)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint $(TEMPLATE_DIRS)
	$(VENV)/bin/mypy $(MYPY_FILES)
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/bandit -q -c pyproject.toml -r gabinete $(APPS) --severity-level high

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

# PostgreSQL only: DATABASE_URL=postgres://… make bench [SCALE=1] [BENCH_ARGS="--quick --only nómina"].
# Loads the scale data once (skipped when the database already has it), then measures. The commands
# live in the development tooling (gabinete/devtools/), which only the development settings install;
# the gunicorn the bench measures runs the production settings.
# `make bench` ends with the ingest figures too; alone:
# DATABASE_URL=postgres://… make bench-ingest [BENCH_INGEST_ARGS="--worker-sources 10"]: the press
# archive's fetcher (issue 19 point 6) on a generated local media site: 50 sources × 200 items in one
# process and through one db_worker (items/s), then clustering against 500,000 fingerprinted clippings
# (filled once by SQL and kept); figures in var/bench-ingest.json. A database of its own is best.
SCALE ?= 1
DEVTOOLS := DJANGO_SETTINGS_MODULE=gabinete.settings_dev
bench: venv
	@./scripts/ensure-system-packages.sh wrk
	$(DEVTOOLS) $(PY) manage.py migrate --noinput
	$(DEVTOOLS) $(PY) manage.py generate_scale_data --scale $(SCALE) --si-faltan --i-know-this-is-not-production
	$(DEVTOOLS) $(PY) manage.py bench $(BENCH_ARGS)
	$(DEVTOOLS) $(PY) manage.py bench_ingest --i-know-this-is-not-production $(BENCH_INGEST_ARGS)

bench-ingest: venv
	$(DEVTOOLS) $(PY) manage.py migrate --noinput
	$(DEVTOOLS) $(PY) manage.py bench_ingest --i-know-this-is-not-production $(BENCH_INGEST_ARGS)

backup: venv
	$(PY) manage.py backup

restore: venv
	@test -n "$(FILE)" || { echo "Uso: make restore FILE=var/backups/gabinete-AAAAMMDD-HHMMSS.tar.gz"; exit 1; }
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) var/static
