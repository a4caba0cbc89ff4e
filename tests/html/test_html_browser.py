"""The HTML report in a real browser: headless Chromium from the distribution's packages, driven through its
DevTools protocol (tests/cdp.py).  Without Chromium or websocket-client the tests skip with the reason;
MMSPEC_REQUIRE_BROWSER=1 (CI) makes that a failure.

Ground truth for the drawn counts is the model state, counted here (present PTEs, struct pages), not the SVG
code's own tally."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Page, browser, need_browser
from click.testing import CliRunner
from conftest import ROOT, SCENARIOS

import mmspec
from mmspec.cli import main
from mmspec.era import resolve_era
from mmspec.runner.run import RunResult
from mmspec.runner.safety import matrix_rows, run_matrix

SEEDS = sorted((ROOT / "mmspec" / "seed").glob("*.mm"))


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    need_browser()
    with browser() as p:
        yield p


def write(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    r = CliRunner().invoke(main, [*args, "--html", str(out)])
    assert r.exit_code in (0, 1), r.output
    return out


def counts(page: Page, view: str) -> list[dict[str, int]]:
    """Per step of a trace view, what the page draws (from the DOM)."""
    js = f"""JSON.stringify(Array.from(document.querySelectorAll('#{view} .frame')).map(function(f) {{
        return {{step: +f.dataset.step,
                 edges: f.querySelectorAll('[data-kind="pte-edge"]').length,
                 pages: f.querySelectorAll('[data-kind="page"]').length}};
    }}))"""
    return list(json.loads(page.eval(js)))


def model_counts(r: RunResult) -> list[dict[str, int]]:
    assert r.states is not None
    return [
        {"step": i, "edges": sum(1 for p in k.ptes.values() if p.present), "pages": len(k.pages)}
        for i, k in enumerate(r.states)
    ]


def current(page: Page) -> tuple[str, str, str]:
    """The active view, its highlighted step, and the step of the one diagram shown."""
    return tuple(
        page.eval(
            """(function() {
        var v = document.querySelector('.view.active');
        var shown = Array.from(v.querySelectorAll('.frame')).filter(function(f) {
            return getComputedStyle(f).display !== 'none'; });
        return [v.id, v.querySelector('.step.current').dataset.step,
                shown.map(function(f) { return f.dataset.step; }).join(',')];
    })()"""
        )
    )


def test_seed_report_loads_draws_the_model_and_navigates(page: Page, tmp_path: Path) -> None:
    out = write(tmp_path, "seed.html", "run")
    page.open(out.as_uri())
    assert page.errors() == []
    for n, seed in enumerate(SEEDS, start=1):
        r = mmspec.run(seed)
        assert counts(page, f"run-{n}") == model_counts(r)
    assert current(page) == ("run-1", "0", "0")
    page.key("ArrowRight", 39)
    assert current(page) == ("run-1", "1", "1")
    page.key("ArrowRight", 39)
    page.key("ArrowLeft", 37)
    assert current(page) == ("run-1", "1", "1")
    page.key("End", 35)
    last = str(len(mmspec.run(SEEDS[0]).steps))
    assert current(page) == ("run-1", last, last)
    shot = tmp_path / "seed.png"
    page.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert page.errors() == []


def test_swap_and_three_processes(page: Page, tmp_path: Path) -> None:
    for name in ("anon+swap-out+swap-in.mm", "anon+fork+exit+cow-reuse.mm"):
        out = write(tmp_path, name + ".html", "run", str(SCENARIOS / name))
        page.open(out.as_uri())
        assert page.errors() == []
        assert counts(page, "run-1") == model_counts(mmspec.run(SCENARIOS / name))
        page.screenshot(tmp_path / (name + ".png"))


def test_matrix_cell_opens_its_counterexample(page: Page, tmp_path: Path) -> None:
    """The proposal's cell links each broken invariant to its counterexample, drawn as the model runs it."""
    eras = ["2.6.19", "2.6.19+reserved"]
    out = write(tmp_path, "matrix.html", "check", "--preset", "spufs-reserved", "--era", ",".join(eras))
    page.open(out.as_uri())
    assert page.errors() == []
    assert current_view(page) == "matrix"
    links = page.eval(
        "Array.from(document.querySelectorAll('td.broken a')).map(function(a) { return [a.title, a.hash]; })"
    )
    cell = run_matrix(matrix_rows(["spufs-reserved"]), [resolve_era(e) for e in eras])[1]
    assert cell.result is not None
    assert sorted(inv for inv, _ in links) == sorted(cell.result.texts)
    for inv, target in links:
        page.eval(f"document.querySelector('td.broken a[title=\"{inv}\"]').click()")
        assert current_view(page) == target[1:]
        assert counts(page, target[1:]) == model_counts(mmspec.run(cell.result.texts[inv]))
    before = current(page)
    page.key("ArrowRight", 39)
    assert current(page)[1] == str(int(before[1]) + 1)
    assert page.errors() == []


def test_whole_safety_matrix(page: Page, tmp_path: Path) -> None:
    """`mmspec check --html`: the whole matrix loads, and every cell link opens a counterexample trace."""
    out = write(tmp_path, "matrix.html", "check", "--out", str(tmp_path / "cex"))
    page.open(out.as_uri())
    assert page.errors() == []
    result = page.eval(
        """(function() {
        var out = [];
        document.querySelectorAll('td.broken a').forEach(function(a) {
            a.click();
            var v = document.querySelector('.view.active');
            out.push([a.hash.slice(1), v.id, v.querySelectorAll('.frame').length]);
        });
        return out;
    })()"""
    )
    assert result
    for target, active, frames in result:
        assert active == target and frames >= 2
    assert page.errors() == []


def current_view(page: Page) -> str:
    return str(page.eval("document.querySelector('.view.active').id"))
