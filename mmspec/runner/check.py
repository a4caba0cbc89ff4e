"""`mmspec check`: run a scenario's `explore` line through the model checker, turn each counterexample into
a scenario file that `mmspec run` replays, and judge the check's `expect` lines."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from mmspec.check.engine import (
    Counterexample,
    Options,
    Progress,
    Report,
    SnapshotHook,
    check,
    random_walks,
)
from mmspec.era import Era
from mmspec.model import actions as A
from mmspec.model.era_memo import EraMemo
from mmspec.model.machine import ExploreSpec, MmMachine
from mmspec.model.step import step
from mmspec.runner.run import RunResult, check_era
from mmspec.scenario.ast import Scenario


def counterexample_text(sc: Scenario, era: Era, cex: Counterexample[A.Action], origin: str | None = None) -> str:
    """A scenario that replays ``cex``: the check's declarations and prefix, the path, `expect violation`.
    ``origin`` is the command that found it (default: `mmspec check FILE --era ERA`)."""
    return replay_counterexample(sc, era, cex, origin)[0]


def replay_counterexample(
    sc: Scenario, era: Era, cex: Counterexample[A.Action], origin: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """:func:`counterexample_text`, and the call chain that broke ``cex.invariant`` when the text is
    replayed with the reference ledger (the search itself records nothing)."""
    keep = []
    for line in sc.text.splitlines():
        word = line.split("#")[0].split()
        head = word[0] if word else ""
        if head in ("explore", "expect", "era", "eras", "bug"):
            continue
        keep.append(line.rstrip())
    while keep and not keep[-1]:
        keep.pop()
    origin = origin or f"mmspec check {sc.path} --era {era.name}"
    out = [
        f"# Counterexample for {cex.invariant}, found by `{origin}`:",
        f"# the shortest path within the bounds ({cex.length} steps after the prefix).",
        f"era {era.name}",
    ]
    out += [*keep, ""]
    for a, outcome in zip(_ended(sc, era, cex), cex.outcomes, strict=False):
        out.append(a.text() + ("" if outcome == "ok" else f" -> {outcome}"))
    out += ["", f"expect violation {cex.invariant}"]
    replay = _replay(sc, era, out)
    others = [inv for inv in replay.violation_ids if inv != cex.invariant]  # expected too, so the file passes
    if others:
        out.append("# also broken on the way:")
        out += [f"expect violation {inv}" for inv in others]
    chain = next((v.chain for v in replay.violations if v.id == cex.invariant), ())
    return "\n".join(out) + "\n", chain


def _ended(sc: Scenario, era: Era, cex: Counterexample[A.Action]) -> list[A.Action]:
    """The path with `until` dropped from each step after which its task is not stopped at that point (a
    call that met no stop, a `resume until` that ran to the end, a GUP-fast that fell back): the step did
    what it does without `until`, and the parser, which cannot know whether the call stopped, then lets
    the process's tasks go on.  The path is replayed on the model to see where each call stands."""
    k = machine_factory(sc, era, True)().init_states()[cex.init]
    out = []
    for a in cex.actions:
        k = step(k, era, a).kernel
        until = getattr(a, "until", "")
        fl = k.inflight.get((getattr(a, "proc", ""), A.task_of(a)))
        if until and (fl is None or fl.phase != until):
            a = replace(a, until="")  # type: ignore[type-var]
        out.append(a)
    return out


def _replay(sc: Scenario, era: Era, lines: list[str]) -> RunResult:
    """The counterexample's run, with the reference ledger."""
    from mmspec.runner.run import execute
    from mmspec.scenario.parse import parse_text

    return execute(parse_text("\n".join(lines) + "\n", sc.path), era, record=True)


@dataclass
class CheckResult:
    path: str
    era: Era
    spec: ExploreSpec
    report: Report[A.Action]
    texts: dict[str, str] = field(default_factory=dict)  # invariant -> counterexample scenario
    chains: dict[str, tuple[str, ...]] = field(default_factory=dict)  # invariant -> the call chain that broke it
    expectations: list[tuple[int, str, bool, str]] = field(default_factory=list)  # line, text, passed, why

    @property
    def passed(self) -> bool:
        return all(ok for _, _, ok, _ in self.expectations)

    def _repr_html_(self) -> str:
        """The check in a notebook (Jupyter calls this): its summary and each counterexample, replayed step by
        step."""
        from mmspec.report.html import check_views, fragment

        return fragment(check_views(self))


