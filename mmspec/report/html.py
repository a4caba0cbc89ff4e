"""The HTML report: one self-contained, offline file (CSS and script inline, no network) that shows runs
step by step as SVG diagrams (:mod:`mmspec.report.svg`), two eras side by side, a check's counterexamples
replayed as traces, and the safety matrix with each cell linked to its counterexamples.

A report is a list of views: a :class:`Trace` (steps, each with one diagram per column) or a
:class:`Panel` (a table).  :func:`page` makes the document, :func:`fragment` the part a notebook shows
(``_repr_html_``).  Without the script every step is shown one under the other; with it, one step at a
time, chosen by the step list, the slider, the buttons or the left and right keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from mmspec.era import Era
from mmspec.errors import ScenarioError
from mmspec.mm.mm_types import Kernel
from mmspec.model.invariants import CODES, Violation
from mmspec.model.watch import check_state
from mmspec.report.svg import DEFS, Marks, changed_ids, draw, signatures, violation_ids
from mmspec.runner.check import CheckResult
from mmspec.runner.eras import EraCell
from mmspec.runner.run import RunResult, StepReport, execute, judge, outcome_text
from mmspec.runner.safety import Cell, Row
from mmspec.runner.verdict import verdict
from mmspec.scenario.parse import parse_text


@dataclass(frozen=True)
class Column:
    """One diagram of a step: the SVG and the account beside it (HTML)."""

    svg: str
    info: str


@dataclass(frozen=True)
class Frame:
    step: int
    label: str
    columns: tuple[Column, ...]
    bad: bool = False  # a violation appeared, or the outcome was not the expected one


@dataclass(frozen=True)
class Trace:
    vid: str
    title: str
    summary: tuple[str, ...]
    heads: tuple[str, ...]  # the columns' headings (an era each)
    frames: tuple[Frame, ...]


@dataclass(frozen=True)
class Panel:
    vid: str
    title: str
    body: str  # HTML


View = Trace | Panel


def _violation_marks(k: Kernel, era: Era, events: tuple[Violation, ...]) -> dict[str, tuple[str, ...]]:
    """The objects a violation concerns, in state ``k``: the invariants it breaks as it stands, and the
    violations the step reported (events such as a bad_page() are not in the state)."""
    out: dict[str, set[str]] = {}
    for v in [*check_state(k, era), *events]:
        for oid in violation_ids(k, v.key):
            out.setdefault(oid, set()).add(v.id)
    return {oid: tuple(sorted(ids)) for oid, ids in sorted(out.items())}


def _states(r: RunResult) -> list[Kernel]:
    """The run's states, the initial one first; without kept states, the initial and the final one."""
    if r.states is not None:
        return r.states
    return [k for k in (r.initial, r.final) if k is not None]


def _step_info(r: RunResult, i: int, kept: bool) -> str:
    if i == 0:
        return "<p>The initial state, after boot.</p>" + _violations_html(
            [v for v in r.violations if v.step == 0], "broken from the start"
        )
    s = r.steps[i - 1]
    out = [f"<p class='outcome {'' if s.passed else 'bad'}'>line {s.line}: <b>{escape(s.text)}</b> → "]
    out.append(escape(outcome_text(s.outcome)))
    if not s.passed:
        out.append(f" (expected {escape(s.expected_outcome)})")
    out.append("</p>")
    if not kept:
        out.append("<p class='note'>The run kept no states: this diagram is the final state.</p>")
    if s.note:
        out.append(f"<p class='note'>{escape(s.note)}</p>")
    out.append(_changes_html(s))
    out.append(_violations_html(list(s.violations), "new violations"))
    if s.klog:
        out.append("<p>kernel log:</p><ul class='klog'>" + "".join(f"<li>{escape(m)}</li>" for m in s.klog) + "</ul>")
    return "".join(out)


def _changes_html(s: StepReport) -> str:
    if not s.changes:
        return "<p>changed nothing</p>"
    rows = "".join(
        f"<tr><td>{escape(c.what)}</td><td>{escape(c.name)}</td><td>{escape(c.before)}</td>"
        f"<td>{escape(c.after)}</td></tr>"
        for c in s.changes
    )
    return f"<table class='changes'><tr><th></th><th>object</th><th>before</th><th>after</th></tr>{rows}</table>"


def _violations_html(vs: list[Violation], what: str) -> str:
    if not vs:
        return ""
    items = "".join(f"<li><b>{escape(v.id)}</b>: {escape(v.message)}</li>" for v in vs)
    return f"<p class='bad'>{what}:</p><ul class='violations'>{items}</ul>"


