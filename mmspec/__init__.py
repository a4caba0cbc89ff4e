"""mmspec: an executable specification of the Linux memory manager's page-mapping rules.

Public API::

    import mmspec
    result = mmspec.run("scenarios/spufs+fork+revoke.mm")   # a path ...
    result = mmspec.run(text, era="2.6.19+reserved")        # ... or scenario text
    result.passed, result.violations, result.steps, result.expectations
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmspec.era import ERAS, Era, resolve_era
from mmspec.errors import Diagnostic, MmspecError, ModelBug, ScenarioError

if TYPE_CHECKING:
    from mmspec.model.invariants import INVARIANTS, Violation
    from mmspec.runner.run import RunResult, run_scenario
    from mmspec.scenario.parse import parse_file, parse_text

# Loaded on first use, so that importing one module (``import mmspec.mm.memory``) loads only what it needs.
_LAZY = {
    "INVARIANTS": "mmspec.model.invariants", "Violation": "mmspec.model.invariants",
    "parse_file": "mmspec.scenario.parse", "parse_text": "mmspec.scenario.parse",
    "RunResult": "mmspec.runner.run", "run_scenario": "mmspec.runner.run",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mmspec' has no attribute {name!r}")

__all__ = [
    "Diagnostic",
    "ERAS",
    "Era",
    "INVARIANTS",
    "MmspecError",
    "ModelBug",
    "RunResult",
    "ScenarioError",
    "Violation",
    "parse_file",
    "parse_text",
    "resolve_era",
    "run",
    "run_scenario",
]


def run(source: str | Path, era: str | None = None) -> RunResult:
    """Run a scenario given as a path (a :class:`~pathlib.Path`, or a one-line string naming an existing
    file) or as scenario text, under ``era`` (default: its own `era` line).

    :raises ScenarioError: the scenario is malformed, or names something missing at some step
    """
    from mmspec.runner.run import run_scenario
    from mmspec.scenario.parse import parse_file, parse_text

    if isinstance(source, Path) or ("\n" not in source and Path(source).is_file()):
        return run_scenario(parse_file(source), era)
    return run_scenario(parse_text(source), era)
