"""`mmspec fuzz --oracle`: random scenarios from the operations both sides support, run on the model and
on the live kernel, every divergence shrunk to a minimal scenario and saved.

Hypothesis generates a list of small integer choices that an interpreter turns into a valid scenario
(a step that does not apply in the current state is skipped), so Hypothesis's shrinking of the list gives a
short scenario that still diverges.  Every scenario declares the file, both rings and (with swap) the
swapfile, so the shrunk scenario's declarations are then dropped one at a time while it still diverges the
same way.  After a divergence is found and shrunk, the search goes on, ignoring divergences of the same kind
(the step that diverges and the fields that differ), until ``count`` scenarios have run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from mmspec.errors import ScenarioError
from mmspec.model import actions as A
from mmspec.oracle.live import Interrupted
from mmspec.runner.oracle import AGREE, DIVERGE, OracleResult, run_oracle
from mmspec.scenario.parse import parse_text

OPS = (
    "mmap",
    "read",
    "write",
    "fork",
    "munmap",
    "mprotect",
    "madvise",
    "mlock",
    "exit",
    "gup",
    "pin",
    "readref",
    "putref",
    "reclaim",
)
SOURCES = ("anon", "zero", "file:data", "dev:ring", "dev:uring")
ADVICE = ("dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork")
DECLARATIONS = ("file ", "device ", "swap ")  # the header lines shrink_declarations() may drop


class _Stop(BaseException):
    """Carries Interrupted through Hypothesis, which would otherwise take it for a failure and shrink it."""


def scenario_text(choices: list[tuple[int, int, int, int]], swap: bool) -> str:
    """Interpret ``choices`` (op, a, b, c) into a scenario both sides can run."""
    header = [
        "era 6.18",
        "file data pages=2",
        "device ring preset=packet-ring pages=2",
        "device uring preset=io-uring-ring pages=1",
    ] + (["swap pages=16"] if swap else [])
    steps: list[A.Action] = []
    alive = ["P1"]
    maps: dict[str, dict[str, tuple[int, bool, str]]] = {"P1": {}}  # proc -> label -> (pages, shared, source)
    refs: dict[str, tuple[str, str]] = {}  # ref -> (holder, kind)
    made = 0
    for op_i, a, b, c in choices:
        op = OPS[op_i % len(OPS)]
        proc = alive[a % len(alive)]
        mine = sorted(maps[proc])
        lb = mine[b % len(mine)] if mine else None
        if op == "mmap" and len(maps[proc]) < 3:
            src = SOURCES[b % len(SOURCES)]
            shared = bool(c % 2)  # both rings accept MAP_PRIVATE too (read-only pages, COW on store)
            pages = 1 if src == "dev:uring" else 2
            label = f"M{made}"
            made += 1
            prot = "r" if c % 5 == 4 and not src.startswith("dev:") else "rw"
            steps.append(A.mmap_action(proc, label, src, pages, shared, prot))
            maps[proc][label] = (pages, shared, src)
        elif op in ("read", "write") and lb:
            steps.append(A.Access(proc, lb, c % maps[proc][lb][0], op == "write", c % 7 + 1 if op == "write" else 0))
        elif op == "fork" and len(alive) < 3:
            child = next(f"P{n}" for n in range(2, 20) if f"P{n}" not in maps)
            steps.append(A.Fork(proc, child))
            alive.append(child)
            maps[child] = dict(maps[proc])
        elif op == "munmap" and lb:
            steps.append(A.Munmap(proc, lb))
            del maps[proc][lb]
        elif op == "mprotect" and lb and not maps[proc][lb][2].startswith("dev:"):
            steps.append(A.Mprotect(proc, lb, A.PROTS["r" if c % 2 else "rw"]))
        elif op == "madvise" and lb:
            steps.append(A.Madvise(proc, lb, ADVICE[c % len(ADVICE)]))
        elif op == "mlock" and lb:
            steps.append(A.Mlock(proc, lb, bool(c % 2)))
        elif op == "exit" and len(alive) > 1:
            steps.append(A.Exit(proc))
            alive.remove(proc)
            for ref in [r for r, (h, _) in refs.items() if h == proc]:
                del refs[ref]
        elif op in ("gup", "pin") and lb and len(refs) < 2 and not maps[proc][lb][2].startswith("dev:"):
            ref = next(f"H{n}" for n in range(9) if f"H{n}" not in refs)
            pin = op == "pin"  # the live pin is an io_uring registered buffer: writable and longterm
            steps.append(A.Gup(proc, lb, c % maps[proc][lb][0], pin, ref, pin=pin, longterm=pin))
            refs[ref] = (proc, op)
        elif op == "readref" and refs:
            ref = sorted(refs)[b % len(refs)]
            if refs[ref][1] == "gup":
                steps.append(A.ReadRef(refs[ref][0], ref))
        elif op == "putref" and refs:
            ref = sorted(refs)[b % len(refs)]
            steps.append(A.PutRef(refs[ref][0], ref))
            del refs[ref]
        elif op == "reclaim" and swap:
            steps.append(A.Reclaim())
    return "\n".join(header + [s.text() for s in steps]) + "\n"


def kind_of(r: OracleResult) -> str:
    """What kind of divergence: the diverging step's operation and the fields that differ."""
    step = r.steps[-1].text.split(":", 1)[-1].split()[0] if r.steps else "?"
    fields = sorted({d.split(":", 1)[0].split("]")[-1].strip() for d in r.diffs})
    return f"{step}: {', '.join(fields)}"


