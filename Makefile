# Hamdel: the four commands everybody uses. Needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCALE ?= small

.PHONY: run test test-sqlite test-postgres lint bench translations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d locale -D django 2>&1 | grep -v '^$$' || true

run: $(STAMP) translations
	$(BIN)/hamdel run --demo

test: $(STAMP) translations
	$(BIN)/python -m hamdel.test_runner

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy hamdel bench

bench: $(STAMP) translations
	$(BIN)/python -m bench --scale $(SCALE)

clean:
	rm -rf $(VENV) var
