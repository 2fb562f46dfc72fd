# Every target creates .venv on first use from the hashed lock file, so a fresh clone needs
# nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: serve site test check bench lint hooks lock mutate clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/framework serve --port $(PORT)

site: $(STAMP)
	$(BIN)/framework build --out site

check: $(STAMP)
	$(BIN)/framework check

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests .github
	$(BIN)/mypy  # generator/ and tests/, per pyproject.toml

test: $(STAMP) lint
	$(BIN)/pytest -n auto -q

bench: $(STAMP)
	$(BIN)/python -m tests.bench

# Mutation testing of the loading, checking, release-verification and diff modules
# ([tool.mutmut] in pyproject.toml); a developer tool, not part of `make test`. One child
# process per core; narrow it with MUTANTS, e.g. make mutate MUTANTS='generator.releases.diff*'.
MUTATE_CHILDREN ?= $(shell nproc 2>/dev/null || echo 1)
mutate: $(STAMP)
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) $(MUTANTS)
	$(BIN)/python -m tests.mutation_summary

# Run `framework check` before every commit that touches content or releases
# (.pre-commit-config.yaml); `git commit --no-verify` skips it once.
hooks: $(STAMP)
	$(BIN)/pre-commit install

# Regenerate the lock after editing requirements.in (needs the network to PyPI).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --python-version 3.11 --generate-hashes --no-header requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) site build .mypy_cache .ruff_cache .pytest_cache .hypothesis
