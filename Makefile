# Deux commandes pour un nouvel arrivant : `make run` et `make test` (voir README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint demo serve verifier-production bench-pages bench-load clean

$(VENV)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installe: package.json
	npm install --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installe node_modules/.installe

demo: install
	mkdir -p var/staticfiles
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py charger_demo
	DEBUG=1 $(PY) manage.py creer_comptes_demo

run: demo
	@echo "Portail servi sur http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Production : gunicorn (contrat_ville/gunicorn.conf.py) sur la base de DATABASE_URL, après les
# migrations et collectstatic. Les variables manquantes sont signalées avant toute installation.
serve: verifier-production $(VENV)/.installe
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py collectstatic --noinput
	DEBUG=0 HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config contrat_ville/gunicorn.conf.py

verifier-production:
	@for variable in SECRET_KEY ALLOWED_HOSTS DATABASE_URL; do \
	  if [ -z "$$(printenv $$variable)" ]; then \
	    echo "make serve : la variable $$variable manque (voir README, « Mise en production »)." >&2; \
	    exit 1; \
	  fi; \
	done

# Bancs de mesure (non lancés par `make test`) ; voir README, « Mesures de performance ».
FACTEURS ?= 1 10
REPETITIONS ?= 30
DUREE ?= 20
bench-pages: $(VENV)/.installe
	$(PY) bench/pages.py --facteurs $(FACTEURS) --repetitions $(REPETITIONS)

bench-load: $(VENV)/.installe
	@test -n "$$DATABASE_URL" || { echo "make bench-load : DATABASE_URL (PostgreSQL) est requis." >&2; exit 1; }
	$(PY) bench/load.py --duree $(DUREE)

clean:
	rm -rf $(VENV) node_modules var/staticfiles
