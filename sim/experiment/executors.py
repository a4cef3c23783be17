"""Where the runs of a sweep are computed: here, in local processes, or on a Dask cluster.

Runs travel in *batches* (a few to a few dozen runs per task) so that the cost of shipping a
task stays small next to the cost of the runs. Every executor hands finished batches back to
the driving process as they complete, in whatever order; results do not depend on the order,
because each run carries its own seed.

A run that raises is returned with status ``error`` and the error's last line; the sweep
goes on. A worker process that dies (killed, out of memory) fails the runs of the batch it was
running, with the reason; the batches other workers had under way when the pool broke, and
those not yet started, go to a fresh pool.
"""
from __future__ import annotations

import logging
import math
import multiprocessing
import os
import time
import traceback
import shutil
import signal
import tempfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
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


def _run_marked(marks: str, number: int, tasks: list[dict[str, Any]], runner: Runner | None = None) -> list[dict[str, Any]]:
    """Run a batch in a worker, leaving a mark (the batch's number and the worker's PID) so that
    the driving process knows which batch a worker that died was running."""
    (Path(marks) / f"{number}").write_text(str(os.getpid()))
    return run_batch(tasks, runner)


def died(exitcode: int | None) -> str:
    """The reason a worker process ended, in words."""
    if exitcode is None:
        return "the worker process died"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (killed, or out of memory)" if -exitcode == signal.SIGKILL else ""
        return f"the worker process was ended by {name}{hint}"
    return f"the worker process exited with code {exitcode}"


def failed_runs(tasks: list[dict[str, Any]], reason: str) -> list[dict[str, Any]]:
    """The runs of a batch whose worker died, as failed runs with the reason."""
    out = []
    for t in tasks:
        r = {k: t[k] for k in ("run_key", "point", "replicate", "seed", "scenario", "params")}
        r.update(status="error", error=f"WorkerDied: {reason} while running this batch", metrics={}, duration_s=None)
        out.append(r)
    return out


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
        self.marks = tempfile.mkdtemp(prefix="samsim-batches-")
        self.pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=self.slots, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),))
        self.pool.submit(int).result()
        self._procs: dict[int, Any] = {}

    def _watch(self) -> None:
        """Remember the pool's processes (a broken pool forgets them)."""
        if self.pool is not None:
            self._procs.update(self.pool._processes or {})

    def map(self, groups: list[list[dict]]) -> Iterator[list[dict]]:
        queue = list(enumerate(groups))
        while queue:
            assert self.pool is not None
            pending = {self.pool.submit(_run_marked, self.marks, n, g, self.runner): (n, g) for n, g in queue}
            queue, broken = [], []
            while pending:
                self._watch()
                done, _ = wait(pending, return_when=FIRST_COMPLETED, timeout=1.0)
                for fut in done:
                    n, g = pending.pop(fut)
                    try:
                        res = fut.result()
                    except BrokenProcessPool:
                        broken.append((n, g))
                        continue
                    (Path(self.marks) / f"{n}").unlink(missing_ok=True)
                    yield res
            if broken:
                failed, queue = self._after_a_death(broken)
                for g, reason in failed:
                    yield failed_runs(g, reason)

    def _after_a_death(self, broken: list[tuple[int, list[dict]]]) -> tuple[list[tuple[list[dict], str]], list[tuple[int, list[dict]]]]:
        """A worker died and broke the pool: the batch it was running fails with the reason; the
        others (under way in workers the pool then stopped, or not started) go to a fresh pool."""
        self._watch()
        for proc in self._procs.values():
            proc.join(timeout=10)
        exitcodes = {pid: proc.exitcode for pid, proc in self._procs.items()}
        failed: list[tuple[list[dict], str]] = []
        again: list[tuple[int, list[dict]]] = []
        under_way: list[list[dict]] = []
        for n, g in broken:
            mark = Path(self.marks) / f"{n}"
            pid = int(mark.read_text() or 0) if mark.exists() else None
            mark.unlink(missing_ok=True)
            if pid is not None:
                under_way.append(g)
            code = exitcodes.get(pid) if pid is not None else None
            if pid is not None and code is not None and code not in (0, -signal.SIGTERM):
                failed.append((g, died(code)))  # the pool stops the other workers with SIGTERM
            else:
                again.append((n, g))
        if not failed and under_way:  # no batch can be blamed: the first under way fails (the sweep must progress)
            failed = [(under_way[0], "the worker pool broke (a worker process died)")]
            again = [(n, g) for n, g in again if g is not under_way[0]]
        self.restarts += 1
        if self.restarts > 10 + 4 * self.slots and not failed:
            raise RuntimeError("the worker pool keeps breaking before any run starts")
        assert self.pool is not None
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._start()
        return failed, again

    def close(self, interrupted: bool = False) -> None:
        if self.pool is not None:
            procs = list((self.pool._processes or {}).values()) if interrupted else []
            self.pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:  # runs in flight are lost either way; do not wait for them
                proc.terminate()
            self.pool = None
        shutil.rmtree(self.marks, ignore_errors=True)


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
            except (OSError, TimeoutError, ValueError) as exc:
                from ..errors import InputError

                raise InputError(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})") from None
            self.label = f"Dask scheduler {address}"
        else:
            # the workers are started with Ctrl-C ignored (they inherit it): Ctrl-C reaches this
            # process alone, which stops the cluster - no traceback from every worker
            old = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self.cluster = LocalCluster(
                    n_workers=local_workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.CRITICAL, worker_dashboard_address=None,
                )
            finally:
                signal.signal(signal.SIGINT, old)
            self.client = Client(self.cluster)
            self.label = f"local Dask cluster of {local_workers} workers"
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.futures: list = []

    def map(self, groups: list[list[dict]]) -> Iterator[list[dict]]:
        from distributed import as_completed

        self.futures = self.client.map(run_batch, groups, runner=self.runner, pure=False)
        batch_of = {fut.key: g for fut, g in zip(self.futures, groups)}
        for fut in as_completed(self.futures):
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: the batch's workers kept dying
                res = failed_runs(batch_of[fut.key], f"the Dask task failed ({type(exc).__name__}: {exc})")
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
