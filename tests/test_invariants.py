"""Vacuity guards: every invariant id is produced by some scenario, and the catalog is documented."""

from __future__ import annotations

from conftest import ROOT, SCENARIOS

import mmspec
from mmspec.model.invariants import INVARIANT_IDS


def test_every_invariant_has_a_scenario_that_breaks_it() -> None:
    produced: set[str] = set()
    for path in sorted(SCENARIOS.rglob("*.mm")):
        produced.update(mmspec.run(path).violation_ids)
    assert produced == set(INVARIANT_IDS)


def test_the_catalog_documents_every_id() -> None:
    doc = (ROOT / "docs" / "invariants.md").read_text()
    for ident in INVARIANT_IDS:
        assert f"## `{ident}`" in doc, ident
