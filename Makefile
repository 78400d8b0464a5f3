# Every target works on a fresh clone with only Python 3.11+ and make present.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

demo: $(STAMP)
	cd example && ../$(PY) manage.py migrate --noinput
	cd example && ../$(PY) manage.py demo_help
	cd example && ../$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check restframe tests example benchmarks
	$(VENV)/bin/ruff format --check restframe
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) example/db.sqlite3 tests/artifacts
