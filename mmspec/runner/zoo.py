"""`mmspec zoo`: the bug zoo (scenarios/bugs/, docs/bugs.md).

Each bug file carries `bug` metadata (docs/format.md#bug-files): the last release with the bug (``buggy=``),
the first without it (``fixed-in=``) and the invariant that shows it.  The zoo runs the file's check (its
`explore` line) or its steps under each of the two releases, resolved with :func:`mmspec.era.resolve_era`:
the bug must be found under the buggy release and not under the fixed one.  A release that resolves to an
older landmark era (not to its own rules) is reported as such, never hidden.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mmspec.check.engine import Options
from mmspec.era import Era, UnknownEra, parse_version, resolve_era
from mmspec.era.history import foll_pin_problem
from mmspec.errors import EraMismatch
from mmspec.runner.check import run_check
from mmspec.runner.run import execute
from mmspec.scenario.ast import BugInfo, Scenario

# Verdicts of a bug: the first passes, the pending one is listed apart, every other one fails the zoo.
FOUND_THEN_FIXED = "found, then fixed"
MISSED = "MISSED"  # not found under the buggy release
STILL_BROKEN = "STILL BROKEN"  # found under the fixed release
INCONCLUSIVE = "INCONCLUSIVE"  # the fixed release's search was partial, or a release could not run it
PENDING = "pending"

# A bug check is small by design (the zoo as a whole runs in seconds); a search that reaches this many
# states is cut and the bug judged inconclusive rather than left running.
MAX_STATES = 200_000


@dataclass(frozen=True)
class Side:
    """One release's run of a bug file."""

    release: str  # as the bug line names it
    era: str  # the era it resolved to ("" when it resolved to none)
    exact: bool  # the era is that release's own rule set, not an older landmark's
    found: bool  # the bug's invariant broke
    length: int | None  # steps in the shortest counterexample (after the prefix, for a check)
    counterexample: str  # a scenario `mmspec run` replays to the violation ("" when not found)
    complete: bool  # the search was complete (a scenario's run always is)
    others: tuple[str, ...]  # other invariants broken
    note: str  # why the release could not run the file, or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "era": self.era,
            "exact": self.exact,
            "found": self.found,
            "length": self.length,
            "counterexample": self.counterexample,
            "complete": self.complete,
            "other_violations": list(self.others),
            "note": self.note,
        }


@dataclass(frozen=True)
class Entry:
    """One bug of the zoo, judged."""

    path: str
    title: str
    bug: BugInfo
    buggy: Side | None  # None for a pending bug
    fixed: Side | None
    verdict: str

    @property
    def passed(self) -> bool:
        return self.verdict in (FOUND_THEN_FIXED, PENDING)

    @property
    def fallback(self) -> bool:
        """Whether a release ran under an older landmark era's rules (the zoo's result may change once every
        release resolves exactly)."""
        return any(s is not None and s.era and not s.exact for s in (self.buggy, self.fixed))

    def to_json(self) -> dict[str, Any]:
        b = self.bug
        return {
            "path": self.path,
            "title": self.title,
            "name": b.name,
            "cve": b.cve,
            "introduced": b.introduced,
            "fixed": b.fixed,
            "buggy_release": b.buggy,
            "fixed_release": b.fixed_in,
            "invariant": b.invariant,
            "urls": list(b.urls),
            "pending": list(b.pending),
            "verdict": self.verdict,
            "passed": self.passed,
            "fallback": self.fallback,
            "buggy": None if self.buggy is None else self.buggy.to_json(),
            "fixed_run": None if self.fixed is None else self.fixed.to_json(),
        }


def exact(era: Era, release: str) -> bool:
    """Whether ``era`` is ``release``'s own rule set: it is named so, or its version is the release's (a
    stable or -rc suffix counts as its base release where no era is named after the release)."""
    return era.name == release or era.version == parse_version(release)


