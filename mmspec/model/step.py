"""One step of the machine: apply an action to a state and return the next state with its outcome.

``step()`` is pure: it clones the state, runs the kernel model on the clone, and turns a kernel BUG()
into an explicit outcome.  Errors a user can make in an action (an unknown mapping, a process that does
not exist) raise ``NotApplicable``: the checker never generates them, and the scenario layer reports them
as scenario errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.drivers.chardev import device_release, device_revoke
from mmspec.era import Era
from mmspec.mm.fault import user_access
from mmspec.mm.fork import dup_mmap
from mmspec.mm.gup import get_user_pages, unpin_user_page
from mmspec.mm.madvise import madvise_behavior, madvise_dontneed, madvise_pageout
from mmspec.mm.mlock import mlock_fixup
from mmspec.mm.mm_types import Kernel, KLog, Ref, Vma
from mmspec.mm.mmap import do_mmap_pgoff, do_munmap, exit_mmap
from mmspec.mm.mprotect import mprotect_fixup
from mmspec.mm.outcome import KernelBug, Kind, Outcome, errno, ok, signal
from mmspec.mm.swap import put_page
from mmspec.mm.vmscan import reclaim
from mmspec.model.actions import (
    Access,
    Action,
    Exit,
    Fork,
    Gup,
    Madvise,
    Mlock,
    Mmap,
    Mprotect,
    Munmap,
    PutRef,
    ReadRef,
    Reclaim,
    Release,
    Revoke,
)


@dataclass(frozen=True)
class Step:
    """The state after an action, what the action returned, and what the kernel reported meanwhile."""

    kernel: Kernel
    outcome: Outcome
    klog: tuple[KLog, ...]
    bug: KernelBug | None = None
    note: str = ""


class NotApplicable(Exception):
    """The action names something the state does not have (a process, mapping, reference, device)."""


def _proc(k: Kernel, proc: str) -> None:
    if proc not in k.mms:
        raise NotApplicable(f"process {proc} does not exist (it has not been forked, or it exited)")


def _range(k: Kernel, proc: str, label: str) -> tuple[int, int]:
    _proc(k, proc)
    where = k.names.get((proc, label))
    if where is None:
        raise NotApplicable(f"{proc} has no mapping {label}")
    return where


def _vma(k: Kernel, proc: str, label: str) -> Vma | None:
    """The VMA at the start of ``label``'s range: None once it was unmapped (or not inherited)."""
    start, _ = _range(k, proc, label)
    return k.find_vma(proc, start)


def _page(k: Kernel, proc: str, label: str, index: int) -> int:
    start, pages = _range(k, proc, label)
    if not 0 <= index < pages:
        raise NotApplicable(f"{label}[{index}] is outside {label}, which has {pages} pages")
    return start + index


def _ref(k: Kernel, name: str) -> Ref:
    ref = k.refs.get(name)
    if ref is None:
        raise NotApplicable(f"no page reference {name} is held")
    return ref


def _release_ref(k: Kernel, era: Era, ref: Ref) -> None:
    """put_page() for a FOLL_GET reference, unpin_user_page() for a FOLL_PIN one."""
    if ref.pin:
        unpin_user_page(k, era, ref.pfn)
    else:
        put_page(k, ref.pfn)


