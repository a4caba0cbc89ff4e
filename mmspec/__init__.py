"""mmspec: an executable specification of the Linux memory manager's page-mapping rules.

Public API::

    import mmspec
    result = mmspec.run(Path("scenarios/spufs+fork+revoke.mm"))   # a file: a pathlib.Path
    result = mmspec.run(text, era="2.6.19+reserved")              # scenario text: a str
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
    "INVARIANTS": "mmspec.model.invariants",
    "Violation": "mmspec.model.invariants",
    "parse_file": "mmspec.scenario.parse",
    "parse_text": "mmspec.scenario.parse",
    "RunResult": "mmspec.runner.run",
    "run_scenario": "mmspec.runner.run",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mmspec' has no attribute {name!r}")


__all__ = [
    "ERAS",
    "INVARIANTS",
    "Diagnostic",
    "Era",
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


def run(source: str | Path, era: str | None = None, record: bool = False) -> RunResult:
    """Run a scenario under ``era`` (default: its own `era` line): a :class:`~pathlib.Path` is a file to
    read, a ``str`` is always scenario text (never a path, whatever it contains).  With ``record``, keep
    the reference ledger (``result.ledger``) and give each violation its call chain.

    The result keeps every state (``result.states``), so that a notebook draws each step (``_repr_html_``).

    :raises ScenarioError: the scenario is malformed, the file cannot be read, or a step names something
        missing at that point of the run
    """
    from mmspec.runner.run import run_scenario
    from mmspec.scenario.parse import parse_file, parse_text

    if isinstance(source, Path):
        return run_scenario(parse_file(source), era, record, keep_states=True)
    if not isinstance(source, str):
        raise TypeError(f"mmspec.run() takes scenario text (str) or a file (pathlib.Path), not {type(source).__name__}")
    try:
        return run_scenario(parse_text(source), era, record, keep_states=True)
    except ScenarioError as e:
        # A one-line text that names a scenario file is most likely a path given as a str (mmspec.run()
        # once guessed): say how to run the file.  Nothing is read: a str stays text.
        line = source.strip()
        if "\n" not in line and line.endswith(".mm") and len(e.diagnostics) == 1 and e.diagnostics[0].line == 1:
            d = e.diagnostics[0]
            raise ScenarioError(
                [
                    Diagnostic(
                        d.path,
                        d.line,
                        d.col,
                        d.message,
                        f"a str is scenario text; to run the file, pass pathlib.Path({line!r})",
                    )
                ]
            ) from None
        raise
