"""The result store of a sweep: one SQLite database (WAL) in the sweep's directory.

Every finished run is written at once, in its own transaction, by the one process that
drives the sweep, so a sweep that is interrupted - Ctrl-C, or the process killed - keeps
every run that had finished. A run is identified by its *run key* (a hash of its design
point, replicate, seed and resolved parameters): it is the table's primary key, so a run is
never stored twice, and a resumed sweep asks the store which keys it already has.

Tables: ``meta`` (the experiment, its fingerprint), ``points`` (the design) and ``runs``
(one row per run: point, replicate, seed, parameters, status, error, duration, metrics,
daily series; parameters, metrics and series as JSON, strict: ``null`` for a number that is
not defined), and ``owners`` (the sweeps writing the store now).

One experiment per store, under concurrency: a sweep *claims* the store in one SQLite write
transaction - it checks the experiment's fingerprint against the store's and registers itself
as an owner (host, PID, start time). A sweep of another experiment is refused while the store
holds runs of the first or while a live owner of it is registered; sweeps of the same
experiment share the store (a run key is stored once). An owner whose process is gone (killed,
crashed: the PID no longer runs on this host) is stale and is removed by the next claim; an
owner on another host is taken as live. A file that is not such a store - corrupt, truncated,
another program's database - is refused in one line.
"""
from __future__ import annotations

import contextlib
import json
import math
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError

