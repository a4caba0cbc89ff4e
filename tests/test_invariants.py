"""Vacuity guards: every invariant id is produced by some scenario, and the catalog is documented."""

from __future__ import annotations

from conftest import ROOT, SCENARIOS

from mmspec.model.invariants import INVARIANT_IDS
from mmspec.runner.eras import run_all_eras
from mmspec.scenario.parse import parse_file


def test_every_invariant_has_a_scenario_that_breaks_it() -> None:
    produced: set[str] = set()
    for path in sorted(SCENARIOS.rglob("*.mm")):
        for cell in run_all_eras(parse_file(path)):
            if cell.result is not None:
                produced.update(cell.result.violation_ids)
    assert produced == set(INVARIANT_IDS)


def test_the_catalog_documents_every_id() -> None:
    doc = (ROOT / "docs" / "invariants.md").read_text()
    for ident in INVARIANT_IDS:
        assert f"## `{ident}`" in doc, ident
