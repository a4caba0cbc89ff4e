"""Model of mlock()/munlock() (mm/mlock.c): mlock_fixup() and make_pages_present() / __mm_populate()."""

from __future__ import annotations

from dataclasses import replace

from mmspec.era import Era, MlockSpecial
from mmspec.mm.gup import get_user_pages
from mmspec.mm.mm_types import VM, VM_SPECIAL, Kernel, Vma


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
    """Model of mlock_fixup() and the populate step of sys_mlock().

    Special VMAs (:class:`~mmspec.era.MlockSpecial`): until 2.6.27 VM_LOCKED is set on any VMA and only
    the prefault is skipped for VM_IO; from 2.6.28 VM_IO|VM_PFNMAP VMAs are left alone (success, no
    VM_LOCKED, no locked_vm) and VM_DONTEXPAND|VM_RESERVED ones are populated but not locked; from 3.7
    every VM_SPECIAL VMA is left alone.  Otherwise VM_LOCKED and locked_vm are set (and stay if the prefault
    fails), and the pages are faulted in; the prefault's error is returned (-ENOMEM as -EAGAIN).

    :return: an errno name or None
    """
    if lock == vma.has(VM.VM_LOCKED):
        return None
    if lock and era.mlock_special is MlockSpecial.SKIP_SPECIAL and vma.flags & VM_SPECIAL:
        return None
    if lock and era.mlock_special is MlockSpecial.SKIP_IO_PFNMAP:
        if vma.flags & (VM.VM_IO | VM.VM_PFNMAP):
            return None
        if vma.flags & (VM.VM_DONTEXPAND | VM.VM_RESERVED):
            return _errno(make_pages_present(k, era, mm, vma))
    flags = vma.flags | VM.VM_LOCKED if lock else vma.flags & ~VM.VM_LOCKED
    vma = replace(vma, flags=flags)
    k.put_vma(mm, vma)
    k.add_counters(mm, locked_vm=vma.pages if lock else -vma.pages)
    if lock and not vma.has(VM.VM_IO):
        return _errno(make_pages_present(k, era, mm, vma))
    return None


def _errno(err: str | None) -> str | None:
    return "EAGAIN" if err == "ENOMEM" else err