def _step_label(r: RunResult, i: int) -> str:
    return "initial state" if i == 0 else r.steps[i - 1].text


def _column(r: RunResult, i: int, differ: frozenset[str] = frozenset()) -> Column:
    states = _states(r)
    kept = r.states is not None
    k = states[min(i, len(states) - 1)]
    before = states[i - 1] if kept and i > 0 else None
    events = r.steps[i - 1].violations if i > 0 else ()
    marks = Marks(changed_ids(before, k), _violation_marks(k, r.era, events), differ)
    return Column(draw(k, marks), _step_info(r, i, kept or i == 0))


def _bad(r: RunResult, i: int) -> bool:
    return i > 0 and (bool(r.steps[i - 1].violations) or not r.steps[i - 1].passed)


def run_trace(r: RunResult, vid: str = "run-1") -> Trace:
    """A run as a trace of diagrams, one per step (the states it kept, see ``execute(keep_states=True)``)."""
    frames = tuple(Frame(i, _step_label(r, i), (_column(r, i),), _bad(r, i)) for i in range(len(r.steps) + 1))
    return Trace(vid, f"{r.title or r.path} — {r.era.name}", tuple(verdict(r).lines()), (r.era.name,), frames)


def pair_trace(a: RunResult, b: RunResult, vid: str = "pair-1") -> Trace:
    """The same scenario under two eras, step by step side by side; what differs between them marked."""
    n = max(len(a.steps), len(b.steps))
    frames = []
    sa, sb = _states(a), _states(b)
    for i in range(n + 1):
        ka, kb = sa[min(i, len(sa) - 1)], sb[min(i, len(sb) - 1)]
        ga, gb = signatures(ka), signatures(kb)
        differ = frozenset(o for o in set(ga) | set(gb) if ga.get(o) != gb.get(o))
        cols = tuple(
            _column(r, i, differ) if i <= len(r.steps) else Column(draw(r.final or ka), "<p>the run stopped</p>")
            for r in (a, b)
        )
        label = _step_label(a if i <= len(a.steps) else b, i)
        frames.append(Frame(i, label, cols, _bad(a, i) if i <= len(a.steps) else False))
    summary = tuple(f"{r.era.name}: {verdict(r).summary}" for r in (a, b))
    title = f"{a.title or a.path} — {a.era.name} and {b.era.name} side by side"
    return Trace(vid, title, summary, (a.era.name, b.era.name), tuple(frames))


def era_views(path: str, cells: list[EraCell], vid: str) -> list[View]:
    """`run --era A,B`: the runs side by side, two eras at a time (a third era pairs with the first)."""
    runs = [c for c in cells if c.result is not None]
    notes = [f"{c.era.name}: cannot run ({c.reason})" for c in cells if c.result is None]
    views: list[View] = []
    if notes:
        body = "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"
        views.append(Panel(f"{vid}-n", f"{path}: eras that cannot run it", body))
    first = runs[0].result if runs else None
    for j, c in enumerate(runs[1:], start=1):
        assert first is not None and c.result is not None
        views.append(pair_trace(first, c.result, f"{vid}-{j}"))
    if len(runs) == 1 and first is not None:
        views.append(run_trace(first, f"{vid}-1"))
    return views


def replay(text: str, path: str, era: Era) -> RunResult | str:
    """A counterexample scenario run with its states kept; the reason if it cannot run."""
    try:
        sc = parse_text(text, path)
        result = execute(sc, era, keep_states=True)
    except ScenarioError as e:
        return str(e)
    judge(sc, result)
    return result


def _cex_views(result: CheckResult, vid: str) -> tuple[list[tuple[str, str]], list[View]]:
    """Each counterexample of a check replayed as a trace: (invariant, view id) links and the views."""
    links: list[tuple[str, str]] = []
    views: list[View] = []
    for j, (inv, text) in enumerate(sorted(result.texts.items()), start=1):
        cid = f"{vid}-cex-{j}"
        got = replay(text, f"{result.path} ({inv})", result.era)
        if isinstance(got, str):
            views.append(Panel(cid, f"counterexample for {inv}", f"<p class='bad'>{escape(got)}</p>"))
        else:
            t = run_trace(got, cid)
            title = f"{result.path} — {result.era.name}: counterexample for {inv}"
            views.append(Trace(cid, title, ("found by the search; replays as:", *t.summary), t.heads, t.frames))
        links.append((inv, cid))
    return links, views


