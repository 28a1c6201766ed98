# Two commands on a fresh machine: `make run` and `make test` (see README).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python >= 3.11 on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& echo $$p && break; done)

.PHONY: run test install lint check-migrations bench

$(BIN)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 ...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000  (Ctrl+C stops)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Dog counts to benchmark (docs/benchmarks.md); `make bench BENCH_SIZES=1000 BENCH_SQLITE_SIZES=`
# is a quick run. BENCH_ARGS passes more options, e.g. --keep-data.
BENCH_SIZES ?= 1000 10000 100000
BENCH_SQLITE_SIZES ?= 10000
bench: install
	$(BIN)/python bench/run.py --sizes "$(BENCH_SIZES)" --sqlite-sizes "$(BENCH_SQLITE_SIZES)" $(BENCH_ARGS)
