"""The verdict of a run: a plain summary computed from the run's own figures.

Per device page, the drift of its count and mapcount from the state after boot, the faults that mapped it
and the unmaps that removed its PTEs; the first step that broke each invariant; whether the run met its
expectations; and one sentence that answers the question the run asks, quotable as it stands.  Nothing here
is written for one scenario: the numbers, steps, invariant and era names come from the
:class:`~mmspec.runner.run.RunResult`, the rule clauses from the era's switch table
(:attr:`~mmspec.era.switches.SwitchDef.rules`), and the note about a sibling preset from the presets and the
switches' :attr:`~mmspec.era.switches.SwitchDef.vm_flags`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, SWITCHES, Era, SwitchDef
from mmspec.mm.mm_types import VM_BY_NAME, VmFlags, vm_flag_names
from mmspec.runner.run import PageFigures, RunResult

UNDERFLOWS = ("refcount-underflow", "mapcount-underflow")


@dataclass(frozen=True)
class PageDrift:
    """One device page from boot to the end of the run."""

    name: str  # DEVICE[i]
    pfn: int
    start: PageFigures
    end: PageFigures
    faults: int  # fault steps (accesses, get_user_pages) that added a PTE of this page
    unmaps: tuple[str, ...]  # the kinds of the steps that removed PTEs of it, one per step
    released: int  # the count the unmapping steps dropped (positive: references given back)
    per_fault: tuple[int, int] | None  # (count, mapcount) each fault added, when every fault added the same
    underflow: bool

    @property
    def drift(self) -> tuple[int, int]:
        """(count, mapcount) at the end minus at boot."""
        return (self.end.count or 0) - (self.start.count or 0), (self.end.mapcount or 0) - (self.start.mapcount or 0)

    @property
    def has_page(self) -> bool:
        return self.end.count is not None

    def text(self) -> str:
        """ "+3 count and +3 mapcount over 3 faults (+1 and +1 per fault), never freed; no underflow"."""
        if not self.has_page:
            return "no struct page (an I/O frame): nothing to count"
        dc, dm = self.drift
        faults = _plural(self.faults, "fault")
        if dc == dm == 0:
            text = f"count {self.end.count} and mapcount {self.end.mapcount} at the end, as at boot, over {faults}"
        else:
            text = f"{dc:+d} count and {dm:+d} mapcount over {faults}"
            if self.per_fault is not None and self.faults > 1:
                text += f" ({self.per_fault[0]:+d} and {self.per_fault[1]:+d} per fault)"
            text += f": count {self.end.count}, mapcount {self.end.mapcount}"
            if self.end.free:
                text += ", freed"
            elif dc > 0:
                text += ", never freed"
        if self.unmaps:
            text += f"; {_plural(len(self.unmaps), 'unmap')} ({', '.join(self.unmaps)}) " + (
                f"gave back {self.released}" if self.released > 0 else "gave back nothing"
            )
        return text + ("; underflow" if self.underflow else "; no underflow")

    def to_json(self) -> dict[str, Any]:
        dc, dm = self.drift
        return {
            "page": self.name,
            "pfn": self.pfn,
            "count": self.end.count,
            "mapcount": self.end.mapcount,
            "baseline_count": self.start.count,
            "baseline_mapcount": self.start.mapcount,
            "count_drift": dc,
            "mapcount_drift": dm,
            "faults": self.faults,
            "unmaps": list(self.unmaps),
            "released_by_unmaps": self.released,
            "per_fault": None
            if self.per_fault is None
            else {"count": self.per_fault[0], "mapcount": self.per_fault[1]},
            "freed": self.end.free,
            "underflow": self.underflow,
            "text": self.text(),
        }


@dataclass(frozen=True)
class Verdict:
    passed: bool
    summary: str  # "PASS (the violations it expects: ...)", "PASS (no violations, as expected)", "FAIL: ..."
    pages: tuple[PageDrift, ...]
    first_broken: tuple[tuple[str, int], ...]  # (invariant, first step), in order of the steps
    expected_violations: tuple[str, ...]
    failed: tuple[str, ...]  # the failed steps and expectations, as "line N: TEXT (got ...)"
    answer: str  # one sentence
    notes: tuple[str, ...]

    def lines(self) -> list[str]:
        """The verdict as the readable account prints it."""
        out = [f"Verdict: {self.summary}"]
        out += [f"  {p.name}: {p.text()}" for p in self.pages]
        if self.first_broken:
            out.append("  first broken: " + ", ".join(f"{i} at step {s}" for i, s in self.first_broken))
        out += [f"  failed: {f}" for f in self.failed]
        if self.answer:
            out.append(f"  {self.answer}")
        out += [f"  note: {n}" for n in self.notes]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "summary": self.summary,
            "pages": [p.to_json() for p in self.pages],
            "first_broken": [{"id": i, "step": s} for i, s in self.first_broken],
            "expected_violations": list(self.expected_violations),
            "failed": list(self.failed),
            "answer": self.answer,
            "notes": list(self.notes),
        }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def page_drifts(result: RunResult) -> list[PageDrift]:
    """Every device page's drift from boot, from the figures the run recorded."""
    k, figs = result.final, result.figures
    if k is None or not figs:
        return []
    # each step's figures hold only the frames it touched: carry the rest forward
    now = dict(figs[0])
    tally: dict[int, tuple[int, list[str], int, set[tuple[int, int]]]] = {pfn: (0, [], 0, set()) for pfn in now}
    for s in result.steps:
        for pfn, after in figs[s.index].items():
            before, (faults, unmaps, released, per) = now[pfn], tally[pfn]
            dc = (after.count or 0) - (before.count or 0)
            dm = (after.mapcount or 0) - (before.mapcount or 0)
            if s.fault and after.ptes > before.ptes:
                faults += 1
                per.add((dc, dm))
            elif after.ptes < before.ptes:
                unmaps.append(s.kind)
                released -= dc
            now[pfn], tally[pfn] = after, (faults, unmaps, released, per)
    violated = any(v.id in UNDERFLOWS for v in result.violations)
    out = []
    for dev in sorted(k.devices.values(), key=lambda d: d.name):
        for i, pfn in enumerate(dev.frames):
            faults, unmaps, released, per = tally[pfn]
            underflow = violated or any((f[pfn].count or 0) < 0 or (f[pfn].mapcount or 0) < 0 for f in figs if pfn in f)
            out.append(
                PageDrift(
                    f"{dev.name[4:]}[{i}]",
                    pfn,
                    figs[0][pfn],
                    now[pfn],
                    faults,
                    tuple(unmaps),
                    released,
                    per.pop() if len(per) == 1 else None,
                    underflow,
                )
            )
    # a per-fault rate is only claimed when the faults account for the whole drift
    return [
        p
        if p.per_fault is None or (p.per_fault[0] * p.faults, p.per_fault[1] * p.faults) == p.drift
        else PageDrift(p.name, p.pfn, p.start, p.end, p.faults, p.unmaps, p.released, None, p.underflow)
        for p in out
    ]