def check_views(result: CheckResult, vid: str = "check-1") -> list[View]:
    """A check: its summary and expectations, then each counterexample as a trace."""
    rep = result.report
    links, views = _cex_views(result, vid)
    rows = [
        f"<p>{escape(result.path)} under <b>{escape(result.era.name)}</b>: {escape(rep.verdict)} search, "
        f"{rep.states} states, depth {rep.depth_reached}" + (f" ({escape(rep.stop_reason)})" if rep.stop_reason else "")
    ]
    if links:
        rows.append("<p>Counterexamples (each replayed step by step):</p><ul>")
        rows += [f"<li><a href='#{cid}'>{escape(inv)}</a></li>" for inv, cid in links]
        rows.append("</ul>")
    else:
        rows.append("<p>No violation found.</p>")
    if result.expectations:
        rows.append("<table class='changes'><tr><th>line</th><th>expect</th><th></th><th></th></tr>")
        for line, text, ok, why in result.expectations:
            mark = "<span class='ok'>pass</span>" if ok else "<span class='bad'>FAIL</span>"
            rows.append(f"<tr><td>{line}</td><td>{escape(text)}</td><td>{mark}</td><td>{escape(why)}</td></tr>")
        rows.append("</table>")
    return [Panel(vid, f"check {result.path} — {result.era.name}", "".join(rows)), *views]


def matrix_views(cells: list[Cell], rows: list[Row] | None = None, eras: list[Era] | None = None) -> list[View]:
    """The safety matrix (strategies × eras) with each broken invariant linked to its counterexample."""
    rows = rows or list(dict.fromkeys(c.row for c in cells))
    eras = eras or list({c.era.name: c.era for c in cells}.values())
    by = {(c.row, c.era.name): c for c in cells}
    views: list[View] = []
    head = "".join(f"<th>{escape(e.name)}</th>" for e in eras)
    body = [f"<table class='matrix'><tr><th>strategy</th>{head}</tr>"]
    seen: set[str] = set()
    n = 0
    for row in rows:
        body.append(f"<tr><th>{escape(row.label)}</th>")
        for era in eras:
            c = by.get((row, era.name))
            if c is None:
                body.append("<td class='na'>not run</td>")
            elif c.result is None:
                body.append(f"<td class='na' title='{escape(c.reason)}'>n/a</td>")
            elif not c.result.report.counterexamples:
                v = c.result.report.verdict
                body.append(f"<td class='{'safe' if v == 'complete' else 'na'}'>{'✓' if v == 'complete' else v}</td>")
            else:
                n += 1
                links, cex = _cex_views(c.result, f"cell-{n}")
                views += cex
                seen.update(inv for inv, _ in links)
                a = " ".join(f"<a href='#{cid}' title='{escape(inv)}'>{CODES.get(inv, inv)}</a>" for inv, cid in links)
                body.append(f"<td class='broken'>{a}</td>")
        body.append("</tr>")
    body.append("</table><p>✓ = safe within the bounds; n/a = no such driver in that era; otherwise the invariants")
    body.append(" broken, each linked to its shortest counterexample:</p><ul class='legend'>")
    body += [f"<li><b>{CODES.get(inv, inv)}</b> {escape(inv)}</li>" for inv in sorted(seen)]
    body.append("</ul>")
    return [Panel("matrix", "the safety matrix", "".join(body)), *views]


def _trace_html(t: Trace) -> str:
    n = len(t.frames) - 1
    out = [f"<section class='view trace' id='{t.vid}' data-view='{t.vid}'><h2>{escape(t.title)}</h2>"]
    out.append("<pre class='summary'>" + escape("\n".join(t.summary)) + "</pre>")
    out.append(
        "<div class='controls'><button class='prev' title='previous step (←)'>◀</button>"
        f"<input class='slider' type='range' min='0' max='{n}' value='0' aria-label='step'>"
        "<button class='next' title='next step (→)'>▶</button>"
        f"<span class='pos'>step 0 of {n}</span></div>"
    )
    out.append("<div class='body'><ol class='steps' start='0'>")
    for f in t.frames:
        out.append(f"<li class='step{' bad' if f.bad else ''}' data-step='{f.step}'>{escape(f.label)}</li>")
    out.append("</ol><div class='frames'>")
    for f in t.frames:
        out.append(
            f"<div class='frame' data-step='{f.step}'><h3>step {f.step}: {escape(f.label)}</h3><div class='cols'>"
        )
        for head, col in zip(t.heads, f.columns, strict=True):
            out.append(f"<div class='col'><h4>{escape(head)}</h4>{col.svg}<div class='info'>{col.info}</div></div>")
        out.append("</div></div>")
    out.append("</div></div></section>")
    return "".join(out)


