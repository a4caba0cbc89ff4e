"""Model of fork's address-space copy: dup_mmap() in kernel/fork.c (2.6.19)."""

from __future__ import annotations

from dataclasses import replace

from mmspec.era import Era
from mmspec.mm.memory import copy_page_range
from mmspec.mm.mm_types import VM, Kernel, MmCounters
from mmspec.mm.rmap import anon_vma_link


def dup_mmap(k: Kernel, era: Era, parent: str, child: str) -> list[str]:
    """Model of dup_mmap() in kernel/fork.c.

    For each parent VMA in address order: VM_DONTCOPY VMAs are not duplicated (and not counted in the
    child's total_vm/reserved_vm); others are copied with VM_LOCKED cleared, join the parent's anon_vma
    (anon_vma_link), share its file, shmem object or device, and get copy_page_range() using the parent
    VMA's flags, pgoff and anon_vma.

    :return: the labels of the VMAs whose PTEs were copied (for the step report)
    """
    k.mms[child] = MmCounters()
    k.vmas[child] = ()
    k.next_vpn[child] = k.next_vpn.get(parent, 0)
    k.names.update({(child, label): where for (mm, label), where in list(k.names.items()) if mm == parent})
    copied: list[str] = []
    for vma in k.vmas[parent]:
        if vma.has(VM.VM_DONTCOPY):
            continue
        tmp = replace(vma, id=k.next_vma, flags=vma.flags & ~VM.VM_LOCKED)
        k.next_vma += 1
        anon_vma_link(k, tmp)
        k.put_vma(child, tmp)
        k.link_file_vma(tmp, after=vma.id)
        k.add_counters(child, total_vm=tmp.pages)
        if tmp.flags & (VM.VM_IO | VM.VM_RESERVED):
            k.add_counters(child, reserved_vm=tmp.pages)
        if copy_page_range(k, era, child, parent, vma):
            copied.append(vma.label)
    return copied
