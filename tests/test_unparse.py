"""Action.text() is the parser's inverse on steps: every step of the corpus, written back and parsed again,
gives the same action."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SCENARIOS

from mmspec.scenario.parse import parse_file, parse_text

FILES = sorted(SCENARIOS.rglob("*.mm"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_steps_round_trip(path: Path) -> None:
    sc = parse_file(path)
    decls = [ln for ln in sc.text.splitlines() if ln.split("#")[0].split()[:1] in (["file"], ["device"], ["swap"])]
    written = "\n".join(decls + [s.action.text() for s in sc.steps]) + "\n"
    again = parse_text(written, "round-trip.mm")
    assert [s.action for s in again.steps] == [s.action for s in sc.steps]