DB_NAME = "results.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS points (
    point INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    params TEXT NOT NULL,
    x TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_key TEXT PRIMARY KEY,
    point INTEGER NOT NULL,
    replicate INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error TEXT,
    duration_s REAL,
    finished_at REAL,
    metrics TEXT,
    series TEXT
);
CREATE INDEX IF NOT EXISTS runs_point ON runs (point, replicate);
CREATE TABLE IF NOT EXISTS owners (
    token TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    started REAL NOT NULL
);
"""

COLUMNS = {
    "meta": {"key", "value"},
    "points": {"point", "scenario", "params", "x"},
    "runs": {"run_key", "point", "replicate", "seed", "scenario", "params", "status", "error", "duration_s",
             "finished_at", "metrics", "series"},
    "owners": {"token", "host", "pid", "fingerprint", "started"},
}


def _dumps(x: Any) -> str:
    # strict JSON: a number that is not defined (a median never reached) is stored as null
    from .. import strict_json

    return strict_json.dumps(x, sort_keys=False)


def _numbers(x: Any) -> Any:
    """Stored nulls back as NaN, for the tables (a metric not defined in a run)."""
    if isinstance(x, dict):
        return {k: math.nan if v is None else v for k, v in x.items()}
    if isinstance(x, list):
        return [math.nan if v is None else v for v in x]
    return x


class Store:
    """A sweep's SQLite database; use as a context manager."""

    def __init__(self, directory: str | Path):
        self.dir = Path(directory)
        self.path = self.dir / DB_NAME
        self.token: str | None = None  # set while this object owns the store (see claim)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{self.dir}: cannot create the sweep's directory ({exc.strerror or exc})") from None
        if self.path.exists() and not self.path.is_file():
            raise InputError(f"{self.path}: not a file; a sweep's store is the file results.sqlite")
        try:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
            self._check_schema()
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: not a samsim result store ({exc}); "
                             f"give another directory or remove the file") from None

    def _check_schema(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, cols in COLUMNS.items():
            if table in tables:
                have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                missing = sorted(cols - have)
                if missing:
                    raise InputError(f"{self.path}: not a samsim result store (table '{table}' has no column "
                                     f"'{missing[0]}'); give another directory or remove the file")
        if tables and not tables & set(COLUMNS):
            raise InputError(f"{self.path}: another program's database (tables: {', '.join(sorted(tables))}), "
                             f"not a samsim result store")

    @staticmethod
    def exists(directory: str | Path) -> bool:
        return (Path(directory) / DB_NAME).is_file()

    def close(self) -> None:
        if self.token is not None:
            with contextlib.suppress(sqlite3.Error):
                self.release()
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -------------------------------------------------------------------------- meta
    def get_meta(self, key: str, default: Any = None) -> Any:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else default
        except (sqlite3.DatabaseError, json.JSONDecodeError, TypeError) as exc:
            raise InputError(f"{self.path}: the store's meta.{key} cannot be read ({exc})") from None

    # -------------------------------------------------------------------------- owners
    def claim(self, fingerprint: str, meta: dict[str, Any], design: Iterable) -> None:
        """Make this sweep an owner of the store for the experiment ``fingerprint``, in one
        write transaction: a store that holds (or is being written by) another experiment is
        refused; an empty store takes the experiment's ``meta`` and ``design``."""
        import os
        import socket
        import uuid

        host = socket.gethostname()
        with self._tx():
            self._drop_stale(host)
            old = self.db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            old_fp = json.loads(old[0]) if old else None
            live = self.db.execute("SELECT host, pid, fingerprint FROM owners WHERE fingerprint != ?", (fingerprint,)).fetchall()
            if live:
                h, pid, fp = live[0]
                raise InputError(f"{self.dir}: a sweep of another experiment (fingerprint {fp}, PID {pid} on {h}) "
                                 f"is writing this store; give another --out")
            if old_fp is not None and old_fp != fingerprint:
                if self.db.execute("SELECT 1 FROM runs LIMIT 1").fetchone():
                    raise InputError(
                        f"{self.dir}: holds a sweep of another experiment, or of an earlier version of its scenario "
                        f"(fingerprint {old_fp}, now {fingerprint}); give another --out or remove {self.dir}")
                self.db.execute("DELETE FROM meta")  # nothing was run yet (say, the file had a typo): start afresh
                self.db.execute("DELETE FROM points")
                old_fp = None
            if old_fp is None:
                for k, v in {"fingerprint": fingerprint, **meta}.items():
                    self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (k, _dumps(v)))
                self._insert_points(design)
            self.token = uuid.uuid4().hex
            self.db.execute("INSERT INTO owners (token, host, pid, fingerprint, started) VALUES (?, ?, ?, ?, ?)",
                            (self.token, host, os.getpid(), fingerprint, time.time()))

    def release(self) -> None:
        """This sweep no longer writes the store."""
        if self.token is not None:
            self.db.execute("DELETE FROM owners WHERE token = ?", (self.token,))
            self.token = None

    def owners(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT token, host, pid, fingerprint, started FROM owners ORDER BY started").fetchall()
        return [dict(zip(("token", "host", "pid", "fingerprint", "started"), r)) for r in rows]

    def _drop_stale(self, host: str) -> None:
        import os

        for token, pid in self.db.execute("SELECT token, pid FROM owners WHERE host = ?", (host,)).fetchall():
            try:
                os.kill(pid, 0)
                alive = True
            except ProcessLookupError:
                alive = False
            except PermissionError:  # another user's process: it runs
                alive = True
            if not alive:
                self.db.execute("DELETE FROM owners WHERE token = ?", (token,))

    def set_meta(self, **items: Any) -> None:
        with self._tx():
            for k, v in items.items():
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (k, _dumps(v)))

    def reset(self) -> None:
        """Forget the experiment and its design (only sensible while no run is stored)."""
        with self._tx():
            self.db.execute("DELETE FROM meta")
            self.db.execute("DELETE FROM points")

    # -------------------------------------------------------------------------- design
    def add_points(self, points: Iterable) -> None:
        with self._tx():
            self._insert_points(points)

    def _insert_points(self, points: Iterable) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO points (point, scenario, params, x) VALUES (?, ?, ?, ?)",
            [(p.index, p.scenario, _dumps(p.values), _dumps(list(p.x))) for p in points],
        )

    def points(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT point, scenario, params, x FROM points ORDER BY point").fetchall()
        return [{"point": r[0], "scenario": r[1], "params": json.loads(r[2]), "x": json.loads(r[3])} for r in rows]

    # -------------------------------------------------------------------------- runs
    def finished_keys(self, include_errors: bool = True) -> set[str]:
        sql = "SELECT run_key FROM runs" + ("" if include_errors else " WHERE status = 'ok'")
        return {r[0] for r in self.db.execute(sql)}

    def add_results(self, results: list[dict[str, Any]]) -> int:
        """Store finished runs in one transaction; a key already stored as 'ok' is left as it is."""
        now = time.time()
        rows = [
            (
                r["run_key"], r["point"], r["replicate"], r["seed"], r["scenario"], _dumps(r["params"]),
                r["status"], r.get("error"), r.get("duration_s"), now,
                _dumps(r.get("metrics") or {}), _dumps(r["series"]) if r.get("series") else None,
            )
            for r in results
        ]
        with self._tx():
            before = self.db.total_changes
            self.db.executemany(
                """INSERT INTO runs (run_key, point, replicate, seed, scenario, params, status, error,
                                     duration_s, finished_at, metrics, series)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (run_key) DO UPDATE SET
                     status = excluded.status, error = excluded.error, duration_s = excluded.duration_s,
                     finished_at = excluded.finished_at, metrics = excluded.metrics, series = excluded.series
                   WHERE runs.status != 'ok'""",
                rows,
            )
            return self.db.total_changes - before

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "error": 0}
        for status, n in self.db.execute("SELECT status, COUNT(*) FROM runs GROUP BY status"):
            out[status] = n
        return out

    def runs(self) -> list[dict[str, Any]]:
        """Every stored run, ordered by point and replicate, with JSON fields decoded."""
        cur = self.db.execute(
            "SELECT run_key, point, replicate, seed, scenario, params, status, error, duration_s, finished_at, "
            "metrics, series FROM runs ORDER BY point, replicate"
        )
        out = []
        for r in cur:
            out.append({
                "run_key": r[0], "point": r[1], "replicate": r[2], "seed": r[3], "scenario": r[4],
                "params": json.loads(r[5]), "status": r[6], "error": r[7], "duration_s": r[8],
                "finished_at": r[9], "metrics": _numbers(json.loads(r[10])) if r[10] else {},
                "series": {k: _numbers(v) for k, v in json.loads(r[11]).items()} if r[11] else None,
            })
        return out

    # -------------------------------------------------------------------------- plumbing
    def _tx(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *rest) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
