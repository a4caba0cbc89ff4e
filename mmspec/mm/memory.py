"""Model of mm/memory.c (Linux 2.6.19): vm_normal_page(), fork's page-table copy, unmapping, the page
faults and the driver helpers remap_pfn_range() and vm_insert_page().

The one rule everything here hangs on (reference section 14bis): a present PTE for which vm_normal_page()
returns a page owns one reference, one mapcount and one unit of its mm's file_rss or anon_rss; a PTE for
which it returns NULL owns nothing.  vm_normal_page() is consulted by fork (copy_one_pte), unmap
(zap_pte_range), do_wp_page and follow_page; it is *not* consulted by the paths that install PTEs
(do_no_page, do_anonymous_page, do_swap_page, insert_page), which account unconditionally.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mmspec.drivers.handlers import driver_nopage, driver_nopfn
from mmspec.era import Era, VnpReserved
from mmspec.mm.filemap import NopageResult, filemap_nopage
from mmspec.mm.mm_types import PG, VM, FileMapping, Kernel, Ops, Pte, Source, Vma
from mmspec.mm.outcome import KernelBug, VmFault
from mmspec.mm.page_alloc import alloc_page
from mmspec.mm.rmap import (
    anon_vma_prepare,
    page_add_anon_rmap,
    page_add_file_rmap,
    page_add_new_anon_rmap,
    page_dup_rmap,
    page_remove_rmap,
)
from mmspec.mm.swap import get_page, lru_cache_add_active, mark_page_accessed, put_page
from mmspec.mm.swap_state import lookup_swap_cache, read_swap_cache_async
from mmspec.mm.swapfile import (
    can_share_swap_page,
    free_swap_and_cache,
    remove_exclusive_swap_page,
    swap_duplicate,
    swap_free,
    vm_swap_full,
)
from mmspec.mm.tlb import MmuGather, tlb_finish_mmu, tlb_gather_mmu, tlb_remove_page

# ZERO_PAGE(addr): one shared frame in the kernel image.
ZERO_PFN = 0x10


def is_cow_mapping(flags: VM) -> bool:
    """Model of is_cow_mapping() (mm/memory.c): private and potentially writable."""
    return flags & (VM.VM_SHARED | VM.VM_MAYWRITE) == VM.VM_MAYWRITE


def pte_prot_writable(vma: Vma) -> bool:
    """Whether ``vma->vm_page_prot`` (protection_map[] in mm/mmap.c) grants write: shared and writable,
    unless vma_wants_writenotify() (include/linux/mm.h) starts PTEs read-only to track dirtying, which in
    the model holds for shared writable mappings of regular files."""
    if not (vma.has(VM.VM_SHARED) and vma.has(VM.VM_WRITE)):
        return False
    return vma.source is not Source.FILE


def vm_normal_page(k: Kernel, era: Era, vma: Vma, vpn: int, pte: Pte) -> int | None:
    """Model of vm_normal_page() in mm/memory.c: the page a present PTE maps, or None for a "special" PTE.

    VM_PFNMAP: a PTE on the linear rule (pfn == vm_pgoff + offset) is special, and so is every PTE of a
    non-COW PFNMAP VMA; a COW PFNMAP PTE off the rule is a COW-broken anon page.  A pfn without a struct
    page is reported with print_bad_pte() and treated as special.  VM_IO, VM_RESERVED and PageReserved are
    not consulted, except under the hypothetical switch :class:`~mmspec.era.VnpReserved`.

    :param vma: ``struct vm_area_struct *`` containing ``vpn``
    :param pte: the present ``pte_t`` at ``vpn``
    :return: the PFN of the normal page, or None
    """
    if era.vnp_reserved is VnpReserved.RETURNS_NULL and vma.has(VM.VM_RESERVED):
        return None
    pfn = pte.pfn
    if vma.has(VM.VM_PFNMAP):
        if pfn == vma.pgoff + (vpn - vma.start):
            return None
        if not is_cow_mapping(vma.flags):
            return None
    if not k.pfn_valid(pfn):
        k.log("bad_pte", f"Bad pte: pfn {pfn:#x} has no struct page (vm_flags={int(vma.flags):#x}, vaddr page {vpn:#x})", pfn)
        return None
    return pfn


# --- fork ------------------------------------------------------------------------------------------------


def copy_one_pte(k: Kernel, era: Era, dst: str, src: str, vma: Vma, vpn: int, pte: Pte) -> None:
    """Model of copy_one_pte() in mm/memory.c.

    A swap entry: swap_duplicate(), copied as is.  A present PTE: in a COW mapping write-protect the
    parent's PTE and the child's copy; in a shared one the child's copy is clean; the child's copy is old.
    If vm_normal_page() returns a page: get_page(), page_dup_rmap() and the child's rss + 1.  Otherwise
    the PTE is still copied, with no count, mapcount or rss.
    """
    if not pte.present:
        swap_duplicate(k, pte.swap)
        k.set_pte(dst, vpn, pte)
        return
    child = pte
    if is_cow_mapping(vma.flags):
        if pte.write:
            k.set_pte(src, vpn, replace(pte, write=False))  # ptep_set_wrprotect()
        child = replace(child, write=False)
    if vma.has(VM.VM_SHARED):
        child = replace(child, dirty=False)
    child = replace(child, young=False)
    pfn = vm_normal_page(k, era, vma, vpn, pte)
    if pfn is not None:
        get_page(k, pfn)
        page_dup_rmap(k, pfn)
        if k.page(pfn).anon:
            k.add_counters(dst, anon_rss=1)
        else:
            k.add_counters(dst, file_rss=1)
    k.set_pte(dst, vpn, child)


def copy_page_range(k: Kernel, era: Era, dst: str, src: str, vma: Vma) -> bool:
    """Model of copy_page_range() in mm/memory.c: copy the parent's PTEs of ``vma`` into the child.

    Skip rule: a VMA with none of VM_HUGETLB|VM_NONLINEAR|VM_PFNMAP|VM_INSERTPAGE and no anon_vma is not
    copied ("a page fault will fill them correctly").  Uses the *parent* VMA's flags and pgoff.

    :return: whether the PTEs were copied
    """
    if not vma.flags & (VM.VM_PFNMAP | VM.VM_INSERTPAGE) and vma.anon_vma is None:
        return False
    for vpn, pte in list(k.ptes_of(src, vma)):
        copy_one_pte(k, era, dst, src, vma, vpn, pte)
    return True


# --- unmap -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZapDetails:
    """struct zap_details: ``check_mapping`` set means "only pages of this mapping" (truncation-style,
    even_cows == 0).  unmap_page_range() turns details with neither field set into NULL (a full zap)."""

    check_mapping: str | None = None


def set_page_dirty(k: Kernel, pfn: int) -> None:
    """Model of set_page_dirty(): for mapping-less pages just TestSetPageDirty."""
    k.set_flags(pfn, set_=PG.PG_dirty)


def zap_pte_range(
    k: Kernel, era: Era, tlb: MmuGather, mm: str, vma: Vma, start: int, end: int, details: ZapDetails | None
) -> None:
    """Model of zap_pte_range() in mm/memory.c.

    Present PTE: page = vm_normal_page(); with ``details.check_mapping`` a page of another mapping (a
    private COW copy, and also a driver page whose mapping is NULL) is skipped and stays mapped.  The PTE is
    cleared.  A NULL page ends there: no rss, no rmap, no put.  Otherwise anon_rss - 1, or (dirty PTE =>
    set_page_dirty, young => mark_page_accessed) file_rss - 1; page_remove_rmap(); tlb_remove_page() hands
    the PTE's reference to the gather.  Swap PTE: left alone with details, else free_swap_and_cache().
    """
    for vpn in range(start, end):
        pte = k.pte(mm, vpn)
        if pte is None:
            continue
        if not pte.present:
            if details is not None:
                continue
            free_swap_and_cache(k, pte.swap)
            k.set_pte(mm, vpn, None)
            continue
        pfn = vm_normal_page(k, era, vma, vpn, pte)
        if details is not None and pfn is not None and details.check_mapping is not None:
            mapping = k.page(pfn).mapping
            if not (isinstance(mapping, FileMapping) and mapping.name == details.check_mapping):
                continue
        k.set_pte(mm, vpn, None)
        if pfn is None:
            continue
        if k.page(pfn).anon:
            k.add_counters(mm, anon_rss=-1)
        else:
            if pte.dirty:
                set_page_dirty(k, pfn)
            if pte.young:
                mark_page_accessed(k, pfn)
            k.add_counters(mm, file_rss=-1)
        page_remove_rmap(k, pfn)
        tlb_remove_page(tlb, pfn)


def unmap_vmas(
    k: Kernel, era: Era, tlb: MmuGather, mm: str, vmas: list[Vma], start: int, end: int, details: ZapDetails | None
) -> None:
    """Model of unmap_vmas() → unmap_page_range() in mm/memory.c, over [start, end) of each VMA."""
    for vma in vmas:
        lo, hi = max(start, vma.start), min(end, vma.end)
        if lo < hi:
            zap_pte_range(k, era, tlb, mm, vma, lo, hi, details)


def zap_page_range(k: Kernel, era: Era, mm: str, vma: Vma, start: int, end: int, details: ZapDetails | None) -> None:
    """Model of zap_page_range() (MADV_DONTNEED, unmap_mapping_range): lru_add_drain, gather, unmap_vmas,
    tlb_finish_mmu."""
    tlb = tlb_gather_mmu()
    unmap_vmas(k, era, tlb, mm, [vma], start, end, details)
    tlb_finish_mmu(k, tlb)


def unmap_mapping_range(k: Kernel, era: Era, obj: str, even_cows: bool) -> None:
    """Model of unmap_mapping_range(mapping, 0, whole, even_cows) in mm/memory.c: bump truncate_count
    (racing do_no_page() retries) and zap every VMA of the mapping in every mm.  even_cows == 1 gives
    details with no check_mapping, i.e. a full zap (swap entries and private COW copies included)."""
    if obj in k.files:
        k.files[obj] = replace(k.files[obj], truncate_count=k.files[obj].truncate_count + 1)
    details = None if even_cows else ZapDetails(check_mapping=obj)
    for vma_id in k.i_mmap.get(obj, ()):
        hit = k.vma_by_id(vma_id)
        if hit is not None:
            mm, vma = hit
            zap_page_range(k, era, mm, vma, vma.start, vma.end, details)


# --- faults ----------------------------------------------------------------------------------------------


def do_anonymous_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of do_anonymous_page() in mm/memory.c (pte_none, no ->nopage/->nopfn).

    Write: anon_vma_prepare(), a new zeroed page (count 1), anon_rss + 1, active LRU,
    page_add_new_anon_rmap(), a dirty PTE, writable if VM_WRITE.  Read: ZERO_PAGE with page_cache_get(),
    file_rss + 1, page_add_file_rmap() (the zero page is counted like a file page), PTE with
    vm_page_prot; no anon_vma.
    """
    if write:
        vma = anon_vma_prepare(k, mm, vma)
        pfn = alloc_page(k, data=0)
        k.add_counters(mm, anon_rss=1)
        lru_cache_add_active(k, pfn)
        page_add_new_anon_rmap(k, pfn, vma, vpn)
        k.set_pte(mm, vpn, Pte(pfn, write=vma.has(VM.VM_WRITE), dirty=True, young=True))
        return VmFault.MINOR
    get_page(k, ZERO_PFN)
    k.add_counters(mm, file_rss=1)
    page_add_file_rmap(k, ZERO_PFN)
    k.set_pte(mm, vpn, Pte(ZERO_PFN, write=pte_prot_writable(vma), young=True))
    return VmFault.MINOR


