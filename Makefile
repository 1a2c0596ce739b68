# Little Lemon: `make up` runs the whole system locally, `make test` runs every check.
# Both install what they need: a virtualenv from the hash-locked requirements/*.txt
# (through uv), the node tools from package-lock.json, Chromium for the browser tests.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.SHELLFLAGS := -eu -o pipefail -c

VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PYTEST := $(PY) -m pytest
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
# Bytecode: uv byte-compiles what it installs (it does not by default), and Python caches
# the .pyc of our own modules in __pycache__ (git-ignored, left out of every bundle), so a
# process that `make up` or a test starts loads compiled modules instead of compiling them
# again each time (docs/performance.md measures the difference).
export UV_COMPILE_BYTECODE := 1

MARIADB_URL ?= mysql://root@127.0.0.1:3306/test
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
API_SETTINGS := --ds=littlelemon.api.settings
WEB_SETTINGS := --ds=littlelemon.web.settings

.PHONY: help up test lint test-api test-api-sqlite test-api-mariadb test-api-postgres test-api-gateway \
        test-runtime test-web test-bookings test-infra test-e2e bench lock install dev clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# --- installation -------------------------------------------------------------------------

$(UV): requirements/uv.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/uv.txt
	touch $@

$(VENV)/.local-synced: $(UV) requirements/local.txt pyproject.toml
	$(UV) pip sync --quiet --compile-bytecode --python $(PY) requirements/local.txt
	$(UV) pip install --quiet --compile-bytecode --python $(PY) --no-deps -e .
	rm -f $(VENV)/.dev-synced
	touch $@

$(VENV)/.dev-synced: $(UV) requirements/dev.txt pyproject.toml
	$(UV) pip sync --quiet --compile-bytecode --python $(PY) requirements/dev.txt
	$(UV) pip install --quiet --compile-bytecode --python $(PY) --no-deps -e .
	rm -f $(VENV)/.local-synced
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: ## the runtime environment for `make up` (kept if the dev one is there)
	@if [[ -f $(VENV)/.dev-synced && ! requirements/dev.txt -nt $(VENV)/.dev-synced ]]; then \
	  echo "dev environment present"; else $(MAKE) --no-print-directory $(VENV)/.local-synced; fi
	@$(MAKE) --no-print-directory node_modules/.package-lock.json

dev: $(VENV)/.dev-synced node_modules/.package-lock.json ## the full development environment

# --- running ------------------------------------------------------------------------------

up: install ## run everything locally: web :8000, HTTP API :8001, DynamoDB Local
	$(VENV)/bin/littlelemon up

# --- checks -------------------------------------------------------------------------------

test: lint test-api test-runtime test-web test-bookings test-infra test-e2e ## every check, as CI runs it
	@echo "all checks passed"

lint: dev ## ruff, mypy, import boundaries
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy src infra
	$(VENV)/bin/lint-imports

test-api: test-api-sqlite test-api-mariadb test-api-postgres test-api-gateway ## the API on all three databases, and through the gateway

test-api-sqlite: dev
	$(PYTEST) tests/api $(API_SETTINGS)

test-api-mariadb: dev
	scripts/ensure-services.sh mariadb
	DATABASE_URL=$(MARIADB_URL) $(PYTEST) tests/api $(API_SETTINGS)

test-api-postgres: dev
	scripts/ensure-services.sh postgres
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) tests/api $(API_SETTINGS)

test-api-gateway: dev ## the API suite again, through the local gateway into the Lambda handler
	$(PYTEST) tests/api $(API_SETTINGS) -p tests.gateway.transport --api-transport=gateway

test-runtime: dev ## Lambda handlers, gateway emulator, local stack, bundles, mailer (MariaDB for connection reuse)
	scripts/ensure-services.sh mariadb
	scripts/ensure-binutils.sh
	$(PYTEST) tests/runtime tests/gateway tests/contract tests/local tests/bundle tests/mailer $(API_SETTINGS)

test-web: dev ## the web site with the API mocked at the HTTP layer
	$(PYTEST) tests/web $(WEB_SETTINGS)

test-bookings: dev ## bookings functions (moto for unit tests, DynamoDB Local for the rest)
	$(PYTEST) tests/bookings -p no:django

test-infra: dev ## synthesize both profiles, assertions, cdk-nag, cfn-lint, cost model, deploy command
	$(PYTEST) tests/infra tests/cost tests/deploy -p no:django

test-e2e: dev ## the real stack (gateway + API + bookings + web) in headless Chromium
	scripts/ensure-chromium.sh
	$(PYTEST) tests/e2e -p no:django

bench: dev ## benchmarks: figures and ratios measured side by side in one run
	scripts/ensure-services.sh mariadb
	scripts/ensure-binutils.sh
	for script in benchmarks/*.py; do \
	  echo "== $$script (load average $$(uptime | sed 's/.*load average[s]*: //'))"; \
	  $(PY) $$script; done

lock: $(UV) ## re-pin requirements/*.txt from pyproject.toml (hashes, no index URLs)
	scripts/lock.sh $(UV)

clean: ## remove the virtualenv, node tools and local data
	rm -rf $(VENV) node_modules .data cdk.out build .pytest_cache .mypy_cache .ruff_cache
