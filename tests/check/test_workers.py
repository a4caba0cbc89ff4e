"""Owner-computes workers and Ray give the one worker's results, byte for byte: state counts, violations,
counterexamples and their order, and the CLI's text and JSON output (times aside).

The Ray tests run on one local Ray instance per session (2 CPUs); they are skipped where Ray is not
installed, unless MMSPEC_REQUIRE_RAY is set (CI installs the extra and sets it), which turns the skip into a
failure."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import ray_keys
from click.testing import CliRunner
from conftest import ROOT

from mmspec.check import engine, ray_engine
from mmspec.check.engine import Keep, Options, Transition, _Frontier, _rebalance, _Ticker, check
from mmspec.check.toy import Counters
from mmspec.cli import main
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.runner.safety import Cell, matrix_rows, run_matrix
from mmspec.scenario.parse import parse_file, parse_text

CHECKS = sorted((ROOT / "checks").glob("*.mm"))
# Small enough for a test, large enough that the parts come out uneven and states are shipped.
STANDARD = """era 6.18
device d preset=mixedmap pages=1
explore procs=2 depth=4 maps=2 ops=mmap,read,write,fork,munmap,exit,revoke,release sources=anon,dev:d
"""
MATRIX_ROWS = ["spufs-reserved", "remap-pfn"]


def _key(path_or_text: Path | str, **opts: Any) -> tuple[Any, ...]:
    sc = parse_file(path_or_text) if isinstance(path_or_text, Path) else parse_text(path_or_text)
    assert sc.explore is not None
    r = run_check(sc, resolve_era(sc.era or ""), Options(depth=sc.explore.depth, **opts))
    rep = r.report
    cexs = [(c.invariant, c.init, c.actions, c.outcomes) for c in rep.counterexamples.values()]
    return (rep.states, rep.transitions, rep.pruned, rep.depth_reached, rep.verdict, cexs, r.texts)


def _cells(cells: list[Cell]) -> list[tuple[Any, ...]]:
    out = []
    for c in cells:
        r = c.result
        rep = None if r is None else r.report
        out.append(
            (c.row, c.era.name, None if rep is None else (rep.states, rep.transitions, rep.verdict), r and r.texts)
        )
    return out


@pytest.mark.parametrize("path", CHECKS, ids=[p.name for p in CHECKS])
@pytest.mark.parametrize("workers", [2, 3])
def test_workers_give_one_workers_results(path: Path, workers: int) -> None:
    assert _key(path, workers=workers) == _key(path, workers=1)


@pytest.mark.parametrize("symmetry,por", [(True, True), (False, True), (True, False)])
def test_workers_give_one_workers_results_on_a_larger_space(symmetry: bool, por: bool) -> None:
    one = _key(STANDARD, workers=1, symmetry=symmetry, por=por)
    assert _key(STANDARD, workers=2, symmetry=symmetry, por=por) == one


def test_workers_give_one_workers_results_on_a_toy() -> None:
    one = check(partial(Counters, 4, 3, 5), Options(depth=12, workers=1))
    for w in (2, 3):
        r = check(partial(Counters, 4, 3, 5), Options(depth=12, workers=w))
        assert (r.states, r.transitions, r.pruned, r.counterexamples) == (
            one.states,
            one.transitions,
            one.pruned,
            one.counterexamples,
        )


def test_the_matrix_does_not_depend_on_workers() -> None:
    rows = matrix_rows(MATRIX_ROWS)
    assert _cells(run_matrix(rows, None, Options(depth=3, workers=2))) == _cells(
        run_matrix(rows, None, Options(depth=3, workers=1))
    )


def _k(sid: int, nid: int, last: int = 0) -> Keep:
    return (sid, 0, nid, last, True)


def test_rebalance_evens_the_parts_and_leaves_even_ones_alone() -> None:
    uneven = [[_k(0, n) for n in range(10)] + [_k(0, 99, -2)], [_k(1, 10)]]
    give, dest = _rebalance(uneven)
    assert give == [[9, 8, 7, 6], []] and set(dest.values()) == {1}  # 6 and 5 after; terminal 99 stays
    even = [[_k(0, n) for n in range(10)], [_k(1, n) for n in range(10, 19)]]
    assert _rebalance(even) == ([[], []], {})


def test_no_state_is_shipped_after_the_last_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """The states of the level at the depth bound are never expanded: the parent evens the parts after
    every level but that one (shipping its states would cost about two steps each, for nothing)."""
    levels: list[int] = []

    def rebalance(mine: list[list[Keep]]) -> tuple[list[list[int]], dict[int, int]]:
        levels.append(sum(len(part) for part in mine))
        return _rebalance(mine)

    monkeypatch.setattr(engine, "_rebalance", rebalance)
    r = check(partial(Counters, 4, 3, 5), Options(depth=8, workers=2))
    assert r.depth_reached == 8 and r.complete
    assert len(levels) == 7 and all(levels)


class _Thief(_Ticker):
    """Steals from the frontier it watches at its first check, as a busy worker answers an idle one."""

    def __init__(self, front: _Frontier) -> None:
        self.front, self.next_check, self.given = front, 5, []

    def check(self) -> None:
        self.next_check = 1 << 62
        self.given = self.front.split()


def test_a_split_gives_half_of_the_states_not_started_and_nothing_is_lost() -> None:
    machine = Counters(4, 3, 5)
    opts = Options(depth=12, por=False)
    seeds = [(n, (n % 4, n // 4 % 4, 0, 1), -1) for n in range(40)]
    whole = _Frontier(machine, opts)
    whole.seed(seeds)
    every, _ = whole.expand(_Thief(_Frontier(machine, opts)))  # a thief with nothing to take

    busy, idle = _Frontier(machine, opts), _Frontier(machine, opts)
    busy.seed(seeds)
    thief = _Thief(busy)
    mine, _ = busy.expand(thief)
    # Its first check comes within the second state's steps: 38 states were not started; it gives the
    # last 19 of them, in their order.
    assert [sid for sid, _, _ in thief.given] == list(range(21, 40))
    theirs, _ = idle.expand_stolen(thief.given, _Thief(_Frontier(machine, opts)))
    assert {r[0] for r in theirs} == set(range(21, 40)) and {r[0] for r in mine} == set(range(21))
    assert sorted(mine + theirs) == sorted(every)
    assert set(busy.store) | set(idle.store) == set(whole.store) and not set(busy.store) & set(idle.store)


@dataclass(frozen=True)
class _Slow(Counters):
    """Counters whose steps are slow where ``slow`` is set."""

    slow: bool = False

    def next_state(self, s: tuple[int, ...], a: int) -> Transition[tuple[int, ...]]:
        if self.slow:
            time.sleep(0.0005)
        return super().next_state(s, a)


def _slow_in_first_worker(made: Any) -> _Slow:
    """The machine of each process of a search: slow in the first worker (the parent makes the first one)."""
    with made.get_lock():
        made.value += 1
        return _Slow(5, 4, 9, slow=made.value == 2)


def test_an_idle_worker_steals_from_a_busy_one(monkeypatch: pytest.MonkeyPatch) -> None:
    moved: list[int] = []
    call = engine._Pool.call

    def recording_call(pool: Any, *args: Any) -> Any:
        out = call(pool, *args)
        moved.extend(pool.moved)
        return out

    monkeypatch.setattr(engine._Pool, "call", recording_call)
    one = check(partial(Counters, 5, 4, 9), Options(depth=20, symmetry=False, por=False, workers=1))
    made = multiprocessing.get_context("fork").Value("i", 0)
    two = check(partial(_slow_in_first_worker, made), Options(depth=20, symmetry=False, por=False, workers=2))
    assert (two.states, two.transitions, two.pruned, two.counterexamples) == (
        one.states,
        one.transitions,
        one.pruned,
        one.counterexamples,
    )
    assert moved  # the fast worker expanded states of the slow one's part


def _cli(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["check", *args])
    return r.exit_code, r.output


def _timeless(text: str) -> str:
    """The CLI's output without what varies from run to run (times, memory)."""
    text = re.sub(r'"(seconds|peak_rss|bytes_per_state|memory_limit)": [0-9.e+]+', r'"\1": 0', text)
    return re.sub(r"(sec|peak)=[0-9.]+( MiB)?", r"\1=0", text)


