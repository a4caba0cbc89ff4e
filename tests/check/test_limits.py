"""Limits, Ctrl-C and vacuous searches: each stop gives an honest partial report with its reason, for a single
check and for the matrix, with one and two workers.  The assertions are on the reports (counts, reasons),
never on wall-clock time; benchmarks/bench_limits.py measures how promptly they stop."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial

import pytest

from mmspec.check.engine import (
    INTERRUPTED,
    VACUOUS_DEPTH,
    VACUOUS_STUCK,
    WORKER_LOST,
    Options,
    Snapshot,
    Transition,
    check,
    random_walks,
)
from mmspec.check.toy import Counters
from mmspec.cli.check import exit_code, matrix_exit_code
from mmspec.cli.common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from mmspec.era import ERAS, Era, resolve_era
from mmspec.model.era_memo import EraMemo
from mmspec.runner import safety
from mmspec.runner.check import CheckResult, parse_bytes, run_check
from mmspec.runner.safety import Cell, Row, matrix_rows, run_matrix
from mmspec.scenario.ast import Scenario
from mmspec.scenario.parse import parse_text

# Far too large to finish here (about 44,000 states at depth 6, minutes at depth 8): every limit cuts it.
LARGE = """era 6.18
device d preset=mixedmap pages=1
explore procs=2 depth=8 maps=2 ops=mmap,read,write,fork,munmap,exit,revoke,release sources=anon,dev:d
"""
BIG_TOY = partial(Counters, 6, 9, 999)  # 10**6 states without symmetry


def _large(opts: Options, *args: object, **kw: object):  # type: ignore[no-untyped-def]
    sc = parse_text(LARGE)
    return run_check(sc, resolve_era("6.18"), opts, *args, **kw)  # type: ignore[arg-type]


@pytest.fixture
def sigint_soon() -> Iterator[None]:
    """SIGINT this process half a second into the test; a SIGINT that comes after the code under test has
    returned (it finished first) is swallowed rather than killing the test run."""
    old = signal.signal(signal.SIGINT, lambda *_: None)
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, old)


class _InterruptAfter:
    """A progress callback that raises KeyboardInterrupt at its ``n``-th call (as Ctrl-C would)."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def __call__(self, *_: object) -> None:
        self.calls += 1
        if self.calls >= self.n:
            raise KeyboardInterrupt


@pytest.mark.parametrize("workers", [1, 2])
def test_a_progress_callback_that_raises_interrupts_the_search(workers: int) -> None:
    stop = _InterruptAfter(3)
    r = check(BIG_TOY, Options(depth=99, symmetry=False, por=False, workers=workers, progress_every=0), stop)
    assert stop.calls == 3
    assert not r.complete and r.interrupted and r.stop_reason == INTERRUPTED and r.verdict == "partial"
    assert 0 < r.states < 10**6 and r.depth_reached < 54


def _interrupt_inside_level(depth: int) -> Callable[[Snapshot], None]:
    """A snapshot callback that interrupts the search once it is inside level ``depth``."""

    def hook(s: Snapshot) -> None:
        if s.depth == depth and 0 < s.level_done < s.level_size:
            raise KeyboardInterrupt

    return hook


def test_an_interrupt_inside_a_level_reports_the_levels_before_it() -> None:
    r = _large(Options(depth=8, progress_every=0), snapshot=_interrupt_inside_level(3)).report
    assert r.interrupted and r.depth_reached == 2 and 0 < r.level_done < r.level_size
    full = _large(Options(depth=2)).report
    assert r.states == full.states  # exactly the states within depth_reached, all checked
    assert r.transitions > full.transitions  # plus the steps taken inside the cut level


@pytest.mark.parametrize("workers", [1, 2])
def test_sigint_gives_a_partial_report(workers: int, sigint_soon: None) -> None:
    r = _large(Options(depth=8, workers=workers)).report
    assert not r.complete and r.interrupted and r.stop_reason == INTERRUPTED
    assert r.states < 44_000 and r.peak_rss > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_a_time_limit_stops_inside_a_level(workers: int) -> None:
    r = _large(Options(depth=8, workers=workers, time_limit=0.5)).report
    assert not r.complete and not r.interrupted and r.stop_reason == "time limit of 0.5 s"
    assert r.depth_reached < 8 and r.states < 44_000


@pytest.mark.parametrize("workers", [1, 2])
def test_a_tiny_memory_limit_stops_the_search(workers: int) -> None:
    r = _large(Options(depth=8, workers=workers, max_memory=1 << 20)).report
    assert not r.complete and r.stop_reason == "memory limit of 1 MiB" and r.memory_limit == 1 << 20
    assert r.peak_rss > 1 << 20 and r.depth_reached == 0


