"""Model of a user load or store: the MMU and the architecture's page-fault entry (do_page_fault() in
arch/i386/mm/fault.c in 2.6.19, arch/x86/mm/fault.c later; the same on powerpc for what the model needs).

The access succeeds when a present PTE allows it (the MMU sets young, and dirty on a store); otherwise the
fault handler checks the VMA (no VMA or no permission => SIGSEGV), calls handle_mm_fault() and the access
is retried.  VM_FAULT_SIGBUS => SIGBUS, VM_FAULT_OOM => the OOM path (reported as ENOMEM).
"""

from __future__ import annotations

from mmspec.era import Era
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import handle_mm_fault
from mmspec.mm.mm_types import VM, Kernel, KLogKind, replace
from mmspec.mm.outcome import Outcome, VmFault, errno, ok, signal

ACCESS_RETRY_LIMIT = 4


@kernel_function("do_page_fault", pte=("mm", "vpn"))
def user_access(k: Kernel, era: Era, mm: str, vpn: int, write: bool, value: int) -> Outcome:
    """A load (``write`` False) or a store of ``value`` at page ``vpn`` of ``mm``: the MMU, then
    do_page_fault() (arch/i386/mm/fault.c, later arch/x86/mm/fault.c) and a retry, as the module says.

    :return: ``ok(value read)`` for a load, ``ok()`` for a store, or the signal
    """
    for _ in range(ACCESS_RETRY_LIMIT):
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
        fault = handle_mm_fault(k, era, mm, vma, vpn, write)
        if fault is VmFault.SIGBUS:
            return signal("SIGBUS", "VM_FAULT_SIGBUS")
        if fault is VmFault.OOM:
            return errno("ENOMEM", "VM_FAULT_OOM")
    k.log(KLogKind.LIVELOCK, f"{mm}: the access to page {vpn:#x} still faults after {ACCESS_RETRY_LIMIT} faults", mm=mm)
    return signal("LIVELOCK", "the fault never makes the access possible")
