"""The HTML report without a browser: `run --html`, `check --html` and the matrix write one offline file, the
same bytes on every run; the diagrams mark what a step changed and the objects a violation concerns; the
result objects render in a notebook (``_repr_html_``).  tests/html/test_html_browser.py loads the pages in
Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import ROOT, SCENARIOS

import mmspec
from mmspec.check.engine import Options
from mmspec.cli import main
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.runner.safety import MatrixResult, matrix_rows, run_matrix
from mmspec.scenario.parse import parse_text

SEED_PROPOSAL = ROOT / "mmspec" / "seed" / "spufs-reserved+fork+exit.proposal.mm"
SWAP = SCENARIOS / "anon+swap-out+swap-in.mm"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


class Drawn(HTMLParser):
    """Per step of the first trace: the drawn objects' (data-kind, data-id, class) triples."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: dict[int, list[tuple[str, str, str]]] = {}
        self.step: int | None = None
        self.traces = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "section" and "trace" in cls.split():
            self.traces += 1
        if self.traces != 1:
            return
        if tag == "div" and cls == "frame":
            self.step = int(a["data-step"] or 0)
            self.steps[self.step] = []
        elif self.step is not None and "data-kind" in a:
            self.steps[self.step].append((a["data-kind"] or "", a.get("data-id") or a.get("data-from") or "", cls))


def drawn(html: str) -> Drawn:
    d = Drawn()
    d.feed(html)
    return d


def test_run_html_is_offline_and_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert invoke("run", str(SWAP), "--html", str(a)).exit_code == 0
    assert invoke("run", str(SWAP), "--html", str(b)).exit_code == 0
    text = a.read_text()
    assert a.read_bytes() == b.read_bytes()
    assert text.startswith("<!DOCTYPE html>")
    # Nothing to fetch: no external script, style sheet, image or font (the SVG namespace is a name only).
    assert not re.search(r"<link|<img|src=|@import|url\((?!#)", text)
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_each_step_drawn_with_its_model_counts() -> None:
    """One diagram per state; PTE edges and page boxes as many as the state's present PTEs and struct pages."""
    result = mmspec.run(SWAP)
    assert result.states is not None and len(result.states) == len(result.steps) + 1
    d = drawn(result._repr_html_())
    assert sorted(d.steps) == list(range(len(result.states)))
    for i, k in enumerate(result.states):
        kinds = [kind for kind, _, _ in d.steps[i]]
        assert kinds.count("pte-edge") == sum(1 for p in k.ptes.values() if p.present), i
        assert kinds.count("page") == len(k.pages), i
        assert kinds.count("swap-edge") == sum(1 for p in k.ptes.values() if not p.present), i
    # After the reclaim step both pages are swap entries: two swap edges, no PTE edge.
    reclaim = next(s.index for s in result.steps if s.text == "reclaim")
    assert [k for k, _, _ in d.steps[reclaim]].count("swap-edge") == 2


def test_changes_and_violations_are_marked() -> None:
    """The seed proposal: the first fault leaves spu[0] counted but not mapped through vm_normal_page()
    (mapcount-mismatch, from the kernel's rule), and the fork's new process is what that step changed."""
    result = mmspec.run(SEED_PROPOSAL)
    assert result.states is not None
    spu = result.states[0].devices["dev:spu"].frames[0]
    d = drawn(result._repr_html_())
    first_fault = next(s.index for s in result.steps if s.fault)
    fork = next(s.index for s in result.steps if s.kind == "fork")

    def cls(step: int, oid: str) -> str:
        return next(c for _, i, c in d.steps[step] if i == oid)

    assert "violated" not in cls(0, f"frame:{spu}")
    assert "violated" in cls(first_fault, f"frame:{spu}")
    assert "changed" in cls(first_fault, f"frame:{spu}")
    assert "changed" in cls(fork, "proc:P2")
    assert "changed" not in cls(fork, "proc:P1")


def test_era_pairs_side_by_side(tmp_path: Path) -> None:
    """`--era A,B`: two diagrams per step; under 5.19 the swapped-out PTEs carry the exclusive marker
    (commit 1493a1913e34), so those PTEs differ from 2.6.19's."""
    out = tmp_path / "pair.html"
    assert invoke("run", str(SWAP), "--era", "2.6.19,5.19", "--html", str(out)).exit_code == 0
    text = out.read_text()
    frame = text.split("<div class='frame' data-step='4'>")[1].split("<div class='frame'")[0]
    assert frame.count("<svg") == 2
    assert re.search(r'class="pte-swap[a-z ]* differ"', frame)


def test_check_and_matrix_link_counterexamples(tmp_path: Path) -> None:
    out = tmp_path / "check.html"
    r = invoke("check", str(ROOT / "checks" / "spufs-reserved.proposal.mm"), "--html", str(out), "--out", str(tmp_path))
    assert r.exit_code == 0
    text = out.read_text()
    links = re.findall(r"href='#(check-1-cex-\d+)'", text)
    assert links and all(f"id='{v}'" in text for v in links)
    out = tmp_path / "matrix.html"
    r = invoke("check", "--preset", "spufs-reserved", "--era", "2.6.19,2.6.19+reserved", "--html", str(out))
    assert r.exit_code == 0
    text = out.read_text()
    cells = re.findall(r"<td class='broken'>(.*?)</td>", text)
    assert len(cells) == 1  # only the proposal breaks the reserved preset
    for vid in re.findall(r"href='#([^']+)'", cells[0]):
        assert f"<section class='view trace' id='{vid}'" in text


def test_repr_html_of_results() -> None:
    """Notebooks: each result object returns the HTML fragment (style, diagrams, script), no document."""
    era = resolve_era("2.6.19+reserved")
    sc = parse_text(
        "era 2.6.19+reserved\ndevice d preset=spufs-reserved pages=1\nexplore procs=1 depth=2 ops=mmap,read\n"
    )
    check = run_check(sc, era, Options(depth=2))
    rows = matrix_rows(["spufs-reserved"])
    matrix = MatrixResult(tuple(run_matrix(rows, [era])), tuple(rows), (era,))
    for obj in (mmspec.run(SWAP), check, matrix):
        html = obj._repr_html_()
        assert html.startswith("<div class='mmspec-report'>") and html.endswith("</div>")
        assert "<svg" in html and "<script>" in html and "<html" not in html
    assert "mapcount-mismatch" in check._repr_html_()


def test_html_path_that_cannot_be_written(tmp_path: Path) -> None:
    r = invoke("run", str(SWAP), "--html", str(tmp_path / "no" / "such" / "dir.html"))
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines()[-1].startswith(str(tmp_path / "no" / "such" / "dir.html") + ": cannot write")


def test_html_leaves_the_run_and_its_json_alone(tmp_path: Path) -> None:
    """`--html` writes a file and changes nothing else; a plain run keeps no states."""
    plain = invoke("run", str(SWAP), "--json")
    drawn_too = invoke("run", str(SWAP), "--json", "--html", str(tmp_path / "r.html"))
    assert plain.exit_code == drawn_too.exit_code == 0
    assert plain.stdout == drawn_too.stdout
    sc = parse_text(SWAP.read_text(), str(SWAP))
    assert mmspec.run_scenario(sc).states is None
