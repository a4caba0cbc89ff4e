"""The run loop: a parsed scenario under an era, on the model and optionally, in lock step, on a second
backend (the live kernel); and the judge.

Running and judging are kept apart (herd style): :func:`execute` produces the trace (each step's outcome,
what changed, the violations that appeared, and with a second backend both sides' observations until the
first divergence), :func:`judge` compares the trace with the scenario's expectations.
:func:`run_scenario` does both and is the public entry point.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from mmspec.drivers.presets import era_problem
from mmspec.era import VALID_FORMS, Era, UnknownEra, resolve_era, uncertain_boundaries
from mmspec.era.history import foll_pin_problem
from mmspec.errors import Diagnostic, EraMismatch, ScenarioError
from mmspec.mm.ledger import Ledger
from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import PG, Kernel
from mmspec.mm.outcome import Kind, Outcome
from mmspec.model.actions import Action, Gup, NotApplicable
from mmspec.model.boot import Setup
from mmspec.model.invariants import Violation
from mmspec.model.watch import StateWatch
from mmspec.oracle.observe import Observation, differences
from mmspec.runner.backend import Backend, ModelBackend, Unsupported
from mmspec.runner.why import with_chains
from mmspec.scenario.ast import Expect, PageTarget, Scenario, StepLine, checked_at
from mmspec.scenario.diff import Change, diff_states
from mmspec.scenario.parse import PAGE_FLAGS


@dataclass(frozen=True)
class StepReport:
    index: int
    line: int
    text: str
    outcome: Outcome
    expected_outcome: str
    expected_value: int | None
    passed: bool
    changes: tuple[Change, ...]
    violations: tuple[Violation, ...]
    note: str = ""
    klog: tuple[str, ...] = ()
    kind: str = ""  # the action's kind: access, gup, fork, exit, munmap, revoke, ...

    @property
    def fault(self) -> bool:
        """The step is a memory access or get_user_pages(): a step that can fault pages in."""
        return self.kind in ("access", "gup")


@dataclass(frozen=True)
class ExpectReport:
    line: int
    text: str
    passed: bool
    actual: str
    step: int | None = None  # checked after this step (`expect here`); None: on the final state

    @property
    def where(self) -> str:
        """Where it was checked: ``step N`` or ``final``."""
        return checked_at(self.step)


@dataclass(frozen=True)
class StepView:
    """One step on both sides of a lock-step run: outcomes as ``name [value]`` and the observations."""

    index: int
    text: str
    model_outcome: str
    live_outcome: str
    model: Observation
    live: Observation


@dataclass
class Comparison:
    """A lock-step run against a second backend: the steps both ran, the first divergence (step index, 0
    for the initial state) with what differs, or why the second backend stopped (``unsupported``)."""

    steps: list[StepView] = field(default_factory=list)
    diverged_at: int | None = None
    diffs: list[str] = field(default_factory=list)
    unsupported: str = ""

    def compare(self, index: int, text: str, model: tuple[str, Observation], live: tuple[str, Observation]) -> bool:
        """Record one step; False (and the divergence) if the two sides differ."""
        self.steps.append(StepView(index, text, model[0], live[0], model[1], live[1]))
        diffs = [f"outcome: model {model[0]} / live {live[0]}"] if model[0] != live[0] else []
        diffs += differences(model[1], live[1])
        if diffs:
            self.diverged_at, self.diffs = index, diffs
        return not diffs


@dataclass(frozen=True)
class PageFigures:
    """One device frame in one state: its struct page's count and mapcount (None without a struct page),
    whether it is free, and how many present PTEs map it."""

    count: int | None
    mapcount: int | None
    free: bool
    ptes: int


def device_figures(
    k: Kernel, mappers: Mapping[int, Collection[object]], pfns: Iterable[int] | None = None
) -> dict[int, PageFigures]:
    """The figures of the device frames (those among ``pfns`` if given), by PFN; ``mappers`` gives each
    frame's present PTEs."""
    frames = {pfn for dev in k.devices.values() for pfn in dev.frames}
    out = {}
    for pfn in sorted(frames if pfns is None else frames.intersection(pfns)):
        page = k.pages.get(pfn)
        out[pfn] = PageFigures(
            page.count if page else None,
            page.mapcount if page else None,
            bool(page and page.free),
            len(mappers.get(pfn, ())),
        )
    return out


