"""The memory manager as a machine for the model checker (mmspec.check.engine): the actions an `explore`
line allows, their next states with explicit outcomes, the invariants each transition breaks, fingerprints
(mmspec/model/fingerprint.py, with symmetry reduction), and which actions are independent.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.check.engine import Transition
from mmspec.era import Era, Pin, WipeOnFork
from mmspec.mm.mm_types import VM, Kernel, Source
from mmspec.mm.outcome import Kind
from mmspec.model import actions as A
from mmspec.model.boot import Setup, boot
from mmspec.model.fingerprint import canonical, exact
from mmspec.model.invariants import INVARIANT_IDS, check_events, check_state
from mmspec.model.step import step

EXPLORE_OPS = ("mmap", "read", "write", "fork", "munmap", "exit", "mprotect", "dontneed", "dontfork", "dofork",
               "wipeonfork", "mlock", "munlock", "gup", "pin", "putref", "revoke", "release", "reclaim")


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


class MmMachine:
    """The checker's view of the model: states are :class:`~mmspec.mm.mm_types.Kernel` values."""

    invariant_names = INVARIANT_IDS

    def __init__(self, setup: Setup, prefix: tuple[A.Action, ...], spec: ExploreSpec, era: Era, symmetry: bool = True):
        self.setup, self.prefix, self.spec, self.era, self.symmetry = setup, prefix, spec, era, symmetry

    # -- the machine interface ------------------------------------------------------------------------

    def init_states(self) -> list[Kernel]:
        k = boot(self.setup)
        for action in self.prefix:
            k = step(k, self.era, action).kernel
        return [k]

    def next_state(self, k: Kernel, action: A.Action) -> Transition[Kernel]:
        st = step(k, self.era, action)
        found = check_events(st.kernel, st.klog, st.bug)
        return Transition(st.kernel, st.outcome.name, tuple(sorted({v.id for v in found})),
                          terminal=st.outcome.kind is Kind.BUG)

    def state_violations(self, k: Kernel) -> tuple[str, ...]:
        return tuple(sorted({v.id for v in check_state(k, self.era)}))

    def actions(self, k: Kernel) -> list[A.Action]:
        """Every action the spec allows in ``k``, in a fixed order: by process, then by operation."""
        spec, out = self.spec, []
        for proc in k.live_mms():
            labels = sorted(label for (mm, label) in k.names if mm == proc)
            mapped = [lb for lb in labels if k.vma_by_label(proc, lb) is not None]
            if "mmap" in spec.ops and len(labels) < spec.maps:
                label = f"M{len(labels)}"
                for src in spec.sources:
                    for shared in spec.shared:
                        for prot in spec.prots:
                            out.append(A.mmap_action(proc, label, src, spec.pages, shared, prot))
            for lb in mapped:
                pages = k.names[(proc, lb)][1]
                for i in range(pages):
                    if "read" in spec.ops:
                        out.append(A.Access(proc, lb, i, False))
                    if "write" in spec.ops:
                        out.append(A.Access(proc, lb, i, True, 1))
                    if ("gup" in spec.ops or "pin" in spec.ops) and len(k.refs) < spec.refs:
                        ref = next(f"H{n}" for n in range(spec.refs + 1) if f"H{n}" not in k.refs)
                        for write in (False, True):
                            if "gup" in spec.ops:
                                out.append(A.Gup(proc, lb, i, write, ref))
                            if "pin" in spec.ops and self.era.pin is Pin.PIN_BIAS:
                                out.append(A.Gup(proc, lb, i, write, ref, pin=True))
                if "munmap" in spec.ops:
                    out.append(A.Munmap(proc, lb))
                if "mprotect" in spec.ops:
                    out += [A.Mprotect(proc, lb, A.PROTS[p]) for p in ("r", "rw")]
                for advice in ("dontneed", "dontfork", "dofork", "wipeonfork"):
                    if advice in spec.ops and (advice != "wipeonfork" or self.era.wipeonfork is WipeOnFork.PRESENT):
                        out.append(A.Madvise(proc, lb, advice))
                if "mlock" in spec.ops:
                    out.append(A.Mlock(proc, lb, True))
                if "munlock" in spec.ops:
                    out.append(A.Mlock(proc, lb, False))
            if "fork" in spec.ops and len(k.mms) < spec.procs:
                child = next(f"P{n}" for n in range(1, spec.procs + 2) if f"P{n}" not in k.mms)
                out.append(A.Fork(proc, child))
            if "exit" in spec.ops:
                out.append(A.Exit(proc))
        for ref in sorted(k.refs):
            if "putref" in spec.ops:
                out.append(A.PutRef(k.refs[ref].holder, ref))
        for dev in sorted(k.devices):
            if "revoke" in spec.ops:
                out.append(A.Revoke(dev))
            # The driver's release runs when the last reference to its file goes: after the last VMA.
            if "release" in spec.ops and not k.devices[dev].released and not k.i_mmap.get(dev):
                out.append(A.Release(dev))
        if "reclaim" in spec.ops:
            out.append(A.Reclaim())
        return out

    def fingerprint(self, k: Kernel, symmetry: bool) -> int:
        return hash(canonical(k) if symmetry else exact(k))

    def independent(self, k: Kernel, a: A.Action, b: A.Action) -> bool:
        """Two "quiet" actions of different processes commute: they touch only their own process's VMAs,
        PTEs and rss, or the zero page's counts (which add up the same either way), and allocate nothing
        that would take a place in the LRU or allocator order.  Only with symmetry, which renames the VMA
        ids they draw from the shared counter."""
        if not self.symmetry:
            return False
        pa, pb = getattr(a, "proc", None), getattr(b, "proc", None)
        return pa is not None and pb is not None and pa != pb and _quiet(k, a) and _quiet(k, b)


def _quiet(k: Kernel, a: A.Action) -> bool:
    if isinstance(a, A.Mmap):
        return a.source is Source.ANON and not a.shared
    vma = k.vma_by_label(a.proc, a.label) if isinstance(a, (A.Access, A.Mprotect)) else None
    if vma is None or vma.source is not Source.ANON or vma.has(VM.VM_SHARED):
        return False
    if isinstance(a, A.Mprotect):
        return True
    assert isinstance(a, A.Access)
    pte = k.pte(a.proc, vma.start + a.index)
    return pte is not None and pte.present and pte.read and (pte.write or not a.write)
