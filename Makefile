# The two set-up commands: `make demo` and `make test` each create the environment first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

SCENARIOS := baseline skifo consultation_team research_circle school_social_worker integrated_team \
             experiments/coordination_overload.toml

demo: $(STAMP)
	$(BIN)/samsim compare $(SCENARIOS) --reps 20 --out out/demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache

bench: $(STAMP)
	$(BIN)/python -m benchmarks