@dataclass
class RunResult:
    """Everything a run produced: the trace, the violations, the judged expectations and the final state."""

    path: str
    title: str
    era: Era
    steps: list[StepReport] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    expectations: list[ExpectReport] = field(default_factory=list)
    final: Kernel | None = None
    stopped_at: int | None = None  # the step whose kernel BUG() ended the run
    expected_violations: frozenset[str] = frozenset()
    comparison: Comparison | None = None  # a lock-step run against a second backend
    initial: Kernel | None = None  # the state after boot: the baseline of the verdict's drifts
    # The device frames' figures in the initial state (index 0, every frame) and after each step run (only
    # the frames the step touched: the rest are as they were).
    figures: list[dict[int, PageFigures]] = field(default_factory=list)
    # The states after the steps an `expect here` line follows, by step index.
    checkpoints: dict[int, Kernel] = field(default_factory=dict)
    # Why the run stopped before its end at a step that names what the state lacks (see StepFailed).
    error: Diagnostic | None = None
    # The reference ledger, when the run was asked to record one (mmspec/mm/ledger.py, mmspec/runner/why.py).
    ledger: Ledger | None = None
    # Every state, the initial one first, when execute() was asked to keep them (the HTML report's steps).
    states: list[Kernel] | None = None
    # Notes on switch values whose release is in doubt and on which this run's result depends.
    boundary_notes: list[str] = field(default_factory=list)

    @property
    def unexpected_violations(self) -> list[str]:
        """Violation ids the run broke that no `expect violation` line (for this era) names."""
        return [i for i in self.violation_ids if i not in self.expected_violations]

    @property
    def passed(self) -> bool:
        """Every step had its expected outcome, every expectation for this era holds, and every invariant
        the run broke is named by an `expect violation` line (so a file without any breaks none)."""
        return (
            self.error is None
            and all(s.passed for s in self.steps)
            and all(e.passed for e in self.expectations)
            and not self.unexpected_violations
        )

    @property
    def violation_ids(self) -> list[str]:
        return sorted({v.id for v in self.violations})

    def _repr_html_(self) -> str:
        """The step view in a notebook (Jupyter calls this)."""
        from mmspec.report.html import fragment, run_trace

        return fragment([run_trace(self)])


class StepFailed(ScenarioError):
    """A step named what the state does not have at that point (a mapping, a reference): the run stopped
    there.  ``partial`` is the run up to that step, so that nothing already run is lost."""

    def __init__(self, partial: RunResult) -> None:
        assert partial.error is not None
        super().__init__([partial.error])
        self.partial = partial


def known_eras() -> str:
    """The hint of every unknown-era message: the forms an era may take."""
    return "an era is " + VALID_FORMS


def scenario_era(sc: Scenario, era: str | None = None) -> Era:
    """The era to run ``sc`` under: ``era`` if given, else the scenario's own `era` line.

    :raises ScenarioError: there is none, or it names no era (at the `era` line for the file's own)
    """
    name = era or sc.era
    pos = sc.era_pos if era is None else None
    if name is None:
        raise ScenarioError(
            [
                Diagnostic(
                    sc.path,
                    1,
                    1,
                    "missing era: the scenario has no 'era' line and no --era was given",
                    "add a line such as 'era 2.6.19', or run with --era 2.6.19",
                )
            ]
        )
    try:
        return resolve_era(name)
    except UnknownEra as e:
        line, col = (pos.line, pos.col) if pos else (1, 1)
        raise ScenarioError([Diagnostic(sc.path, line, col, str(e), known_eras())]) from None


def check_era(sc: Scenario, era: Era) -> None:
    """Refuse a scenario that uses what ``era`` does not have, naming the commit that added or removed it.

    :raises ScenarioError: with one diagnostic per device or step the era cannot run
    """
    if not sc.about(era):
        pos = sc.eras_pos or sc.era_pos
        assert pos is not None
        raise EraMismatch(
            [
                Diagnostic(
                    sc.path,
                    pos.line,
                    pos.col,
                    f"the scenario is about eras {' '.join(sc.eras)}, not {era.name}",
                    "its `eras` line says which rule sets it describes",
                )
            ]
        )
    diags = []
    for d in sc.setup.devices:
        problem = era_problem(d.fault, d.flags, era)
        if problem is not None:
            pos = dict(sc.device_pos)[d.name]
            diags.append(
                Diagnostic(
                    sc.path,
                    pos.line,
                    pos.col,
                    f"device {d.name} cannot exist in era {era.name}: {problem}",
                    "limit the scenario to the eras that have it, or run it under one",
                )
            )
    for sl in sc.steps:
        problem = foll_pin_problem(era) if isinstance(sl.action, Gup) and sl.action.pin else None
        if problem is not None:
            diags.append(Diagnostic(sc.path, sl.pos.line, sl.pos.col, problem, "use gup without 'pin' before 5.9"))
    if diags:
        raise EraMismatch(diags)


