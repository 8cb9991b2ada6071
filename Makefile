# The two set-up commands: `make run` and `make test`. See README.md.

# A Python 3.12+ that actually runs (pyenv shims may exist but fail), else pyenv's install folder.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do $$c -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$c; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
DEV := DEBUG=1 DATABASE_URL=$${DATABASE_URL:-sqlite:///db.sqlite3}

.PHONY: run test venv lint clean screenshots bench bench-suite bench-press bench-registration bench-sign-up bench-event-admin validate messages

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.12 or newer found: install one, or run make PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev]'
	@touch $@

# The interface in Russian and Kazakh: the .mo files are built, not committed, with Babel, which is pure
# Python: a fresh machine has no GNU gettext for Django's compilemessages (commission/web/translations.py).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

$(MO_FILES): %.mo: %.po $(VENV)/.installed
	$(BIN)/python -m commission.web.translations

venv: $(VENV)/.installed $(MO_FILES)

# Brings the .po files up to date with the public templates, the emails and the code (needs GNU gettext:
# apt-get install gettext); the admin, English only, is left out.
messages: venv
	$(BIN)/python manage.py makemessages -l ru -l kk --no-obsolete --no-wrap \
		-i '.venv/*' -i 'node_modules/*' -i 'bench/*' -i 'tests/*' -i 'scripts/*' -i '*/migrations/*' \
		-i '*/management/*' -i 'templates/admin/*' -i '*/admin.py' -i '*/admin/*.py' -i '*/checks.py'

run: venv
	$(DEV) $(BIN)/python manage.py migrate --no-input
	$(DEV) $(BIN)/python manage.py load_seed --sample
	$(DEV) $(BIN)/python manage.py ensure_local_admin
	@# Tasks (emails; alerts at a release's scheduled instant) go through the database queue, as in production:
	@# a worker runs beside the server, printing the emails (console), and is stopped when the server stops.
	@$(DEV) TASKS_BACKEND=database $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) TASKS_BACKEND=database $(BIN)/python manage.py runserver 127.0.0.1:8000

# Whole modules per worker (--dist loadfile): module-scoped fixtures are built once. Bytecode is kept (__pycache__,
# ignored by git) even where PYTHONDONTWRITEBYTECODE is set: each worker otherwise compiles the project and its
# tests again at every run, about 5 s before its first test.
test: venv
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

validate: venv
	@test -f node_modules/vnu-jar/build/dist/vnu.jar || npm install --no-audit --no-fund --silent
	$(BIN)/python -m pytest tests/test_html_validity.py

# Pages as a ratio to a bare view in the same run: page cache off, on with the default files, on with Redis
# (redis-server at 127.0.0.1:6379; BENCH_REDIS=0 leaves it out); renders of one page hit 100 times at once;
# the CPU a hit and the bare view cost in one process (bench/hit_path.py); the release list at 10 vs 10,000.
bench: venv
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/hit_path.py
	$(BIN)/python bench/press_list.py

# Two gunicorn servers, one PostgreSQL database: N concurrent confirmations for fewer seats (bench/registration.py).
bench-registration: venv
	$(BIN)/python bench/registration.py

# One gunicorn worker: how long the sign-up form takes to answer for a new, a pending and a placed address.
bench-sign-up: venv
	$(BIN)/python bench/sign_up.py

screenshots: venv
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/python scripts/screenshots.py
	@# The registration pages behind the form (check your email, confirmed, cancelled...), from the browser walk.
	SCREENSHOTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e/test_registration_flow.py -k "fit"

# The admin change page of a press conference with seven display zones against the admin index, wall and CPU time
# per render (bench/event_admin.py; issue 12 asks for under 0.2 s).
bench-event-admin: venv
	$(BIN)/python bench/event_admin.py

# make test's wall time against the suite before it ran on every CPU (commit 0741a8d), alternating, in one run.
bench-suite: venv
	$(BIN)/python bench/suite.py

# The list page at 10 and at 10,000 releases (SQLite in memory; set DATABASE_URL=postgres://... for PostgreSQL).
bench-press: venv
	$(BIN)/python bench/press_list.py

lint: venv
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
