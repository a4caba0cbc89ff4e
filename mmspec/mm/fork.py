"""Model of fork's address-space copy: dup_mmap() in kernel/fork.c (mm/mmap.c from 6.18)."""

from __future__ import annotations

from mmspec.era import Era
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import copy_page_range
from mmspec.mm.mm_types import VM, ForkLocals, Kernel, MmCounters, replace
from mmspec.mm.mmap import vm_stat_account
from mmspec.mm.rmap import anon_vma_link


@kernel_function()
def dup_mmap(k: Kernel, era: Era, parent: str, child: str) -> list[str]:
    """Model of dup_mmap() in kernel/fork.c.

    For each parent VMA in address order: VM_DONTCOPY VMAs are not duplicated (and not counted in the
    child's total_vm/reserved_vm); others are copied with VM_LOCKED cleared, share the parent's file, shmem
    object or device (the child's VMA goes right after the parent's in i_mmap) and join its anon_vma
    (anon_vma_link; anon_vma_fork() from 2.6.34 builds a chain, which the model folds into one list).  A
    VM_WIPEONFORK VMA (4.14+) starts empty, with no anon_vma; every other one gets copy_page_range(), which
    uses the *parent* VMA's flags, pgoff and anon_vma.  The child does not inherit has_pinned.

    :return: the labels of the VMAs whose PTEs were copied (for the step report)
    """
    got = dup_mmap_begin(k, era, parent, child, stop=False)
    assert isinstance(got, list)
    return got


def dup_mmap_begin(k: Kernel, era: Era, parent: str, child: str, stop: bool) -> list[str] | ForkLocals:
    """dup_mmap() in kernel/fork.c from its start: the child's mm, then the VMAs in order (:func:`dup_mmap`).  With
    ``stop`` it returns at the first PTE write-protect window of copy_present_pte() (:class:`ForkLocals`); without,
    it runs to the end.  (Not declared for the ledger: it is part of dup_mmap().)"""
    k.mms[child] = MmCounters()
    k.vmas[child] = ()
    k.next_vpn[child] = k.next_vpn.get(parent, 0)
    k.names.update({(child, label): where for (mm, label), where in list(k.names.items()) if mm == parent})
    return _copy_vmas(k, era, parent, child, 0, [], stop)


def dup_mmap_resume(k: Kernel, era: Era, parent: str, call: ForkLocals, stop: bool) -> list[str] | ForkLocals:
    """dup_mmap() in kernel/fork.c from its stop in copy_present_pte() (mm/memory.c): the PTE's write-protect and
    the rest of that VMA's copy (copy_page_range() resumed), then the later VMAs, to the next stop (``stop``) or the
    end.  (Not declared for the ledger: it is part of dup_mmap().)"""
    vma = k.find_vma(parent, call.vma_start)
    assert vma is not None  # mmap_lock, held for write across the stop, keeps the VMA in place
    tmp = k.find_vma(call.child, call.vma_start)
    assert tmp is not None
    copied = list(call.copied)
    got = copy_page_range(k, era, call.child, parent, vma, tmp, stop, resume=call.vpn)
    if got is not True and got is not False:
        return replace(call, vpn=got)
    copied.append(vma.label)
    return _copy_vmas(k, era, parent, call.child, vma.end, copied, stop)


def _copy_vmas(
    k: Kernel, era: Era, parent: str, child: str, start: int, copied: list[str], stop: bool
) -> list[str] | ForkLocals:
    """dup_mmap()'s loop (kernel/fork.c) over the parent's VMAs that start at or after page ``start``."""
    for vma in k.vmas[parent]:
        if vma.start < start or vma.has(VM.VM_DONTCOPY):
            continue
        wipe = vma.has(VM.VM_WIPEONFORK)
        tmp = replace(vma, id=k.next_vma, flags=vma.flags & ~VM.VM_LOCKED, anon_vma=None if wipe else vma.anon_vma)
        k.next_vma += 1
        anon_vma_link(k, tmp)
        k.put_vma(child, tmp)
        k.link_file_vma(tmp, after=vma.id)
        vm_stat_account(k, era, child, tmp.flags, tmp.pages)  # VM_LOCKED is not inherited: no locked_vm
        if wipe:
            continue
        got = copy_page_range(k, era, child, parent, vma, tmp, stop)
        if got is True:
            copied.append(vma.label)
        elif got is not False:
            return ForkLocals(child, vma.start, got, tuple(copied))
    return copied