def shrink_declarations(text: str, still: Callable[[str], bool]) -> str:
    """Drop declaration lines (file, device, swap) one at a time, first to last, keeping each drop after
    which ``still`` holds (the scenario diverges the same way)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        trial = lines[:i] + lines[i + 1 :]
        if lines[i].startswith(DECLARATIONS) and still("\n".join(trial) + "\n"):
            lines = trial
        else:
            i += 1
    return "\n".join(lines) + "\n"


def diverges_as(text: str, kind: str, allow_swap: bool) -> bool:
    """Whether ``text`` parses and diverges with this kind (a step naming a dropped declaration does not)."""
    try:
        sc = parse_text(text, "fuzz.mm")
    except ScenarioError:
        return False
    r = run_oracle(sc, allow_swap)
    return r.status == DIVERGE and kind_of(r) == kind


@dataclass
class FuzzReport:
    ran: int = 0
    agreed: int = 0  # runs where both sides ran and agreed (the rest are model-only)
    divergences: list[tuple[str, str, Path | None]] = field(default_factory=list)  # kind, scenario text, file


def fuzz(seed_: int, count: int, out: Path | None, allow_swap: bool) -> FuzzReport:
    """Run ``count`` random scenarios through the oracle; shrink and save each new kind of divergence.

    :raises Interrupted: a signal ended a live run (after its cleanup); the search stops there
    """
    report = FuzzReport()
    known: set[str] = set()
    steps = st.lists(
        st.tuples(st.integers(0, len(OPS) - 1), st.integers(0, 7), st.integers(0, 7), st.integers(0, 9)),
        min_size=1,
        max_size=14,
    )
    found: list[tuple[str, str]] = []  # the divergence of the current round, for after Hypothesis shrank it
    while report.ran < count:
        budget = count - report.ran
        found.clear()

        @seed(seed_ + len(report.divergences))
        @settings(
            max_examples=budget,
            database=None,
            deadline=None,
            derandomize=False,
            print_blob=False,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(steps)
        def one(choices: list[tuple[int, int, int, int]]) -> None:
            report.ran += 1
            text = scenario_text(choices, allow_swap)
            try:
                r = run_oracle(parse_text(text, "fuzz.mm"), allow_swap)
            except Interrupted as e:
                raise _Stop(e) from e
            report.agreed += r.status == AGREE
            if r.status == DIVERGE and kind_of(r) not in known:
                found[:] = [(kind_of(r), text)]
                raise AssertionError(kind_of(r))

        try:
            one()
        except _Stop as stop:
            raise stop.args[0] from None
        except AssertionError:
            kind, text = found[0]
            known.add(kind)
            text = shrink_declarations(text, partial(diverges_as, kind=kind, allow_swap=allow_swap))
            path = None
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                path = out / f"divergence-{seed_}-{len(report.divergences)}.mm"
                path.write_text(f"# mmspec fuzz --oracle --seed {seed_}: shrunk divergence ({kind})\n" + text)
            report.divergences.append((kind, text, path))
            continue
        break
    return report
