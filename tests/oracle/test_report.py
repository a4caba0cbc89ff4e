"""`mmspec oracle` reports the model's invariants beside the comparison (the one run loop checks them)."""

from __future__ import annotations

import io

from rich.console import Console

from mmspec.cli.oracle_report import render, to_json
from mmspec.era import resolve_era
from mmspec.model.invariants import Violation
from mmspec.runner.oracle import AGREE, OracleResult
from mmspec.runner.run import RunResult


def test_model_violations_are_reported_in_text_and_json() -> None:
    run = RunResult("x.mm", "", resolve_era("6.18"))
    run.violations.append(Violation("refcount-leak", "0x100", "pfn 0x100 keeps a reference", 3, 7))
    r = OracleResult("x.mm", "6.18", AGREE, run=run)
    out = io.StringIO()
    render(r, Console(file=out, width=200))
    assert "model invariant refcount-leak broken at step 3 (line 7): pfn 0x100 keeps a reference" in out.getvalue()
    assert to_json(r)["violations"] == [
        {"id": "refcount-leak", "step": 3, "line": 7, "message": "pfn 0x100 keeps a reference"}
    ]