def base_era(era: Era) -> Era | None:
    """The era ``era`` is defined against: a hypothetical era's real era of the same version, a real era's
    predecessor (None for the first)."""
    real = [e for e in ERAS if not e.hypothetical]
    if era.hypothetical:
        return next((e for e in reversed(real) if e.version <= era.version), None)
    i = real.index(era) if era in real else 0
    return real[i - 1] if i > 0 else None


def twin_switches(era: Era) -> list[SwitchDef]:
    """The switches of the question ``era`` answers: where a hypothetical era differs from its base (for a
    real era, where the hypothetical eras defined against it differ from it)."""
    if era.hypothetical:
        base = base_era(era)
        others = [base] if base is not None else []
    else:
        others = [e for e in ERAS if e.hypothetical and base_era(e) == era]
    return [s for s in SWITCHES if any(getattr(o, s.field) != getattr(era, s.field) for o in others)]


def _flags_text(flags: VmFlags) -> str:
    return "|".join(vm_flag_names(flags)) or "no flags"


def _what(era: Era) -> str:
    """What a hypothetical era is, from its description's closing parenthesis ("the 2006 proposal")."""
    m = re.search(r"\(([^()]*)\)\s*$", era.description)
    return m.group(1) if m else "hypothetical"


def _devices(result: RunResult) -> list[tuple[str, str, VmFlags]]:
    k = result.final
    assert k is not None
    return [(d.name[4:], d.decl.preset, d.decl.flags) for d in sorted(k.devices.values(), key=lambda d: d.name)]


def sibling_notes(result: RunResult) -> list[str]:
    """A note per device that cannot show what makes its era differ from its base era: the era differs only
    in rules about VM flags the device lacks, and a preset like the device's with those flags exists."""
    era = result.era
    base = base_era(era) if era.hypothetical else None
    if base is None or result.final is None:
        return []
    diff = [s for s in SWITCHES if getattr(base, s.field) != getattr(era, s.field)]
    if not diff or any(not s.vm_flags for s in diff):
        return []
    wanted = 0
    for s in diff:
        for name in s.vm_flags:
            wanted |= VM_BY_NAME[name]
    notes = []
    for dev, preset, flags in _devices(result):
        if flags & wanted:
            continue
        own = PRESETS.get(preset)
        siblings = [
            p
            for p in PRESETS.values()
            if own is not None and p.fault is own.fault and p.memory is own.memory and p.flags == flags | wanted
        ]
        if not siblings:
            continue
        rules = "; ".join(s.summary.removesuffix(" (hypothetical)") for s in diff)
        fields = _and([s.field for s in diff])
        notes.append(
            f"{era.name} differs from {base.name} only in {fields}, "
            f"{'a rule' if len(diff) == 1 else 'rules'} about {_flags_text(wanted)} ({rules}). "
            f"Device {dev} (preset {preset}) has {_flags_text(flags)} and no {_flags_text(wanted)}, so this "
            f"run cannot tell {era.name} from {base.name}; preset {siblings[0].name} "
            f"({_flags_text(siblings[0].flags)}) is the one that shows the difference."
        )
    return notes


