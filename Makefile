# newsetl: `make run` sets up and runs the pipeline on seeds/; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUT ?= seeds
WAREHOUSE ?= warehouse

.PHONY: setup run test bench eval lock clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

run: setup
	$(BIN)/newsetl run --input $(INPUT) --warehouse $(WAREHOUSE)

test: setup
	$(BIN)/python -m pytest -q

lock: setup
	(echo "# Pinned runtime and test dependencies (pip freeze of a working install). Regenerate with: make lock"; \
	 $(BIN)/pip freeze --exclude-editable | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) $(WAREHOUSE) .pytest_cache