def execute(
    sc: Scenario, era: Era, against: Backend | None = None, record: bool = False, keep_states: bool = False
) -> RunResult:
    """Run every step of ``sc`` on the model from the initial state, checking the invariants after each;
    with ``against``, run each step on that backend too and compare outcomes and observations, up to the
    first divergence or the first step it cannot perform.  With ``record``, keep the reference ledger
    (``result.ledger``) and give each violation the call chain that led to it.  ``keep_states`` keeps every
    state in ``result.states`` (for the HTML report: references to states the run makes anyway).

    :raises ScenarioError: the era cannot run the scenario, or a step names something the state does not
        have at that point
    """
    check_era(sc, era)
    result = RunResult(sc.path, sc.title, era)
    ledger = Ledger([(sl.pos.line, step_word(sl)) for sl in sc.steps]) if record else None
    model = ModelBackend(era, ledger)
    if keep_states:
        result.states = []
        model = _Keeping(era, result.states, ledger)
    backends: list[Backend] = [model] if against is None else [model, against]
    try:
        _loop(sc, era, model, against, result)
    finally:
        for b in backends:
            b.close()
    if ledger is not None:
        attach_ledger(result, ledger)
    return result


def step_word(sl: StepLine) -> str:
    """The word a step's call chain starts with: its system call or event (``write``, ``fork``, ``revoke``)."""
    words = sl.text.split(":", 1)[-1].split()
    return words[0] if words else ""


def attach_ledger(result: RunResult, ledger: Ledger) -> None:
    """Give the run its ledger, and each violation (in the run's list and in its step's) its call chain."""
    result.ledger = ledger
    result.violations = with_chains(result.violations, ledger)
    result.steps = [replace(s, violations=tuple(with_chains(list(s.violations), ledger))) for s in result.steps]


def _loop(sc: Scenario, era: Era, model: ModelBackend, against: Backend | None, result: RunResult) -> None:
    model.start(sc.setup)
    k = model.kernel
    result.initial = k
    cmp = None if against is None else Comparison()
    result.comparison = cmp
    try:
        if against is not None and cmp is not None:
            against.start(sc.setup)
            if not cmp.compare(0, "(initial state)", ("", model.observe()), ("", against.observe())):
                cmp = None  # diverged: the model runs on alone, so that its trace and invariants are complete
    except Unsupported as e:
        assert result.comparison is not None
        result.comparison.unsupported, cmp = str(e), None
    # A state violation is reported at the step where it appears, and again only if it went away and came
    # back; a violation about an event (a bad_page() report, a BUG) is reported every time it happens.
    watch = StateWatch(era)
    now = watch.update(k)
    standing = {(v.id, v.key) for v in now}
    result.violations += now
    result.figures.append(device_figures(k, watch.mappers))
    wanted = {e.after for e in sc.expects if e.after is not None}
    failed_gups: dict[str, tuple[int, str]] = {}  # reference name -> the line and outcome of the gup that failed
    for i, sl in enumerate(sc.steps, start=1):
        try:
            outcome = model.step(sl.action)
        except NotApplicable as e:
            message, ref = str(e), getattr(sl.action, "ref", None)
            if isinstance(ref, str) and ref in failed_gups and ref not in k.refs:
                line, name = failed_gups[ref]
                message += f": the gup at line {line} that names it returned {name}"
            result.error = Diagnostic(sc.path, sl.pos.line, sl.pos.col, message, "at this point of the run")
            result.final = k
            raise StepFailed(result) from None
        if isinstance(sl.action, Gup):
            if outcome.is_ok:
                failed_gups.pop(sl.action.ref, None)
            else:
                failed_gups[sl.action.ref] = (sl.pos.line, outcome.name)
        st = model.last
        assert st is not None
        now = watch.update(st.kernel)
        found = watch.events(st.klog, st.bug) + [v for v in now if (v.id, v.key) not in standing]
        standing = {(v.id, v.key) for v in now}
        new = [Violation(v.id, v.key, v.message, i, sl.pos.line) for v in found]
        result.violations += new
        result.steps.append(
            StepReport(
                i,
                sl.pos.line,
                sl.text,
                outcome,
                sl.outcome(era),
                sl.value(era),
                _step_passed(sl, era, outcome),
                tuple(diff_states(k, st.kernel)),
                tuple(new),
                st.note,
                tuple(e.message for e in st.klog if e.kind.printed) + ((st.bug.message,) if st.bug else ()),
                type(sl.action).__name__.lower(),
            )
        )
        k = st.kernel
        result.figures.append(device_figures(k, watch.mappers, watch.touched))
        if i in wanted:
            result.checkpoints[i] = k
        if cmp is not None and against is not None:
            try:
                theirs = against.step(sl.action)
                same = cmp.compare(i, sl.text, (_said(outcome), model.observe()), (_said(theirs), against.observe()))
            except Unsupported as e:
                cmp.unsupported, same = str(e), False
            if not same:
                cmp = None
        if st.bug is not None:
            result.stopped_at = i
            break
    result.final = k


