"""mmspec: an executable specification of the Linux memory manager's page-mapping rules.

Public API::

    import mmspec
    result = mmspec.run("scenarios/spufs+fork+revoke.mm")   # a path ...
    result = mmspec.run(text, era="2.6.19+reserved")        # ... or scenario text
    result.passed, result.violations, result.steps, result.expectations
"""

from __future__ import annotations

from pathlib import Path

from mmspec.era import ERAS, Era, resolve_era
from mmspec.errors import Diagnostic, MmspecError, ModelBug, ScenarioError
from mmspec.model.invariants import INVARIANTS, Violation
from mmspec.runner.run import RunResult, run_scenario
from mmspec.scenario.parse import parse_file, parse_text

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
    if isinstance(source, Path) or ("\n" not in source and Path(source).is_file()):
        return run_scenario(parse_file(source), era)
    return run_scenario(parse_text(source), era)
