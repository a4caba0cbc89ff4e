"""Reports of a run: the readable step-by-step account (rich) and the JSON document (docs/json.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mmspec.cli.tables import grid, wrap_flags
from mmspec.runner.eras import EraCell, first_steps
from mmspec.runner.run import RunResult, StepReport, outcome_text
from mmspec.runner.verdict import verdict as run_verdict
from mmspec.scenario.diff import Change, page_text


def device_pages(result: RunResult) -> list[dict[str, Any]]:
    """The final state of every device page: the numbers the 2006 question is about."""
    k = result.final
    assert k is not None
    rows = []
    for dev in sorted(k.devices.values(), key=lambda d: d.name):
        for i, pfn in enumerate(dev.frames):
            page = k.pages.get(pfn)
            rows.append(
                {
                    "device": dev.name[4:],
                    "index": i,
                    "pfn": pfn,
                    "count": page.count if page else None,
                    "mapcount": page.mapcount if page else None,
                    "state": page_text(page) if page else "no struct page (I/O frame)",
                }
            )
    return rows


def change_json(c: Change) -> dict[str, Any]:
    """One change of a step: the readable ``before``/``after`` strings and the same states as objects
    (``before_fields``/``after_fields``, null where the object does not exist; docs/json.md)."""
    return {
        "what": c.what,
        "name": c.name,
        "before": c.before,
        "after": c.after,
        "before_fields": c.fields_before,
        "after_fields": c.fields_after,
    }


def to_json(result: RunResult) -> dict[str, Any]:
    return {
        "scenario": result.path,
        "title": result.title,
        "era": result.era.name,
        "passed": result.passed,
        "stopped_at_step": result.stopped_at,
        "error": None if result.error is None else str(result.error),
        "steps": [
            {
                "index": s.index,
                "line": s.line,
                "text": s.text,
                "outcome": s.outcome.name,
                "value": s.outcome.value,
                "detail": s.outcome.detail,
                "expected_outcome": s.expected_outcome,
                "expected_value": s.expected_value,
                "passed": s.passed,
                "note": s.note,
                "changes": [change_json(c) for c in s.changes],
                "violations": [v.id for v in s.violations],
                "kernel_log": list(s.klog),
            }
            for s in result.steps
        ],
        "violations": [
            {"id": v.id, "step": v.step, "line": v.line, "object": v.key, "message": v.message}
            for v in result.violations
        ],
        "expectations": [
            {
                "line": e.line,
                "text": e.text,
                "passed": e.passed,
                "actual": e.actual,
                "checked": e.where,
                "after_step": e.step,
            }
            for e in result.expectations
        ],
        "device_pages": device_pages(result),
        "verdict": run_verdict(result).to_json(),
    }


def matrix_json(path: str, cells: list[EraCell]) -> dict[str, Any]:
    return {
        "scenario": path,
        "eras": [
            {
                "era": c.era.name,
                "status": c.status,
                "reason": c.reason,
                "violations": first_steps(c),
                "run": to_json(c.result) if c.result is not None else None,
            }
            for c in cells
        ],
    }


def render_matrix(path: str, cells: list[EraCell], console: Console) -> None:
    """Eras as columns; the verdict, each invariant broken (with its first step) and each failed line as
    rows; then why an era cannot run the scenario."""
    style = {"pass": "[green]pass[/]", "fail": "[red]FAIL[/]", "cannot run": "[dim]n/a[/]"}
    labels = ["verdict"]
    rows: list[list[str]] = [[style[c.status] for c in cells]]
    ids = sorted({i for c in cells for i in first_steps(c)})
    for ident in ids:
        row = []
        for c in cells:
            step = first_steps(c).get(ident)
            row.append("" if c.result is None else f"[red]step {step}[/]" if step is not None else "·")
        labels.append(ident)
        rows.append(row)
    failing = sorted({line for c in cells if c.result is not None for line in _failed_lines(c.result)})
    for line in failing:
        labels.append(f"line {line} fails")
        rows.append(
            ["" if c.result is None else ("[red]✗[/]" if line in _failed_lines(c.result) else "·") for c in cells]
        )
    columns = [(c.era.name, [r[j] for r in rows]) for j, c in enumerate(cells)]
    for t in grid(_esc(path), "", labels, columns, console.width):
        console.print(t)
    for c in cells:
        if c.result is None:
            console.print(Text(f"  {c.era.name}: cannot run: {c.reason}"))
    for c in cells:
        for note in run_verdict(c.result).notes if c.result is not None else ():
            console.print(Text(f"  note: {note}"), soft_wrap=True)
    console.print()


def _failed_lines(r: RunResult) -> set[int]:
    return {s.line for s in r.steps if not s.passed} | {e.line for e in r.expectations if not e.passed}


def _step_title(s: StepReport) -> Text:
    mark = "[green]✓[/]" if s.passed else "[red]✗[/]"
    want = ""
    if not s.passed:
        want = (
            f"  [red](expected {s.expected_outcome}"
            + (f" == {s.expected_value}" if s.expected_value is not None else "")
            + ")[/]"
        )
    note = f"  [dim]{s.note}[/]" if s.note else ""
    return Text.from_markup(
        f"{mark} [bold]{s.index}.[/] line {s.line}: [cyan]{_esc(s.text)}[/] → {_esc(outcome_text(s.outcome))}{want}{note}"
    )


# A step that maps a whole mapping (mlock, a fork) changes hundreds of objects: the account shows the first
# ones of each kind and counts the rest, which --json lists.
MAX_CHANGE_ROWS = 16
_KIND_NAMES = {"page": "page", "pte": "PTE", "mm": "mm", "swap": "swap slot"}


def _first_of_each_kind(changes: Sequence[Change]) -> tuple[list[Change], Counter[str]]:
    seen: Counter[str] = Counter()
    shown = []
    for c in changes:
        seen[c.what] += 1
        if seen[c.what] <= MAX_CHANGE_ROWS:
            shown.append(c)
    return shown, Counter({w: n - MAX_CHANGE_ROWS for w, n in seen.items() if n > MAX_CHANGE_ROWS})


def _counted(kinds: Counter[str]) -> str:
    return ", ".join(f"{n} {_KIND_NAMES.get(w, w)}" + ("" if n == 1 else "s") for w, n in sorted(kinds.items()))


def _esc(text: str) -> str:
    return text.replace("[", r"\[")


def render(result: RunResult, console: Console, quiet: bool = False) -> None:
    """Print the step-by-step account (only failed steps with ``quiet``), the violations, the device pages
    and the expectations."""
    verdict = "[green]PASS[/]" if result.passed else "[red]FAIL[/]"
    title = f" — {result.title}" if result.title else ""
    console.print(
        Text.from_markup(f"[bold]{_esc(result.path)}[/]{_esc(title)}  era [bold]{result.era.name}[/]  {verdict}")
    )
    for s in result.steps:
        if quiet and s.passed:
            continue
        console.print(_step_title(s))
        if s.changes:
            # object names stay whole; before and after share the rest, wrapped between flags
            name_w = max(len(c.name) for c in s.changes)
            state_w = max(12, (console.width - 3 * (4 + 2) - name_w) // 2)  # each cell: 4 left, 2 right
            t = Table(show_header=True, header_style="dim", box=None, padding=(0, 2, 0, 4))
            t.add_column("object", overflow="fold")
            t.add_column("before", overflow="fold", max_width=state_w)
            t.add_column("after", overflow="fold", max_width=state_w)
            shown, rest = _first_of_each_kind(s.changes)
            for c in shown:
                t.add_row(_esc(c.name), _esc(wrap_flags(c.before, state_w)), _esc(wrap_flags(c.after, state_w)))
            console.print(t)
            if rest:
                console.print(f"    … {sum(rest.values())} more changes ({_counted(rest)}): --json lists them all")
        for line in s.klog:
            console.print(Text.from_markup(f"    [magenta]kernel: {_esc(line)}[/]"))
        for v in s.violations:
            console.print(Text.from_markup(f"    [red]violation {v.id}[/]: {_esc(v.message)}"))
    if result.error is not None:
        stop = result.error
        console.print(
            Text.from_markup(
                f"[red]the run stopped at line {stop.line}: {_esc(stop.message)}; later steps were not run[/]"
            )
        )
    if result.stopped_at is not None:
        console.print(
            Text.from_markup(f"[red]the kernel oopsed at step {result.stopped_at}; later steps were not run[/]")
        )
    if result.violations:
        console.print("Violations:")
        for v in result.violations:
            console.print(Text.from_markup(f"  [red]{v.id}[/] at step {v.step} (line {v.line}): {_esc(v.message)}"))
        if result.unexpected_violations:
            console.print(
                Text.from_markup(
                    "  [red]not expected by any `expect violation` line: "
                    + ", ".join(result.unexpected_violations)
                    + "[/]"
                )
            )
    else:
        console.print("Violations: none")
    pages = device_pages(result)
    if pages:
        console.print("Device pages at the end:")
        for p in pages:
            console.print(f"  {p['device']}[{p['index']}] pfn {p['pfn']:#x}: {p['state']}")
    if result.expectations:
        console.print("Expectations:")
        for e in result.expectations:
            mark = "[green]✓[/]" if e.passed else "[red]✗[/]"
            where = "" if e.step is None else f", after step {e.step}"
            console.print(
                Text.from_markup(f"  {mark} line {e.line}{where}: {_esc(e.text)}  [dim]({_esc(e.actual)})[/]")
            )
    for line in run_verdict(result).lines():
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print()