def _view_html(v: View) -> str:
    if isinstance(v, Trace):
        return _trace_html(v)
    return f"<section class='view panel' id='{v.vid}' data-view='{v.vid}'><h2>{escape(v.title)}</h2>{v.body}</section>"


def _toc(views: list[View]) -> str:
    items = "".join(f"<li><a href='#{v.vid}'>{escape(v.title)}</a></li>" for v in views)
    # A long list (the matrix's counterexamples) starts folded: the matrix links to them.
    opened = " open" if len(views) <= 8 else ""
    return f"<details class='toc'{opened}><summary>{len(views)} views</summary><ol>{items}</ol></details>"


LEGEND = (
    "<p class='legend'>Processes → VMAs (flags) → PTEs (w d y s: write, dirty, young, special; swp N: a swap "
    "entry) → frames (struct page: count, mapcount, flags; I/O frames have none) → swap slots. "
    "<span class='k-changed'>changed by the step</span> <span class='k-violated'>a violation concerns it "
    "(✗)</span> <span class='k-differ'>differs from the other era</span>. Keys: ← →, Home, End.</p>"
)


def fragment(views: list[View]) -> str:
    """The views as an HTML fragment with its style and script (a notebook's ``_repr_html_``)."""
    body = "".join(_view_html(v) for v in views)
    toc = _toc(views) if len(views) > 1 else ""
    return f"<div class='mmspec-report'><style>{CSS}</style>{DEFS}{LEGEND}{toc}{body}<script>{SCRIPT}</script></div>"


