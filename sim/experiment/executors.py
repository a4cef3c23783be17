"""Where the runs of a sweep are computed: here, in local processes, or on a Dask cluster.

Runs travel in *batches* (a few to a few dozen runs per task) so that the cost of shipping a
task stays small next to the cost of the runs. Every executor hands finished batches back to
the driving process as they complete, in whatever order; results do not depend on the order,
because each run carries its own seed.

A run that raises is returned with status ``error`` and the error's last line; the sweep
goes on.
"""
from __future__ import annotations

import logging
import math
import multiprocessing
import os
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterator

Runner = Callable[..., dict[str, Any]]


def default_runner(params: dict[str, Any], seed: int, scenario: str, full: bool = False) -> dict[str, Any]:
    from .replicate import run_one

    return run_one(params, seed, scenario, full)


def run_task(task: dict[str, Any], runner: Runner | None = None) -> dict[str, Any]:
    """Run one task; never raise (an exception becomes a result with status 'error')."""
    runner = runner or default_runner
    out = {k: task[k] for k in ("run_key", "point", "replicate", "seed", "scenario", "params")}
    t0 = time.perf_counter()
    try:
        res = runner(task["resolved"], task["seed"], task["scenario"], bool(task["series"]))
        metrics = res["metrics"]
        keep = task["metrics"] or list(metrics)
        missing = [m for m in keep if m not in metrics]
        if missing:
            raise KeyError(f"the model gives no metric {missing[0]!r}")
        out["metrics"] = {m: None if metrics[m] is None else float(metrics[m]) for m in keep}
        if task["series"]:
            series = res.get("series", {})
            out["series"] = {s: series[s] for s in task["series"] if s in series}
        out["status"], out["error"] = "ok", None
    except Exception as exc:  # noqa: BLE001 - a failing run is data, not a crash
        tb = traceback.extract_tb(exc.__traceback__)
        at = f" (at {os.path.basename(tb[-1].filename)}:{tb[-1].lineno})" if tb else ""
        out["status"], out["error"], out["metrics"] = "error", f"{type(exc).__name__}: {exc}{at}", {}
    out["duration_s"] = time.perf_counter() - t0
    return out


def run_batch(tasks: list[dict[str, Any]], runner: Runner | None = None) -> list[dict[str, Any]]:
    return [run_task(t, runner) for t in tasks]


def batches(tasks: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def auto_batch_size(n_tasks: int, slots: int) -> int:
    """About eight batches per worker slot (for load balance), at most 50 runs per batch."""
    if slots <= 1:
        return 1
    return max(1, min(50, math.ceil(n_tasks / (8 * slots))))


class Sequential:
    """Every run in this process, one after the other (each stored as it finishes)."""

    label = "sequential"
    slots = 1

    def __init__(self, runner: Runner | None = None):
        self.runner = runner

    def map(self, groups: list[list[dict]]) -> Iterator[list[dict]]:
        for g in groups:
            yield run_batch(g, self.runner)

    def close(self, interrupted: bool = False) -> None:
        """Nothing to shut down: the runs happened in this process."""


def _worker_init(parent: int) -> None:
    """A worker leaves Ctrl-C to the driving process, and exits when that process is gone
    (killed, say), instead of waiting for work that will never come."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from . import replicate  # noqa: F401 - import the model now, not inside the first run

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class Processes:
    """Local worker processes (the default: one per core)."""

    def __init__(self, workers: int, runner: Runner | None = None):
        self.slots = workers
        self.label = f"{workers} local processes"
        self.runner = runner
        # Fork where the platform has it: quick to start, and no re-import of the caller's main
        # module (Mesa sets the global start method to spawn). The workers start here, before
        # the driving process has a progress bar's thread.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),))
        self.pool.submit(int).result()

    def map(self, groups: list[list[dict]]) -> Iterator[list[dict]]:
        pending = {self.pool.submit(run_batch, g, self.runner) for g in groups}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()

    def close(self, interrupted: bool = False) -> None:
        if self.pool is not None:
            procs = list((self.pool._processes or {}).values()) if interrupted else []
            self.pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:  # runs in flight are lost either way; do not wait for them
                proc.terminate()
            self.pool = None


class Dask:
    """A Dask cluster: an existing scheduler by address, or a local cluster of ``n`` workers."""

    def __init__(self, address: str | None = None, local_workers: int | None = None, runner: Runner | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a declared dependency
            from ..errors import InputError

            raise InputError("--scheduler/--dask-local need the 'distributed' package: pip install 'dask[distributed]'") from None
        self.runner = runner
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout="20s")
            except (OSError, TimeoutError) as exc:
                from ..errors import InputError

                raise InputError(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})") from None
            self.label = f"Dask scheduler {address}"
        else:
            self.cluster = LocalCluster(
                n_workers=local_workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR, worker_dashboard_address=None,
            )
            self.client = Client(self.cluster)
            self.label = f"local Dask cluster of {local_workers} workers"
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.futures: list = []

    def map(self, groups: list[list[dict]]) -> Iterator[list[dict]]:
        from distributed import as_completed

        self.futures = self.client.map(run_batch, groups, runner=self.runner, pure=False)
        for fut in as_completed(self.futures):
            res = fut.result()
            fut.release()
            yield res

    def close(self, interrupted: bool = False) -> None:
        try:
            if self.futures:
                self.client.cancel(self.futures)
            self.client.close(timeout=10)
            if self.cluster is not None:
                self.cluster.close(timeout=10)
        except Exception:  # noqa: BLE001 - closing down must not hide the sweep's own outcome
            return
