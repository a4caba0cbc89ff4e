"""Vacuity guards: every invariant id is produced by some scenario, and the catalog is documented."""

from __future__ import annotations

from conftest import ROOT, SCENARIOS

from mmspec.era import ERAS
from mmspec.model.invariants import INVARIANT_IDS
from mmspec.runner.eras import run_all_eras
from mmspec.runner.run import execute, scenario_era
from mmspec.scenario.parse import parse_file


def test_every_invariant_has_a_scenario_that_breaks_it() -> None:
    # Under the landmark eras, and under a scenario's own `era` line where that is no landmark (a release
    # candidate, as 5.9-rc6 for the late unlock_page() of do_wp_page()).
    produced: set[str] = set()
    landmarks = {e.name for e in ERAS}
    for path in sorted(SCENARIOS.rglob("*.mm")):
        sc = parse_file(path)
        for cell in run_all_eras(sc):
            if cell.result is not None:
                produced.update(cell.result.violation_ids)
        if sc.era is not None and sc.era not in landmarks:
            produced.update(execute(sc, scenario_era(sc)).violation_ids)
    assert produced == set(INVARIANT_IDS)


def test_the_catalog_documents_every_id() -> None:
    doc = (ROOT / "docs" / "invariants.md").read_text()
    for ident in INVARIANT_IDS:
        assert f"## `{ident}`" in doc, ident
