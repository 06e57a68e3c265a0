# The two commands: `make run` (the whole platform with demo data) and `make test`.
# Both work on a fresh Debian machine as root: they install what is missing first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_DEBUG ?= 1

.PHONY: run test soak install system-deps lint migrations-check clean

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

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

install: system-deps $(VENV)/.installed

# Debian packages the Python stack needs: a compiler and libpq for psycopg2, venv.
system-deps:
	@missing=""; \
	for pkg in python3 python3-venv python3-dev gcc libpq-dev; do \
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

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles

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
