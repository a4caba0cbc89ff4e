"""Model of the page cache and filemap_nopage() (mm/filemap.c) and shmem_nopage() (mm/shmem.c), 2.6.19.

A page-cache page holds one reference for the cache (``page->mapping`` = the file) and sits on the LRU.
A regular file's pages are read from its disk contents; shmem objects (shared anonymous memory and shared
/dev/zero mappings) start zero-filled.  Reclaim of shmem pages is not modelled (see docs/model.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.mm.ledger import HANDLER, kernel_function
from mmspec.mm.mm_types import PG, FileMapping, Kernel, KLogKind, Ops, Vma, fast_records, replace
from mmspec.mm.ops import VmOperations, register_vm_ops
from mmspec.mm.page_alloc import alloc_page
from mmspec.mm.swap import get_page, lru_cache_add, mark_page_accessed


def trylock_page(k: Kernel, pfn: int) -> bool:
    """Model of trylock_page() in include/linux/pagemap.h: set PG_locked unless it is set (True: locked)."""
    if k.page(pfn).has(PG.PG_locked):
        return False
    k.set_flags(pfn, set_=PG.PG_locked)
    return True


@kernel_function()
def unlock_page(k: Kernel, pfn: int) -> None:
    """Model of unlock_page() in mm/filemap.c: clear PG_locked and wake the waiters.

    The caller holds the page locked, so PG_locked is set for as long as the page lives.  When it is not (the
    page was freed, and bad_page() or the allocator cleared the flag: 5.9-rc4's do_wp_page() unlocking after
    it dropped the page-table lock, :class:`~mmspec.era.WpReuseUnlock`), the kernel writes the flags of a
    struct page it no longer owns: reported as UNLOCK_FREED (invariant ``page-use-after-free``)."""
    page = k.page(pfn)
    if page.free or not page.has(PG.PG_locked):
        state = "free" if page.free else "no longer locked"
        k.log(KLogKind.UNLOCK_FREED, f"unlock_page() of pfn {pfn:#x}, which was freed ({state})", pfn)
        if page.free:
            return  # the flags of a free frame stay clear in the model (the allocator's)
    k.set_flags(pfn, clear=PG.PG_locked)


@dataclass(frozen=True, slots=True)
class NopageResult:
    """What a fault handler returned (``kind``): a page with a reference for the caller, NOPAGE_SIGBUS
    (VM_FAULT_SIGBUS), or a pfn for do_no_pfn() or for the handler to insert.  NOPAGE_OOM and
    NOPAGE_REFAULT never happen in the model (docs/model.md)."""

    kind: str  # "page", "sigbus", "pfn" (->nopfn), "insert_pfn", "insert_mixed"
    pfn: int = -1


NOPAGE_SIGBUS = NopageResult("sigbus")


@kernel_function()
def find_get_page(k: Kernel, obj: str, index: int) -> int | None:
    """Model of find_get_page() in mm/filemap.c: the cached page with a reference for the caller."""
    pfn = k.files[obj].cached(index)
    if pfn is not None:
        get_page(k, pfn)
    return pfn


@kernel_function()
def add_to_page_cache_lru(k: Kernel, obj: str, index: int, data: int) -> int:
    """Model of page_cache_alloc() in mm/filemap.c + add_to_page_cache_lru() + the read: a new uptodate page in the
    cache
    (the cache's reference) on the inactive LRU, with the allocation reference handed to the caller."""
    pfn = alloc_page(k, data=data)
    get_page(k, pfn)  # add_to_page_cache(): the cache's reference
    k.set_page(pfn, mapping=FileMapping(obj), index=index)
    k.set_flags(pfn, set_=PG.PG_uptodate)
    k.files[obj] = k.files[obj].with_cached(index, pfn)
    lru_cache_add(k, pfn)
    return pfn


@kernel_function(HANDLER)  # ->nopage until 2.6.22, then ->fault (filemap_fault()): named after its caller
def filemap_nopage(k: Kernel, vma: Vma, vpn: int) -> NopageResult:
    """Model of filemap_nopage() in mm/filemap.c / shmem_nopage(): the page at the VMA's file offset, found in or read
    into the page cache, returned with a reference; beyond the end of the object, NOPAGE_SIGBUS."""
    space = k.files[vma.obj]
    index = vma.linear_index(vpn)
    if index >= space.pages:
        return NOPAGE_SIGBUS
    pfn = find_get_page(k, vma.obj, index)
    if pfn is None:
        # page_cache_read() drops the allocation reference and the retried find_get_page() takes one:
        # net, the caller keeps the allocation reference.
        pfn = add_to_page_cache_lru(k, vma.obj, index, 0 if space.shmem else space.disk[index])
    mark_page_accessed(k, pfn)
    return NopageResult("page", pfn)


# generic_file_vm_ops (mm/filemap.c) and shmem_vm_ops (mm/shmem.c): ->nopage until 2.6.22, ->fault
# (filemap_fault(), shmem_fault()) from 2.6.23, and ->map_pages = filemap_map_pages() from 3.15.
GENERIC_FILE_VM_OPS = VmOperations("generic_file_vm_ops", nopage=filemap_nopage, fault=filemap_nopage, map_pages=True)
SHMEM_VM_OPS = VmOperations("shmem_vm_ops", nopage=filemap_nopage, fault=filemap_nopage, map_pages=True)
register_vm_ops(Ops.FILEMAP, GENERIC_FILE_VM_OPS)
register_vm_ops(Ops.SHMEM, SHMEM_VM_OPS)


@kernel_function()
def remove_from_page_cache(k: Kernel, pfn: int) -> None:
    """Model of __remove_from_page_cache() in mm/filemap.c (remove_mapping()): mapping = NULL; the caller drops the
    ref."""
    page = k.page(pfn)
    assert isinstance(page.mapping, FileMapping)
    obj = page.mapping.name
    k.files[obj] = k.files[obj].with_cached(page.index, None)
    k.set_page(pfn, mapping=None)


def writepage(k: Kernel, pfn: int) -> None:
    """Model of ->writepage() in the filesystem's address_space_operations of a regular file: the page's contents
    reach the disk (synchronously)."""
    page = k.page(pfn)
    assert isinstance(page.mapping, FileMapping)
    space = k.files[page.mapping.name]
    if space.shmem:
        return
    disk = list(space.disk)
    disk[page.index] = page.data
    k.files[space.name] = replace(space, disk=tuple(disk))


fast_records(__name__)
