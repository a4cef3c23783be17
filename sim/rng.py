"""One root seed -> named, independent random streams (common random numbers).

Each mechanism draws from its own stream (``attendance``, ``school``, ``services`` ...), so a
change in one mechanism does not reshuffle another's draws: two scenarios run at the same seed
see the same pupils, the same illnesses and the same life events. A stream's identity is its
name, not the order in which streams are asked for.
"""
from __future__ import annotations

import zlib
from typing import Any

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


class ScalarDraws:
    """One value at a time from a stream, drawn in blocks.

    The agencies draw one number per decision or duration; a single numpy call costs about a
    microsecond, a value from a block about a tenth of that. Blocks are made in a fixed order, so
    the values are the same in every process. ``gamma`` keeps a block per shape."""

    BLOCK = 512

    def __init__(self, gen: np.random.Generator):
        self.gen = gen
        self._uniform: list[float] = []
        self._exponential: list[float] = []
        self._gamma: dict[float, list[float]] = {}

    def random(self, size: int | None = None) -> Any:
        """A uniform on [0, 1) (or an array of ``size`` of them: the next values one at a time)."""
        if size is not None:
            return np.array([self.random() for _ in range(size)], dtype=float)
        if not self._uniform:
            self._uniform = self.gen.random(self.BLOCK).tolist()
        return self._uniform.pop()

    def exponential(self, scale: float = 1.0) -> float:
        if not self._exponential:
            self._exponential = self.gen.standard_exponential(self.BLOCK).tolist()
        return self._exponential.pop() * scale

    def gamma(self, shape: float, scale: float = 1.0) -> float:
        block = self._gamma.get(shape)
        if not block:
            block = self._gamma[shape] = self.gen.standard_gamma(shape, self.BLOCK).tolist()
        return block.pop() * scale

    def integers(self, n: int) -> int:
        """A uniform choice among ``0 .. n-1``."""
        return min(int(self.random() * n), n - 1)
