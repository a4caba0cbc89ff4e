"""Small builders for unit tests: a kernel after some scenario steps, and lookups into it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from mmspec.check.engine import Options
from mmspec.era import Era, resolve_era
from mmspec.errors import ScenarioError
from mmspec.mm.mm_types import Kernel, Page, Pte, Vma
from mmspec.model import actions as A
from mmspec.model.fingerprint import canonical, exact
from mmspec.model.step import step
from mmspec.runner.check import run_check
from mmspec.runner.run import execute
from mmspec.scenario.ast import Scenario
from mmspec.scenario.parse import parse_text

STOCK = resolve_era("2.6.19")
PROPOSAL = resolve_era("2.6.19+reserved")


def after(text: str, era: Era = STOCK) -> Kernel:
    """The final kernel state of scenario ``text`` (no `era` line needed); its `== V` reads and `-> OUTCOME`
    steps must hold."""
    result = execute(parse_text(text), era)
    assert result.final is not None
    failed = [s for s in result.steps if not s.passed]
    assert not failed, f"step did not do what the text says: {failed[0]}"
    return result.final


def vma(k: Kernel, proc: str, label: str) -> Vma:
    v = k.vma_by_label(proc, label)
    assert v is not None
    return v


def pte(k: Kernel, proc: str, label: str, index: int = 0) -> Pte:
    p = k.pte(proc, vma(k, proc, label).start + index)
    assert p is not None
    return p


def page(k: Kernel, proc: str, label: str, index: int = 0) -> Page:
    return k.page(pte(k, proc, label, index).pfn)


def assert_replays(text: str, invariant: str, tmp_path: Path) -> None:
    """A counterexample scenario ``text`` passes under `mmspec run`, breaking ``invariant``."""
    path = tmp_path / "cex.mm"
    path.write_text(text)
    root = Path(__file__).resolve().parent.parent
    replay = subprocess.run(
        [sys.executable, "-m", "mmspec", "run", str(path)], capture_output=True, text=True, cwd=root
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert invariant in replay.stdout


def assert_reduction_agrees(sc: Scenario, era: str, depth: int) -> None:
    """The partial-order reduction changes neither the states, the invariants nor the counterexample lengths."""
    reduced = run_check(sc, resolve_era(era), Options(depth=depth, por=True)).report
    full = run_check(sc, resolve_era(era), Options(depth=depth, por=False)).report
    assert reduced.states == full.states and reduced.violated == full.violated
    assert {i: len(c.actions) for i, c in reduced.counterexamples.items()} == {
        i: len(c.actions) for i, c in full.counterexamples.items()
    }


def assert_parse_errors(bad: dict[str, str]) -> None:
    """Each scenario text is refused with a diagnostic that contains its message (file s.mm)."""
    for text, message in bad.items():
        with pytest.raises(ScenarioError) as err:
            parse_text(text, "s.mm")
        assert message in str(err.value), (text, str(err.value))


def assert_split_is_whole(k: Kernel, era: Era, action: A.Action, point: str, most: int) -> None:
    """``action`` stopped at ``point`` and resumed point by point (at most ``most`` passes) ends where the
    whole call ends: a split that nothing runs inside changes nothing."""
    whole = step(k, era, action)
    part = step(k, era, dataclasses.replace(action, until=point))  # type: ignore[type-var]
    passes = 1
    while ("P1", "T1") in part.kernel.inflight:
        part = step(part.kernel, era, A.Resume("P1", "T1", point))
        passes += 1
    assert passes <= most
    assert (part.outcome.name, exact(part.kernel)) == (whole.outcome.name, exact(whole.kernel))
    assert canonical(part.kernel) == canonical(whole.kernel)
