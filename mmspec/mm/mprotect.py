"""Model of mprotect() (mm/mprotect.c, 2.6.19): mprotect_fixup() and change_protection()."""

from __future__ import annotations

from mmspec.era import Era, MprotectLocked
from mmspec.mm.memory import pte_prot_writable
from mmspec.mm.mlock import make_pages_present
from mmspec.mm.mm_types import VM, Kernel, Vma, VmFlags, replace
from mmspec.mm.mmap import private_write_reserved_refused
from mmspec.mm.outcome import OK, Outcome, errno

PROT_BITS = VM.VM_READ | VM.VM_WRITE | VM.VM_EXEC


def mprotect_fixup(k: Kernel, era: Era, mm: str, vma: Vma, prot: VmFlags) -> Outcome:
    """Model of sys_mprotect() in mm/mprotect.c → mprotect_fixup() → change_protection() for a whole VMA.

    PROT_WRITE needs VM_MAYWRITE (-EACCES).  Unchanged flags: nothing to do.  vm_flags take the new
    protection and vm_page_prot is
    recomputed from protection_map[] (a driver's custom bits, such as spufs' _PAGE_NO_CACHE, are lost: not
    modelled), and vma_wants_writenotify() is evaluated again (in the model: regular files only).  Present
    PTEs are rewritten with the new protection, keeping dirty and young; a private mapping's PTEs stay
    read-only (COW); a write-notified mapping keeps dirty PTEs writable.  No count, mapcount or rss
    changes.  From 4.2 (:class:`~mmspec.era.MprotectLocked`) a private VM_LOCKED VMA that gains VM_WRITE
    is populated with write faults at once (populate_vma_page_range(), errors ignored): COW is broken
    before mprotect() returns.

    :return: ok or the errno
    """
    if prot & VM.VM_WRITE and not vma.has(VM.VM_MAYWRITE):
        return errno("EACCES")
    newflags = (vma.flags & ~PROT_BITS) | prot
    if newflags == vma.flags:
        return OK
    if private_write_reserved_refused(era, newflags):
        return errno("EACCES")
    oldflags = vma.flags
    vma = replace(vma, flags=newflags)
    k.put_vma(mm, vma)
    writable = pte_prot_writable(era, vma)
    # dirty_accountable: a write-notified VMA keeps its dirty PTEs writable (change_pte_range()).
    notify = vma.has(VM.VM_SHARED) and vma.has(VM.VM_WRITE) and not writable
    for vpn, pte in list(k.ptes_of(mm, vma)):
        if pte.present:
            k.set_pte(mm, vpn, replace(pte, write=writable or (notify and pte.dirty), read=bool(prot & PROT_BITS)))
    if (
        era.mprotect_locked is MprotectLocked.POPULATE
        and newflags & VM.VM_WRITE
        and oldflags & (VM.VM_WRITE | VM.VM_SHARED | VM.VM_LOCKED) == VM.VM_LOCKED
    ):
        make_pages_present(k, era, mm, vma)  # "trigger COW to avoid major fault on access"
    return OK
