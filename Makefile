# Two commands do all the set-up: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench check clean serve bench-load

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

# Production: gunicorn with production settings on PostgreSQL and Redis (README: Serving in
# production). Needs DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS in the environment.
# Workers: WEB_CONCURRENCY, else 2 per core + 1. Access log and Django's log lines on stdout.
serve: $(VENV)/.installed
	@for name in DATABASE_URL REDIS_URL SECRET_KEY ALLOWED_HOSTS; do \
	  if [ -z "$$(printenv $$name)" ]; then echo "make serve: set $$name (README: Serving in production)" >&2; exit 1; fi; done
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production exec $(VENV)/bin/gunicorn config.wsgi:application \
	  --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-$$(( 2 * $$(nproc) + 1 ))} --timeout 60 --graceful-timeout 30 \
	  --max-requests 2000 --max-requests-jitter 200 --access-logfile - --error-logfile - \
	  --access-logformat '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Pages under load from a real server (gunicorn, 2 workers), ratios to the login page.
bench-load: $(VENV)/.installed
	$(PY) bench/bench_load.py $(BENCH_ARGS)

check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