@pytest.mark.parametrize("fmt", [[], ["--json"]])
def test_cli_output_is_the_same_with_two_workers(fmt: list[str], tmp_path: Path) -> None:
    path = str(ROOT / "checks" / "spufs-reserved.proposal.mm")
    one = _cli(path, "--out", str(tmp_path / "1"), *fmt)
    two = _cli(path, "--workers", "2", "--out", str(tmp_path / "1"), *fmt)
    assert one[0] == two[0] and _timeless(one[1]) == _timeless(two[1])


# --- Ray ---------------------------------------------------------------------------------------------------
# Each Ray test runs the CLI in a subprocess that starts its own local Ray instance (2 CPUs): a Ray driver's
# threads in the test process would make later fork()s hang (the live oracle forks its agents).


@pytest.fixture
def ray_installed() -> None:
    if not ray_engine.available():
        if os.environ.get("MMSPEC_REQUIRE_RAY"):
            pytest.fail("MMSPEC_REQUIRE_RAY is set but Ray is not installed: pip install -e '.[ray]'")
        pytest.skip("Ray is not installed (pip install -e '.[ray]')")


def _cli_subprocess(*args: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "mmspec", "check", *args], capture_output=True, text=True, env=env)
    return r.returncode, r.stdout


def test_ray_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ray_engine, "available", lambda: False)
    code, out = _cli(str(CHECKS[0]), "--ray", "local")
    assert code == 2 and "pip install -e '.[ray]'" in out


