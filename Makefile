# Two commands: `make run` serves the demo shop, `make test` runs the whole suite.
# Each creates .venv and installs what it needs; nothing else has to be set up by hand.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint browser demo-purchase fuzz

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(INSTALLED)

run: $(INSTALLED)
	$(PY) -m morpheus.devserver

# With `make run` going in another terminal: buy a comic through Stripe (or localstripe).
demo-purchase: $(INSTALLED)
	$(PY) -m morpheus.devserver manage demo_purchase

# Debian's chromium for the browser tests (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(INSTALLED) browser
	$(PY) -m ruff check .
	$(PY) -m pytest -q -n 2; status=$$?; \
		if [ $$status -eq 5 ]; then echo "pytest collected no tests"; fi; exit $$status

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The API under schemathesis with every check and the stateful phase, 250 examples per
# operation (the suite runs the same tests with fewer).
fuzz: $(INSTALLED)
	API_FUZZ_EXAMPLES=250 $(PY) -m pytest -q -p no:randomly api/tests/test_schemathesis.py
