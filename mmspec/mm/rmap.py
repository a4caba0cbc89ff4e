"""Model of reverse mapping (mm/rmap.c, include/linux/rmap.h, 2.6.19).

``page->_mapcount`` starts at -1; the model stores page_mapcount() = _mapcount + 1.  Anon pages point at
their anon_vma through ``page->mapping``; file and driver pages are found through the file's VMAs.

anon_vma lifetime: anon_vma_prepare() creates one for a VMA on its first anon page, fork's
anon_vma_link() puts the child VMA on the same anon_vma, and anon_vma_unlink() (from free_pgtables() at
munmap and exit) frees it when no VMA is left.  ``page->mapping`` of an anon page is left set after its
last unmap and cleared only when the page is freed, so a page can outlive its anon_vma; the kernel only
follows the pointer while the page is mapped (page_lock_anon_vma()).
"""

from __future__ import annotations

from mmspec.era import Era, LockReferenced
from mmspec.mm.ledger import kernel_function, mapcount_changed
from mmspec.mm.mm_types import PG, VM, AnonMapping, FileMapping, Kernel, KLogKind, Pte, Vma, replace
from mmspec.mm.outcome import KernelBug


def anon_vma_prepare(k: Kernel, mm: str, vma: Vma) -> Vma:
    """Model of anon_vma_prepare() in mm/rmap.c: give ``vma`` an anon_vma if it has none (no merging neighbours in
    the model, so always a new one)."""
    if vma.anon_vma is not None:
        return vma
    av = k.next_anon_vma
    k.next_anon_vma += 1
    k.anon_vmas[av] = (vma.id,)
    vma = replace(vma, anon_vma=av)
    k.put_vma(mm, vma)
    return vma


def anon_vma_link(k: Kernel, vma: Vma) -> None:
    """Model of anon_vma_link() in mm/rmap.c (fork): the child VMA joins the tail of the parent's anon_vma list."""
    if vma.anon_vma is not None:
        k.anon_vmas[vma.anon_vma] += (vma.id,)


def anon_vma_unlink(k: Kernel, vma: Vma) -> None:
    """Model of anon_vma_unlink() in mm/rmap.c: leave the list; free the anon_vma when the list is empty."""
    av = vma.anon_vma
    if av is None:
        return
    left = tuple(i for i in k.anon_vmas[av] if i != vma.id)
    if not left:
        del k.anon_vmas[av]
    else:
        k.anon_vmas[av] = left


def _set_anon_rmap(k: Kernel, pfn: int, vma: Vma, vpn: int) -> None:
    """__page_set_anon_rmap(): BUG_ON(!vma->anon_vma); mapping = anon_vma | PAGE_MAPPING_ANON; index."""
    if vma.anon_vma is None:
        raise KernelBug("kernel-bug", "kernel BUG in __page_set_anon_rmap: vma has no anon_vma", pfn)
    k.set_page(pfn, mapping=AnonMapping(vma.anon_vma), index=vma.linear_index(vpn))


@kernel_function()
def page_add_new_anon_rmap(k: Kernel, pfn: int, vma: Vma, vpn: int) -> None:
    """Model of page_add_new_anon_rmap() in mm/rmap.c: a new page gets _mapcount = 0 and its anon mapping."""
    before = k.page(pfn).mapcount
    k.set_page(pfn, mapcount=1)
    if k.ledger is not None:
        mapcount_changed(k, pfn, before, 1)
    _set_anon_rmap(k, pfn, vma, vpn)


@kernel_function()
def page_add_anon_rmap(k: Kernel, pfn: int, vma: Vma, vpn: int) -> None:
    """Model of page_add_anon_rmap() in mm/rmap.c: _mapcount + 1; on the first mapping set the anon mapping."""
    page = k.set_page(pfn, mapcount=k.page(pfn).mapcount + 1)
    if k.ledger is not None:
        mapcount_changed(k, pfn, page.mapcount - 1, page.mapcount)
    if page.mapcount == 1:
        _set_anon_rmap(k, pfn, vma, vpn)


@kernel_function()
def page_add_file_rmap(k: Kernel, pfn: int) -> None:
    """Model of page_add_file_rmap() in mm/rmap.c: _mapcount + 1.  page->mapping is not touched (driver pages keep
    mapping NULL and count as file pages)."""
    _mapcount_inc(k, pfn)


@kernel_function()
def page_dup_rmap(k: Kernel, pfn: int) -> None:
    """Model of page_dup_rmap() in mm/rmap.c (fork only): _mapcount + 1, no checks."""
    _mapcount_inc(k, pfn)


