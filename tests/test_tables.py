"""Tables fit the console: at 80 columns no row or column label is cut, and no cell ends in an ellipsis."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from mmspec.check.engine import Options
from mmspec.cli.check_report import render_matrix
from mmspec.cli.run_report import render
from mmspec.cli.run_report import render_matrix as render_era_matrix
from mmspec.cli.tables import grid, wrap_flags
from mmspec.era import ERAS
from mmspec.mm.mm_types import PG_BITS
from mmspec.runner.eras import run_all_eras
from mmspec.runner.run import run_scenario
from mmspec.runner.safety import matrix_rows, run_matrix
from mmspec.scenario.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent


def _console(width: int) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=width, highlight=False, emoji=False, color_system=None), buf


def _cells(text: str) -> list[str]:
    """The words in the table cells of a rendering (between box rules)."""
    return [w for line in text.splitlines() for cell in re.split(r"[│┃]", line) for w in cell.split()]


def test_safety_matrix_at_80_columns(tmp_path: Path) -> None:
    rows = matrix_rows(["spufs", "spufs-reserved", "insert-page"])
    cells = run_matrix(rows, list(ERAS), Options(depth=1))
    out, buf = _console(80)
    render_matrix(cells, rows, list(ERAS), 1, tmp_path, out)
    text = buf.getvalue()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    words = _cells(text)
    for e in ERAS:
        assert e.name in words, e.name
    lines = text.splitlines()
    for row in rows:  # each row's whole label on one line of a table ("insert-page shared", "insert-page private")
        assert any(re.search(rf"[│┃] {re.escape(row.label)} +[│┃]", line) for line in lines), row.label


def test_era_matrix_and_step_tables_at_80_columns() -> None:
    path = "scenarios/anon+fork-while-swapped+swap-in.mm"
    sc = parse_text((ROOT / path).read_text(), path)
    out, buf = _console(80)
    render_era_matrix(path, run_all_eras(sc), out)
    render(run_scenario(sc), out)
    text = buf.getvalue()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for e in ERAS:
        assert e.name in _cells(text)
    flags = {name[3:] for name, _ in PG_BITS} | {"anon", "exclusive"}
    pieces = re.findall(r"(?<=\|)[a-z]+|[a-z]+(?=\|)", text)  # the words of flag lists, as printed
    assert "swapcache" in pieces
    assert set(pieces) <= flags, set(pieces) - flags  # no flag cut or folded


def test_grid_keeps_one_table_when_it_fits_and_splits_when_not() -> None:
    columns = [(f"era-{i}", ["MM2 RS2 LK4", "✓"]) for i in range(10)]
    assert len(grid("t", "", ["a row", "another row"], columns, 220)) == 2  # the title and one table
    parts = grid("t", "", ["a row", "another row"], columns, 60)
    assert len(parts) > 2


def test_wrap_flags_breaks_between_flags() -> None:
    assert wrap_flags("count=2 mapcount=1 data=11 anon|referenced|uptodate|lru|active|swapcache", 26) == (
        "count=2 mapcount=1 data=11\nanon|referenced|uptodate|\nlru|active|swapcache"
    )
