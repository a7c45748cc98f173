# newsetl: `make run` sets up and runs the pipeline on seeds/; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUT ?= seeds
WAREHOUSE ?= warehouse
APT := $(if $(filter 0,$(shell id -u)),apt-get,sudo -n apt-get)

.PHONY: setup run test browser bench eval lock clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

run: setup
	$(BIN)/newsetl run --input $(INPUT) --warehouse $(WAREHOUSE)

test: setup browser
	$(BIN)/python -m pytest -q

# Headless Chromium for the report rendering test (Debian's package); idempotent. If it cannot be installed
# (no root, no apt), the suite still runs and that one test is skipped with the reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { $(APT) update -q && DEBIAN_FRONTEND=noninteractive $(APT) install -y -q chromium; } \
	  || echo "warning: could not install chromium; the report rendering test will be skipped"

lock: setup
	(echo "# Pinned runtime and test dependencies (pip freeze of a working install). Regenerate with: make lock"; \
	 $(BIN)/pip freeze --exclude-editable | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) $(WAREHOUSE) .pytest_cache
