# Quick start: `make run` (set up and serve the demo site), `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run test test-quick install migrate seed worker beat lint check messages messages-overrides clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the project's metadata changes, so a second `make run` starts in seconds.
$(INSTALLED): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Certificates print the site's address in their QR code and link: the port served here,
# unless LMS_PUBLIC_URL says otherwise.
PUBLIC_URL = LMS_PUBLIC_URL=$${LMS_PUBLIC_URL:-http://127.0.0.1:$(PORT)}

seed: migrate
	$(PUBLIC_URL) $(BIN)/python manage.py seed_demo

run: seed
	$(PUBLIC_URL) $(BIN)/python manage.py rundemo 127.0.0.1:$(PORT)

# The whole suite, one process per core (pytest-xdist), each with its own database.
test: install
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# While working: everything but the slow tests, keeping the test database between runs.
# `make test` before pushing; PYTEST_ARGS="tests/courses" narrows either.
test-quick: install
	mkdir -p .test-db
	LMS_TEST_DB_DIR=.test-db $(BIN)/python -m pytest -n auto --dist loadgroup --reuse-db \
		-m "not slow" $(PYTEST_ARGS)

worker: install
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-lms.settings.dev} $(BIN)/celery -A lms worker --loglevel=INFO

beat: install
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-lms.settings.dev} $(BIN)/celery -A lms beat --loglevel=INFO

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Lint, format, the architecture (import contracts, no import cycles) and migrations.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tests/architecture/import_graph.py
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages --locale vi --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --no-location
	$(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

# Vietnamese for Wagtail's and Django's own strings (locale_overrides/, edited by hand, see its
# header). makemessages never writes there (it extracts into LOCALE_PATHS[0], locale/);
# compilemessages above compiles it too, to the same bytes as this.
messages-overrides:
	msgfmt --check-format -o locale_overrides/vi/LC_MESSAGES/django.mo locale_overrides/vi/LC_MESSAGES/django.po
	msgfmt --check-format -o locale_overrides/vi/LC_MESSAGES/djangojs.mo locale_overrides/vi/LC_MESSAGES/djangojs.po

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles artifacts .pytest_cache .test-db
