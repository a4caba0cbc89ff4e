"""The output of `mmspec oracle`: agreement, or the first divergence with both views side by side."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from mmspec.errors import ScenarioError
from mmspec.oracle.observe import Observation
from mmspec.runner.oracle import (
    AGREE,
    DIVERGE,
    OracleResult,
    allow_swap_default,
    run_oracle,
)
from mmspec.scenario.parse import parse_file


def _rows(obs: Observation) -> dict[str, str]:
    out = {}
    for proc, maps in obs.procs:
        for label, m in maps:
            out[f"{proc}:{label}"] = f"{' '.join(m.vmflags)} rss={m.rss} anon={m.anon}"
            for i, p in enumerate(m.pages):
                out[f"{proc}:{label}[{i}]"] = p.text()
    return out


def to_json(r: OracleResult) -> dict[str, Any]:
    return {
        "scenario": r.path, "era": r.era, "status": r.status, "reason": r.reason, "diverged_at_step": r.diverged_at,
        "differences": r.diffs,
        "steps": [{"index": s.index, "text": s.text, "model_outcome": s.model_outcome, "live_outcome": s.live_outcome,
                   "model": _rows(s.model), "live": _rows(s.live)} for s in r.steps],
    }


def render(r: OracleResult, console: Console) -> None:
    if r.status == AGREE:
        console.print(f"[green]agree[/]  {r.path}  ({len(r.steps) - 1} steps, era {r.era})")
        return
    if r.status != DIVERGE:
        console.print(f"[yellow]{r.status}[/]  {r.path}: {r.reason}")
        return
    s = r.steps[-1]
    console.print(f"[red]diverge[/]  {r.path}  at step {r.diverged_at}: {s.text}")
    for d in r.diffs:
        console.print(f"  {d}", markup=False)
    t = Table("where", "model (era " + r.era + ")", "live kernel", box=None)
    m, live = _rows(s.model), _rows(s.live)
    for key in sorted(set(m) | set(live)):
        style = "" if m.get(key) == live.get(key) else "[red]"
        t.add_row(key, style + m.get(key, "-"), style + live.get(key, "-"))
    console.print(t)


def main(files: tuple[Path, ...], as_json: bool, allow_swap: bool) -> None:
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    results = []
    errors = []
    for f in files:
        try:
            sc = parse_file(f)
        except ScenarioError as e:
            errors += [str(d) for d in e.diagnostics]
            continue
        r = run_oracle(sc, allow_swap or allow_swap_default())
        results.append(r)
        if not as_json:
            render(r, console)
    for e in errors:
        Console(stderr=True).print(e, markup=False)
    if as_json:
        print(json.dumps({"results": [to_json(r) for r in results], "errors": errors}, indent=2, sort_keys=True))
    else:
        counts = {s: sum(r.status == s for r in results) for s in ("agree", "diverge", "model-only", "cannot-observe")}
        console.print(", ".join(f"{n} {s}" for s, n in counts.items()))
    sys.exit(2 if errors else 1 if any(r.status == DIVERGE for r in results) else 0)
