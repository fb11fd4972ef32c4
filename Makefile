# Two commands: `make run` serves the demo shop, `make test` runs the whole suite.
# Each creates .venv and installs what it needs; nothing else has to be set up by hand.

PYTHON ?= python3
# Python keeps the modules it compiles (__pycache__, ignored by git). Some machines turn that
# off; the suite starts dozens of Python processes (workers, servers, job workers), and each
# would compile Django and the app again: about 16 s of `make test` on this project's machine.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

UV := $(VENV)/bin/uv
# The locks (requirements/*.txt, with hashes) are what gets installed; pyproject.toml states
# the ranges they are compiled from. `make lock` after editing pyproject.toml.
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
TOOLS_LOCK := requirements/tools.txt
# Compile against PyPI alone (not this machine's pip indexes), for every platform.
UV_COMPILE := UV_NO_CONFIG=1 $(UV) pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --default-index https://pypi.org/simple --custom-compile-command "make lock"

.PHONY: run test test-deps screens bench lint browser demo-purchase fuzz lock lock-upgrade lock-check install-prod backup restore upgrade-check prod-check

$(UV): $(TOOLS_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(TOOLS_LOCK)
	touch $(UV)

# Compiled at install, on every core: otherwise pytest's three processes each compile the same
# modules at once as they start (a fresh clone's first test came about 13 s later). Not what
# moto's server extra brings for CloudFormation (cfn-lint, sympy, networkx, mpmath), nor pip:
# nothing here imports them, and sympy alone was a third of the compiling (2 s of 12).
NOT_COMPILED := '/site-packages/(sympy|networkx|cfnlint|mpmath|pip)/'
$(INSTALLED): $(DEV_LOCK) $(UV)
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(DEV_LOCK)
	$(PY) -m compileall -q -j 0 -x $(NOT_COMPILED) $(VENV)/lib/python3*/site-packages
	touch $(INSTALLED)

# Production: the runtime lock alone (no test tools), with plain pip.
install-prod:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(RUNTIME_LOCK)

# Refresh the locks after editing pyproject.toml; pins that still fit are kept.
lock: $(UV)
	$(UV_COMPILE) $(LOCK_FLAGS) -o $(TOOLS_LOCK) requirements/tools.in
	$(UV_COMPILE) $(LOCK_FLAGS) -o $(RUNTIME_LOCK) pyproject.toml
	$(UV_COMPILE) $(LOCK_FLAGS) --extra dev -c $(RUNTIME_LOCK) -o $(DEV_LOCK) pyproject.toml

# Move every pin to the newest release the ranges allow.
lock-upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

# Fails when `make lock` would change a lock (pyproject.toml edited, lock not refreshed).
lock-check: $(UV)
	@tmp=$$(mktemp -d) && cp -rp pyproject.toml requirements "$$tmp/" && \
	$(MAKE) --no-print-directory -C "$$tmp" -f $(abspath $(firstword $(MAKEFILE_LIST))) lock \
		VENV=$(abspath $(VENV)) >/dev/null && \
	diff -r requirements "$$tmp/requirements" && echo "locks match pyproject.toml"; \
	status=$$?; rm -rf "$$tmp"; exit $$status

run: $(INSTALLED)
	$(PY) -m morpheus_testing.devserver

# With `make run` going in another terminal: buy a comic through Stripe (or localstripe).
demo-purchase: $(INSTALLED)
	$(PY) -m morpheus_testing.devserver manage demo_purchase

# Debian's chromium headless shell for the browser tests (Playwright cannot download its own
# here): the same engine without the desktop browser around it. Without what Debian
# recommends beside it (a printer dialog, GTK, Samba, udev: 130 packages in 38 s on a fresh
# machine, where the 21 it needs take a few seconds), but with the font it recommends, which
# the pages are drawn with.
browser:
	@command -v chromium-headless-shell >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium-headless-shell fonts-liberation; }

# The virtualenv and the browser side by side, neither needs the other: on a fresh machine
# apt's 9 s overlap the virtualenv's 7 s.
test-deps:
	@$(MAKE) --no-print-directory -j2 $(INSTALLED) browser

test: test-deps
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -n 2; status=$$?; \
		if [ $$status -eq 5 ]; then echo "pytest collected no tests"; fi; exit $$status

# The browser tests, with a picture of each page they check (morpheus_testing/browser.py,
# PICTURES): test-artifacts/screens/ holds every page and email at 1280 and 390 px.
screens: test-deps
	MORPHEUS_SCREENSHOTS=1 $(PY) -m pytest -q -n 2 tests/e2e

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

# The embedded database of `make run` (or DATABASE_URL, a superuser's) and var/assets,
# into var/backups/<UTC timestamp>/. See README, "Backups".
backup: $(INSTALLED)
	$(PY) -m ops.backup backup

# make restore FILE=var/backups/<timestamp>: recreates the database, puts the files back.
# ANOTHER_KEY=yes: even though this machine's SECRET_KEY is not the backup's.
restore: $(INSTALLED)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<timestamp>"; exit 2; }
	$(PY) -m ops.backup restore "$(FILE)" $(if $(filter yes,$(ANOTHER_KEY)),--another-key)

# The previous release (ops/previous_release) makes a database with orders in every status;
# this checkout migrates it and sells a comic on it.
upgrade-check: $(INSTALLED)
	$(PY) -m ops.upgrade_check

# gunicorn (gunicorn.conf.py) + a worker behind a TLS proxy's headers, check --deploy,
# one purchase, stop. See README, "Running in production".
prod-check: $(INSTALLED)
	$(PY) -m ops.prod_check

# Every benchmark, one table: each figure against its floor measured in the same run.
# See README, "Benchmarks". Exits 1 when a goal is missed.
bench: $(INSTALLED)
	$(PY) -m benchmarks

# The API under schemathesis with every check and the stateful phase, 250 examples per
# operation and sequences of up to 50 calls (the suite runs the same tests with fewer).
fuzz: $(INSTALLED)
	API_FUZZ_EXAMPLES=250 API_FUZZ_STEPS=50 $(PY) -m pytest -q -p no:randomly api/tests/test_schema_schemathesis.py
