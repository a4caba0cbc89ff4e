"""The output of `mmspec oracle`: agreement, or the first divergence with both views side by side."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mmspec.oracle.observe import Observation
from mmspec.oracle.run import AGREE, DIVERGE, OracleResult

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
        "scenario": r.path, "era": r.era, "status": r.status, "reason": r.reason, "diverged_at_step": r.diverged_at,
        "differences": r.diffs,
        "steps": [{"index": s.index, "text": s.text, "model_outcome": s.model_outcome, "live_outcome": s.live_outcome,
                   "model": _rows(s.model), "live": _rows(s.live)} for s in r.steps],
    }


def render(r: OracleResult, console: Console, show_era: bool = False) -> None:
    """One line for agreement and for a scenario that cannot be compared; a divergence with both views.
    ``show_era``: name the era on every line (when several are compared)."""
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
