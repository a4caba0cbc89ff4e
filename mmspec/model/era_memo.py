"""Results of the model shared between searches of one scenario under several eras (a row of the safety
matrix), by the rule switches each result read.

A step, the actions enabled in a state and the state's invariants are functions of the exact state and of
the era's switches that the model reads while computing them: under another era that agrees on every switch
read, the same code takes the same branches and gives the same result.  So each result is stored with the
switches it read, recorded by a :class:`TracedEra`, and reused under any era that agrees with them: the
dependency tracking of build systems, with switches for files.  It is exact, not a heuristic: every
attribute read of the era goes through the recording, Era's own methods included (the model reads switches
and never compares or hashes an era whole; tests/test_era_memo.py holds whole rows to the plain search).
States are matched by exact hash and then compared field by field, so a hash collision costs a comparison,
never a wrong result.  The canonical fingerprint reads no era at all and is shared as it is.

In the default matrix, about four transitions in five of a row had been taken from the same exact state
under an earlier era of the row, and three in four are reused (the rest read a switch on which the eras
differ); ``python benchmarks/bench_check.py`` reports the matrix's time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar

from mmspec.era import Era
from mmspec.mm.mm_types import STATE_FIELDS, Kernel
from mmspec.model.fingerprint import CanonicalMemo, exact_hash

R = TypeVar("R")


class TracedEra(Era):
    """An era that records every field read of it (name and value) in ``reads``: each field of
    :class:`~mmspec.era.Era` is a property here.  Built by :func:`traced`.  (Era stays interpreted in the
    compiled build, mmspec/build.py, so that it can be subclassed.)"""

    reads: dict[str, Any]
    era: Era


def _recorded(name: str) -> property:
    def get(self: TracedEra) -> Any:
        value = getattr(self.era, name)
        self.reads[name] = value
        return value

    return property(get, doc=f"Era.{name}, recorded")


for _f in fields(Era):
    setattr(TracedEra, _f.name, _recorded(_f.name))


def traced(era: Era) -> TracedEra:
    """``era`` with its reads recorded (frozen, like Era: the two attributes are set past its __setattr__)."""
    t = object.__new__(TracedEra)
    object.__setattr__(t, "era", era)
    object.__setattr__(t, "reads", {})
    return t


_STATE = attrgetter(*[name for name, _ in STATE_FIELDS])


def same_state(a: Kernel, b: Kernel) -> bool:
    """Whether two states are equal in every state field (what the exact form sees)."""
    return a is b or _STATE(a) == _STATE(b)


def _reader(names: tuple[str, ...]) -> Callable[[Era], object]:
    """A function from an era to its values of ``names`` (in C: it runs at every lookup)."""
    return attrgetter(*names) if names else lambda _: ()


@dataclass
class EraMemo:
    """The shared results of one scenario's searches: by kind of result, exact hash of the state and
    argument, each result with the state it was computed on and the switches it read.  Bounded, since each
    keeps its states alive (a matrix row needs a few thousand): when full it starts again, which costs
    time, never a result."""

    limit: int = 1 << 16
    canonical: CanonicalMemo = field(default_factory=CanonicalMemo)
    entries: dict[tuple[str, int, object], list[tuple[Kernel, Callable[[Era], object], object, Any]]] = field(
        default_factory=dict
    )
    readers: dict[tuple[str, ...], Callable[[Era], object]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def run(self, kind: str, k: Kernel, arg: object, era: Era, compute: Callable[[Era], R]) -> R:
        """``compute(era)``'s result on state ``k`` (with argument ``arg``), reused when an era that agreed
        with ``era`` on every switch it read computed it on an equal state."""
        key = (kind, k.xhash if k.xhash is not None else exact_hash(k), arg)
        slot = self.entries.get(key)
        if slot is None:
            if len(self.entries) >= self.limit:
                self.entries.clear()
            slot = self.entries[key] = []
        else:
            for state, values_of, seen, result in slot:
                if values_of(era) == seen and same_state(state, k):
                    self.hits += 1
                    return result  # type: ignore[no-any-return]
        self.misses += 1
        t = traced(era)
        result = compute(t)
        names = tuple(t.reads)
        read = self.readers.get(names)
        if read is None:
            read = self.readers[names] = _reader(names)
        slot.append((k, read, read(t.era), result))
        return result
