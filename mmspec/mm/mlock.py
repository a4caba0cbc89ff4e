"""Model of mlock()/munlock() (mm/mlock.c, 2.6.19): mlock_fixup() and make_pages_present()."""

from __future__ import annotations

from dataclasses import replace

from mmspec.era import Era
from mmspec.mm.gup import get_user_pages
from mmspec.mm.mm_types import VM, Kernel, Vma


def make_pages_present(k: Kernel, era: Era, mm: str, vma: Vma) -> str | None:
    """Model of make_pages_present() (mm/memory.c): get_user_pages() over the VMA with write = VM_WRITE and
    no page array (no references kept), stopping at the first page that fails.  The first page failing
    gives its error; a shorter success gives -EPERM (make_pages_present returns -1)."""
    for i, vpn in enumerate(range(vma.start, vma.end)):
        res = get_user_pages(k, era, mm, vpn, write=vma.has(VM.VM_WRITE), get=False)
        if res.pfn is None:
            return (res.errno or "EFAULT") if i == 0 else "EPERM"
    return None


def mlock_fixup(k: Kernel, era: Era, mm: str, vma: Vma, lock: bool) -> str | None:
    """Model of mlock_fixup(): set or clear VM_LOCKED and account locked_vm (both stay even if the
    prefault fails).  On lock, unless the VMA is VM_IO, make_pages_present() faults the pages in and its
    error is returned (-ENOMEM becomes -EAGAIN in sys_mlock()).

    :return: an errno name or None
    """
    if lock == vma.has(VM.VM_LOCKED):
        return None
    flags = vma.flags | VM.VM_LOCKED if lock else vma.flags & ~VM.VM_LOCKED
    vma = replace(vma, flags=flags)
    k.put_vma(mm, vma)
    k.add_counters(mm, locked_vm=vma.pages if lock else -vma.pages)
    if lock and not vma.has(VM.VM_IO):
        err = make_pages_present(k, era, mm, vma)
        return "EAGAIN" if err == "ENOMEM" else err
    return None
