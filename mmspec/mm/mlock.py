"""Model of mlock()/munlock() (mm/mlock.c, 2.6.19): mlock_fixup() and make_pages_present()."""

from __future__ import annotations

from dataclasses import replace

from mmspec.era import Era
from mmspec.mm.gup import get_user_pages
from mmspec.mm.mm_types import VM, Kernel, Vma


def mlock_fixup(k: Kernel, era: Era, mm: str, vma: Vma, lock: bool) -> None:
    """Model of mlock_fixup(): set or clear VM_LOCKED and account locked_vm.  On lock, unless the VMA is
    VM_IO, make_pages_present() faults every page in through get_user_pages() with write = VM_WRITE and
    no page array (so no references are kept); its failures are ignored."""
    if lock == vma.has(VM.VM_LOCKED):
        return
    flags = vma.flags | VM.VM_LOCKED if lock else vma.flags & ~VM.VM_LOCKED
    vma = replace(vma, flags=flags)
    k.put_vma(mm, vma)
    k.add_counters(mm, locked_vm=vma.pages if lock else -vma.pages)
    if lock and not vma.has(VM.VM_IO):
        for vpn in range(vma.start, vma.end):
            get_user_pages(k, era, mm, vpn, write=vma.has(VM.VM_WRITE), get=False)
