"""Model of madvise() (mm/madvise.c): MADV_DONTNEED, MADV_DONTFORK/DOFORK, MADV_WIPEONFORK/KEEPONFORK
and MADV_PAGEOUT."""

from __future__ import annotations

from mmspec.era import Era, MadvPageout, WipeOnFork
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import vm_normal_page, zap_page_range
from mmspec.mm.mm_types import PG, VM, Kernel, Source, Vma, replace
from mmspec.mm.outcome import OK, Outcome, errno
from mmspec.mm.vmscan import reclaim_pages


@kernel_function()
def madvise_dontneed(k: Kernel, era: Era, mm: str, vma: Vma) -> Outcome:
    """Model of madvise_dontneed() in mm/madvise.c: -EINVAL on VM_LOCKED|VM_HUGETLB|VM_PFNMAP (allowed on VM_IO and
    VM_MIXEDMAP); else zap_page_range() with no details, accounted exactly like munmap; the VMA stays."""
    if vma.flags & (VM.VM_LOCKED | VM.VM_PFNMAP):
        return errno("EINVAL")
    zap_page_range(k, era, mm, vma, vma.start, vma.end, None)
    return OK


@kernel_function()
def madvise_pageout(k: Kernel, era: Era, mm: str, vma: Vma) -> Outcome:
    """Model of MADV_PAGEOUT (madvise_pageout() → madvise_cold_or_pageout_pte_range(), mm/madvise.c, 5.4+):
    -EINVAL on VM_LOCKED|VM_PFNMAP; each present anon page on the LRU that only this PTE maps has its young
    bit cleared and is reclaimed with reclaim_pages().  Pages mapped elsewhere too, and (in the model) file
    pages, are left alone."""
    if era.madv_pageout is MadvPageout.ABSENT or vma.flags & (VM.VM_LOCKED | VM.VM_PFNMAP):
        return errno("EINVAL")
    pfns = []
    for vpn, pte in list(k.ptes_of(mm, vma)):
        if not pte.present:
            continue
        pfn = vm_normal_page(k, era, vma, vpn, pte, report=False)
        if pfn is None or not k.page(pfn).anon or not k.page(pfn).has(PG.PG_lru) or k.page(pfn).mapcount != 1:
            continue
        k.set_pte(mm, vpn, replace(pte, young=False))
        pfns.append(pfn)
    reclaim_pages(k, era, pfns)
    return OK


def madvise_behavior(k: Kernel, era: Era, mm: str, vma: Vma, advice: str) -> Outcome:
    """Model of madvise_behavior() in mm/madvise.c/madvise_vma().

    MADV_DONTFORK sets VM_DONTCOPY; MADV_DOFORK clears it, but -EINVAL on a VM_IO VMA (drivers may rely on
    VM_DONTCOPY).  MADV_WIPEONFORK (4.14+) sets VM_WIPEONFORK, -EINVAL on shared or file-backed VMAs (every
    driver mapping); MADV_KEEPONFORK clears it.  An advice the era does not know is -EINVAL.
    """
    if advice == "dontfork":
        k.put_vma(mm, replace(vma, flags=vma.flags | VM.VM_DONTCOPY))
        return OK
    if advice == "dofork":
        if vma.has(VM.VM_IO):
            return errno("EINVAL")
        k.put_vma(mm, replace(vma, flags=vma.flags & ~VM.VM_DONTCOPY))
        return OK
    if era.wipeonfork is WipeOnFork.ABSENT:
        return errno("EINVAL")
    if advice == "wipeonfork":
        if vma.has(VM.VM_SHARED) or vma.source in (Source.FILE, Source.DEV, Source.ZERO):  # vm_file set
            return errno("EINVAL")
        k.put_vma(mm, replace(vma, flags=vma.flags | VM.VM_WIPEONFORK))
        return OK
    k.put_vma(mm, replace(vma, flags=vma.flags & ~VM.VM_WIPEONFORK))
    return OK
