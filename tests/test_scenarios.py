"""Every scenario in scenarios/ passes: its expectations were derived from the kernel's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

import mmspec
from conftest import SCENARIOS

FILES = sorted(SCENARIOS.rglob("*.mm"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SCENARIOS)) for p in FILES])
def test_scenario_passes(path: Path) -> None:
    result = mmspec.run(path)
    failed = [s for s in result.steps if not s.passed] + [e for e in result.expectations if not e.passed]
    assert result.passed, f"{path.name}: {failed} violations={result.violation_ids}"


def test_corpus_is_large_enough() -> None:
    assert len(FILES) >= 30
