"""The engine on toy machines: state counts known in closed form, BFS order, symmetry, POR, workers."""

from __future__ import annotations

from functools import partial
from math import comb

import pytest

from mmspec.check.engine import Options, check, random_walks
from mmspec.check.toy import Clock, Counters


@pytest.mark.parametrize("n,top", [(2, 3), (3, 2), (3, 4)])
def test_counter_state_counts(n: int, top: int) -> None:
    full = check(partial(Counters, n, top, 99), Options(depth=99, symmetry=False, por=False))
    assert full.states == (top + 1) ** n and full.complete
    sym = check(partial(Counters, n, top, 99), Options(depth=99, symmetry=True, por=False))
    assert sym.states == comb(top + n, n)


def test_bfs_finds_a_shortest_counterexample() -> None:
    r = check(partial(Counters, 2, 3, 5), Options(depth=10, symmetry=False, por=False))
    cex = r.counterexamples["sum-reaches-K"]
    assert cex.length == 5 and r.violated == ["sum-reaches-K"]
    clock = check(Clock, Options(depth=10))
    assert clock.counterexamples["hit-H"].actions == ("tick", "tick", "tick")
    assert clock.states == 5  # the cycle closes; BFS terminates on the visited set


def test_depth_bound_limits_the_search() -> None:
    r = check(partial(Counters, 2, 3, 5), Options(depth=4, symmetry=False, por=False))
    assert r.violated == [] and r.depth_reached == 4 and r.complete
    assert r.states == sum(1 for a in range(4) for b in range(4) if a + b <= 4)


@pytest.mark.parametrize("n,top,k", [(2, 3, 5), (3, 2, 4), (3, 3, 6)])
def test_por_visits_the_same_states_and_finds_the_same_violations(n: int, top: int, k: int) -> None:
    plain = check(partial(Counters, n, top, k), Options(depth=20, symmetry=False, por=False))
    reduced = check(partial(Counters, n, top, k), Options(depth=20, symmetry=False, por=True))
    assert reduced.states == plain.states and reduced.violated == plain.violated
    assert reduced.counterexamples["sum-reaches-K"].length == plain.counterexamples["sum-reaches-K"].length
    assert reduced.transitions < plain.transitions and reduced.pruned > 0


def test_workers_give_the_same_result() -> None:
    one = check(partial(Counters, 3, 3, 6), Options(depth=20, workers=1))
    two = check(partial(Counters, 3, 3, 6), Options(depth=20, workers=2))
    assert (one.states, one.transitions, one.violated) == (two.states, two.transitions, two.violated)
    assert one.counterexamples == two.counterexamples


def test_a_limited_search_is_partial() -> None:
    r = check(partial(Counters, 3, 4, 99), Options(depth=20, symmetry=False, por=False, max_states=10))
    assert not r.complete and r.stop_reason == "state limit of 10"


def test_random_walks_are_deterministic_and_never_complete() -> None:
    a = random_walks(Counters(2, 3, 5), seed=7, walks=20, depth=6)
    b = random_walks(Counters(2, 3, 5), seed=7, walks=20, depth=6)
    assert a.counterexamples == b.counterexamples and a.transitions == b.transitions
    assert not a.complete and "sum-reaches-K" in a.counterexamples
    assert a.stop_reason.endswith("20 of 20 walks") and a.states == 20 + a.transitions
