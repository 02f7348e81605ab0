# Deux commandes pour un nouvel arrivant : `make run` et `make test` (voir README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint demo serve bench-pages bench-load clean

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

clean:
	rm -rf $(VENV) node_modules var/staticfiles