def _summary(result: RunResult, failed: list[str]) -> str:
    expected = sorted(result.expected_violations)
    broken = result.violation_ids
    if result.passed:
        if expected:
            return (
                "PASS (the violations it expects: " + ", ".join(i for i in _first_order(result) if i in expected) + ")"
            )
        return "PASS (no violations, as expected)"
    parts = []
    if failed:
        parts.append(_plural(len(failed), "failed line"))
    if result.unexpected_violations:
        parts.append("unexpected violations: " + ", ".join(result.unexpected_violations))
    missing = [i for i in expected if i not in broken]
    if missing:
        parts.append("expected but not broken: " + ", ".join(missing))
    return "FAIL (" + "; ".join(parts) + ")"


def _first_order(result: RunResult) -> list[str]:
    first: dict[str, int] = {}
    for v in result.violations:
        first.setdefault(v.id, v.step)
    return [i for i, _ in sorted(first.items(), key=lambda kv: (kv[1], kv[0]))]


def _breaks(first: list[tuple[str, int]]) -> str:
    """ "mapcount-mismatch, rss-mismatch (step 2) and refcount-leak (step 10)"."""
    groups: list[tuple[list[str], int]] = []
    for ident, step in first:
        if groups and groups[-1][1] == step:
            groups[-1][0].append(ident)
        else:
            groups.append(([ident], step))
    return _and([f"{', '.join(ids)} (step {step})" for ids, step in groups])


def _answer(result: RunResult, pages: list[PageDrift], first: list[tuple[str, int]]) -> str:
    """One sentence: under which era, the rule that decides, what happened to each device page, what broke."""
    era = result.era
    devs = {d: flags for d, _, flags in _devices(result)}
    rules = []
    for s in twin_switches(era):
        applies = not s.vm_flags or any(flags & VM_BY_NAME[f] for flags in devs.values() for f in s.vm_flags)
        if applies and s.rule(getattr(era, s.field)):
            rules.append(s.rule(getattr(era, s.field)))
    who = f"Under {era.name}" + (f" ({_what(era)})" if era.hypothetical else "")
    counted = [p for p in pages if p.has_page]
    if not counted:
        return ""
    facts = []
    for p in counted:
        dc, dm = p.drift
        if dc == dm == 0:
            fact = f"the {p.name} page ends where it started (count {p.end.count}, mapcount {p.end.mapcount})"
            if p.faults and p.unmaps and p.released > 0:
                fact += (
                    f", the {_plural(len(p.unmaps), 'unmap')} ({', '.join(p.unmaps)}) giving back what the "
                    f"{_plural(p.faults, 'fault')} took"
                )
        else:
            if p.per_fault is not None and p.faults > 1:
                fact = (
                    f"the {p.name} page gains {p.per_fault[0]:+d} count and {p.per_fault[1]:+d} mapcount per "
                    f"fault (count {p.end.count}, mapcount {p.end.mapcount} after {p.faults} faults"
                )
            else:
                fact = (
                    f"the {p.name} page drifts by {dc:+d} count and {dm:+d} mapcount (count {p.end.count}, "
                    f"mapcount {p.end.mapcount} after {_plural(p.faults, 'fault')}"
                )
            if p.unmaps:
                fact += f"; the {_plural(len(p.unmaps), 'unmap')} ({', '.join(p.unmaps)}) gave back " + (
                    str(p.released) if p.released > 0 else "nothing"
                )
            fact += ")"
            if not p.end.free and dc > 0:
                fact += ", never freed"
        facts.append(fact)
    broke = f"{_breaks(first)} break" if first else "no invariant breaks"
    head = f"{who} " + (f"{'; '.join(rules)}: " if rules else "")
    return head + _and(facts) + f", and {broke}."


def verdict(result: RunResult) -> Verdict:
    """The verdict of a judged run."""
    pages = page_drifts(result)
    first_ids = _first_order(result)
    firsts: dict[str, int] = {}
    for v in result.violations:
        firsts.setdefault(v.id, v.step)
    first = [(i, firsts[i]) for i in first_ids]
    failed = [
        f"line {s.line}: {s.text} (got {s.outcome.name}, expected {s.expected_outcome})"
        for s in result.steps
        if not s.passed
    ]
    failed += [
        f"line {e.line}{'' if e.step is None else f' (after step {e.step})'}: {e.text} (got {e.actual})"
        for e in result.expectations
        if not e.passed
    ]
    if result.error is not None:
        failed.append(f"line {result.error.line}: {result.error.message} (the run stopped there)")
    return Verdict(
        result.passed,
        _summary(result, failed),
        tuple(pages),
        tuple(first),
        tuple(sorted(result.expected_violations)),
        tuple(failed),
        _answer(result, pages, first),
        tuple(sibling_notes(result) + result.boundary_notes),
    )
