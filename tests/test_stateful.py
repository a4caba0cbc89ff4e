"""Hypothesis stateful tests: random syscall sequences over the well-behaved presets, under every real era.

Well-behaved means the way the kernel expects drivers and programs to behave: a driver releases its
pages only once no VMA maps the device any more (the VMAs hold the file open), only drivers with a fault
handler revoke their mappings, and the presets are the ones the era has.  Under those rules no invariant
may break, except the known kernel holes: in every machine, before 4.2, a store that reaches the ZERO_PAGE
through a shared VMA without a fault handler (CVE-2015-3288: a read fault after MADV_DONTNEED maps the zero
page there, and after mprotect(rw) the write fault reuses it; switch `no_fault_handler`, 6b7339f4c31a), and,
in the machine that also takes get_user_pages() references, the two known GUP holes: cow-broken
(CVE-2020-29374, up to 5.8) and pin-incoherent (FOLL_GET references are not kept coherent across COW in any
era; FOLL_PIN is not used by that machine).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from mmspec.drivers.presets import PRESETS, era_problem
from mmspec.era import REAL_ERAS, Era, NoFaultHandler
from mmspec.mm.mm_types import VM, DeviceDecl, DeviceFault, Source
from mmspec.model import actions as A
from mmspec.model.boot import Setup, boot
from mmspec.model.invariants import Violation
from mmspec.model.step import step
from mmspec.model.watch import StateWatch, check_events, check_state

WELL_BEHAVED = (
    "spufs",
    "spufs-reserved",
    "ram-nopage",
    "remap-pfn",
    "insert-page",
    "nopfn",
    "spufs-nopfn",
    "fault-page",
    "insert-pfn",
    "mixedmap",
    "packet-ring",
)


def _setup(era: Era) -> Setup:
    devices = []
    for name in WELL_BEHAVED:
        p = PRESETS[name]
        if era_problem(p.fault, p.flags, era) is None:
            devices.append(DeviceDecl(name.replace("-", "_"), name, p.fault, p.memory, p.flags, p.private_ok, 2))
    return Setup(devices=tuple(devices), files=(("data", 2),), swap_pages=5, processes=("P1",))


PROTS = [VM.VM_READ, VM.VM_READ | VM.VM_WRITE, 0]
FAULTING = (
    DeviceFault.NOPAGE,
    DeviceFault.NOPFN,
    DeviceFault.NOPFN_INSERT,
    DeviceFault.FAULT,
    DeviceFault.FAULT_PFN,
    DeviceFault.FAULT_MIXED,
)


class WellBehaved(RuleBasedStateMachine):
    era: Era = REAL_ERAS[0]
    allowed: frozenset[str] = frozenset()
    with_gup = False

    @initialize()
    def boot(self) -> None:
        self.setup = _setup(self.era)
        self.sources = [("anon", Source.ANON, ""), ("zero", Source.ZERO, ""), ("file", Source.FILE, "file:data")] + [
            (d.name, Source.DEV, f"dev:{d.name}") for d in self.setup.devices
        ]
        self.k = boot(self.setup)
        self.violations: list[Violation] = check_state(self.k, self.era)
        self.watch = StateWatch(self.era)  # kept step by step; must agree with the check from scratch
        self.watch.update(self.k)
        self.next_proc = 2
        self.next_label = 0
        self.next_value = 1

    def _do(self, action: A.Action) -> None:
        st_ = step(self.k, self.era, action)
        self.k = st_.kernel
        now = check_state(st_.kernel, self.era)
        assert self.watch.update(st_.kernel) == now, action
        events = check_events(st_.kernel, st_.klog, st_.bug)
        assert self.watch.events(st_.klog, st_.bug) == events, action
        self.violations += events + now

    def _procs(self) -> list[str]:
        return self.k.live_mms()

    def _labels(self, proc: str) -> list[str]:
        return sorted(label for (mm, label) in self.k.names if mm == proc)

    @invariant()
    def no_violation(self) -> None:
        bad = [v for v in self.violations if v.id not in self.allowed and not self._zero_page_hole(v)]
        assert not bad, bad

    def _zero_page_hole(self, v: Violation) -> bool:
        """CVE-2015-3288, before 4.2: a store reaches the ZERO_PAGE that do_anonymous_page() mapped into a
        shared VMA without a fault handler (invariants._check_cow's message names the zero page)."""
        return (
            v.id == "cow-broken" and "ZERO_PAGE" in v.message and self.era.no_fault_handler is NoFaultHandler.ANONYMOUS
        )

    @precondition(lambda self: self.k.mms)
    @rule(data=st.data(), shared=st.booleans(), prot=st.sampled_from(PROTS))
    def mmap(self, data: st.DataObject, shared: bool, prot: int) -> None:
        proc = data.draw(st.sampled_from(self._procs()))
        _name, source, obj = data.draw(st.sampled_from(self.sources))
        if source is Source.DEV and self.k.devices[obj].released:
            return
        pages = 2 if source in (Source.FILE, Source.DEV) else data.draw(st.integers(1, 2))
        label = f"M{self.next_label}"
        self.next_label += 1
        self._do(A.Mmap(proc, label, source, obj, pages, shared, prot))

    def _page(self, data: st.DataObject) -> tuple[str, str, int] | None:
        proc = data.draw(st.sampled_from(self._procs()))
        labels = self._labels(proc)
        if not labels:
            return None
        label = data.draw(st.sampled_from(labels))
        return proc, label, data.draw(st.integers(0, self.k.names[(proc, label)][1] - 1))

    @precondition(lambda self: self.k.mms)
    @rule(data=st.data(), write=st.booleans())
    def access(self, data: st.DataObject, write: bool) -> None:
        where = self._page(data)
        if where is not None:
            self.next_value += 1
            self._do(A.Access(*where, write=write, value=self.next_value))

    @precondition(lambda self: self.k.mms and len(self.k.mms) < 3)
    @rule(data=st.data())
    def fork(self, data: st.DataObject) -> None:
        proc = data.draw(st.sampled_from(self._procs()))
        child = f"P{self.next_proc}"
        self.next_proc += 1
        self._do(A.Fork(proc, child))

    def _whole(self, data: st.DataObject) -> tuple[str, str] | None:
        proc = data.draw(st.sampled_from(self._procs()))
        labels = self._labels(proc)
        return (proc, data.draw(st.sampled_from(labels))) if labels else None

    @precondition(lambda self: self.k.mms)
    @rule(
        data=st.data(),
        op=st.sampled_from(["munmap", "dontneed", "dontfork", "dofork", "mlock", "munlock", "r", "rw", "none"]),
    )
    def vma_op(self, data: st.DataObject, op: str) -> None:
        where = self._whole(data)
        if where is None:
            return
        proc, label = where
        if op == "munmap":
            self._do(A.Munmap(proc, label))
        elif op in ("dontneed", "dontfork", "dofork"):
            self._do(A.Madvise(proc, label, op))
        elif op in ("mlock", "munlock"):
            self._do(A.Mlock(proc, label, op == "mlock"))
        else:
            self._do(A.Mprotect(proc, label, {"r": VM.VM_READ, "rw": VM.VM_READ | VM.VM_WRITE, "none": 0}[op]))

    @precondition(lambda self: len(self.k.mms) > 1)  # keep one process, so that every rule stays enabled
    @rule(data=st.data())
    def exit(self, data: st.DataObject) -> None:
        self._do(A.Exit(data.draw(st.sampled_from(self._procs()))))

    @rule()
    def reclaim(self) -> None:
        self._do(A.Reclaim())

    @rule(data=st.data())
    def revoke(self, data: st.DataObject) -> None:
        faulting = [d for d in self.setup.devices if d.fault in FAULTING]
        if not faulting:
            return
        self._do(A.Revoke("dev:" + data.draw(st.sampled_from(faulting)).name))

    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        dev = "dev:" + data.draw(st.sampled_from(self.setup.devices)).name
        mapped = any(v.obj == dev for mm in self.k.mms for v in self.k.vmas[mm])
        if not mapped and not self.k.devices[dev].released:
            self._do(A.Release(dev))

    @precondition(lambda self: self.with_gup and self.k.mms)
    @rule(data=st.data(), write=st.booleans())
    def gup(self, data: st.DataObject, write: bool) -> None:
        where = self._page(data)
        if where is not None and f"H{where}" not in self.k.refs:
            self._do(A.Gup(*where, write=write, ref=f"H{where}"))

    @precondition(lambda self: self.k.refs)
    @rule(data=st.data())
    def putref(self, data: st.DataObject) -> None:
        ref = self.k.refs[data.draw(st.sampled_from(sorted(self.k.refs)))]
        self._do(A.PutRef(ref.holder, ref.name))


SETTINGS = settings(
    max_examples=40,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _machines() -> dict[str, type]:
    out: dict[str, type] = {}
    for era in REAL_ERAS:
        tag = era.name.replace(".", "_")
        for suffix, with_gup in (("", False), ("WithGup", True)):
            allowed = frozenset({"cow-broken", "pin-incoherent"}) if with_gup else frozenset()
            machine = type(
                f"WellBehaved{suffix}_{tag}", (WellBehaved,), {"era": era, "with_gup": with_gup, "allowed": allowed}
            )
            case = machine.TestCase
            case.settings = SETTINGS
            out[f"Test{machine.__name__}"] = case
    return out


globals().update(_machines())