def _nopage(k: Kernel, vma: Vma, vpn: int) -> NopageResult:
    if vma.ops is Ops.DRIVER_NOPAGE:
        return driver_nopage(k, vma, vpn)
    return filemap_nopage(k, vma, vpn)


def do_no_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of do_no_page() in mm/memory.c (pte_none, ``vm_ops->nopage`` present).

    BUG_ON(VM_PFNMAP).  The handler returns a page *with a reference the caller now owns*, or
    NOPAGE_SIGBUS / NOPAGE_OOM.  A write fault in a private VMA copies the page into a new anon page at once
    (anon_vma_prepare, copy, page_cache_release of the handler's page).  Then the PTE is set: anon copy =>
    anon_rss + 1, active LRU, page_add_new_anon_rmap; otherwise file_rss + 1 and page_add_file_rmap(), the
    handler's reference becoming the PTE's.  No vm_normal_page() call and no look at VM_IO, VM_RESERVED
    or PageReserved: whatever the handler returns is accounted as a normal page.
    """
    if vma.has(VM.VM_PFNMAP):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_no_page: BUG_ON(vma->vm_flags & VM_PFNMAP)")
    res = _nopage(k, vma, vpn)
    if res.kind == "sigbus":
        return VmFault.SIGBUS
    pfn = res.pfn
    anon = False
    if write and not vma.has(VM.VM_SHARED):
        vma = anon_vma_prepare(k, mm, vma)
        copy = alloc_page(k, data=k.read_frame(pfn))
        put_page(k, pfn)
        pfn, anon = copy, True
    writable = (write and vma.has(VM.VM_WRITE)) or pte_prot_writable(vma)
    k.set_pte(mm, vpn, Pte(pfn, write=writable, dirty=write, young=True))
    if anon:
        k.add_counters(mm, anon_rss=1)
        lru_cache_add_active(k, pfn)
        page_add_new_anon_rmap(k, pfn, vma, vpn)
    else:
        k.add_counters(mm, file_rss=1)
        page_add_file_rmap(k, pfn)
        if write:
            set_page_dirty(k, pfn)  # set_page_dirty_balance() under a temporary get/put
    return VmFault.MINOR


def do_no_pfn(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of do_no_pfn() in mm/memory.c (pte_none, ``vm_ops->nopfn``): BUG_ON(!VM_PFNMAP) and
    BUG_ON(is_cow_mapping); NOPFN_SIGBUS => SIGBUS; else a raw PTE with no count, mapcount or rss."""
    if not vma.has(VM.VM_PFNMAP):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_no_pfn: BUG_ON(!(vma->vm_flags & VM_PFNMAP))")
    if is_cow_mapping(vma.flags):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_no_pfn: BUG_ON(is_cow_mapping(vma->vm_flags))")
    pfn = driver_nopfn(k, vma, vpn)
    if pfn is None:
        return VmFault.SIGBUS
    writable = (write and vma.has(VM.VM_WRITE)) or pte_prot_writable(vma)
    k.set_pte(mm, vpn, Pte(pfn, write=writable, dirty=write, young=True))
    return VmFault.MINOR


def do_wp_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pte: Pte) -> VmFault:
    """Model of do_wp_page() in mm/memory.c: a write fault on a present, read-only PTE.

    old_page = vm_normal_page(); NULL goes straight to the copy ("gotten"), taking no reference.  An anon
    page is reused iff can_share_swap_page() (mapcount, plus the slot's other users if in the swap cache,
    is 1).  A non-anon page in a shared writable VMA is reused and dirtied.  Anything else is copied: a new
    anon page (zeroed for ZERO_PAGE, else copied, from the user address when old_page is NULL) replaces the
    PTE; the old page loses its mapcount and the PTE's reference, and rss moves from file to anon.
    """
    old = vm_normal_page(k, era, vma, vpn, pte)
    reuse = False
    if old is not None and k.page(old).anon:
        reuse = can_share_swap_page(k, old)  # under TestSetPageLocked, which never fails here
    elif old is not None and vma.flags & (VM.VM_WRITE | VM.VM_SHARED) == VM.VM_WRITE | VM.VM_SHARED:
        set_page_dirty(k, old)  # dirty_page: set_page_dirty_balance() under a get/put
        reuse = True
    if reuse:
        k.set_pte(mm, vpn, replace(pte, young=True, dirty=True, write=vma.has(VM.VM_WRITE)))
        return VmFault.MINOR
    if old is not None:
        get_page(k, old)  # the temporary reference
    vma = anon_vma_prepare(k, mm, vma)
    new = alloc_page(k, data=0 if old == ZERO_PFN else k.read_frame(pte.pfn))
    if old is not None:
        page_remove_rmap(k, old)
        if not k.page(old).anon:
            k.add_counters(mm, file_rss=-1, anon_rss=1)
    else:
        k.add_counters(mm, anon_rss=1)
    k.set_pte(mm, vpn, Pte(new, write=vma.has(VM.VM_WRITE), dirty=True, young=True))
    lru_cache_add_active(k, new)
    page_add_new_anon_rmap(k, new, vma, vpn)
    if old is not None:
        put_page(k, old)  # new_page = old_page; page_cache_release(new_page): the old PTE's reference
        put_page(k, old)  # page_cache_release(old_page): the temporary reference
    return VmFault.MINOR


