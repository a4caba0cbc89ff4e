"""The output of `mmspec oracle`: agreement, or the first divergence with both views side by side."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mmspec.oracle.observe import Observation
from mmspec.runner.oracle import AGREE, DIVERGE, OracleResult

STATUSES = ("agree", "diverge", "model-only", "cannot-observe")


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
        "scenario": r.path,
        "era": r.era,
        "status": r.status,
        "reason": r.reason,
        "diverged_at_step": r.diverged_at,
        "differences": r.diffs,
        "violations": [{"id": v.id, "step": v.step, "line": v.line, "message": v.message} for v in r.violations],
        "steps": [
            {
                "index": s.index,
                "text": s.text,
                "model_outcome": s.model_outcome,
                "live_outcome": s.live_outcome,
                "model": _rows(s.model),
                "live": _rows(s.live),
            }
            for s in r.steps
        ],
    }


def render(r: OracleResult, console: Console, show_era: bool = False) -> None:
    """One line for agreement and for a scenario that cannot be compared; a divergence with both views.
    Then the invariants the model broke on the way (the same as `mmspec run` reports).
    ``show_era``: name the era on every line (when several are compared)."""
    _render_status(r, console, show_era)
    for v in r.violations:
        where = f"step {v.step} (line {v.line})" if v.step else "the initial state"
        console.print(f"  model invariant {v.id} broken at {where}: {v.message}", markup=False)


def _render_status(r: OracleResult, console: Console, show_era: bool) -> None:
    if r.status == AGREE:
        console.print(f"[green]agree[/]  {escape(r.path)}  ({len(r.steps) - 1} steps, era {r.era})")
        return
    if r.status != DIVERGE:
        era = f" (era {r.era})" if show_era else ""
        console.print(f"[yellow]{r.status}[/]  {escape(r.path)}{era}: {escape(r.reason)}")
        return
    s = r.steps[-1]
    console.print(f"[red]diverge[/]  {escape(r.path)}  at step {r.diverged_at}: {escape(s.text)}")
    for d in r.diffs:
        console.print(f"  {d}", markup=False)
    t = Table("where", "model (era " + r.era + ")", "live kernel", box=None)
    m, live = _rows(s.model), _rows(s.live)
    for key in sorted(set(m) | set(live)):
        style = "" if m.get(key) == live.get(key) else "[red]"
        t.add_row(key, style + escape(m.get(key, "-")), style + escape(live.get(key, "-")))
    console.print(t)


def summary(results: list[OracleResult]) -> str:
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    return ", ".join(f"{n} {s}" for s, n in counts.items())