def test_the_memory_limit_has_a_default_and_can_be_lifted() -> None:
    assert check(BIG_TOY, Options(depth=2)).memory_limit > 0
    r = check(BIG_TOY, Options(depth=2, max_memory=0))
    assert r.memory_limit == 0 and r.complete


def test_a_state_limit_stops_at_the_same_place_for_any_worker_count() -> None:
    one = _large(Options(depth=8, max_states=300, workers=1)).report
    two = _large(Options(depth=8, max_states=300, workers=2)).report
    assert one.stop_reason == two.stop_reason == "state limit of 300" and not one.complete
    assert (one.states, one.transitions, one.counterexamples) == (two.states, two.transitions, two.counterexamples)
    assert one.states == 300


@dataclass(frozen=True)
class _DiesInAWorker(Counters):
    """Counters whose worker processes die (as if killed by the OOM killer) once a sum reaches 3."""

    parent: int = 0

    def next_state(self, s: tuple[int, ...], a: int) -> Transition[tuple[int, ...]]:
        if os.getpid() != self.parent and sum(s) >= 3:
            os._exit(1)
        return super().next_state(s, a)


def test_a_dead_worker_makes_the_search_partial() -> None:
    r = check(partial(_DiesInAWorker, 3, 3, 99, parent=os.getpid()), Options(depth=20, workers=2))
    assert not r.complete and r.stop_reason == WORKER_LOST and r.depth_reached <= 3


def test_progress_is_reported_inside_a_level() -> None:
    seen: list[Snapshot] = []
    stop = _interrupt_inside_level(4)

    def hook(s: Snapshot) -> None:
        seen.append(s)
        stop(s)

    r = _large(Options(depth=8, progress_every=0), snapshot=hook)
    assert r.report.interrupted
    inside = [s for s in seen if 0 < s.level_done < s.level_size]
    assert inside and inside[-1].transitions > inside[0].transitions and inside[-1].rss > 0
    assert inside[-1].level_seconds_left is not None


# Vacuous searches: nothing can happen, so nothing is proved.


@pytest.mark.parametrize("depth", [0, -2])
def test_a_search_without_depth_is_vacuous(depth: int) -> None:
    r = check(partial(Counters, 2, 3, 5), Options(depth=depth))
    assert r.vacuous and not r.complete and r.verdict == "vacuous" and r.stop_reason == VACUOUS_DEPTH


def test_a_search_where_no_action_is_enabled_is_vacuous() -> None:
    r = check(partial(Counters, 2, 0, 5), Options(depth=5))  # every counter already at its top
    assert r.vacuous and r.verdict == "vacuous" and r.stop_reason == VACUOUS_STUCK and r.states == 1
    w = random_walks(Counters(2, 0, 5), seed=1, walks=5, depth=5)
    assert w.vacuous and w.stop_reason == VACUOUS_STUCK


@pytest.mark.parametrize(
    ("text", "maps"),
    [
        ("explore procs=2 depth=3 ops=mmap,read\n", 0),  # maps=0 is bad input in a file; the API can still ask
        ("device d preset=spufs-reserved\nexplore procs=2 depth=4 ops=revoke,release\n", None),
        ("explore procs=2 depth=0 ops=mmap,read\n", None),
    ],
)
def test_expect_no_violations_fails_on_a_vacuous_search(text: str, maps: int | None) -> None:
    sc = parse_text("era 2.6.19+reserved\n" + text + "expect no violations\n")
    assert sc.explore is not None
    if maps is not None:
        sc = dataclasses.replace(sc, explore=dataclasses.replace(sc.explore, maps=maps))
    r = run_check(sc, resolve_era("2.6.19+reserved"), Options(depth=sc.explore.depth))  # type: ignore[union-attr]
    assert r.report.vacuous and not r.passed and "vacuous" in r.expectations[0][3]
    assert exit_code([r]) == EXIT_FAILED


