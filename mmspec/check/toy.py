"""Toy machines for testing the engine: their state counts are known in closed form."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.check.engine import Transition


@dataclass(frozen=True)
class Counters:
    """``n`` counters, each incremented up to ``top``; invariant "sum-reaches-K" breaks when the sum is K.

    States: (top+1)**n; with symmetry (counters are interchangeable) the multisets: C(top+n, n).
    Increments of different counters are independent.
    """

    n: int = 2
    top: int = 3
    k: int = 5
    invariant_names: tuple[str, ...] = ("sum-reaches-K",)

    def init_states(self) -> list[tuple[int, ...]]:
        return [(0,) * self.n]

    def actions(self, s: tuple[int, ...]) -> list[int]:
        return [i for i in range(self.n) if s[i] < self.top]

    def next_state(self, s: tuple[int, ...], a: int) -> Transition[tuple[int, ...]]:
        t = (*s[:a], s[a] + 1, *s[a + 1 :])
        return Transition(t, "ok", ("sum-reaches-K",) if sum(t) == self.k else ())

    def fingerprint(self, s: tuple[int, ...], symmetry: bool) -> int:
        return hash(tuple(sorted(s)) if symmetry else s)

    def independent(self, s: tuple[int, ...], a: int, b: int) -> bool:
        return a != b

    def state_violations(self, s: tuple[int, ...]) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class Clock:
    """A clock that ticks modulo ``period``, with a reset; "hit-H" breaks when it shows H (a cycle)."""

    period: int = 5
    hit: int = 3
    invariant_names: tuple[str, ...] = ("hit-H",)

    def init_states(self) -> list[int]:
        return [0]

    def actions(self, s: int) -> list[str]:
        return ["tick", "reset"]

    def next_state(self, s: int, a: str) -> Transition[int]:
        t = (s + 1) % self.period if a == "tick" else 0
        return Transition(t, "ok", ("hit-H",) if t == self.hit else ())

    def fingerprint(self, s: int, symmetry: bool) -> int:
        return s

    def independent(self, s: int, a: str, b: str) -> bool:
        return False

    def state_violations(self, s: int) -> tuple[str, ...]:
        return ()