@pytest.mark.usefixtures("ray_installed")
def test_ray_gives_one_workers_results(tmp_path: Path) -> None:
    files = [str(tmp_path / "standard.mm"), *map(str, CHECKS)]
    (tmp_path / "standard.mm").write_text(STANDARD)
    one = _cli(*files, "--json", "--out", str(tmp_path))
    ray = _cli_subprocess(*files, "--json", "--ray", "local", "--workers", "2", "--out", str(tmp_path))
    assert one[0] == ray[0] and _timeless(one[1]) == _timeless(ray[1])
    assert [c["states"] for c in json.loads(one[1])["checks"]][:1] == [1873]
    assert len(json.loads(one[1])["checks"]) == 1 + len(CHECKS)


# Searches the partitioned visited set must get right: POR's expansions again (the toy prunes a third of its
# actions), no symmetry, no POR, three partitions, and the state limit's cut in each level (its first
# transition, the middle, the end), with counterexamples.
RAY_SPECS: list[dict[str, Any]] = [
    *({"toy": [4, 3, 5], "opts": {"depth": 12, "workers": w, **m}} for w in (2, 3) for m in ({}, {"max_states": 20})),
    *({"text": STANDARD, "opts": {"workers": 2, "symmetry": s, "por": p}} for s, p in ((False, True), (True, False))),
    *({"text": STANDARD, "opts": {"workers": 3, "max_states": m}} for m in (1, 2, 50, 700, 1873)),
    *({"path": str(p), "opts": {"workers": 3, "max_states": 100}} for p in CHECKS),
]


@pytest.mark.usefixtures("ray_installed")
def test_ray_partitions_give_one_workers_results() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = [sys.executable, str(Path(__file__).with_name("ray_keys.py")), "3"]
    r = subprocess.run([*script, *map(json.dumps, RAY_SPECS)], capture_output=True, text=True, env=env)
    got = r.stdout.splitlines()
    assert len(got) == len(RAY_SPECS), r.stderr[-2000:]
    for spec, line in zip(RAY_SPECS, got, strict=True):
        assert line == ray_keys.keys({**spec, "opts": {**spec["opts"], "workers": 1}}), spec
    # The limits did cut: the toy's two and the standard configuration's five at least (a check file is cut
    # where it has more than 100 states, which depends on the checks present).
    assert sum("state limit of" in line for line in got) >= 7


LARGE = STANDARD.replace("depth=4", "depth=8")  # minutes: every limit cuts it


@pytest.mark.usefixtures("ray_installed")
def test_ray_limits_stop_the_actors() -> None:
    """The time and memory limits and an interrupt inside a level (the actors report how far they are, and
    are halted between steps) give the partial report of a search that ran to the end of its last level."""
    specs = [
        {"text": LARGE, "opts": {"workers": 2, "time_limit": 3}, "limits": True},
        {"text": LARGE, "opts": {"workers": 2, "max_memory": 1 << 20}, "limits": True},
        {"text": LARGE, "opts": {"workers": 2, "progress_every": 0}, "interrupt_from": 5, "limits": True},
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = [sys.executable, str(Path(__file__).with_name("ray_keys.py")), "2"]
    r = subprocess.run([*script, *map(json.dumps, specs)], capture_output=True, text=True, env=env)
    timed, memory, interrupted = map(json.loads, r.stdout.splitlines())
    assert timed["verdict"] == "partial" and timed["stop_reason"] == "time limit of 3 s" and timed["depth_reached"] < 8
    assert memory["stop_reason"] == "memory limit of 1 MiB" and memory["peak_rss"] > 1 << 20
    assert memory["depth_reached"] == 0
    assert interrupted["interrupted"] and interrupted["stop_reason"] == "interrupted"
    assert 0 < interrupted["level_done"] < interrupted["level_size"]
    full = ray_keys.keys({"text": LARGE.replace("depth=8", f"depth={interrupted['depth_reached']}"), "opts": {}})
    assert full.startswith(f"({interrupted['states']}, ")  # every state within the levels done, all checked


@pytest.mark.usefixtures("ray_installed")
def test_ray_runs_the_matrix_cells_as_tasks(tmp_path: Path) -> None:
    """Every cell of the default matrix (at a smaller depth, for time)."""
    args = ["--depth", "3", "--json"]
    one = _cli(*args, "--out", str(tmp_path))
    ray = _cli_subprocess(*args, "--ray", "local", "--out", str(tmp_path))
    assert one[0] == ray[0] and _timeless(one[1]) == _timeless(ray[1])
    assert len(json.loads(one[1])["matrix"]) > 0