class _Keeping(ModelBackend):
    """The model backend, keeping each state it reaches (the initial one first) in ``states``."""

    def __init__(self, era: Era, states: list[Kernel], ledger: Ledger | None = None) -> None:
        super().__init__(era, ledger)
        self.states = states

    def start(self, setup: Setup) -> None:
        super().start(setup)
        self.states.append(self.kernel)

    def step(self, action: Action) -> Outcome:
        outcome = super().step(action)
        self.states.append(self.kernel)
        return outcome


def _said(o: Outcome) -> str:
    """An outcome as both sides of a comparison spell it: the name, and the value a load read."""
    return o.name + ("" if o.value is None else f" {o.value}")


def _step_passed(sl: StepLine, era: Era, outcome: Outcome) -> bool:
    if outcome.name != sl.outcome(era):
        return False
    value = sl.value(era) if outcome.name == "ok" else None  # a value is only read by a load that succeeds
    return value is None or outcome.value == value


def judge(sc: Scenario, result: RunResult) -> None:
    """Check the scenario's `expect` lines: final ones against the run's final state and violations,
    `expect here` ones against the state right after their step and the violations found up to it."""
    k = result.final
    assert k is not None
    expects = [e for e in sc.expects if e.span.covers(result.era)]
    result.expected_violations = frozenset(e.ident for e in expects if e.kind == "violation")
    for e in expects:
        if e.after is None:
            passed, actual = _judge_one(k, result.violation_ids, e)
        elif e.after in result.checkpoints:
            ids = sorted({v.id for v in result.violations if v.step <= e.after})
            passed, actual = _judge_one(result.checkpoints[e.after], ids, e)
        else:
            passed, actual = False, f"not checked: the run stopped at step {result.stopped_at}"
        result.expectations.append(ExpectReport(e.pos.line, e.text, passed, actual, e.after))


def _judge_one(k: Kernel, ids: list[str], e: Expect) -> tuple[bool, str]:
    if e.kind == "no-violations":
        return not ids, "violations: " + (", ".join(ids) or "none")
    if e.kind == "violation":
        return e.ident in ids, "violations: " + (", ".join(ids) or "none")
    if e.kind == "rss":
        if e.proc not in k.mms:
            return False, f"{e.proc} has exited"
        c = k.counters(e.proc)
        got = {"file": c.file_rss, "anon": c.anon_rss}
        actual = " ".join(f"{key}={got[key]}" for key, _ in e.fields)
        return all(got[key] == int(v) for key, v in e.fields), actual
    assert e.target is not None
    return _judge_page(k, e.target, e)


def page_of(k: Kernel, t: PageTarget) -> tuple[int | None, str, str]:
    """The PFN an expectation target names, its PTE state ("none", "present", "swap" or "" if not a
    mapped target), and why there is no page if there is none."""
    if t.kind == "dev":
        dev = k.devices[f"dev:{t.name}"]
        return dev.frames[t.index], "", ""
    if t.kind == "file":
        pfn = k.files[f"file:{t.name}"].cached(t.index)
        return pfn, "", "" if pfn is not None else f"{t} is not in the page cache"
    where = k.names.get((t.proc, t.name))
    if where is None:
        return None, "none", f"{t.proc} has exited" if t.proc not in k.mms else f"{t.proc} never mapped {t.name}"
    if t.index >= where[1]:
        return None, "none", f"{t} is outside {t.name}"
    pte = k.pte(t.proc, where[0] + t.index)
    if pte is None:
        return None, "none", f"no PTE at {t}"
    if not pte.present:
        return None, "swap", f"{t} is a swap entry (slot {pte.swap})"
    return pte.pfn, "present", ""