def machine_factory(sc: Scenario, era: Era, symmetry: bool, shared: EraMemo | None = None) -> partial[MmMachine]:
    assert sc.explore is not None
    prefix = tuple(sl.action for sl in sc.steps)
    return partial(MmMachine, sc.setup, prefix, sc.explore, era, symmetry, shared)


VACUOUS_UNMAPPED = "vacuous: nothing is ever mapped (no mmap in ops, no mapping after the prefix)"


def _never_maps(spec: ExploreSpec, machine: MmMachine) -> bool:
    """No mapping exists at the start and none can be made: every invariant is about mappings, so a search
    that finds nothing proves nothing (e.g. `ops=revoke,release`)."""
    return "mmap" not in spec.ops and not any(machine.init_states()[0].vmas.values())


def run_check(
    sc: Scenario,
    era: Era,
    opts: Options,
    progress: Progress | None = None,
    walks: tuple[int, int, int] | None = None,
    snapshot: SnapshotHook | None = None,
    origin: str | None = None,
    shared: EraMemo | None = None,
) -> CheckResult:
    """Explore ``sc`` under ``era`` (``walks`` = (seed, walks, depth) for random walks instead of BFS).
    Ctrl-C, a limit of ``opts``, or ``progress`` raising KeyboardInterrupt give a partial report.
    ``shared`` holds the results of searches of the same scenario under other eras (one process's searches:
    the engine's own workers start without it); the report is the same with or without.

    :raises EraMismatch: the era cannot run the scenario
    """
    assert sc.explore is not None
    check_era(sc, era)
    factory = machine_factory(sc, era, opts.symmetry, shared if opts.workers <= 1 and opts.ray is None else None)
    if walks is not None:
        report = random_walks(factory(), *walks, progress=progress)
    else:
        report = check(factory, opts, progress, snapshot)
    if not report.vacuous and not report.interrupted and _never_maps(sc.explore, factory()):
        report.vacuous, report.complete, report.stop_reason = True, False, VACUOUS_UNMAPPED
    result = CheckResult(sc.path, era, sc.explore, report)
    for inv, cex in sorted(report.counterexamples.items()):
        result.texts[inv], result.chains[inv] = replay_counterexample(sc, era, cex, origin)
    for e in sc.expects:
        if not e.span.covers(era):
            continue
        if e.after is not None:
            ok, why = False, "a check judges no `expect here` line"
        elif e.kind == "violation":
            ok = e.ident in report.counterexamples
            why = (
                "found"
                if ok
                else ("not found within the bounds" if report.complete else f"not found ({report.verdict} search)")
            )
        elif e.kind == "no-violations":
            ok = not report.counterexamples and report.complete and not report.vacuous
            why = (
                "none found"
                if ok
                else "found " + ", ".join(report.violated)
                if report.counterexamples
                else f"the search is vacuous ({report.stop_reason}): no claim"
                if report.vacuous
                else "the search is partial: no claim"
            )
        else:
            ok, why = False, "a check judges only `expect violation` and `expect no violations`"
        result.expectations.append((e.pos.line, e.text, ok, why))
    return result


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_bytes(text: str) -> int:
    """A memory size for ``--max-memory``: bytes, or a number with K, M, G or T (binary units; a trailing
    "iB" or "B" is allowed), e.g. "4G", "512MiB"; "0" for no limit.

    :raises ValueError: not a size
    """
    t = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = t[-1:] if t[-1:] in _UNITS else ""
    number = float(t[: len(t) - len(unit)])
    if number < 0:
        raise ValueError(f"negative size {text!r}")
    return int(number * _UNITS[unit])


def save(result: CheckResult, out: Path) -> list[Path]:
    """Write each counterexample as ``OUT/<scenario stem>.<era>.<invariant>.mm``."""
    out.mkdir(parents=True, exist_ok=True)
    stem = Path(result.path).stem
    paths = []
    for inv, text in result.texts.items():
        p = out / f"{stem}.{result.era.name}.{inv}.mm"
        p.write_text(text)
        paths.append(p)
    return paths
