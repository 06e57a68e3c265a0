# The two commands: `make run` (the whole platform with demo data) and `make test`.
# Both work on a fresh Debian machine as root: they install what is missing first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_DEBUG ?= 1

.PHONY: run test soak install system-deps lint migrations-check clean lock lock-check messages messages-update translations-check

# Every link in every email is built from RFS_SITE_URL: the address printed below, so a
# link opens where the person signed in (the same host, so their session cookie applies).
run: export RFS_SITE_URL ?= http://127.0.0.1:$(PORT)
# scripts/supervise.py, not honcho: a process that dies is restarted (a bounded number of
# times) instead of taking the web server, the worker and beat down with it.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Run for Something is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Sign in at http://127.0.0.1:$(PORT)/accounts/login/ with a demo login above."
	@echo "  Emails (sign-in codes too) are printed by the worker below. Ctrl-C stops everything."
	@echo ""
	@mkdir -p var
	RFS_REQUIRE_MFA=$${RFS_REQUIRE_MFA:-0} PORT=$(PORT) $(BIN)/python scripts/supervise.py Procfile.dev --status var/supervise.json

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The embedded stack (`make run`'s) under load for 10 minutes: tests/soak/test_soak.py.
SOAK_SECONDS ?= 600
soak: install
	@mkdir -p var
	RFS_SOAK_SECONDS=$(SOAK_SECONDS) RFS_SOAK_REPORT=var/soak.json $(BIN)/pytest -p no:cacheprovider -m soak tests/soak

# What .ci/run checks besides the tests: lint, formatting, no import cycles, the layers'
# import contract (.importlinter), no app file over 400 lines, migrations, and the
# Spanish catalogue (scripts/check_translations.py).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/import_cycles.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_file_sizes.py
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_translations.py

install: system-deps $(VENV)/.installed messages

# The catalogues (locale/<lang>/LC_MESSAGES/django.po) compiled to the .mo files Django
# reads. The .mo files are built here, never committed: a committed one could disagree
# with its .po, and building them is a second or two. compilemessages runs GNU gettext's
# msgfmt (system-deps installs it); it walks the tree, so the virtualenvs are skipped.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --locale $* -i .venv -i .lock-venv -i .bench-venv -i node_modules -i var

# Refresh the catalogues from the sources after marking strings (docs/translation.md).
messages-update: install
	$(BIN)/python manage.py makemessages -l es --no-obsolete -i '.venv/*' -i '.lock-venv/*' -i '.bench-venv/*' -i 'bench/*' -i 'tests/*' -i 'node_modules/*' -i 'static/*' -i 'staticfiles/*' -i 'var/*' -i 'locale/*'

# Every candidate-facing string translated (0 untranslated, 0 fuzzy) and the catalogue
# current with the sources: scripts/check_translations.py, also run by `make lint`.
translations-check: install
	$(BIN)/python scripts/check_translations.py

# Debian packages the Python stack needs: a compiler and libpq for psycopg2, venv, and
# GNU gettext (msgfmt, xgettext) for compilemessages and the translations check.
system-deps:
	@missing=""; \
	for pkg in python3 python3-venv python3-dev gcc libpq-dev gettext; do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Please install:$$missing"; \
		fi; \
	fi

# Every package comes from the lock, pinned with its hashes; then the project itself.
$(VENV)/.installed: pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The lock files: requirements/base.txt (what the image runs) and requirements/dev.txt
# (that plus the test and lint tools). Refresh them after changing pyproject.toml's
# dependencies with `make lock`; `make lock-check` (run by .ci/run) fails while they
# disagree with pyproject.toml.
LOCK_VENV ?= .lock-venv
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

lock: $(LOCK_VENV)/.installed
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) --output-file requirements/base.txt pyproject.toml
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) --extra dev --output-file requirements/dev.txt pyproject.toml

$(LOCK_VENV)/.installed:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet 'pip-tools>=7.4,<8'
	touch $@

lock-check: install
	$(BIN)/python scripts/check_lock.py

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) $(LOCK_VENV) var db.sqlite3 staticfiles

# --- Benchmarks (bench/README.md) -------------------------------------------------------
# `make bench` seeds 1,000,000 candidates once (kept in the rfs_bench database), drives
# every page under load and writes docs/benchmarks.md; `make bench BENCH_CANDIDATES=20000`
# for a quick run. Locust lives in its own virtualenv, never in the project's.

BENCH_CANDIDATES ?= 1000000
BENCH_VENV ?= .bench-venv

.PHONY: bench bench-seed bench-deps

bench: install bench-deps $(BENCH_VENV)/.installed
	env -u DJANGO_DEBUG $(BIN)/python bench/run.py --candidates $(BENCH_CANDIDATES)

bench-seed: install bench-deps
	env -u DJANGO_DEBUG $(BIN)/python bench/run.py --candidates $(BENCH_CANDIDATES) --seed-only

# A signup surge while PostgreSQL restarts and Redis (cache and broker) is away for 60 s, on
# PRIVATE PostgreSQL and Redis instances (own ports and folders under var/faults, never the
# shared ones): no request half-saved, every page answers after, every email sent exactly
# once. About 5 minutes; exits 1 when an invariant breaks; its figures go to bench/faults.md,
# which docs/benchmarks.md includes. FAULTS_USERS=50 virtual users, FAULTS_REDIS_DOWN=60 s.
.PHONY: faults
faults: install bench-deps $(BENCH_VENV)/.installed
	env -u DJANGO_DEBUG $(BIN)/python bench/faults.py

# PostgreSQL and Redis (bench/run.py starts them when they are not running).
bench-deps:
	@missing=""; \
	for pkg in postgresql redis-server; do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Please install:$$missing"; exit 1; \
		fi; \
	fi

$(BENCH_VENV)/.installed:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet 'locust>=2.30,<3'
	touch $@
