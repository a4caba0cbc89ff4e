"""Model of mlock()/munlock() (mm/mlock.c): mlock_fixup() and make_pages_present() / __mm_populate()."""

from __future__ import annotations

from mmspec.era import Era, MlockErrno, MlockSpecial, PopulateWrite
from mmspec.mm.gup import get_user_pages
from mmspec.mm.ledger import kernel_function
from mmspec.mm.mm_types import VM, VM_SPECIAL, Kernel, Vma, replace
from mmspec.mm.outcome import OK, Outcome, errno


@kernel_function()
def make_pages_present(k: Kernel, era: Era, mm: str, vma: Vma) -> Outcome:
    """Model of make_pages_present() (mm/memory.c), later __mlock_vma_pages_range() and
    populate_vma_page_range() (mm/gup.c): get_user_pages() over the VMA with write = VM_WRITE (from 2.6.38
    only in private VMAs, :class:`~mmspec.era.PopulateWrite`) and no page array (no references kept),
    stopping at the first page that fails.

    The first page failing gives its error; a shorter success gives -EPERM (make_pages_present() returns
    -1)."""
    write = vma.has(VM.VM_WRITE) and not (era.populate_write is PopulateWrite.PRIVATE and vma.has(VM.VM_SHARED))
    for i, vpn in enumerate(range(vma.start, vma.end)):
        res = get_user_pages(k, era, mm, vpn, write=write, get=False)
        if res.pfn is None:
            return errno((res.errno or "EFAULT") if i == 0 else "EPERM")
    return OK


@kernel_function()
def mlock_fixup(k: Kernel, era: Era, mm: str, vma: Vma, lock: bool) -> Outcome:
    """Model of mlock_fixup() in mm/mlock.c and the populate step of sys_mlock().

    Special VMAs (:class:`~mmspec.era.MlockSpecial`): until 2.6.27 VM_LOCKED is set on any VMA and only
    the prefault is skipped for VM_IO; from 2.6.28 VM_IO|VM_PFNMAP VMAs are left alone (success, no
    VM_LOCKED, no locked_vm) and VM_DONTEXPAND|VM_RESERVED ones are populated (errors ignored) but not
    locked; in the 3.7 era every VM_SPECIAL VMA is not locked, and those that are not VM_IO|VM_PFNMAP are
    populated, with the populate error returned (the 2.6.38 rule, modelled from 3.7).  Otherwise VM_LOCKED and
    locked_vm are set (and stay if the prefault
    fails), and the pages are faulted in; the prefault's error is returned (-ENOMEM as -EAGAIN).

    :return: ok or the errno
    """
    if lock == vma.has(VM.VM_LOCKED):
        return OK
    if lock and era.mlock_special is not MlockSpecial.LOCK_ALL:
        io = vma.flags & (VM.VM_IO | VM.VM_PFNMAP)
        special = vma.flags & (
            VM_SPECIAL
            if era.mlock_special is MlockSpecial.SKIP_SPECIAL
            else VM.VM_IO | VM.VM_PFNMAP | VM.VM_DONTEXPAND | VM.VM_RESERVED
        )
        if special:
            if io:
                return OK
            # Populated but not locked: the populate error counts from 2.6.38 (__mm_populate()), not before.
            populated = make_pages_present(k, era, mm, vma)
            return _errno(era, populated) if era.mlock_special is MlockSpecial.SKIP_SPECIAL else OK
    flags = vma.flags | VM.VM_LOCKED if lock else vma.flags & ~VM.VM_LOCKED
    vma = replace(vma, flags=flags)
    k.put_vma(mm, vma)
    k.add_counters(mm, locked_vm=vma.pages if lock else -vma.pages)
    if lock and not vma.has(VM.VM_IO):
        return _errno(era, make_pages_present(k, era, mm, vma))
    return OK


def _errno(era: Era, populated: Outcome) -> Outcome:
    """sys_mlock()'s return: the prefault's error until 2.6.26; -ENOMEM for any failure from 2.6.27
    (:class:`~mmspec.era.MlockErrno`); an allocation failure is -EAGAIN."""
    if populated.is_ok:
        return OK
    err = populated.name
    if err == "ENOMEM":
        return errno("EAGAIN")
    return errno("ENOMEM" if era.mlock_errno is MlockErrno.ENOMEM and err != "LIVELOCK" else err)