def do_swap_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pte: Pte, write: bool) -> VmFault:
    """Model of do_swap_page() in mm/memory.c: a fault on a swap PTE.

    lookup_swap_cache() (+1) or read_swap_cache_async() (a new page in the swap cache, swap_map + 1 for
    the cache); mark_page_accessed; anon_rss + 1; the PTE maps the page with vm_page_prot, made writable
    and dirty for a write fault when can_share_swap_page(); page_add_anon_rmap(); swap_free() of the PTE's
    count; with swap more than half full, remove_exclusive_swap_page() (which cannot succeed for a page
    this fault read in: the pagevec still holds a reference to it).  A write fault on a still-shared page continues in
    do_wp_page().  The lookup reference becomes the PTE's.
    """
    slot = pte.swap
    pfn = lookup_swap_cache(k, slot)
    if pfn is None:
        pfn = read_swap_cache_async(k, slot)
        fault = VmFault.MAJOR
    else:
        fault = VmFault.MINOR
    mark_page_accessed(k, pfn)
    k.add_counters(mm, anon_rss=1)
    new = Pte(pfn, young=True, write=pte_prot_writable(vma))  # mk_pte(page, vma->vm_page_prot)
    if write and can_share_swap_page(k, pfn):
        new = replace(new, write=vma.has(VM.VM_WRITE), dirty=True)
        write = False
    k.set_pte(mm, vpn, new)
    page_add_anon_rmap(k, pfn, vma, vpn)
    swap_free(k, slot)
    # A page read in by this fault still has lru_cache_add_active()'s per-CPU pagevec reference (nothing
    # drained it), so remove_exclusive_swap_page()'s count == 2 test fails for it.
    if vm_swap_full(k) and fault is VmFault.MINOR:
        remove_exclusive_swap_page(k, pfn)
    if write:
        vma = k.find_vma(mm, vpn) or vma
        do_wp_page(k, era, mm, vma, vpn, new)
    return fault


