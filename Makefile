# Chumchon: `make run` serves the site, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format demo install install-dev translations messages browser clean help

help:
	@echo "make run      install, migrate, load demo data when empty, serve http://127.0.0.1:$(PORT) with one task worker"
	@echo "make test     the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint     ruff check, ruff format --check, mypy, makemigrations --check"
	@echo "make demo     reload the demo data"
	@echo "make browser  install Debian's Chromium for the browser tests (needs root)"

# A fresh Debian/Ubuntu may lack venv (python3-venv); install it when we can.
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Chumchon needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing python3-venv with apt-get..."; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "Python's venv module is missing: run 'sudo apt-get install python3-venv' and try again."; exit 1; fi; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	@$(PY) manage.py compile_translations -v0 >/dev/null

# One worker and the periodic jobs' loop run beside the development server and stop with it
# (Ctrl-C, or a kill of make): all three start in the background so that the traps run at once;
# the EXIT trap stops whichever is left and waits for the worker to finish its current task.
# Ctrl-C reaches the worker by itself (a second Ctrl-C stops its task), so it is not signalled twice.
# Links in e-mails and LINE messages point at the port the site is served on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_load --if-empty
	@trap 'kill $$server $$periodic 2>/dev/null; [ "$$interrupted" ] || kill $$worker 2>/dev/null; wait' EXIT; \
	trap 'interrupted=1; exit 130' INT; trap 'exit 143' TERM HUP; \
	$(PY) manage.py db_worker --no-reload --queue-name='*' --interval=1 --worker-id="make-run-$$$$" & worker=$$!; \
	$(PY) manage.py run_periodic --every=60 --verbosity=0 & periodic=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	wait $$server

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_load --reset

test: install-dev translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract messages (needs GNU gettext: apt-get install gettext). Apps with their own catalogue
# (chumchon/<app>/locale) keep their messages there; everything else goes to chumchon/locale/th.
APPS_WITH_LOCALE = $(patsubst chumchon/%/locale,%,$(wildcard chumchon/*/locale))
messages: install
	cd chumchon && ../$(PY) ../manage.py makemessages -l th --no-obsolete -i "scheduling/*" $(foreach app,$(APPS_WITH_LOCALE),-i "$(app)/*")
	for app in $(APPS_WITH_LOCALE); do (cd chumchon/$$app && ../../$(PY) ../../manage.py makemessages -l th --no-obsolete); done

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
