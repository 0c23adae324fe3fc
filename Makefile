# unionhall: `make demo` runs the app with a demo school; `make test` runs lint (ruff and the
# import-linter layer contracts in pyproject.toml) and every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
RUN := $(UV) run --frozen --no-sync
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: demo test lint format bench messages css serve migrate seed clean ci ci-pg

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

env: $(VENV)/.synced

demo: $(VENV)/.synced
	mkdir -p var
	$(RUN) python manage.py migrate --no-input
	$(RUN) python manage.py seed_demo --if-empty
	$(RUN) python manage.py demo_logins
	# The task worker (the year's archive) runs beside the server and stops with it.
	$(RUN) python manage.py db_worker & trap "kill $$!" EXIT; $(RUN) python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.synced lint
	$(RUN) pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports

format: $(VENV)/.synced
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

# What CI runs (installs missing Debian packages, so as root): SQLite then PostgreSQL.
ci:
	bash .ci/run

# The suite on a throwaway PostgreSQL server only (needs Debian's postgresql installed).
ci-pg:
	bash .ci/run postgres

# Every benchmark, or those named: `make bench BENCH=hour` (a school's busiest hour under locust).
bench: $(VENV)/.synced
	$(RUN) python -m bench $(BENCH)

messages: $(VENV)/.synced
	$(RUN) python manage.py makemessages -l zh_Hans --no-obsolete --no-location --no-wrap --ignore=.venv --ignore=.tools --ignore=var
	$(RUN) python manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=.tools

# Bootstrap trimmed to the rules the project's markup can use (core/static/core/bootstrap.trimmed.css,
# linked by base.html): run after using a new Bootstrap class; tests/test_trimmed_css.py checks it.
css: $(VENV)/.synced
	$(RUN) python manage.py trim_css

# The production shape: static files collected (WhiteNoise serves them, compressed and with hashed
# names, when UNIONHALL_ENV=production), the database's migrations checked (it refuses to start
# on a database that lacks some), then gunicorn with deploy/gunicorn.conf.py. See deploy/README.md.
serve: $(VENV)/.synced
	mkdir -p var
	$(RUN) python manage.py collectstatic --no-input --verbosity 0
	@$(RUN) python manage.py migrate --check >/dev/null || { \
	    echo "unionhall: the database has migrations that are not applied (or cannot be reached):" >&2; \
	    echo "  run 'make migrate' (or .venv/bin/python manage.py migrate), then 'make serve' again." >&2; \
	    exit 1; }
	exec $(RUN) gunicorn --config deploy/gunicorn.conf.py

migrate: $(VENV)/.synced
	mkdir -p var
	$(RUN) python manage.py migrate --no-input

clean:
	rm -rf $(VENV) $(TOOLS) var/unionhall.sqlite3*
