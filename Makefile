# The two set-up commands: `make demo` and `make test` each create the environment first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,native]"
	touch $(STAMP)

# the agencies', the school's and the network's modules compiled with mypyc (sim/native.py),
# rebuilt when the package changes. Without a C compiler the pure Python modules run: the same
# results, slower.
NATIVE := sim/_native/manifest.json

$(NATIVE): $(STAMP) $(wildcard sim/*.py)
	-$(BIN)/python -m sim.compile

install: $(STAMP) $(NATIVE)

SCENARIOS := baseline skifo consultation_team research_circle school_social_worker integrated_team \
             experiments/coordination_overload.toml

demo: $(STAMP) $(NATIVE)
	$(BIN)/samsim compare $(SCENARIOS) --reps 20 --out out/demo

test: $(STAMP) $(NATIVE)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache sim/_native

bench: $(STAMP) $(NATIVE)
	$(BIN)/python -m benchmarks