def page_flags(k: Kernel, pfn: int) -> dict[str, bool]:
    """The expectation flags of a frame (a frame without struct page has none set)."""
    page = k.pages.get(pfn)
    if page is None:
        return {f: False for f in PAGE_FLAGS}
    return {
        "anon": page.anon,
        "lru": page.has(PG.PG_lru),
        "active": page.has(PG.PG_active),
        "referenced": page.has(PG.PG_referenced),
        "swapcache": page.has(PG.PG_swapcache),
        "reserved": page.has(PG.PG_reserved),
        "dirty": page.has(PG.PG_dirty),
        "zero": pfn == ZERO_PFN,
        "locked": page.has(PG.PG_locked),
        "uptodate": page.has(PG.PG_uptodate),
        "free": page.free,
        "exclusive": page.anon_exclusive,
    }


def _judge_page(k: Kernel, t: PageTarget, e: Expect) -> tuple[bool, str]:
    pfn, pte_state, why = page_of(k, t)
    wants_page = any(key != "pte" for key, _ in e.fields) or bool(e.flags)
    got: dict[str, str] = {}
    if pte_state:
        got["pte"] = pte_state
    if pfn is not None:
        page = k.pages.get(pfn)
        got["count"] = str(page.count) if page else "-"
        got["mapcount"] = str(page.mapcount) if page else "-"
        got["value"] = str(k.read_frame(pfn))
    elif wants_page:
        return False, why
    ok_fields = all(got.get(key) == value for key, value in e.fields)
    flags = page_flags(k, pfn) if pfn is not None else {}
    ok_flags = all(flags.get(f, False) == want for f, want in e.flags)
    shown = [f"{key}={got.get(key, '?')}" for key, _ in e.fields]
    set_flags = [f for f, on in flags.items() if on]
    actual = " ".join(shown + (["flags: " + (" ".join(set_flags) or "none")] if e.flags else []))
    return ok_fields and ok_flags, actual


def run_scenario(sc: Scenario, era: str | None = None, record: bool = False, keep_states: bool = False) -> RunResult:
    """Execute and judge ``sc`` under ``era`` (default: the scenario's own `era` line); with ``record``,
    keep the reference ledger; ``keep_states`` keeps every state (:func:`execute`)."""
    if sc.explore_pos is not None:
        raise ScenarioError(
            [
                Diagnostic(
                    sc.path,
                    sc.explore_pos.line,
                    sc.explore_pos.col,
                    "this scenario is a check (it has an explore line)",
                    f"run it with: mmspec check {sc.path}",
                )
            ]
        )
    result = execute(sc, scenario_era(sc, era), record=record, keep_states=keep_states)
    judge(sc, result)
    note_boundaries(sc, result)
    return result


def note_boundaries(sc: Scenario, result: RunResult) -> None:
    """Note each switch whose value in the run's release is in doubt (its dated release has a window,
    :func:`~mmspec.era.uncertain_boundaries`) when running with the value from the other side of the
    boundary gives another result (pass or fail, or other violations)."""
    for s, d, other in uncertain_boundaries(result.era):
        alt = execute(sc, result.era.with_switch(s.field, other))
        judge(sc, alt)
        if (alt.passed, alt.violation_ids) != (result.passed, result.violation_ids):
            lo, hi = d.between or ("?", "?")
            broke = f" breaking {', '.join(alt.violation_ids)}" if alt.violation_ids else ""
            result.boundary_notes.append(
                f"the release of {d.commit or repr(d.subject)} ({s.field}={d.value.value}) is in doubt, {lo} to {hi}: "
                f"{d.uncertain}; "
                f"with {s.field}={other.value} this run would {'pass' if alt.passed else 'fail'}{broke}"
            )


def outcome_text(o: Outcome) -> str:
    if o.kind is Kind.OK:
        return "ok" if o.value is None else f"ok, reads {o.value}"
    return str(o)
