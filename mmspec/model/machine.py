"""The memory manager as a machine for the model checker (mmspec.check.engine): the actions an `explore`
line allows, their next states with explicit outcomes, the invariants each transition breaks, fingerprints
with symmetry reduction, and which actions are independent.

Symmetry: processes are interchangeable, and so are the page frames the allocator hands out.  The canonical
form orders the processes by a signature that names no process and no frame, then numbers frames, VMAs,
anon_vmas and shmem objects by first appearance in that order.  Two states with the same canonical form are
the same state up to renaming, so folding them is sound; a renaming the signature cannot see is a missed
reduction, never a wrong one.  The model's behaviour does not depend on frame numbers (the LRU keeps
insertion order, the allocator a LIFO list), only on their order in those lists, which the form keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mmspec.check.engine import Transition
from mmspec.era import Era, Pin, WipeOnFork
from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import VM, AnonMapping, Kernel, Page, Pte, Source, Vma, is_shmem, shmem_id, shmem_name
from mmspec.mm.outcome import Kind
from mmspec.model import actions as A
from mmspec.model.boot import Setup, boot
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


# -- fingerprints -----------------------------------------------------------------------------------------


def exact(k: Kernel) -> tuple[Any, ...]:
    """The whole state, names and numbers as they are (no symmetry)."""
    return (
        tuple(sorted(k.pages.items())), tuple(sorted(k.io_data.items())), tuple(sorted(k.mms.items())),
        tuple(sorted(k.vmas.items())), tuple(sorted(k.ptes.items())), tuple(sorted(k.anon_vmas.items())),
        tuple(sorted(k.i_mmap.items())), tuple(sorted(k.files.items())), tuple(sorted(k.devices.items())), k.swap,
        tuple(sorted(k.refs.items())), k.free_list, k.lru, k.next_pfn, k.next_vma, k.next_anon_vma,
        tuple(sorted(k.next_vpn.items())), tuple(sorted(k.names.items())),
    )


def _signature(k: Kernel, mm: str, mine: list[tuple[int, Pte]]) -> tuple[Any, ...]:
    """What a process looks like without any process name or frame number in it."""
    vmas = tuple((v.label, v.start, v.end, v.pgoff, int(v.flags), v.source.value, v.ops.value,
                  "shmem" if is_shmem(v.obj) else v.obj, v.anon_vma is not None) for v in k.vmas[mm])
    ptes = []
    for vpn, pte in mine:
        page = k.pages.get(pte.pfn) if pte.present else None
        what = ("swap",) if not pte.present else (
            "zero" if pte.pfn == ZERO_PFN else "page", page.count if page else -1, page.mapcount if page else -1,
            page.anon if page else False, page.data if page else k.io_data.get(pte.pfn, 0))
        ptes.append((vpn, pte.read, pte.write, pte.dirty, pte.young, pte.special, pte.exclusive, what))
    names = tuple(sorted((label, where) for (m, label), where in k.names.items() if m == mm))
    c = k.mms[mm]
    return (c.file_rss, c.anon_rss, c.total_vm, c.reserved_vm, c.locked_vm, c.has_pinned, vmas, tuple(ptes), names,
            k.next_vpn.get(mm, 0))


def canonical(k: Kernel) -> tuple[Any, ...]:
    """The state with processes, frames, VMAs, anon_vmas and shmem objects renamed canonically."""
    by_mm: dict[str, list[tuple[int, Pte]]] = {mm: [] for mm in k.mms}
    for (m, vpn), t in sorted(k.ptes.items()):
        by_mm[m].append((vpn, t))
    procs = sorted(k.mms, key=lambda mm: (_signature(k, mm, by_mm[mm]), mm))
    pname = {mm: f"Q{i}" for i, mm in enumerate(procs)}
    frames: dict[int, int] = {ZERO_PFN: 0}
    for dev in sorted(k.devices):
        for pfn in k.devices[dev].frames:
            frames.setdefault(pfn, len(frames))
    vids: dict[int, int] = {}
    avs: dict[int, int] = {}

    def frame(pfn: int) -> int:
        return frames.setdefault(pfn, len(frames))

    for mm in procs:
        for vma in k.vmas[mm]:
            vids.setdefault(vma.id, len(vids))
            if vma.anon_vma is not None:
                avs.setdefault(vma.anon_vma, len(avs))
        for vpn, t in by_mm[mm]:
            if t.present:
                frame(t.pfn)
    for ref in sorted(k.refs.values(), key=lambda r: (pname.get(r.holder, r.holder), r.name)):
        frame(ref.pfn)
    if k.swap is not None:
        for _, pfn in k.swap.cache:
            frame(pfn)
    for obj in sorted(k.files):
        for _, pfn in k.files[obj].cache:
            frame(pfn)
    for pfn in k.lru + k.free_list:
        frame(pfn)
    for pfn in sorted(k.pages):
        frame(pfn)
    for pfn in sorted(k.pages):
        m = k.pages[pfn].mapping
        if isinstance(m, AnonMapping):
            avs.setdefault(m.anon_vma, len(avs))

    def obj(name: str) -> str:
        sid = shmem_id(name)
        if sid is None:
            return name
        # A shmem object whose VMA is gone keeps its old name, prefixed again so that it cannot collide.
        return shmem_name(vids[sid]) if sid in vids else "shmem:" + name

    def page(p: Page) -> tuple[Any, ...]:
        m = p.mapping
        mapping = ("a", avs[m.anon_vma]) if isinstance(m, AnonMapping) else ("f", obj(m.name)) if m else None
        return (frames[p.pfn], p.kind.value, p.count, p.mapcount, int(p.flags), mapping, p.index, p.private, p.data,
                pname.get(p.writer, p.writer), p.free, p.owner, p.anon_exclusive)

    def vma(v: Vma) -> tuple[Any, ...]:
        return (vids[v.id], v.label, v.start, v.end, v.pgoff, int(v.flags), v.source.value, obj(v.obj), v.ops.value,
                avs[v.anon_vma] if v.anon_vma is not None else None)

    def pte(t: Pte) -> tuple[Any, ...]:
        return (frames[t.pfn] if t.present else -1, t.read, t.write, t.dirty, t.young, t.swap, t.special, t.exclusive)

    return (
        tuple(sorted(page(p) for p in k.pages.values())),
        tuple(sorted((frames[pfn], v) for pfn, v in k.io_data.items())),
        tuple((pname[mm], k.mms[mm]) for mm in procs),
        tuple((pname[mm], tuple(vma(v) for v in k.vmas[mm])) for mm in procs),
        tuple(sorted(((pname[mm], vpn), pte(t)) for (mm, vpn), t in k.ptes.items())),
        tuple(sorted((avs[a], tuple(vids[i] for i in ids)) for a, ids in k.anon_vmas.items())),
        tuple(sorted((obj(o), tuple(vids[i] for i in ids)) for o, ids in k.i_mmap.items())),
        tuple(sorted((obj(o), s.pages, s.shmem, tuple((i, frames[p]) for i, p in s.cache), s.disk, s.truncate_count)
                     for o, s in k.files.items())),
        tuple(sorted((d.name, d.released) for d in k.devices.values())),
        None if k.swap is None else (k.swap.swap_map, k.swap.data, tuple((s, frames[p]) for s, p in k.swap.cache)),
        tuple(sorted((r.name, pname.get(r.holder, r.holder), frames[r.pfn], r.vpn, r.label, r.write, r.pin, r.longterm)
                     for r in k.refs.values())),
        tuple(frames[p] for p in k.free_list), tuple(frames[p] for p in k.lru),
        tuple(sorted((pname[mm], label, where) for (mm, label), where in k.names.items())),
    )
