"""Runs computed by an executor and stored as they finish, with a progress bar (ETA) - the one
loop behind a sweep (``samsim sweep``) and a comparison over worlds (``samsim compare --worlds``).

Every batch an executor hands back is written to the store in one transaction before the next
is awaited, so an interruption (Ctrl-C, a killed process) keeps every finished run. Leaving the
``with`` block closes the bar and the executor; leaving it by an exception other than a mistake
in the input says, in one line, how many runs are stored and how to go on.
"""
from __future__ import annotations

import sys
from typing import Any, Iterable

from ..errors import InputError
from .store import Store


class StoredRuns:
    """Store the runs an executor finishes, count them, show progress.

    ``total`` runs in the study, ``done`` of them stored before this call; ``desc`` names the
    bar and the stop message, ``again`` says how to go on after an interruption."""

    def __init__(self, executor: Any, store: Store, *, total: int, done: int, desc: str, again: str,
                 quiet: bool = False):
        self.executor, self.store = executor, store
        self.total, self.done, self.desc, self.again, self.quiet = total, done, desc, again, quiet
        self.ran = self.failed = 0
        self._bar: Any = None

    def __enter__(self) -> "StoredRuns":
        return self

    def counted(self, results: list[dict[str, Any]]) -> None:
        """Count runs already stored by the caller (and move the bar on)."""
        self.ran += len(results)
        self.failed += sum(r["status"] == "error" for r in results)
        if self.quiet:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, initial=self.done, desc=self.desc, unit="run", file=sys.stderr,
                             smoothing=0.05, dynamic_ncols=True, mininterval=0.5)
        self._bar.update(len(results))
        if self.failed:
            self._bar.set_postfix(failed=self.failed, refresh=False)

    def run(self, groups: Iterable[list[dict[str, Any]]]) -> None:
        """Run every batch of ``groups`` on the executor; store each batch as it comes back."""
        for results in self.executor.map(groups):
            self.store.add_results(results)
            self.counted(results)

    def __exit__(self, exc_type, exc, tb) -> None:
        interrupted = exc_type is not None and not issubclass(exc_type, InputError)
        if self._bar is not None:
            self._bar.close()
        self.executor.close(interrupted)
        if interrupted and not self.quiet:
            print(f"{self.desc}: stopped; {self.done + self.ran} of {self.total} runs are stored in {self.store.dir}; "
                  f"{self.again}", file=sys.stderr)
