# Clausegraph: `make run` serves GraphQL on the local Neo4j with sample data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GRAPHIQL := clausegraph/graphiql/node_modules/.installed
WEB_DEPS := web/node_modules/.installed
WEB := web/dist/index.html
WEB_SOURCES := $(shell find web/src -type f -not -path 'web/src/gql/*' 2>/dev/null) web/index.html web/vite.config.ts \
	web/codegen.ts web/tsconfig.json schema.graphql

.PHONY: run test install lock graphiql web lint typecheck unit integration e2e schema bench bench-s1 bench-s10 clean

install: $(VENV)/.installed

# Python packages come from the lock file (exact versions and hashes); the project itself is installed on top.
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Clausegraph needs Python 3.11 or newer." if sys.version_info < (3, 11) else 0)'
	@command -v java >/dev/null || { echo "Java 17+ is needed for the local Neo4j (apt-get install openjdk-17-jre-headless)."; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is needed to build the Neo4j launcher (apt-get install maven)."; exit 1; }
	@command -v npm >/dev/null || { echo "npm is needed for the offline GraphiQL assets (apt-get install nodejs npm)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Regenerate requirements.lock after changing the dependencies in pyproject.toml (newest versions they allow).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes \
		--quiet -o requirements.lock

graphiql: $(GRAPHIQL)

$(GRAPHIQL): clausegraph/graphiql/package.json clausegraph/graphiql/package-lock.json
	cd clausegraph/graphiql && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The explorer (web/): npm ci from its lock file, then types from schema.graphql and a Vite build.
web: $(WEB)

$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(WEB): $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run --silent build

run: install graphiql web
	$(BIN)/clausegraph serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy domain graph schema resolvers seed clausegraph bench

unit: install
	$(BIN)/pytest tests/unit

integration: install
	$(BIN)/pytest tests/integration

e2e: install graphiql web
	$(BIN)/pytest tests/e2e

# The Neo4j launcher is built by Maven on first use (graph/local_neo4j.py). The tests start (and
# afterwards stop) their own Neo4j on a free port with its own data folder.
test: install graphiql web lint typecheck
	$(BIN)/pytest

schema: install
	$(BIN)/clausegraph export-schema

bench: install
	$(BIN)/python bench/bench_rules.py
	$(BIN)/python bench/run.py

bench-s1: install
	$(BIN)/python bench/run.py --scale S1

bench-s10: install
	$(BIN)/python bench/run.py --scale S10

clean:
	rm -rf $(VENV) graph/launcher/target clausegraph/graphiql/node_modules web/node_modules web/dist .neo4j-test-data
