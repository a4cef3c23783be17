"""Memory and garbage collection around a model: what lets a process run thousands of models.

Two things live here:

- ``collecting_less``: Python's cyclic garbage collector woken less often while a model builds,
  runs and summarises (it used to live in ``sim/model.py``).
- ``forget_finished_models``: Mesa 3.3 numbers a model's agents from a class-level dictionary
  ``mesa.Agent._ids`` keyed by the model itself, so every model that ever made an agent stays
  reachable for the life of the process - with its population, case log, network and waiting
  lists (mesa issue #3179, fixed upstream in mesa PR #3180). A worker of a comparison over
  plausible worlds runs thousands of models: measured at 1,600 pupils, its memory grew by about
  5 MiB a run until the kernel killed it at 12 GiB. Here the dictionary is replaced by one that
  holds its models weakly: the numbering is exactly Mesa's (one counter per model, from 1,
  shared by all agent classes), and a finished model is freed with everything it holds.
"""
from __future__ import annotations

import functools
import gc
import itertools
import weakref
from typing import Any

import mesa

GC_THRESHOLDS = (20_000, 50, 100)  # the cyclic collector's thresholds while a model builds, runs and summarises


def collecting_less(method):
    """Run ``method`` with Python's cyclic garbage collector woken less often.

    A model holds a few hundred thousand long-lived objects (agents, ties, the case log) and
    makes many small ones; at CPython's default thresholds (700, 10, 10) the collector's full
    passes over them cost 0.05-0.1 s of a 20,000-pupil school year (``benchmarks/``). The
    thresholds are raised for the call and restored after it; nothing else changes."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        old = gc.get_threshold()
        if old[0] >= GC_THRESHOLDS[0]:
            return method(*args, **kwargs)
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            return method(*args, **kwargs)
        finally:
            gc.set_threshold(*old)

    return wrapper


class AgentNumbers(weakref.WeakKeyDictionary):
    """Each model's next agent number (``itertools.count(1)``, as in Mesa), held weakly by model:
    a model no longer used elsewhere is freed, and its counter with it."""

    def __getitem__(self, model: Any) -> itertools.count:
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = itertools.count(1)
            self[model] = counter
            return counter


def forget_finished_models() -> None:
    """Make Mesa's per-model agent numbering hold its models weakly (idempotent). Counters of
    models made before the call are carried over."""
    ids = mesa.Agent.__dict__.get("_ids")
    if isinstance(ids, AgentNumbers):
        return
    numbers = AgentNumbers()
    for model, counter in dict(ids or {}).items():
        numbers[model] = counter
    mesa.Agent._ids = numbers


def models_alive() -> int:
    """How many Mesa models this process still holds (after a full collection): for tests."""
    gc.collect()
    return sum(isinstance(o, mesa.Model) for o in gc.get_objects())


forget_finished_models()
