"""Model of get_user_pages() and follow_page() (mm/memory.c in 2.6.19; mm/gup.c from v3.18).

The page tables of a VMA are taken to exist, so the FOLL_ANON shortcut (map ZERO_PAGE without a fault
when a read finds no page table) is not modelled: a read of an untouched anonymous page faults it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import Era
from mmspec.mm.memory import handle_mm_fault, set_page_dirty, vm_normal_page
from mmspec.mm.mm_types import PG, VM, Kernel, Vma
from mmspec.mm.outcome import VmFault
from mmspec.mm.swap import get_page, mark_page_accessed

# After this many faults that leave follow_page() without a page, the loop would spin forever.
GUP_RETRY_LIMIT = 4


def follow_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool, get: bool) -> int | None:
    """Model of follow_page(): None unless the PTE is present (and writable for FOLL_WRITE) and
    vm_normal_page() returns a page (a special PTE is "no page").  FOLL_GET takes a reference; FOLL_TOUCH
    dirties the page for a write and marks it accessed."""
    pte = k.pte(mm, vpn)
    if pte is None or not pte.present or (write and not pte.write):
        return None
    pfn = vm_normal_page(k, era, vma, vpn, pte)
    if pfn is None:
        return None
    if get:
        get_page(k, pfn)
    if write and not pte.dirty and not k.page(pfn).has(PG.PG_dirty):
        set_page_dirty(k, pfn)
    mark_page_accessed(k, pfn)
    return pfn


@dataclass(frozen=True)
class GupResult:
    """The page get_user_pages() returned (with a reference if asked), or the errno it failed with."""

    pfn: int | None
    errno: str | None = None


def get_user_pages(k: Kernel, era: Era, mm: str, vpn: int, write: bool, get: bool = True) -> GupResult:
    """Model of get_user_pages(tsk, mm, start, 1, write, force=0, pages, NULL) for one page.

    No VMA, a VM_IO|VM_PFNMAP VMA or missing VM_READ/VM_WRITE => -EFAULT.  Otherwise follow_page(), and
    while it finds nothing, handle_mm_fault() (SIGBUS => -EFAULT, OOM => -ENOMEM) and retry.
    """
    vma = k.find_vma(mm, vpn)
    if vma is None or vma.flags & (VM.VM_IO | VM.VM_PFNMAP):
        return GupResult(None, "EFAULT")
    if not vma.has(VM.VM_WRITE if write else VM.VM_READ):
        return GupResult(None, "EFAULT")
    for _ in range(GUP_RETRY_LIMIT):
        pfn = follow_page(k, era, mm, vma, vpn, write, get)
        if pfn is not None:
            return GupResult(pfn)
        fault = handle_mm_fault(k, era, mm, vma, vpn, write)
        if fault is VmFault.SIGBUS:
            return GupResult(None, "EFAULT")
        if fault is VmFault.OOM:
            return GupResult(None, "ENOMEM")
        vma = k.find_vma(mm, vpn) or vma
    k.log("livelock", f"get_user_pages({mm}, page {vpn:#x}): follow_page() finds no page after {GUP_RETRY_LIMIT} faults", mm=mm)
    return GupResult(None, "LIVELOCK")
