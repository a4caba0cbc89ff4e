"""Model of the page allocator's allocation and free paths (mm/page_alloc.c, 2.6.19).

Allocation hands out the most recently freed frame first (the per-CPU hot list is LIFO), else a new one,
so PFNs are deterministic.  Freeing runs free_pages_check(): a page that still has a mapcount, a mapping,
a count or a bad flag is reported with bad_page(), which "fixes it up"; a PG_reserved page is never freed.
"""

from __future__ import annotations

from mmspec.mm.ledger import count_changed, kernel_function, mapcount_changed
from mmspec.mm.mm_types import (
    PAGE_FLAGS_CHECK_AT_FREE,
    PG,
    FrameKind,
    Kernel,
    KLogKind,
    Page,
    pg_flags_str,
)


@kernel_function()
def alloc_page(k: Kernel, data: int = 0) -> int:
    """Model of alloc_page() in mm/page_alloc.c → prep_new_page(): a fresh page with count 1, unmapped, no mapping,
    no flags.

    ``data`` is the new contents (GFP_HIGHUSER|__GFP_ZERO pages are zero, copies get the source's data).
    """
    if k.free_list:
        pfn = k.free_list[-1]
        k.free_list = k.free_list[:-1]
    else:
        pfn = k.next_pfn
        k.next_pfn += 1
    k.add_page(Page(pfn=pfn, kind=FrameKind.RAM, count=1, data=data))
    if k.ledger is not None:
        count_changed(k, pfn, 0, 1, "a new page: the allocation's reference")
    return pfn


@kernel_function()
def bad_page(k: Kernel, pfn: int, reason: str) -> None:
    """Model of bad_page() in mm/page_alloc.c: report "Bad page state", then reset count to 0, _mapcount
    to -1, mapping to NULL and clear every checked flag except PG_reserved ("Trying to fix it up")."""
    page = k.page(pfn)
    k.log(
        KLogKind.BAD_PAGE,
        f"Bad page state: pfn {pfn:#x} {reason} (count={page.count} mapcount={page.mapcount} "
        f"mapping={page.mapping} flags={pg_flags_str(page.flags)})",
        pfn,
    )
    keep = page.flags & PG.PG_reserved | page.flags & (PG.PG_uptodate | PG.PG_referenced)
    k.set_page(pfn, count=0, mapcount=0, mapping=None, flags=keep)
    if k.ledger is not None:
        count_changed(k, pfn, page.count, 0, "Bad page state: reset")
        mapcount_changed(k, pfn, page.mapcount, 0, "Bad page state: reset")


@kernel_function()
def free_hot_cold_page(k: Kernel, pfn: int) -> None:
    """Model of free_hot_cold_page() and free_pages_check() in mm/page_alloc.c.

    Anon pages lose page->mapping first.  Any of mapcount != 0, mapping != NULL, count != 0 or a flag in
    PAGE_FLAGS_CHECK_AT_FREE is a bad page.  PG_dirty is cleared silently.  A PG_reserved page is
    reported but not freed ("do not free the page").
    """
    page = k.page(pfn)
    if page.anon:
        page = k.set_page(pfn, mapping=None)
    problems = []
    if page.mapcount != 0:
        problems.append("still mapped")
    if page.mapping is not None:
        problems.append("mapping set")
    if page.count != 0:
        problems.append("count not zero")
    bad = page.flags & PAGE_FLAGS_CHECK_AT_FREE
    if bad:
        problems.append(f"{pg_flags_str(bad)} set at free")
    if problems:
        bad_page(k, pfn, ", ".join(problems))
    k.set_flags(pfn, clear=PG.PG_dirty)
    if k.page(pfn).has(PG.PG_reserved) or page.kind is not FrameKind.RAM:
        return
    k.set_page(pfn, free=True, flags=0, owner="", private=-1)
    k.free_list = (*k.free_list, pfn)
    k.log(KLogKind.FREED, f"pfn {pfn:#x} returned to the allocator", pfn)
