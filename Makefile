# Hamdel: the four commands everybody uses. Needs only python3 and make; `make test`
# installs the Debian packages its tests need (hamdel/server/setup_system.py) or names
# them and stops.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCALE ?= small

.PHONY: run test test-sqlite test-postgres lint bench translations system clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d locale -D django 2>&1 | grep -v '^$$' || true

# Chromium, fonts and the other system packages of the tests: installed as root with apt-get,
# else one line names them. First, so a machine without them stops before the venv is built.
system:
	$(PYTHON) hamdel/server/setup_system.py

run: $(STAMP) translations
	$(BIN)/hamdel run --demo

test: system $(STAMP) translations
	$(BIN)/python -m hamdel.test_runner

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy hamdel bench
	$(BIN)/lint-imports

bench: $(STAMP) translations
	$(BIN)/python -m bench --scale $(SCALE)

clean:
	rm -rf $(VENV) var
