# The two set-up commands a newcomer needs: `make demo` and `make test`.
# Both create .venv (Python 3.11) if missing and install the pinned dependencies from constraints.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install test lint typecheck unit test-deps demo airflow clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==$(PIP_VERSION)"

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,celery]"
	touch $(STAMP)

install: $(STAMP)

## System packages some tests drive (Debian): psql, the PostgreSQL JDBC driver, a JDK, psqlODBC + unixODBC
## (tests/test_serve_odbc.py), headless Chromium (tests/test_report_browser.py), and the PostgreSQL server +
## Redis of tests/test_airflow_celery.py (the test starts its own throwaway instances, never the system services).
test-deps:
	@command -v psql >/dev/null && command -v javac >/dev/null && command -v openssl >/dev/null && test -e /usr/share/java/postgresql.jar \
	  && command -v chromium >/dev/null && command -v odbcinst >/dev/null && ls /usr/lib/*/odbc/psqlodbcw.so >/dev/null 2>&1 \
	  && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql-client libpostgresql-jdbc-java default-jdk-headless openssl chromium odbc-postgresql unixodbc \
	    postgresql redis-server >/dev/null)

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q -m "not slow and not scheduler and not clients"

test: install test-deps lint typecheck
	$(BIN)/pytest

## The DAG chain run through Airflow itself (dag.test, SQLite in ./airflow_home) on the built-in
## sample articles into ./data/, then a summary of the warehouse.
demo: install
	$(BIN)/evw demo

## Airflow (API server + UI, scheduler, dag-processor) on http://127.0.0.1:$${EVW_AIRFLOW_PORT:-8080} only:
## AIRFLOW_HOME=./airflow_home, SQLite, LocalExecutor, ./dags, pool duckdb_writer. Ctrl-C stops it.
airflow: install
	$(BIN)/python -m warehouse.airflow_local serve

clean:
	rm -rf data airflow_home .pytest_cache .mypy_cache .ruff_cache
