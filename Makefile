# The energy-cooperation notebooks. `make run` executes every notebook; `make test` checks everything.
PYTHON ?= python3
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
export JUPYTER_RUNTIME_DIR := $(CURDIR)/$(VENV)/runtime
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help run run-all test site browser sandbox lab bench rerun clean sync lint

help:  ## list the targets (this text)
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)$$/  make \1\t\2/' | expand -t 18

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	mkdir -p $(JUPYTER_RUNTIME_DIR)
	$(BIN)/python -c "import energycoop.quantities.units"  # fill pint's definition cache once, before parallel kernels read it
	touch $(STAMP)

run: $(STAMP)  ## execute the notebooks whose inputs changed since their last run, rewriting their outputs
	$(BIN)/python -m energycoop run

run-all: $(STAMP)  ## execute every notebook, changed or not
	$(BIN)/python -m energycoop run --all

test: $(STAMP) browser sandbox $(AXE)  ## ruff, mypy on every layer and the command line, then the unit, data, bad-input, rerun and site tests, and nbval (strict) on every notebook
	$(BIN)/python -c "import energycoop.quantities.units"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --nbval --nbval-current-env -n auto --dist loadfile

site: $(STAMP)  ## build the static site of the executed notebooks into site/ (no re-execution)
	$(BIN)/python -m energycoop site

$(AXE): package.json package-lock.json  ## axe-core (pinned in package.json) for the site's accessibility test
	command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --silent
	touch $(AXE)

browser:  ## Debian's chromium for the site test (apt-get, as root, only where it is missing)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "could not install chromium: the site test will fail and say so"

sandbox:  ## Debian's bubblewrap, the sandbox `grade` runs each submission in (apt-get, as root, only where it is missing)
	@command -v bwrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; } \
	  || echo "could not install bubblewrap: grade will run student code unconfined and say so in the gradebook"

bench: $(STAMP)  ## measure scenario and Monte Carlo throughput, and make run against serial nbconvert and the floor
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/make_run.py

rerun: export ENERGYCOOP_RERUN_NB = $(value NB)
rerun: export ENERGYCOOP_RERUN_P = $(value P)
rerun: $(STAMP)  ## rerun one notebook with other parameters: make rerun NB=02-zhanatas-wind P="turbines=50 hours_per_year=8784"
	$(BIN)/python -c "from energycoop.cli import make_rerun; raise SystemExit(make_rerun())"  # NB and P reach it in the environment, never through a shell

lab: $(STAMP)  ## open JupyterLab on the notebooks (outputs at the default directories go to runs/interactive/)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean:  ## remove the virtual environment
	rm -rf $(VENV)

sync: $(STAMP)  ## after editing a notebook or its text file (NN-topic.py), bring the other up to date (make run does it too)
	$(BIN)/python -m energycoop sync

lint: $(STAMP)  ## ruff (lint and format check) on the library, tests, benchmarks and notebooks; mypy on every layer and the command line
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
