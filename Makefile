# priorauth — `make run` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test check format lint typecheck bench eval run clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

test: install
	$(BIN)/priorauth policy lint
	$(BIN)/python -m pytest

check: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/decide_bench.py --write BENCHMARKS.md
	$(BIN)/python bench/notes_bench.py --write BENCHMARKS.md
	$(BIN)/python bench/service_bench.py --write BENCHMARKS.md

eval: install
	$(BIN)/python -m priorauth.notes.evaluate --write BENCHMARKS.md

run: install
	$(BIN)/priorauth policy list
	$(BIN)/priorauth db upgrade
	$(BIN)/priorauth demo load
	@echo "API keys for the demo, one per role: data/demo-keys.json; OpenAPI: http://127.0.0.1:8000/docs"
	$(BIN)/priorauth serve --host 127.0.0.1 --port 8000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
