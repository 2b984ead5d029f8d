# The two commands of the README:  make serve   /   make test
# Each creates .venv and installs what it needs on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: serve build validate test clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(BIN)/.installed
	$(BIN)/chiiki serve

build: $(BIN)/.installed
	$(BIN)/chiiki build

validate: $(BIN)/.installed
	$(BIN)/chiiki validate

test: $(BIN)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf build site
