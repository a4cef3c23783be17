"""The result store of a sweep: one SQLite database (WAL) in the sweep's directory.

Every finished run is written at once, in its own transaction, by the one process that
drives the sweep, so a sweep that is interrupted - Ctrl-C, or the process killed - keeps
every run that had finished. A run is identified by its *run key* (a hash of its design
point, replicate, seed and resolved parameters): it is the table's primary key, so a run is
never stored twice, and a resumed sweep asks the store which keys it already has.

Tables: ``meta`` (the experiment, its fingerprint), ``points`` (the design) and ``runs``
(one row per run: point, replicate, seed, parameters, status, error, duration, metrics,
daily series; parameters, metrics and series as JSON).
"""
from __future__ import annotations

import json
import math
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable

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
"""


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
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / DB_NAME
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
        self.db.executescript(SCHEMA)

    @staticmethod
    def exists(directory: str | Path) -> bool:
        return (Path(directory) / DB_NAME).is_file()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -------------------------------------------------------------------------- meta
    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

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