def _mapcount_inc(k: Kernel, pfn: int) -> None:
    """atomic_inc(&page->_mapcount), recorded in the ledger when one is kept."""
    before = k.page(pfn).mapcount
    k.set_page(pfn, mapcount=before + 1)
    if k.ledger is not None:
        mapcount_changed(k, pfn, before, before + 1)


@kernel_function()
def page_remove_rmap(k: Kernel, pfn: int) -> None:
    """Model of page_remove_rmap() in mm/rmap.c: _mapcount - 1; below -1 prints "Eeek! page_mapcount(page) went
    negative!" and BUG()s.  The last unmap leaves an anon page's mapping set."""
    page = k.page(pfn)
    if k.ledger is not None:
        negative = "went negative: BUG()" if page.mapcount - 1 < 0 else ""
        mapcount_changed(k, pfn, page.mapcount, page.mapcount - 1, negative)
    if page.mapcount - 1 < 0:
        raise KernelBug(
            "mapcount-underflow",
            f"Eeek! page_mapcount(page) went negative! ({page.mapcount - 1}) pfn {pfn:#x}: kernel BUG in page_remove_rmap",
            pfn,
        )
    k.set_page(pfn, mapcount=page.mapcount - 1)


def vma_address(vma: Vma, index: int) -> int | None:
    """Model of vma_address() in mm/rmap.c: the page number where ``vma`` maps object page ``index``, if inside it."""
    vpn = vma.start + (index - vma.pgoff)
    return vpn if vma.contains(vpn) else None


def rmap_walk(k: Kernel, pfn: int) -> list[tuple[str, Vma, int]]:
    """The VMAs an rmap walk (try_to_unmap_anon()/try_to_unmap_file(), page_referenced_*() in mm/rmap.c) visits for
    a page, in the kernel's order, with the address in each where
    the page would be mapped (vma_address()); the caller checks the PTE (page_check_address()).

    Anon pages: the page's anon_vma list in link order (try_to_unmap_anon / page_referenced_anon).  File
    pages: the file's i_mmap in insertion order (try_to_unmap_file / page_referenced_file).  Mapping-less
    pages (driver pages) have no reverse map.  A freed anon_vma is a use-after-free, logged as such.
    """
    page = k.page(pfn)
    mapping = page.mapping
    if isinstance(mapping, AnonMapping):
        if page.mapcount <= 0:
            return []  # page_lock_anon_vma(): an unmapped page's anon_vma may be gone; it is not followed
        if mapping.anon_vma not in k.anon_vmas:
            k.log(KLogKind.ANON_VMA_UAF, f"rmap walk of pfn {pfn:#x} through freed anon_vma#{mapping.anon_vma}", pfn)
            return []
        ids = k.anon_vmas[mapping.anon_vma]
    elif isinstance(mapping, FileMapping):
        ids = k.i_mmap.get(mapping.name, ())
    else:
        return []
    found: list[tuple[str, Vma, int]] = []
    for vma_id in ids:
        hit = k.vma_by_id(vma_id)
        if hit is None:
            continue
        mm, vma = hit
        vpn = vma_address(vma, page.index)
        if vpn is not None:
            found.append((mm, vma, vpn))
    return found


def page_check_address(k: Kernel, pfn: int, mm: str, vpn: int) -> Pte | None:
    """Model of page_check_address() in mm/rmap.c: the present PTE at ``vpn`` if it maps ``pfn``."""
    pte = k.pte(mm, vpn)
    return pte if pte is not None and pte.present and pte.pfn == pfn else None


def page_referenced(k: Kernel, era: Era, pfn: int) -> int:
    """Model of page_referenced() in mm/rmap.c: PG_referenced, plus (only while the page is mapped and has a mapping)
    the young PTEs the rmap walk finds, clearing their young bits.  page_referenced_file() stops at the
    first VMA with both VM_LOCKED and VM_MAYSHARE, which counts as referenced; from 2.6.25 any VM_LOCKED
    VMA that maps the page counts and stops the walk (:class:`~mmspec.era.LockReferenced`)."""
    referenced = 0
    page = k.page(pfn)
    if page.has(PG.PG_referenced):
        k.set_flags(pfn, clear=PG.PG_referenced)
        referenced += 1
    if page.mapcount > 0 and page.mapping is not None:
        for mm, vma, vpn in rmap_walk(k, pfn):
            if not page.anon and vma.flags & (VM.VM_LOCKED | VM.VM_MAYSHARE) == VM.VM_LOCKED | VM.VM_MAYSHARE:
                referenced += 1
                break
            pte = page_check_address(k, pfn, mm, vpn)
            if pte is not None and vma.has(VM.VM_LOCKED) and era.lock_referenced is LockReferenced.YES:
                referenced += 1
                break
            if pte is not None and pte.young:
                k.set_pte(mm, vpn, replace(pte, young=False))
                referenced += 1
    return referenced
