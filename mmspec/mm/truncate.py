"""Model of truncation: vmtruncate() (mm/memory.c in 2.6.19) and truncate_inode_pages() (mm/truncate.c).

Truncating a file to fewer pages first unmaps every page beyond the new end from every mapping,
private COW copies included (unmap_mapping_range(even_cows=1): a process that faults there afterwards
gets SIGBUS, not a stale private copy), then takes the page-cache pages beyond it out of the cache and
drops the cache's reference; growing it only moves the end (the new pages read as zeros).  From 2.6.37
the same steps are truncate_setsize() + truncate_pagecache() in mm/truncate.c (which unmaps once more
after truncate_inode_pages(), for COW faults that raced; nothing races in a sequential step), and shmem
(memfd, tmpfs) does them in shmem_setattr() (mm/shmem.c).
"""

from __future__ import annotations

from mmspec.era import Era
from mmspec.mm.filemap import remove_from_page_cache
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import unmap_mapping_range
from mmspec.mm.mm_types import PG, Kernel, replace
from mmspec.mm.swap import put_page


@kernel_function()
def truncate_inode_pages(k: Kernel, obj: str, first: int) -> None:
    """Model of truncate_inode_pages(mapping, lstart) in mm/truncate.c: each cached page from index ``first``
    on goes through truncate_complete_page(): its dirty and uptodate bits are cleared (cancel_dirty_page(),
    ClearPageUptodate()), it leaves the page cache (remove_from_page_cache()) and the cache's reference is
    dropped (page_cache_release()); a page someone else still holds lives on outside the cache."""
    for index, pfn in k.files[obj].cache:
        if index >= first:
            k.set_flags(pfn, clear=PG.PG_dirty | PG.PG_uptodate)
            remove_from_page_cache(k, pfn)
            put_page(k, pfn)


@kernel_function()
def vmtruncate(k: Kernel, era: Era, obj: str, pages: int) -> None:
    """Model of vmtruncate(inode, offset) in mm/memory.c (2.6.19): set the size to ``pages`` pages; when it
    shrinks, unmap_mapping_range(mapping, new end, 0, even_cows=1), then truncate_inode_pages() from the
    new end, and the data beyond the end is gone from the disk too."""
    space = k.files[obj]
    if pages >= space.pages:
        k.files[obj] = replace(space, pages=pages, disk=space.disk + (0,) * (pages - space.pages))
        return
    k.files[obj] = replace(space, pages=pages, disk=space.disk[:pages])
    unmap_mapping_range(k, era, obj, even_cows=True, first=pages)
    truncate_inode_pages(k, obj, pages)
