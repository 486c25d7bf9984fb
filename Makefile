# Two commands do all the set-up: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench check clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_corpus --demo-users
	@echo ""
	@echo "  Negotiation tracker: http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password for all: $${DEMO_PASSWORD:-negotiate-2026}):"
	@echo "    secretariat  – records versions, actions; admin at http://$(HOST):$(PORT)/admin/"
	@echo "    delegate     – delegate of Italy (main sponsor of the corpus drafts)"
	@echo "    delegate-mx  – delegate of Mexico"
	@echo "    reviewer     – reads and compares"
	@echo "    facilitator  – facilitates the demo negotiation on A/C.3/66/L.16 (status, brackets, incorporate)"
	@echo "    delegate-ar  – delegate of Argentina (proposes on behalf of the Group of 77 and China)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed
	$(PY) bench/run_all.py

check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
