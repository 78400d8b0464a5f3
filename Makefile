# Every target works on a fresh clone with only Python 3.11+ and make present.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench soak compat lint clean

DEMO_STAMP := $(VENV)/.demo-installed

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The demo needs restframe alone; tests, lint and benchmarks need the dev and bench extras.
$(DEMO_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP) $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	cd example && ../$(PY) manage.py migrate --noinput
	cd example && ../$(PY) manage.py demo_help
	cd example && ../$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Bounded load run (100k requests on gunicorn and uvicorn): statuses, unexpected 5xx, signals vs
# records vs error ids, worker RSS growth. SOAK_REQUESTS=... changes the count.
SOAK_REQUESTS ?= 100000
soak: $(STAMP)
	$(PY) benchmarks/soak.py --requests $(SOAK_REQUESTS)

# Third-party DRF packages' own test suites (django-filter's DRF tests, djangorestframework-simplejwt's
# whole suite), unchanged, on restframe: their own virtualenv, without djangorestframework.
COMPAT_VENV := .venv-compat
COMPAT_PY := $(COMPAT_VENV)/bin/python
COMPAT_STAMP := $(COMPAT_VENV)/.installed

$(COMPAT_STAMP): pyproject.toml compat/requirements.txt compat/requirements-nodeps.txt
	test -x $(COMPAT_PY) || $(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_PY) -m pip install --quiet --upgrade pip
	$(COMPAT_PY) -m pip install --quiet -e . -r compat/requirements.txt
	$(COMPAT_PY) -m pip install --quiet --no-deps -r compat/requirements-nodeps.txt
	touch $(COMPAT_STAMP)

compat: $(COMPAT_STAMP)
	$(COMPAT_PY) compat/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check restframe tests example benchmarks
	$(VENV)/bin/ruff format --check restframe
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(COMPAT_VENV) example/db.sqlite3 tests/artifacts