def _apply(k: Kernel, era: Era, a: Action) -> tuple[Outcome, str]:
    if isinstance(a, Mmap):
        _proc(k, a.proc)
        if k.vma_by_label(a.proc, a.label) is not None:
            raise NotApplicable(f"{a.proc} already has a mapping {a.label}; munmap it first or pick another name")
        if a.obj and a.obj not in k.files and a.obj not in k.devices:
            raise NotApplicable(f"no object {a.obj}")
        return do_mmap_pgoff(k, era, a.proc, a.label, a.source, a.obj, a.pages, a.shared, a.prot, a.offset).outcome, ""
    if isinstance(a, Access):
        return user_access(k, era, a.proc, _page(k, a.proc, a.label, a.index), a.write, a.value), ""
    if isinstance(a, Fork):
        _proc(k, a.proc)
        if a.child in k.mms:
            raise NotApplicable(f"process {a.child} already exists")
        copied = dup_mmap(k, era, a.proc, a.child)
        return ok(), ("copied PTEs of " + ", ".join(copied)) if copied else "no PTEs copied"
    if isinstance(a, Munmap):
        vma = _vma(k, a.proc, a.label)
        if vma is not None:  # munmap of a range with nothing mapped succeeds
            do_munmap(k, era, a.proc, vma)
        return ok(), ""
    vma = _vma(k, a.proc, a.label) if isinstance(a, (Mprotect, Madvise, Mlock)) else None
    if isinstance(a, (Mprotect, Madvise, Mlock)) and vma is None:
        return errno("ENOMEM", "no VMA in the range"), ""
    if isinstance(a, Mprotect):
        assert vma is not None
        return mprotect_fixup(k, era, a.proc, vma, a.prot), ""
    if isinstance(a, Madvise):
        assert vma is not None
        if a.advice == "dontneed":
            return madvise_dontneed(k, era, a.proc, vma), ""
        if a.advice == "pageout":
            return madvise_pageout(k, era, a.proc, vma), ""
        return madvise_behavior(k, era, a.proc, vma, a.advice), ""
    if isinstance(a, Mlock):
        assert vma is not None
        return mlock_fixup(k, era, a.proc, vma, a.lock), ""
    if isinstance(a, Exit):
        _proc(k, a.proc)
        exit_mmap(k, era, a.proc)
        for ref in [r for r in k.refs.values() if r.holder == a.proc]:
            del k.refs[ref.name]
            _release_ref(k, era, ref)
        del k.mms[a.proc], k.vmas[a.proc]
        k.names = {key: v for key, v in k.names.items() if key[0] != a.proc}
        return ok(), ""
    if isinstance(a, Gup):
        if a.ref in k.refs:
            raise NotApplicable(f"reference {a.ref} is already held")
        vpn = _page(k, a.proc, a.label, a.index)
        res = get_user_pages(k, era, a.proc, vpn, a.write, pin=a.pin)
        if res.pfn is None:
            if res.errno == "LIVELOCK":
                return signal("LIVELOCK", "follow_page() never finds the page that the fault installed"), ""
            return errno(res.errno or "EFAULT"), ""
        k.refs[a.ref] = Ref(a.ref, a.proc, res.pfn, vpn, a.label, a.write, a.pin, a.longterm)
        return ok(), f"{a.ref} holds pfn {res.pfn:#x}"
    if isinstance(a, ReadRef):
        return ok(k.read_frame(_ref(k, a.ref).pfn)), ""
    if isinstance(a, PutRef):
        ref = _ref(k, a.ref)
        del k.refs[a.ref]
        _release_ref(k, era, ref)
        return ok(), ""
    if isinstance(a, Revoke):
        device_revoke(k, era, k.devices[a.device])
        return ok(), ""
    if isinstance(a, Release):
        dev = k.devices[a.device]
        if dev.released:
            raise NotApplicable(f"device {a.device.removeprefix('dev:')} was already released")
        device_release(k, dev)
        return ok(), ""
    if isinstance(a, Reclaim):
        passes = reclaim(k, era)
        return ok(), f"{passes} reclaim passes changed the state"
    raise TypeError(f"unknown action {a!r}")


def step(k: Kernel, era: Era, action: Action) -> Step:
    """Apply ``action`` to a copy of ``k`` under ``era``.

    :raises NotApplicable: the action names a process, mapping, reference or device that does not exist
    """
    nk = k.clone()
    try:
        outcome, note = _apply(nk, era, action)
    except KernelBug as bug:
        return Step(nk, Outcome(Kind.BUG, "BUG", detail=bug.message), tuple(nk.klog), bug)
    return Step(nk, outcome, tuple(nk.klog), None, note)
