"""Model of madvise() (mm/madvise.c, 2.6.19): MADV_DONTNEED, MADV_DONTFORK and MADV_DOFORK."""

from __future__ import annotations

from dataclasses import replace

from mmspec.era import Era
from mmspec.mm.memory import zap_page_range
from mmspec.mm.mm_types import VM, Kernel, Vma


def madvise_dontneed(k: Kernel, era: Era, mm: str, vma: Vma) -> str | None:
    """Model of madvise_dontneed(): -EINVAL on VM_LOCKED|VM_HUGETLB|VM_PFNMAP (allowed on VM_IO);
    else zap_page_range() with no details, accounted exactly like munmap; the VMA stays."""
    if vma.flags & (VM.VM_LOCKED | VM.VM_PFNMAP):
        return "EINVAL"
    zap_page_range(k, era, mm, vma, vma.start, vma.end, None)
    return None


def madvise_behavior(k: Kernel, mm: str, vma: Vma, advice: str) -> str | None:
    """Model of madvise_behavior()/madvise_vma(): MADV_DONTFORK sets VM_DONTCOPY; MADV_DOFORK clears it,
    but -EINVAL on a VM_IO VMA (drivers may rely on VM_DONTCOPY)."""
    if advice == "dontfork":
        k.put_vma(mm, replace(vma, flags=vma.flags | VM.VM_DONTCOPY))
        return None
    if vma.has(VM.VM_IO):
        return "EINVAL"
    k.put_vma(mm, replace(vma, flags=vma.flags & ~VM.VM_DONTCOPY))
    return None
