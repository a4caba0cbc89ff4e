"""Model of a user load or store: the MMU and the architecture's page-fault entry (do_page_fault() in
arch/i386/mm/fault.c in 2.6.19, arch/x86/mm/fault.c later; the same on powerpc for what the model needs).

The access succeeds when a present PTE allows it (the MMU sets young, and dirty on a store); otherwise the
fault handler checks the VMA (no VMA or no permission => SIGSEGV), calls handle_mm_fault() and the access
is retried.  VM_FAULT_SIGBUS => SIGBUS, VM_FAULT_OOM => the OOM path (reported as ENOMEM).
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import Era
from mmspec.mm.filemap import unlock_page
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import handle_mm_fault
from mmspec.mm.mm_types import PG, VM, Kernel, KLogKind, fast_records, replace
from mmspec.mm.outcome import Outcome, VmFault, errno, ok, signal

ACCESS_RETRY_LIMIT = 4


@dataclass(frozen=True)
class FaultStopped:
    """A store whose write fault stopped at do_wp_page()'s interleaving point (:attr:`VmFault.REUSED`:
    the anon page reused, its PTE writable, the page-table lock dropped): the page, whether the fault still
    holds it locked (5.9-rc4 … rc6, :class:`~mmspec.era.WpReuseUnlock`), and the faults taken so far."""

    pfn: int
    locked: bool
    faults: int


@kernel_function("do_page_fault", pte=("mm", "vpn"))
def user_access(k: Kernel, era: Era, mm: str, vpn: int, write: bool, value: int) -> Outcome:
    """A load (``write`` False) or a store of ``value`` at page ``vpn`` of ``mm``: the MMU, then
    do_page_fault() (arch/i386/mm/fault.c, later arch/x86/mm/fault.c) and a retry, as the module says.

    :return: ``ok(value read)`` for a load, ``ok()`` for a store, or the signal
    """
    done = _access(k, era, mm, vpn, write, value, stop=False)
    assert isinstance(done, Outcome)
    return done


@kernel_function("do_page_fault", pte=("mm", "vpn"))
def user_store_begin(k: Kernel, era: Era, mm: str, vpn: int, value: int) -> Outcome | FaultStopped:
    """A store as :func:`user_access` (do_page_fault() in arch/x86/mm/fault.c), except that a write fault reusing an
    anon page in do_wp_page() (mm/memory.c) stops after wp_page_reuse() dropped the page-table lock (the task still
    holds mmap_lock for read): another task of the mm may run there (docs/model.md, "Interleaving points").  A store
    that faults otherwise, or not at all, runs to its end."""
    return _access(k, era, mm, vpn, True, value, stop=True)


@kernel_function("do_page_fault", pte=("mm", "vpn"))
def user_store_finish(k: Kernel, era: Era, mm: str, vpn: int, value: int, stopped: FaultStopped) -> Outcome:
    """The rest of a store stopped by :func:`user_store_begin`: in 5.9-rc4 … rc6 do_wp_page()'s (mm/memory.c)
    unlock_page() of the page it reused (freed meanwhile if another task zapped the PTE: mm/filemap.py
    reports it), the return through handle_mm_fault() and do_page_fault(), and the store retried by the
    MMU (which faults again if the PTE is gone)."""
    if stopped.locked:
        unlock_page(k, stopped.pfn)
    done = _access(k, era, mm, vpn, True, value, stop=False, faults=stopped.faults)
    assert isinstance(done, Outcome)
    return done


def _access(
    k: Kernel, era: Era, mm: str, vpn: int, write: bool, value: int, stop: bool, faults: int = 0
) -> Outcome | FaultStopped:
    """The MMU's access and do_page_fault()'s retry loop (arch/x86/mm/fault.c; see :func:`user_access`), from
    ``faults`` faults."""
    for n in range(faults, ACCESS_RETRY_LIMIT):
        pte = k.pte(mm, vpn)
        if pte is not None and pte.present and pte.read and (pte.write or not write):
            k.set_pte(mm, vpn, replace(pte, young=True, dirty=pte.dirty or write))
            if not write:
                return ok(k.read_frame(pte.pfn))
            k.write_frame(pte.pfn, value)
            if k.pfn_valid(pte.pfn):
                k.set_page(pte.pfn, writer=mm)
            k.log(KLogKind.STORE, f"{mm} stores {value} to pfn {pte.pfn:#x}", pte.pfn, mm, vpn=vpn)
            return ok()
        vma = k.find_vma(mm, vpn)
        if vma is None:
            return signal("SIGSEGV", "no VMA")
        if pte is not None and pte.present and not write:
            return signal("SIGSEGV", "read protection fault on a present PTE")
        # do_page_fault()'s good_area checks: a write needs VM_WRITE; a read of a missing page any of R/W/X.
        needed = VM.VM_WRITE if write else VM.VM_READ | VM.VM_WRITE | VM.VM_EXEC
        if not vma.flags & needed:
            return signal("SIGSEGV", "access not permitted by the VMA")
        fault = handle_mm_fault(k, era, mm, vma, vpn, write, stop=stop)
        if fault is VmFault.REUSED:
            reused = k.pte(mm, vpn)
            assert reused is not None
            return FaultStopped(reused.pfn, k.page(reused.pfn).has(PG.PG_locked), n + 1)
        if fault is VmFault.SIGBUS:
            return signal("SIGBUS", "VM_FAULT_SIGBUS")
        if fault is VmFault.OOM:
            return errno("ENOMEM", "VM_FAULT_OOM")
    k.log(KLogKind.LIVELOCK, f"{mm}: the access to page {vpn:#x} still faults after {ACCESS_RETRY_LIMIT} faults", mm=mm)
    return signal("LIVELOCK", "the fault never makes the access possible")


fast_records(__name__)
