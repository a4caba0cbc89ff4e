"""Every scenario in scenarios/ passes under every era it can run in; an era that cannot run it says why.

Expectations were derived from the kernel's rules of each era (the comments in each file name them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SCENARIOS

from mmspec.era import ERAS, MODELLED, Era, release_era
from mmspec.errors import EraMismatch
from mmspec.runner.run import execute, judge
from mmspec.scenario.parse import parse_file

FILES = sorted(p for p in SCENARIOS.rglob("*.mm") if p.parent.name != "bugs")  # bugs: tests/test_zoo.py
CASES = [(p, e) for p in FILES for e in ERAS]


@pytest.mark.parametrize("path,era", CASES, ids=[f"{p.relative_to(SCENARIOS)}@{e.name}" for p, e in CASES])
def test_scenario_under_era(path: Path, era: Era) -> None:
    sc = parse_file(path)
    try:
        result = execute(sc, era)
    except EraMismatch as e:
        # Cannot run: the reason names the era and, for a missing feature, the commit that changed it.
        for d in e.diagnostics:
            assert era.name in d.message and d.hint, str(d)
        return
    judge(sc, result)
    failed = [f"line {s.line}: {s.text} -> {s.outcome}" for s in result.steps if not s.passed]
    failed += [f"line {x.line}: {x.text} ({x.actual})" for x in result.expectations if not x.passed]
    assert result.passed, f"{path.name} @ {era.name}: {failed}, unexpected violations {result.unexpected_violations}"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SCENARIOS)) for p in FILES])
def test_every_scenario_runs_in_some_era(path: Path) -> None:
    # Counting "cannot run" as a pass above is sound only if each scenario does run somewhere.
    sc = parse_file(path)
    ran = 0
    for era in ERAS:
        try:
            execute(sc, era)
        except EraMismatch:
            continue
        ran += 1
    assert ran > 0


def test_corpus_is_large_enough() -> None:
    assert len([p for p in FILES if p.parent == SCENARIOS]) >= 30
    assert len([p for p in FILES if p.parent.name == "eras"]) >= 25


# Under every release (not only the landmarks) the corpus passes: a span written against the landmarks
# must still hold at the releases between them (5.7's pins, 5.8's forced GUP COW break, 5.9-rc4 and -rc7).


# A scenario whose expectations were derived from the rules of 2.6.19 and later says so with `eras 2.6.19..`
# (the releases before it run other rules: PageReserved, VM_RESERVED's "never touch", vm_insert_page
# without VM_INSERTPAGE); those under scenarios/eras/ named pre-* are derived for every release.


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SCENARIOS)) for p in FILES])
def test_scenario_under_every_release(path: Path) -> None:
    sc = parse_file(path)
    failing = set()
    for name in MODELLED:
        try:
            result = execute(sc, release_era(name))
        except EraMismatch as e:
            for d in e.diagnostics:
                assert name in d.message and d.hint, str(d)
            continue
        judge(sc, result)
        if not result.passed:
            failing.add(name)
    assert failing == set()
