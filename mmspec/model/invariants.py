"""The invariant catalog: named facts checked after every step.

Each invariant either mirrors a check the kernel itself makes (bad_page(), the page_remove_rmap() BUG,
print_bad_pte()) or states the accounting rule (docs/invariants.md, "The accounting rule") that the kernel relies on but
never checks.  A violation names its id, the objects involved and what disagreed, like validate_mm().
docs/invariants.md documents each id with a scenario that produces it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InvariantDef:
    id: str
    summary: str
    kernel_check: str


CODES = {
    "mapcount-mismatch": "MM",
    "rss-mismatch": "RS",
    "refcount-underflow": "RU",
    "mapcount-underflow": "MU",
    "bad-page-state": "BP",
    "freed-while-mapped": "FM",
    "refcount-leak": "LK",
    "special-page-reclaimed": "SR",
    "swap-count-mismatch": "SW",
    "dangling-anon-vma": "AV",
    "cow-broken": "CB",
    "kernel-bug": "KB",
    "pin-incoherent": "PI",
    "anon-exclusive-broken": "AX",
    "zero-page-counted": "ZP",
    "livelock": "LL",
    "ro-file-written": "RO",
    "page-use-after-free": "UF",
}


INVARIANTS: tuple[InvariantDef, ...] = (
    InvariantDef(
        "mapcount-mismatch",
        "a page's mapcount differs from the PTEs for which vm_normal_page() returns it",
        "none in the kernel; the rmap accounting rule (docs/invariants.md)",
    ),
    InvariantDef(
        "rss-mismatch",
        "an mm's file_rss/anon_rss differ from its PTEs that vm_normal_page() accounts",
        "none (check_mm() warns about this only from v4.x)",
    ),
    InvariantDef(
        "refcount-underflow",
        "put_page() on a page whose count is already 0",
        "VM_BUG_ON(page_count(page) == 0) in put_page_testzero(), CONFIG_DEBUG_VM only",
    ),
    InvariantDef(
        "mapcount-underflow",
        "page_remove_rmap() takes a mapcount below zero",
        '"Eeek! page_mapcount(page) went negative!" + BUG() in page_remove_rmap()',
    ),
    InvariantDef(
        "bad-page-state",
        "the free path finds a page mapped, with a mapping, a count or a bad flag",
        "free_pages_check() → bad_page() in mm/page_alloc.c",
    ),
    InvariantDef(
        "freed-while-mapped",
        "a freed page is still mapped by a PTE or held by a reference, a cache or its driver",
        "none: a use-after-free",
    ),
    InvariantDef(
        "refcount-leak",
        "once every process exited and every device is released, a page is held by nobody",
        "none: memory that can never be freed",
    ),
    InvariantDef(
        "special-page-reclaimed",
        "a driver-owned page reaches the LRU or the swap cache, or reclaim unmaps it or a PTE vm_normal_page() calls special",
        "none: reclaim only scans the LRU, which must never hold driver pages",
    ),
    InvariantDef(
        "swap-count-mismatch",
        "swap_map differs from the swap PTEs plus the swap cache's reference",
        "none (swapoff would find the difference)",
    ),
    InvariantDef(
        "dangling-anon-vma",
        "a mapped anon page's anon_vma was freed, or an rmap walk follows a freed anon_vma",
        "none: a use-after-free of the anon_vma (SLAB_DESTROY_BY_RCU)",
    ),
    InvariantDef(
        "cow-broken",
        "a store to a private anon page reaches another process's mapping or reference, or a store hits ZERO_PAGE",
        "none: the COW contract (CVE-2020-29374 is one instance)",
    ),
    InvariantDef(
        "kernel-bug", "a BUG()/BUG_ON() on these paths, with its message", "BUG_ON() in mm/memory.c, mm/rmap.c"
    ),
    InvariantDef(
        "pin-incoherent",
        "a COW moves the holder of a write pin (or GUP reference) off the page it pinned at that address",
        "none: the GUP-after-COW coherency problem that 5.9 (fork copies pinned pages) and 5.19 "
        "(PageAnonExclusive) fixed",
    ),
    InvariantDef(
        "anon-exclusive-broken",
        "5.19+: an anon page mapped writable or pinned that is not AnonExclusive, or an exclusive page mapped twice",
        "VM_BUG_ON_PAGE()/VM_WARN_ON in page_try_dup_anon_rmap(), folio_add_anon_rmap_ptes() and GUP's "
        "sanity checks (CONFIG_DEBUG_VM)",
    ),
    InvariantDef(
        "zero-page-counted",
        "eras with a special zero page (2.6.32+): the zero page's mapcount, or its count beyond GUP references, changes",
        "WARN_ON_ONCE(is_zero_pfn(pfn)) in vm_normal_page() (6.x)",
    ),
    InvariantDef(
        "livelock",
        "get_user_pages() or a user access faults forever: the fault never gives what the retry needs",
        "none: the task spins in the get_user_pages() loop (or re-executes the faulting access)",
    ),
    InvariantDef(
        "ro-file-written",
        "a store through a mapping of a file opened read-only reaches that file's page cache",
        "none at the store: FMODE_WRITE is checked at open and mmap (do_mmap_pgoff()'s -EACCES for MAP_SHARED), "
        "and MAP_PRIVATE relies on COW; Dirty COW (CVE-2016-5195) broke it",
    ),
    InvariantDef(
        "page-use-after-free",
        "the kernel changes the struct page of a page that was freed while it held it without a reference "
        "(unlock_page() of a page freed while locked)",
        "none at the unlock; the free path's bad_page() sees PG_locked (PAGE_FLAGS_CHECK_AT_FREE) first",
    ),
)
INVARIANT_IDS = tuple(i.id for i in INVARIANTS)


@dataclass(frozen=True)
class Violation:
    """One broken invariant, found after step ``step`` (0 = the initial state).  ``chain`` is the call chain
    that led to it, from the step's system call down to the kernel function that broke it, when the run kept
    a reference ledger (mmspec/runner/why.py); empty otherwise."""

    id: str
    key: str
    message: str
    step: int = 0
    line: int = 0
    chain: tuple[str, ...] = ()