def run_side(sc: Scenario, release: str, workers: int = 1) -> Side:
    """Run the bug file ``sc`` under ``release``."""
    bug = sc.bug
    assert bug is not None
    try:
        era = resolve_era(release)
    except UnknownEra as e:
        return Side(release, "", False, False, None, "", False, (), str(e))
    is_exact = exact(era, release)
    origin = f"mmspec zoo ({Path(sc.path).name}, release {release})"
    try:
        if sc.explore is not None:
            problem = foll_pin_problem(era) if "pin" in sc.explore.ops else None
            if problem is not None:
                return Side(release, era.name, is_exact, False, None, "", False, (), problem)
            opts = Options(depth=sc.explore.depth, workers=workers, max_states=MAX_STATES, max_memory=0)
            result = run_check(sc, era, opts, origin=origin)
            report = result.report
            cex = report.counterexamples.get(bug.invariant)
            others = tuple(sorted(i for i in report.counterexamples if i != bug.invariant))
            return Side(
                release,
                era.name,
                is_exact,
                cex is not None,
                None if cex is None else cex.length,
                result.texts.get(bug.invariant, ""),
                report.complete and not report.vacuous,
                others,
                "" if report.complete else f"{report.verdict} search: {report.stop_reason}",
            )
        run = execute(sc, era)
    except EraMismatch as e:
        return Side(
            release, era.name, is_exact, False, None, "", False, (), "; ".join(d.message for d in e.diagnostics)
        )
    found = bug.invariant in run.violation_ids
    others = tuple(i for i in run.violation_ids if i != bug.invariant)
    return Side(
        release,
        era.name,
        is_exact,
        found,
        len(run.steps) if found else None,
        replay_text(sc, era, others) if found else "",
        True,
        others,
        "",
    )


def replay_text(sc: Scenario, era: Era, others: Sequence[str]) -> str:
    """A bug file written as steps, as a scenario `mmspec run` replays: its lines without the `bug` lines,
    under ``era``, expecting the bug's invariant and the others the run broke."""
    assert sc.bug is not None
    keep = [line.rstrip() for line in sc.text.splitlines() if (line.split("#")[0].split() or [""])[0] != "bug"]
    while keep and not keep[-1]:
        keep.pop()
    out = [
        f"# The bug {sc.bug.name} replayed under {era.name} (release {sc.bug.buggy}), by `mmspec zoo`.",
        f"era {era.name}",
    ]
    out += [*keep, "", f"expect violation {sc.bug.invariant}", *(f"expect violation {i}" for i in others)]
    return "\n".join(out) + "\n"


def judge_bug(sc: Scenario, workers: int = 1) -> Entry:
    """Run one bug file under its buggy and fixed releases and give its verdict."""
    bug = sc.bug
    assert bug is not None
    if bug.pending:
        return Entry(sc.path, sc.title, bug, None, None, PENDING)
    buggy = run_side(sc, bug.buggy, workers)
    fixed = run_side(sc, bug.fixed_in, workers)
    if not buggy.found:
        verdict = MISSED
    elif fixed.found:
        verdict = STILL_BROKEN
    elif not fixed.complete:
        verdict = INCONCLUSIVE
    else:
        verdict = FOUND_THEN_FIXED
    return Entry(sc.path, sc.title, bug, buggy, fixed, verdict)


def bug_files(directory: Path) -> list[Path]:
    """The bug files of a directory, in name order."""
    return sorted(directory.glob("*.mm"))


def default_directory() -> Path:
    """scenarios/bugs/ of the source tree mmspec runs from (the package's parent), else of the current
    directory."""
    here = Path(__file__).resolve().parent.parent.parent / "scenarios" / "bugs"
    if not here.is_dir():
        return Path("scenarios") / "bugs"
    relative = Path(os.path.relpath(here))  # reports name files the same way wherever the tree is
    return relative if not relative.parts or relative.parts[0] != ".." else here


def exact_failures(entry: Entry) -> list[str]:
    """What the zoo got wrong on the releases that resolved to their own rule set (a side that ran under an
    older landmark's rules is not judged: the tests and the pytest plugin use this, so that they hold once
    every release resolves exactly and never depend on the fallback)."""
    out: list[str] = []
    b, f = entry.buggy, entry.fixed
    if b is not None and b.exact and not b.found:
        out.append(f"{entry.bug.invariant} not found under {b.release} ({b.note or 'complete search'})")
    if f is not None and f.exact and (f.found or not f.complete):
        out.append(
            f"{entry.bug.invariant} found under the fixed release {f.release}"
            if f.found
            else f"the search under {f.release} is not complete: {f.note}"
        )
    return out
