"""The memory manager as a machine for the model checker (mmspec.check.engine): the actions an `explore`
line allows (each entry of the action table offers its own, mmspec/model/actions.py), their next states with
explicit outcomes, the invariants each transition breaks, fingerprints (mmspec/model/fingerprint.py, with
symmetry reduction), and which actions are independent.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.check.engine import Transition
from mmspec.era import Era
from mmspec.mm.mm_types import Kernel
from mmspec.mm.outcome import Kind
from mmspec.model import actions as A
from mmspec.model.boot import Setup, boot
from mmspec.model.era_memo import EraMemo
from mmspec.model.fingerprint import CanonicalMemo, exact, exact_hash_after
from mmspec.model.invariants import INVARIANT_IDS
from mmspec.model.step import step
from mmspec.model.watch import check_events, check_state

EXPLORE_OPS = A.EXPLORE_OPS


@dataclass(frozen=True)
class ExploreSpec:
    """The bounds of an `explore` line.  ``sources`` are scenario sources (``anon``, ``zero``, ``file:F``,
    ``dev:D``); ``prots`` the protections mmap may ask for."""

    ops: tuple[str, ...]
    procs: int = 2
    depth: int = 6
    maps: int = 1
    pages: int = 1
    refs: int = 1
    sources: tuple[str, ...] = ()
    shared: tuple[bool, ...] = (True, False)
    prots: tuple[str, ...] = ("rw",)
    threads: int = 1  # tasks per process; above 1, calls stop at their interleaving points


class MmMachine:
    """The checker's view of the model: states are :class:`~mmspec.mm.mm_types.Kernel` values."""

    invariant_names = INVARIANT_IDS

    def __init__(
        self,
        setup: Setup,
        prefix: tuple[A.Action, ...],
        spec: ExploreSpec,
        era: Era,
        symmetry: bool = True,
        shared: EraMemo | None = None,
    ):
        """``shared``: results of searches of the same scenario under other eras, to reuse where the rules
        they read agree (:mod:`mmspec.model.era_memo`); only with symmetry, whose exact hash keys them."""
        self.setup, self.prefix, self.spec, self.era, self.symmetry = setup, prefix, spec, era, symmetry
        self.shared = shared if symmetry else None
        self.memo = shared.canonical if shared is not None else CanonicalMemo()
        # Each scope's action classes that the spec's ops enable (an action's explore() offers nothing
        # unless one of its EXPLORE words is in the ops), as attributes: a dict keyed by a Scope member
        # would hash it through Enum.__hash__, a Python call, about ten times per state.
        ops = set(spec.ops)
        self.first, self.page, self.mapping, self.last, self.per_ref, self.per_device, self.once = (
            tuple(cls for cls in A.by_scope(scope) if ops.intersection(cls.EXPLORE))
            for scope in (
                A.Scope.PROCESS_FIRST,
                A.Scope.PAGE,
                A.Scope.MAPPING,
                A.Scope.PROCESS_LAST,
                A.Scope.REF,
                A.Scope.DEVICE,
                A.Scope.GLOBAL,
            )
        )

    # -- the machine interface ------------------------------------------------------------------------

    def init_states(self) -> list[Kernel]:
        k = boot(self.setup)
        for action in self.prefix:
            k = step(k, self.era, action).kernel
        return [k]

    def next_state(self, k: Kernel, action: A.Action) -> Transition[Kernel]:
        if self.shared is not None:
            return self.shared.run("step", k, action, self.era, lambda era: self._next_state(k, action, era))
        return self._next_state(k, action, self.era)

    def _next_state(self, k: Kernel, action: A.Action, era: Era) -> Transition[Kernel]:
        st = step(k, era, action)
        if self.symmetry:
            exact_hash_after(k, st.kernel)
        found = check_events(st.kernel, st.klog, st.bug)
        return Transition(
            st.kernel,
            st.outcome.name,
            tuple(sorted({v.id for v in found})) if found else (),
            terminal=st.outcome.kind is Kind.BUG,
        )

    def state_violations(self, k: Kernel) -> tuple[str, ...]:
        if self.shared is not None:
            return self.shared.run("state", k, None, self.era, lambda era: self._state_violations(k, era))
        return self._state_violations(k, self.era)

    def _state_violations(self, k: Kernel, era: Era) -> tuple[str, ...]:
        return tuple(sorted({v.id for v in check_state(k, era)}))

    def actions(self, k: Kernel) -> list[A.Action]:
        """Every action the spec allows in ``k``, in a fixed order: by process (its new mappings, then per
        mapped page and per mapping, then its fork and exit), then per reference, per device, and global
        (the scopes of :class:`~mmspec.model.actions.Scope`, each in table order)."""
        if self.shared is not None:
            return list(self.shared.run("actions", k, None, self.era, lambda era: tuple(self._actions(k, era))))
        return self._actions(k, self.era)

    def _actions(self, k: Kernel, era: Era) -> list[A.Action]:
        spec = self.spec
        out: list[A.Action] = []
        for proc in k.live_mms():
            for task in ("T1", *k.threads.get(proc, ())):
                fl = k.inflight.get((proc, task))
                if fl is not None:
                    # A task inside a call may only go on with it, one pass to the next interleaving point
                    # (a task asleep in mmap_read_lock() is woken by the fork that holds the lock).
                    resume = A.resume_of(k, proc, task)
                    if fl.phase in A.POINTS and A.waits(k, resume) is None:
                        out.append(resume)
                    continue
                mine = self._task_actions(k, proc, task, era)
                out += [a if task == "T1" or a.TASKED else A.OnTask(proc, task, a) for a in mine]
        rest: list[A.Action] = []
        for ref in sorted(k.refs):
            rest += [a for cls in self.per_ref for a in cls.explore(A.Where(k, spec, era, ref=ref))]
        for dev in sorted(k.devices):
            rest += [a for cls in self.per_device for a in cls.explore(A.Where(k, spec, era, device=dev))]
        rest += [a for cls in self.once for a in cls.explore(A.Where(k, spec, era))]
        if k.inflight:
            rest = [a for a in rest if A.waits(k, a) is None]
        return out + rest

    def _task_actions(self, k: Kernel, proc: str, task: str, era: Era) -> list[A.Action]:
        """What one task of ``proc`` may start: its new mappings, then per mapped page and per mapping,
        then its fork and exit; none that waits for another task's call in flight."""
        spec = self.spec
        out: list[A.Action] = []
        at = A.Where(k, spec, era, proc, task=task)
        out += [a for cls in self.first for a in cls.explore(at)]
        for lb in sorted(label for (mm, label) in k.names if mm == proc):
            if k.vma_by_label(proc, lb) is None:
                continue
            for i in range(k.names[(proc, lb)][1]):
                page = A.Where(k, spec, era, proc, lb, i, task=task)
                out += [a for cls in self.page for a in cls.explore(page)]
            mapping = A.Where(k, spec, era, proc, lb, task=task)
            out += [a for cls in self.mapping for a in cls.explore(mapping)]
        out += [a for cls in self.last for a in cls.explore(at)]
        if k.inflight:
            out = [a for a in out if A.waits(k, a if task == "T1" or a.TASKED else A.OnTask(proc, task, a)) is None]
        return out

    def fingerprint(self, k: Kernel, symmetry: bool) -> int:
        return self.memo.fingerprint(k) if symmetry else hash(exact(k))

    def independent(self, k: Kernel, a: A.Action, b: A.Action) -> bool:
        """Two "quiet" actions of different processes commute: they touch only their own process's VMAs,
        PTEs and rss, or the zero page's counts (which add up the same either way), and allocate nothing
        that would take a place in the LRU or allocator order.  Only with symmetry, which renames the VMA
        ids they draw from the shared counter.  Two tasks of one process share its mm: their steps are
        independent only as quiet loads or stores of different pages through PTEs that map different frames
        (:func:`_disjoint_accesses`; docs/check.md gives the argument)."""
        if not self.symmetry:
            return False
        pa, pb = getattr(a, "proc", None), getattr(b, "proc", None)
        if pa is None or pb is None:
            return False
        if pa != pb:
            return a.quiet(k) and b.quiet(k)
        return A.task_of(a) != A.task_of(b) and _disjoint_accesses(k, a, b)


def _disjoint_accesses(k: Kernel, a: A.Action, b: A.Action) -> bool:
    """Two quiet user accesses (no fault: each touches only its own PTE's young/dirty bits and, for a store,
    its own frame's data) of different pages that map different frames: neither reads or writes what the
    other touches, so both orders reach the same state with the same outcomes and events."""
    x = a.action if isinstance(a, A.OnTask) else a
    y = b.action if isinstance(b, A.OnTask) else b
    if not (isinstance(x, A.Access) and isinstance(y, A.Access) and x.quiet(k) and y.quiet(k)):
        return False
    start_x, start_y = k.names[(x.proc, x.label)][0], k.names[(y.proc, y.label)][0]
    px, py = k.pte(x.proc, start_x + x.index), k.pte(y.proc, start_y + y.index)
    return px is not None and py is not None and start_x + x.index != start_y + y.index and px.pfn != py.pfn
