"""Performance harness: `python -m benchmarks` (or `make bench`); see benchmarks/__main__.py."""
