# KCC Academy: everyday commands. `make run` and `make test` are the README's two commands.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000

.PHONY: run test install install-system lint translations db demo worker clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## Set up and run the platform with demo data on SQLite (http://127.0.0.1:$(PORT)).
run: install
	$(FLASK) db upgrade
	BASE_URL=http://127.0.0.1:$(PORT) $(FLASK) seed demo
	BASE_URL=http://127.0.0.1:$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

## Debian packages the tests need (Chromium for the browser tests, CJK fonts for screenshots).
install-system:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

## Run ruff and the whole test suite, on SQLite and on PostgreSQL.
test: install install-system
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

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
	rm -rf $(VENV) instance test-artifacts .pytest_cache .ruff_cache
