# contentfarm: every target sets up what it needs, so a fresh clone runs
# `make demo` or `make test` with nothing else installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
CORPUS ?= $(SHARED)/corpus
SEED ?= 0
BUILD := build

.PHONY: setup demo test test-fast model eval bench bench-fetch clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,notebooks,bench]"
	touch $(STAMP)

setup: $(STAMP)

## demo: score the sample pages with the shipped model, as a table
demo: setup
	$(BIN)/contentfarm score data/samples --format table

## test: the whole test suite (tests needing ../shared skip without it)
test: setup
	$(BIN)/python -m pytest -q -ra

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

## model: regenerate the training set from the corpus and retrain models/default
model: setup
	$(BIN)/contentfarm synth --corpus $(CORPUS) -o $(BUILD)/synth --seed $(SEED)
	$(BIN)/contentfarm train $(BUILD)/synth/manifest.csv -o models/default --force --seed $(SEED) \
		--description "simulated farm copies and republications grafted from $(CORPUS), plus its real originals"

clean:
	rm -rf $(BUILD) .pytest_cache