def test_an_interrupt_after_the_last_step_is_still_reported() -> None:
    def late(*_: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # the search's own handler takes it, then finds no step left

    r = check(partial(Counters, 2, 1, 99), Options(depth=1, progress_every=0), late)
    assert r.complete and r.interrupted and r.verdict == "complete"


def test_exit_codes() -> None:
    sc = parse_text("era 6.18\nexplore procs=2 depth=2 ops=mmap,read sources=anon\nexpect no violations\n")
    ok = run_check(sc, resolve_era("6.18"), Options(depth=2))
    assert ok.report.verdict == "complete" and exit_code([ok]) == EXIT_OK
    stopped = run_check(sc, resolve_era("6.18"), Options(depth=2, progress_every=0), _InterruptAfter(1))
    assert exit_code([ok, stopped]) == EXIT_INTERRUPTED and not stopped.passed


def test_memory_sizes() -> None:
    assert [parse_bytes(t) for t in ("0", "4096", "512M", "512MiB", "1.5g", "2GB")] == [
        0,
        4096,
        512 << 20,
        512 << 20,
        3 << 29,
        2 << 30,
    ]
    for bad in ("", "lots", "-1G"):
        with pytest.raises(ValueError):
            parse_bytes(bad)


# The matrix.

SMALL_ROWS = ["spufs", "remap-pfn"]


def _cells_key(cells: list[Cell]) -> list[tuple[object, ...]]:
    return [
        (
            c.row,
            c.era.name,
            c.result.report.verdict if c.result else c.reason,
            c.result.report.states if c.result else 0,
        )
        for c in cells
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_sigint_stops_the_matrix(workers: int, sigint_soon: None) -> None:
    rows = matrix_rows()
    jobs = [(row, era) for row in rows for era in ERAS]
    cells = run_matrix(rows, None, Options(depth=7, workers=workers))
    assert 0 < len(cells) < len(jobs) and matrix_exit_code(cells, rows) == EXIT_INTERRUPTED
    assert [(c.row, c.era) for c in cells] == sorted(((c.row, c.era) for c in cells), key=jobs.index)
    # The cells that were running when it came (none if it came between cells) are marked, and partial unless
    # it came after their last step; the others are done.
    stopped = [c.result.report for c in cells if c.interrupted and c.result]
    assert len(stopped) <= workers and all(r.stop_reason == INTERRUPTED or r.complete for r in stopped)
    assert all(c.result.report.complete for c in cells if c.result and not c.interrupted)
    if workers == 1:
        assert not any(c.interrupted for c in cells[:-1])


STOP_AT = (Row("spufs-reserved", "shared"), "2.6.21")


def _interrupting_run_check(
    sc: Scenario,
    era: Era,
    opts: Options,
    progress: object = None,
    origin: str | None = None,
    shared: EraMemo | None = None,
) -> CheckResult:
    """run_check, where Ctrl-C comes inside the search of the cell STOP_AT (in whichever process runs it)."""
    if sc.path == f"matrix/{STOP_AT[0].preset}.{STOP_AT[0].sharing}.mm" and era.name == STOP_AT[1]:
        return run_check(sc, era, replace(opts, progress_every=0), _InterruptAfter(2), origin=origin, shared=shared)
    return run_check(sc, era, opts, progress, origin=origin, shared=shared)  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interrupted_cell_stops_the_matrix(workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "run_check", _interrupting_run_check)
    rows = matrix_rows(["spufs", "spufs-reserved", "remap-pfn"])
    cells = run_matrix(rows, None, Options(depth=5, workers=workers))
    where = [(c.row, c.era.name) for c in cells]
    assert STOP_AT in where and len(cells) < len(rows) * len(ERAS)
    assert cells[where.index(STOP_AT)].interrupted and matrix_exit_code(cells, rows) == EXIT_INTERRUPTED
    assert len([c for c in cells if c.interrupted]) <= workers
    if workers == 1:
        assert where[-1] == STOP_AT


def test_an_interrupt_between_cells_stops_the_matrix() -> None:
    def on_cell(c: Cell) -> None:
        seen.append(c)
        if len(seen) == 3:
            raise KeyboardInterrupt

    seen: list[Cell] = []
    cells = run_matrix(matrix_rows(SMALL_ROWS), None, Options(depth=2, workers=1), on_cell)
    assert cells == seen and len(cells) == 3
    assert matrix_exit_code(cells, matrix_rows(SMALL_ROWS)) == EXIT_INTERRUPTED


@pytest.mark.parametrize("limit", [{"time_limit": 0.0}, {"max_states": 20}])
def test_limits_apply_to_each_matrix_cell(limit: dict[str, float]) -> None:
    eras = [resolve_era("2.6.19"), resolve_era("6.18")]
    rows = matrix_rows(SMALL_ROWS)
    one = run_matrix(rows, eras, Options(depth=5, workers=1, **limit))  # type: ignore[arg-type]
    two = run_matrix(rows, eras, Options(depth=5, workers=2, **limit))  # type: ignore[arg-type]
    assert len(one) == len(rows) * 2
    ran = [c.result.report for c in one if c.result is not None]
    assert ran and all(not r.complete and not r.interrupted and "limit of" in r.stop_reason for r in ran)
    assert matrix_exit_code(one, rows, eras) == EXIT_OK
    if "max_states" in limit:
        assert _cells_key(one) == _cells_key(two)
