"""Model of mmap, munmap and exit_mmap (mm/mmap.c, 2.6.19), and the shmem setup of shared anonymous
memory (mm/shmem.c: shmem_zero_setup).

The model places each new mapping at a fresh address with a one-page hole after it, so vma_merge() never
applies and each scenario mapping is one VMA.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import Era, Reserved, SpecialRule, ZeroPage
from mmspec.mm.filemap import remove_from_page_cache
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import unmap_vmas, zeromap_page_range
from mmspec.mm.mlock import make_pages_present
from mmspec.mm.mm_types import VM, AddressSpace, Kernel, Ops, Source, Vma, VmFlags, fast_records, replace, shmem_name
from mmspec.mm.ops import chrdev_fops
from mmspec.mm.outcome import OK, Outcome, errno
from mmspec.mm.rmap import anon_vma_unlink
from mmspec.mm.swap import put_page
from mmspec.mm.tlb import tlb_finish_mmu, tlb_gather_mmu

MMAP_BASE = 0x100


@dataclass(frozen=True)
class MmapResult:
    """What do_mmap_pgoff() returned: ok and the new VMA (the kernel returns its address), or the errno
    (and no VMA)."""

    outcome: Outcome
    vma: Vma | None = None


def vm_stat_account(k: Kernel, era: Era, mm: str, flags: VmFlags, pages: int) -> None:
    """Model of vm_stat_account() in mm/mmap.c and the total_vm/locked_vm updates around it: until 3.7,
    VM_IO|VM_RESERVED VMAs count in reserved_vm (/proc/pid/status VmSize excludes them)."""
    k.add_counters(mm, total_vm=pages)
    if flags & (VM.VM_IO | VM.VM_RESERVED) and era.reserved is Reserved.PRESENT:
        k.add_counters(mm, reserved_vm=pages)
    if flags & VM.VM_LOCKED:
        k.add_counters(mm, locked_vm=pages)


@kernel_function()
def do_mmap_pgoff(
    k: Kernel,
    era: Era,
    mm: str,
    label: str,
    source: Source,
    obj: str,
    pages: int,
    shared: bool,
    prot: VmFlags,
    pgoff: int,
    fmode_write: bool = True,
) -> MmapResult:
    """Model of do_mmap_pgoff() in mm/mmap.c.

    vm_flags = prot | VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC, plus VM_SHARED|VM_MAYSHARE for MAP_SHARED.  A file
    opened read-only (``fmode_write`` False: no FMODE_WRITE) may be mapped MAP_SHARED only without
    PROT_WRITE (-EACCES), and then loses VM_MAYWRITE and VM_SHARED; MAP_PRIVATE asks only FMODE_READ, so a
    private mapping of it keeps VM_MAYWRITE (what FOLL_FORCE writes rely on).  Shared anonymous and shared /dev/zero mappings get a shmem
    object (shmem_zero_setup); private /dev/zero is anonymous memory, prefilled with ZERO_PAGE by
    mmap_zero() → zeromap_page_range() until 2.6.23.  Files get generic_file_vm_ops;
    a device's ->mmap runs and vm_flags are re-read after it.  Then vm_stat_account().

    :return: the new VMA, or an errno name
    """
    if pages < 1:
        return MmapResult(errno("EINVAL", "a mapping of no pages"))  # do_mmap_pgoff(): if (!len) return -EINVAL
    if pgoff < 0:
        # The kernel takes the page offset as an unsigned long, so a negative one is a pgoff near
        # ULONG_MAX: do_mmap_pgoff()'s "offset overflow?" check, if ((pgoff + (len >> PAGE_SHIFT)) < pgoff)
        # return -EOVERFLOW, refuses it when it wraps (mmap2()'s pgoff of -1), and from 4.17 file_mmap_ok()
        # refuses any pgoff past MAX_LFS_FILESIZE with -EOVERFLOW too.  The model refuses every negative
        # offset so, before anything is created: nothing can index a file or a device backwards.
        return MmapResult(errno("EOVERFLOW", "the page offset wraps around"))
    if shared and not fmode_write and prot & VM.VM_WRITE:
        return MmapResult(errno("EACCES", "a shared writable mapping of a file opened read-only"))
    flags = prot | VM.VM_MAYREAD | VM.VM_MAYWRITE | VM.VM_MAYEXEC
    if shared:
        flags |= VM.VM_SHARED | VM.VM_MAYSHARE
        if not fmode_write:
            flags &= ~(VM.VM_MAYWRITE | VM.VM_SHARED)
    start = k.next_vpn.get(mm, MMAP_BASE)
    vma = Vma(
        id=k.next_vma,
        label=label,
        start=start,
        end=start + pages,
        pgoff=pgoff,
        flags=flags,
        source=source,
        fmode_write=fmode_write,
    )
    ops = Ops.NONE
    if source is Source.FILE:
        ops = Ops.FILEMAP
    elif source in (Source.ANON, Source.ZERO) and shared:
        obj = shmem_name(vma.id)
        k.files[obj] = AddressSpace(name=obj, pages=pgoff + pages, shmem=True)
        ops = Ops.SHMEM
    vma = replace(vma, obj=obj, ops=ops)
    k.next_vma += 1
    k.link_file_vma(vma)
    k.next_vpn[mm] = vma.end + 1
    k.names[(mm, label)] = (vma.start, pages)
    k.put_vma(mm, vma)
    if source is Source.DEV:
        got, outcome = chrdev_fops(k.devices[obj]).mmap(k, era, mm, vma)  # file->f_op->mmap(file, vma)
        if not outcome.is_ok:
            _unmap_one(k, era, mm, got)
            return MmapResult(outcome)
        vma = got
        if private_write_reserved_refused(era, vma.flags):
            # 2.6.15-rc1/rc2: "MAP_PRIVATE, PROT_WRITE mmap of VM_RESERVED memory ... is deprecated": -EACCES.
            _unmap_one(k, era, mm, vma)
            return MmapResult(errno("EACCES"))
    elif source is Source.ZERO and not shared and era.zero_page in (ZeroPage.RESERVED, ZeroPage.REFCOUNTED):
        zeromap_page_range(k, era, mm, vma)
    vm_stat_account(k, era, mm, vma.flags, vma.pages)
    if vma.has(VM.VM_LOCKED):
        make_pages_present(k, era, mm, vma)  # its result is ignored here
    return MmapResult(OK, vma)


def private_write_reserved_refused(era: Era, flags: VmFlags) -> bool:
    """Whether do_mmap_pgoff() (after ->mmap) and mprotect_fixup() refuse a private writable VM_RESERVED VMA
    with -EACCES: in 2.6.15-rc1 and rc2 (b5810039a54e, read in its diff of mm/mmap.c and mm/mprotect.c;
    83e9b7e929d1, "[PATCH] unpaged: private write VM_RESERVED", allows it again in rc3), the releases whose
    :class:`~mmspec.era.SpecialRule` is VMA_RESERVED."""
    private_write = flags & (VM.VM_SHARED | VM.VM_WRITE | VM.VM_RESERVED) == VM.VM_WRITE | VM.VM_RESERVED
    return era.special_rule is SpecialRule.VMA_RESERVED and private_write


@kernel_function()
def unmap_region(k: Kernel, era: Era, mm: str, vmas: list[Vma], start: int, end: int) -> None:
    """Model of unmap_region() in mm/mmap.c: one gather, unmap_vmas(), free_pgtables() (anon_vma_unlink),
    then tlb_finish_mmu(), where the page references are dropped, after the anon_vmas are gone."""
    tlb = tlb_gather_mmu()
    unmap_vmas(k, era, tlb, mm, vmas, start, end, None)
    for vma in vmas:
        anon_vma_unlink(k, vma)
    tlb_finish_mmu(k, tlb)


def _unmap_one(k: Kernel, era: Era, mm: str, vma: Vma) -> None:
    """unmap_region() for a VMA whose ->mmap failed (mmap.c's unmap_and_free_vma path)."""
    unmap_region(k, era, mm, [vma], vma.start, vma.end)
    k.drop_vma(mm, vma)


@kernel_function()
def remove_vma(k: Kernel, mm: str, vma: Vma) -> None:
    """Model of remove_vma() in mm/mmap.c after unmap: ``vm_ops->close``, fput, free.  When the last VMA of a shmem
    object goes, the object is freed and its page cache truncated (shmem_delete_inode)."""
    k.drop_vma(mm, vma)
    if vma.ops is Ops.SHMEM and not k.i_mmap.get(vma.obj):
        for _, pfn in k.files[vma.obj].cache:
            remove_from_page_cache(k, pfn)
            put_page(k, pfn)
        del k.files[vma.obj]


@kernel_function()
def do_munmap(k: Kernel, era: Era, mm: str, vma: Vma) -> None:
    """Model of do_munmap() in mm/mmap.c → unmap_region() → remove_vma_list() for a whole VMA: gather, unmap_vmas,
    free_pgtables (anon_vma_unlink), tlb_finish_mmu (the page references are dropped here, after the
    anon_vma is gone), then the accounting and remove_vma()."""
    unmap_region(k, era, mm, [vma], vma.start, vma.end)
    vm_stat_account(k, era, mm, vma.flags, -vma.pages)
    remove_vma(k, mm, vma)


@kernel_function()
def exit_mmap(k: Kernel, era: Era, mm: str) -> None:
    """Model of exit_mmap() in mm/mmap.c (last mmput at exit): one full gather over every VMA, free_pgtables,
    tlb_finish_mmu, then remove_vma() for each VMA (``->close`` runs after all pages were released)."""
    vmas = list(k.vmas[mm])
    unmap_region(k, era, mm, vmas, 0, 1 << 62)
    for vma in vmas:
        remove_vma(k, mm, vma)


fast_records(__name__)
