"""The live-kernel oracle: every scenario of scenarios/live/ agrees with era 6.18, twice with the same
observations; a fixed-seed fuzz run finds no divergence; nothing is left behind.

These tests need root and /proc/kpagecount; elsewhere they skip with the reason, and MMSPEC_REQUIRE_LIVE=1
turns those skips into failures (CI sets it).  Swap scenarios create a swapfile only with MMSPEC_ALLOW_SWAP=1
(or --allow-swap); without it they are model-only, and MMSPEC_REQUIRE_LIVE=1 makes that a failure too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SCENARIOS

from mmspec.oracle.fuzz import fuzz
from mmspec.oracle.live import capabilities
from mmspec.oracle.report import to_json
from mmspec.oracle.run import AGREE, CANNOT_OBSERVE, MODEL_ONLY, allow_swap_default, run_oracle
from mmspec.scenario.parse import parse_file

LIVE = sorted((SCENARIOS / "live").glob("*.mm"))
REQUIRE = os.environ.get("MMSPEC_REQUIRE_LIVE", "") not in ("", "0")


def _need_live() -> None:
    caps = capabilities()
    if not (caps.root and caps.kpage):
        reason = "cannot observe the live kernel: " + "; ".join(caps.reasons)
        if REQUIRE:
            pytest.fail(reason + " (MMSPEC_REQUIRE_LIVE=1)")
        pytest.skip(reason)


def _leftovers() -> list[str]:
    out = []
    if "mmspec-swap" in Path("/proc/swaps").read_text():
        out.append("a swapfile is still on")
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
        if pid != 0:
            out.append(f"an unreaped child {pid}")
    except ChildProcessError:
        pass
    kids = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == os.getpid()]
    if kids:
        out.append(f"child processes {[p.name for p in kids]}")
    return out


def _ppid(p: Path) -> int:
    try:
        return int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


@pytest.mark.parametrize("path", LIVE, ids=[p.name for p in LIVE])
def test_live_scenario_agrees_twice(path: Path) -> None:
    _need_live()
    sc = parse_file(path)
    first = run_oracle(sc, allow_swap_default())
    if first.status == MODEL_ONLY and "swap" in first.reason and not REQUIRE:
        pytest.skip(first.reason)
    assert first.status == AGREE, (first.status, first.reason, first.diffs)
    second = run_oracle(sc, allow_swap_default())
    assert to_json(first) == to_json(second)
    assert _leftovers() == []


def test_live_corpus_is_large_enough() -> None:
    assert len(LIVE) >= 40


def test_fuzz_finds_no_divergence() -> None:
    _need_live()
    report = fuzz(1, 300, None, allow_swap_default())
    assert report.ran >= 300
    assert report.divergences == []
    assert _leftovers() == []


def test_without_root_the_oracle_says_what_it_cannot_observe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    r = run_oracle(parse_file(SCENARIOS / "live" / "anon+fork+cow.mm"))
    assert r.status == CANNOT_OBSERVE
    assert "not root: pagemap PFNs, /proc/kpagecount and /proc/kpageflags are unreadable" in r.reason


def test_unsupported_steps_are_model_only() -> None:
    r = run_oracle(parse_file(SCENARIOS / "spufs+fork+revoke.mm"))
    assert r.status == MODEL_ONLY and "has no live counterpart" in r.reason
