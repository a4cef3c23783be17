"""One root seed -> named, independent random streams (common random numbers).

Each mechanism draws from its own stream (``attendance``, ``shocks``, ``school`` ...), so a
change in one mechanism does not reshuffle another's draws: two scenarios run at the same seed
see the same pupils, the same illnesses and the same life events. A stream's identity is its
name, not the order in which streams are asked for.
"""
from __future__ import annotations

import zlib

import numpy as np


def stream_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def run_seed(root_seed: int, *identity: object) -> int:
    """A seed derived from a root seed and a run's identity (e.g. replicate number)."""
    words = [stream_key(str(x)) for x in identity]
    ss = np.random.SeedSequence(entropy=int(root_seed), spawn_key=tuple(words))
    return int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


class Streams:
    """Named numpy generators spawned from one root seed."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        gen = self._streams.get(name)
        if gen is None:
            ss = np.random.SeedSequence(entropy=self.seed, spawn_key=(stream_key(name),))
            gen = np.random.Generator(np.random.PCG64(ss))
            self._streams[name] = gen
        return gen