def handle_mm_fault(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of handle_mm_fault() → handle_pte_fault() in mm/memory.c.

    pte_none: ->nopage => do_no_page, else ->nopfn => do_no_pfn, else do_anonymous_page (driver VMAs
    without either included).  Swap PTE => do_swap_page.  Present: a write to a read-only PTE =>
    do_wp_page; otherwise only the young/dirty bits change.
    """
    pte = k.pte(mm, vpn)
    if pte is None:
        if vma.ops.has_nopage:
            return do_no_page(k, era, mm, vma, vpn, write)
        if vma.ops is Ops.DRIVER_NOPFN:
            return do_no_pfn(k, era, mm, vma, vpn, write)
        return do_anonymous_page(k, era, mm, vma, vpn, write)
    if not pte.present:
        return do_swap_page(k, era, mm, vma, vpn, pte, write)
    if write and not pte.write:
        return do_wp_page(k, era, mm, vma, vpn, pte)
    k.set_pte(mm, vpn, replace(pte, young=True, dirty=pte.dirty or write))
    return VmFault.MINOR


# --- driver helpers --------------------------------------------------------------------------------------


def remap_pfn_range(k: Kernel, era: Era, mm: str, vma: Vma, pfn: int, pages: int) -> tuple[Vma, str | None]:
    """Model of remap_pfn_range() in mm/memory.c over the whole VMA.

    A COW mapping must be remapped whole (else -EINVAL, before any flag is set) and gets vm_pgoff = pfn
    (the linear rule vm_normal_page() relies on).  Always sets VM_IO|VM_RESERVED|VM_PFNMAP.  Each PTE is a
    raw pfn with no count, mapcount or rss; a PTE that is not none is a BUG.

    :return: the updated VMA and an errno name or None
    """
    if is_cow_mapping(vma.flags):
        if pages != vma.pages:
            return vma, "EINVAL"
        vma = replace(vma, pgoff=pfn)
    vma = replace(vma, flags=vma.flags | VM.VM_IO | VM.VM_RESERVED | VM.VM_PFNMAP)
    k.put_vma(mm, vma)
    for i in range(pages):
        vpn = vma.start + i
        if k.pte(mm, vpn) is not None:
            raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: remap_pte_range: BUG_ON(!pte_none(*pte))")
        k.set_pte(mm, vpn, Pte(pfn + i, write=pte_prot_writable(vma), young=True))
    return vma, None


def zeromap_page_range(k: Kernel, era: Era, mm: str, vma: Vma) -> None:
    """Model of zeromap_page_range() in mm/memory.c (2.6.19), which mmap_zero() in drivers/char/mem.c
    runs over every private /dev/zero mapping at mmap time: per page, page_cache_get(ZERO_PAGE),
    page_add_file_rmap(), file_rss + 1 and a write-protected PTE; a PTE that is not none is a BUG (2.6.20
    returns -EEXIST instead)."""
    for vpn in range(vma.start, vma.end):
        get_page(k, ZERO_PFN)
        page_add_file_rmap(k, ZERO_PFN)
        k.add_counters(mm, file_rss=1)
        if k.pte(mm, vpn) is not None:
            raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: zeromap_pte_range: BUG_ON(!pte_none(*pte))")
        k.set_pte(mm, vpn, Pte(ZERO_PFN, young=True))


def vm_insert_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int) -> tuple[Vma, str | None]:
    """Model of vm_insert_page() → insert_page() in mm/memory.c.

    Address outside the VMA => -EFAULT; page_count 0 => -EINVAL; sets VM_INSERTPAGE (even if the insert
    then fails); PageAnon => -EINVAL; PTE not none => -EBUSY; else get_page(), file_rss + 1,
    page_add_file_rmap() and a PTE with vm_page_prot.

    :return: the updated VMA and an errno name or None
    """
    if not vma.contains(vpn):
        return vma, "EFAULT"
    if not k.pfn_valid(pfn) or k.page(pfn).count == 0:
        return vma, "EINVAL"
    vma = replace(vma, flags=vma.flags | VM.VM_INSERTPAGE)
    k.put_vma(mm, vma)
    if k.page(pfn).anon:
        return vma, "EINVAL"
    if k.pte(mm, vpn) is not None:
        return vma, "EBUSY"
    get_page(k, pfn)
    k.add_counters(mm, file_rss=1)
    page_add_file_rmap(k, pfn)
    k.set_pte(mm, vpn, Pte(pfn, write=pte_prot_writable(vma), young=True))
    return vma, None