def page(views: list[View], title: str = "mmspec report") -> str:
    """A whole document: self-contained and offline."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>{fragment(views)}</body></html>\n"
    )


CSS = """
.mmspec-report{font:13px/1.35 system-ui,sans-serif;color:#222}
.mmspec-report h2{font-size:16px;margin:12px 0 4px}
.mmspec-report h3{font-size:13px;margin:4px 0}
.mmspec-report h4{font-size:13px;margin:2px 0;color:#335}
.mmspec-report .toc ol{columns:2;margin:4px 0}
.mmspec-report.js .view{display:none}
.mmspec-report.js .view.active{display:block}
.mmspec-report.js .frame{display:none}
.mmspec-report.js .frame.current{display:block}
.mmspec-report .summary{background:#f4f4f8;padding:6px;white-space:pre-wrap;margin:4px 0}
.mmspec-report .controls{margin:6px 0}
.mmspec-report .slider{width:320px;vertical-align:middle}
.mmspec-report .body{display:flex;gap:12px;align-items:flex-start}
.mmspec-report .steps{min-width:220px;max-width:260px;margin:0;padding-left:28px;font-family:monospace;font-size:12px}
.mmspec-report .step{cursor:pointer;padding:1px 3px}
.mmspec-report .step.bad{color:#b00}
.mmspec-report .step.current{background:#ffe08a;font-weight:bold}
.mmspec-report .cols{display:flex;gap:16px;align-items:flex-start}
.mmspec-report .col{flex:1 1 0;min-width:0}
.mmspec-report .col svg.state{max-width:100%;height:auto}
.mmspec-report .info{font-size:12px;max-width:760px}
.mmspec-report table.changes{border-collapse:collapse;font-family:monospace;font-size:11px}
.mmspec-report table.changes td,.mmspec-report table.changes th{border:1px solid #ccc;padding:1px 4px}
.mmspec-report .bad{color:#b00}.mmspec-report .ok{color:#070}
.mmspec-report table.matrix{border-collapse:collapse;font-size:12px}
.mmspec-report table.matrix td,.mmspec-report table.matrix th{border:1px solid #ccc;padding:2px 5px;text-align:center}
.mmspec-report td.safe{color:#070}.mmspec-report td.na{color:#999}.mmspec-report td.broken a{color:#b00;font-weight:bold}
.mmspec-report .legend span{display:inline-block;padding:0 4px;margin:0 2px;border:2px solid}
.mmspec-report .k-changed{border-color:#e08a00!important;background:#fff4d6}
.mmspec-report .k-violated{border-color:#d00!important}
.mmspec-report .k-differ{border-color:#7a3fd0!important;border-style:dashed!important}
svg.state{font:11px monospace;background:#fff;border:1px solid #ddd}
svg.state rect{fill:#f7f7f7;stroke:#888;stroke-width:1}
svg.state .proc rect{fill:#dfe8f7;stroke:#5670a0}
svg.state .vma rect{fill:#eef3fb}
svg.state .pte rect{fill:#e9f6e9;stroke:#4a8a4a}
svg.state .pte-swap rect{fill:#eef;stroke:#66a}
svg.state .pte-none rect{fill:#fff;stroke:#ccc;stroke-dasharray:3 2}
svg.state .pte-none text{fill:#aaa}
svg.state .page rect{fill:#fffbea;stroke:#a08a3a}
svg.state .page.free rect{fill:#fafafa;stroke:#bbb;stroke-dasharray:4 2}
svg.state .page.free text{fill:#999}
svg.state .io-frame rect{fill:#f0f0f0;stroke:#777;stroke-dasharray:6 2}
svg.state .swap-slot rect{fill:#f1ecfa;stroke:#7a62a8}
svg.state .ref rect{fill:#fdebf5;stroke:#a0487a}
svg.state text.group{font-weight:bold;fill:#444}
svg.state .changed rect{fill:#fff0c2;stroke:#e08a00;stroke-width:2.5}
svg.state .differ rect{stroke:#7a3fd0;stroke-width:2.5;stroke-dasharray:6 3}
svg.state .violated rect{stroke:#d00;stroke-width:3}
svg.state text.badge{fill:#d00;font-weight:bold;font-size:13px}
svg.state path{fill:none;stroke:#4a8a4a;stroke-width:1.3;marker-end:url(#mmspec-arrow);opacity:.85}
svg.state path.swap-edge{stroke:#66a;stroke-dasharray:5 3;opacity:.5}
svg.state path.swapcache-edge{stroke:#3a7fa0;stroke-dasharray:2 2}
svg.state path.ref-edge{stroke:#a0487a}
svg.state path.changed{stroke:#e08a00;stroke-width:2.5;opacity:1}
svg.state path.differ{stroke:#7a3fd0;stroke-width:2.5}
"""

# One step at a time per trace; the keys act on the trace shown.  No network, no globals but one handler
# per report root.
SCRIPT = """
(function(){
  var me = document.currentScript, scripts = document.getElementsByTagName('script');
  var root = (me || scripts[scripts.length - 1]).parentNode;
  root.classList.add('js');
  var views = root.querySelectorAll('.view');
  function show(view, i) {
    var frames = view.querySelectorAll('.frame');
    if (!frames.length) return;
    i = Math.max(0, Math.min(frames.length - 1, i));
    view.dataset.current = i;
    frames.forEach(function(f){ f.classList.toggle('current', +f.dataset.step === i); });
    view.querySelectorAll('.step').forEach(function(s){ s.classList.toggle('current', +s.dataset.step === i); });
    view.querySelector('.slider').value = i;
    view.querySelector('.pos').textContent = 'step ' + i + ' of ' + (frames.length - 1);
  }
  function activate(id) {
    var found = null;
    views.forEach(function(v){ if (v.id === id) found = v; });
    if (!found) found = views[0];
    views.forEach(function(v){ v.classList.toggle('active', v === found); });
    return found;
  }
  function active() { return root.querySelector('.view.active'); }
  views.forEach(function(v){
    if (!v.querySelector('.frame')) return;
    show(v, 0);
    v.querySelector('.prev').addEventListener('click', function(){ show(v, +v.dataset.current - 1); });
    v.querySelector('.next').addEventListener('click', function(){ show(v, +v.dataset.current + 1); });
    v.querySelector('.slider').addEventListener('input', function(e){ show(v, +e.target.value); });
    v.querySelectorAll('.step').forEach(function(s){
      s.addEventListener('click', function(){ show(v, +s.dataset.step); });
    });
  });
  root.addEventListener('click', function(e){
    var a = e.target.closest('a[href^="#"]');
    if (!a) return;
    e.preventDefault();
    activate(a.getAttribute('href').slice(1));
  });
  document.addEventListener('keydown', function(e){
    var v = active();
    // the slider moves itself (and reports an input event)
    if (!v || !v.querySelector('.frame') || e.target.tagName === 'INPUT') return;
    var i = +v.dataset.current;
    var to = {ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: 1e9}[e.key];
    if (to === undefined) return;
    e.preventDefault();
    show(v, to);
  });
  // #VIEW or #VIEW/STEP: a view, at a step
  var want = location.hash.slice(1).split('/');
  var first = activate(want[0]);
  if (want.length > 1 && first.querySelector('.frame')) show(first, +want[1]);
})();
"""
