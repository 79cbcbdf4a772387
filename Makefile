# KCC Academy: everyday commands. `make run` and `make test` are the README's two commands.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := KCC_ENV=$${KCC_ENV:-development} $(VENV)/bin/flask --app wsgi
PORT ?= 5000

.PHONY: run test install install-system lint lock translations db demo worker clean

# Installs exactly what the lock files name (with their hashes), then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock requirements-dev.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

## Refresh the lock files from pyproject.toml's ranges (after adding or changing a dependency;
## `make lock UPGRADE=1` moves every package to its newest allowed version). Then `make install`.
LOCK_TOOLS := .venv-lock-tools
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || (python3 -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/pip install --quiet "pip-tools>=7.4,<8")
	$(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) --output-file requirements.lock pyproject.toml
	$(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) --extra dev --output-file requirements-dev.lock pyproject.toml

## Set up and run the platform with demo data on SQLite (http://127.0.0.1:$(PORT)).
run: install
	$(FLASK) db upgrade
	BASE_URL=http://127.0.0.1:$(PORT) $(FLASK) seed demo
	BASE_URL=http://127.0.0.1:$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

## What the tests need on Debian, installed and started when missing: Chromium and CJK fonts
## (browser tests), Java (Nu HTML validator), Pango/HarfBuzz and poppler (certificate PDFs),
## Node.js (the credential verifier), PostgreSQL and Redis (scripts/test-services.sh).
install-system:
	PGPASSWORD=$(PGPASSWORD) scripts/test-services.sh

# Used only where the local PostgreSQL asks for a password (a fresh Debian cluster).
PGPASSWORD ?= kcc-test

# Test processes (pytest-xdist): one per core by default. Each has its own databases, Redis and
# ports, so they never share a row; TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= auto

## Run ruff and the whole test suite, on SQLite and on PostgreSQL.
test: install install-system
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PGPASSWORD=$(PGPASSWORD) $(PY) -m pytest -n $(TEST_WORKERS) --durations=25

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

## After changing a user-visible string: extract, merge into every catalogue, compile.
translations: install
	$(FLASK) translations update
	$(PY) scripts/fill_english_catalogue.py
	$(FLASK) translations compile

worker: install
	$(VENV)/bin/rq worker --serializer rq.serializers.JSONSerializer --url $${REDIS_URL:?set REDIS_URL} default

clean:
	rm -rf $(VENV) $(LOCK_TOOLS) instance test-artifacts .pytest_cache .ruff_cache
