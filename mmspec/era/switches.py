"""Rule switches: one per kernel behaviour that changed across eras.

An era (:mod:`mmspec.era`) is a frozen assignment of a value to every switch.  Model code branches on
switch values (``era.zero_page is ZeroPage.SPECIAL``), never on version strings.

Each switch is documented once, here, as "since commit <id> ("<subject>") in vX.Y: new rule; before: old
rule".  Its table entry (:data:`SWITCHES`) dates every value it took as data: the release that first shipped
it and the commit, from which :mod:`mmspec.era` computes the rules of any release.  The commits were checked
in git where a tagged tree was at hand and otherwise in upstream citations and push lists;
docs/research/era-commits.md says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class VnpReserved(Enum):
    """Does vm_normal_page() (mm/memory.c) look at VM_RESERVED?

    Since commit 6aab341e0a28 ("mm: re-architect the VM_UNPAGED logic") in v2.6.15: IGNORED, vm_normal_page()
    decides "special" from VM_PFNMAP and the vm_pgoff linear rule only; VM_RESERVED is left to accounting
    (reserved_vm), VM_SPECIAL merging and core dumps.  Before: during the 2.6.15 PageReserved removal,
    VM_RESERVED/VM_UNPAGED briefly steered what zap freed.  Before 2.6.15-rc3 there is no vm_normal_page():
    :class:`SpecialRule` says which PTEs zap and fork leave alone, and the value here is IGNORED (the
    hypothetical value applies to vm_normal_page() only).

    RETURNS_NULL is hypothetical: the question in Benjamin Herrenschmidt's LKML mail "VM_RESERVED vs
    vm_normal_page()" (13 Dec 2006, https://lkml.iu.edu/hypermail/linux/kernel/0612.1/1500.html), "should
    vm_normal_page() return NULL for VM_RESERVED VMAs?", with nothing else changed.  It resembles
    2.6.15-rc1/rc2's "never touch" (:class:`SpecialRule` VMA_RESERVED), where zap and fork also ignore every
    PTE of a VM_RESERVED VMA, but there do_no_page() gave such pages no rss and no rmap and GUP refused the
    VMA, whereas here do_no_page() still counts them and GUP follows a NULL page (docs/eras.md).
    """

    IGNORED = "ignored"
    RETURNS_NULL = "returns-null"


class Nopage(Enum):
    """The ->nopage hook (do_no_page() in mm/memory.c).

    Since commit 54cb8821de07 ("mm: merge populate and nopage into fault (fixes nonlinear)") in v2.6.23:
    LEGACY, ->fault is preferred and ->nopage is called only for VMAs without ->fault; NOPAGE_REFAULT is
    gone.  Since commit 3c18ddd160d1 ("mm: remove nopage") in v2.6.26: REMOVED.  Before v2.6.23: AVAILABLE,
    with NOPAGE_REFAULT (7f7bbbe50b8a, v2.6.19).
    """

    AVAILABLE = "available"
    LEGACY = "legacy"
    REMOVED = "removed"


class Nopfn(Enum):
    """The ->nopfn hook (do_no_pfn() in mm/memory.c), introduced by commit f4b81804a2d1 ("[PATCH] do_no_pfn()")
    in v2.6.19 with NOPFN_SIGBUS/NOPFN_OOM.

    Since commit 22cd25ed31bb ("[PATCH] Add NOPFN_REFAULT result from vm_ops->nopfn()") in v2.6.21: REFAULT,
    a handler may install the PTE itself (vm_insert_pfn()) and return NOPFN_REFAULT.  Since commit
    0d71d10a4252 ("mm: remove nopfn") in v2.6.27: REMOVED, drivers use ->fault + vm_insert_pfn() and return
    VM_FAULT_NOPAGE.  Before v2.6.21: AVAILABLE (a pfn, SIGBUS or OOM).  Before v2.6.19: ABSENT, a driver of
    raw pfns calls remap_pfn_range() at mmap time.
    """

    ABSENT = "absent"
    AVAILABLE = "available"
    REFAULT = "refault"
    REMOVED = "removed"


class FaultHook(Enum):
    """The ->fault hook (__do_fault() in mm/memory.c).

    Since commit 54cb8821de07 ("mm: merge populate and nopage into fault (fixes nonlinear)") in v2.6.23:
    NO_PFNMAP, ->fault exists and __do_fault() BUG()s on a VM_PFNMAP VMA.  Since commit 42172d751b45 ("mm:
    allow pfnmap ->fault()s") in v2.6.26: PFNMAP_OK, a PFNMAP handler inserts the pfn and returns
    VM_FAULT_NOPAGE.  Before v2.6.23: ABSENT.
    """

    ABSENT = "absent"
    NO_PFNMAP = "no-pfnmap"
    PFNMAP_OK = "pfnmap-ok"


class InsertPfn(Enum):
    """vm_insert_pfn() / vmf_insert_pfn() (mm/memory.c).

    Since commit e0dc0d8f4a32 ("[PATCH] add vm_insert_pfn()") in v2.6.21: PFNMAP, BUG unless the VMA is a
    non-COW VM_PFNMAP; a plain pfn PTE, no counts, -EBUSY if present.  Since commit b379d790197c ("mm:
    introduce VM_MIXEDMAP") in v2.6.26: PFNMAP_OR_MIXEDMAP, exactly one of the two; a MIXEDMAP target with
    a pfn_valid() pfn is a BUG (use vm_insert_mixed()); 7e675137a8e1 ("mm: introduce pte_special pte bit")
    of the same release then wrote the PTE special.  Before v2.6.21: ABSENT.
    """

    ABSENT = "absent"
    PFNMAP = "pfnmap"
    PFNMAP_OR_MIXEDMAP = "pfnmap-or-mixedmap"


class ZeroPage(Enum):
    """What an anonymous read fault maps (do_anonymous_page() in mm/memory.c).

    Since commit 557ed1fa2620 ("remove ZERO_PAGE") in v2.6.24: NONE, a read fault allocates a zeroed anon
    page (anon_vma, LRU, anon_rss); private /dev/zero is plain anonymous memory.  Since commit a13ea5b75964
    ("mm: reinstate ZERO_PAGE") in v2.6.32: SPECIAL, the zero pfn in a special PTE, with no reference,
    mapcount, rss or anon_vma; vm_normal_page() returns NULL for it.  Before v2.6.24: REFCOUNTED, ZERO_PAGE
    is mapped like a file page (reference, mapcount, file_rss), and mmap_zero() prefills private /dev/zero
    mappings with it (zeromap_page_range()); this since commit b5810039a54e ("[PATCH] core remove
    PageReserved") in v2.6.15-rc1.  Before (2.6.0 … 2.6.14): RESERVED, the PG_reserved ZERO_PAGE is mapped
    with no reference, mapcount or rss (:class:`PageReserved`).
    """

    RESERVED = "reserved"
    REFCOUNTED = "refcounted"
    NONE = "none"
    SPECIAL = "special"


class MixedMap(Enum):
    """VM_MIXEDMAP and vm_insert_mixed().

    Since commit b379d790197c ("mm: introduce VM_MIXEDMAP") in v2.6.26 (vm_insert_mixed(): 423bad600443,
    "mm: add vm_insert_mixed"): PRESENT, a MIXEDMAP VMA holds normal PTEs for pfns with a struct page and
    special PTEs for the rest, and may be COW.  Before: ABSENT.
    """

    ABSENT = "absent"
    PRESENT = "present"


class PteSpecial(Enum):
    """Whether the architecture's PTEs carry a software "special" bit (the model's architecture is x86).

    Since commit a0a8f5364a5a ("x86: implement pte_special") in v2.6.27 (the generic framework,
    7e675137a8e1, came in v2.6.26): BIT, vm_normal_page() decides from the bit alone; remap_pfn_range(),
    vm_insert_pfn(), vm_insert_mixed() and (from v2.6.32) the zero page write special PTEs.  Before: NONE,
    the VMA heuristics (VM_PFNMAP linear rule, VM_MIXEDMAP pfn_valid) decide.
    """

    NONE = "none"
    BIT = "bit"


class FollowSpecial(Enum):
    """What follow_page() does when vm_normal_page() says a present PTE is special.

    Since commit 89f5b7da2a6b ("Reinstate ZERO_PAGE optimization in 'get_user_pages()' and fix XIP") in
    v2.6.26 (-rc7): EFAULT, get_user_pages() fails.  Before: NO_PAGE, follow_page() returns NULL, so
    get_user_pages() faults and retries; only VM_IO|VM_PFNMAP VMAs (refused up front) normally have special
    PTEs then.
    """

    NO_PAGE = "no-page"
    EFAULT = "efault"


class FollAnon(Enum):
    """FOLL_ANON: a read get_user_pages() of an untouched page of a private anonymous VMA (not VM_LOCKED, no
    fault handler).

    Since commit 89f5b7da2a6b ("Reinstate ZERO_PAGE optimization in 'get_user_pages()' and fix XIP") in
    v2.6.26: PTE_NONE, follow_page() returns ZERO_PAGE (with a reference for FOLL_GET) for an empty PTE too,
    without mapping anything.  Since commit 8e4b9a607189 ("mm: FOLL_DUMP replace FOLL_ANON") in v2.6.32: GONE,
    the fault maps the (special) zero page instead.  Before v2.6.26: TABLE_ONLY, only when the page table
    itself is missing, which the model does not represent (it faults the page in).
    """

    TABLE_ONLY = "table-only"
    PTE_NONE = "pte-none"
    GONE = "gone"


class LockReferenced(Enum):
    """Whether page_referenced() counts a VM_LOCKED mapping as a reference.

    Since commit 5a9bbdcd29ad ("mm: don't waste swap on locked pages") in v2.6.25: YES, page_referenced_one() counts a VM_LOCKED VMA as referenced, so reclaim activates an mlocked page
    before add_to_swap().  Before: NO, the page takes a swap slot and only try_to_unmap() refuses.
    """

    NO = "no"
    YES = "yes"


class MlockErrno(Enum):
    """The error mlock() returns when its prefault fails.

    Since commit a477097d9c37 ("mlock() fix return values") in v2.6.27 (-rc2), and from v2.6.28 through
    __mlock_posix_error_return() (since commit 9978ad583e10, "mlock: make mlock error return Posixly
    Correct"): ENOMEM,
    a failed or short prefault is -ENOMEM (and an allocation failure -EAGAIN).  Before: PREFAULT, the
    first page's error (-EFAULT, ...) or -EPERM for a short prefault (make_pages_present() returning -1).
    """

    PREFAULT = "prefault"
    ENOMEM = "enomem"


class WpSharedSpecial(Enum):
    """do_wp_page() on a special PTE (vm_normal_page() NULL) in a shared writable VMA.

    Since commit 251b97f552b1 ("mm: dirty page accounting vs VM_MIXEDMAP") in v2.6.26: REUSE, the PTE is
    made writable in place (``vm_ops->pfn_mkwrite`` from v4.1).  Before: COPY, an anon copy from the user
    address (unreachable in practice: such PTEs are writable).
    """

    COPY = "copy"
    REUSE = "reuse"


class MlockSpecial(Enum):
    """mlock() of special VMAs (mlock_fixup() in mm/mlock.c).

    Since commit b291f000393f ("mlock: mlocked pages are unevictable") in v2.6.28: SKIP_IO_PFNMAP,
    VM_IO|VM_PFNMAP VMAs get no VM_LOCKED and no locked_vm (the call succeeds); VM_DONTEXPAND|VM_RESERVED
    VMAs are populated but not locked.  Since commit 314e51b9851b ("mm: kill vma flag VM_RESERVED and
    mm->reserved_vm counter") in v3.7: SKIP_SPECIAL, any VM_SPECIAL VMA is skipped.  Before: LOCK_ALL,
    VM_LOCKED is set on any VMA and only the prefault is skipped for VM_IO.

    The same 2.6.28 series made mlocked pages unevictable, so from SKIP_IO_PFNMAP on reclaim culls a page
    mapped by a VM_LOCKED VMA (vmscan.py) and do_swap_page() frees the swap cache of a page swapped into one
    (memory.py); and mlock's populate error, returned from 2.6.38 (__mm_populate()), is modelled from the
    3.7 value.
    """

    LOCK_ALL = "lock-all"
    SKIP_IO_PFNMAP = "skip-io-pfnmap"
    SKIP_SPECIAL = "skip-special"


class Reserved(Enum):
    """VM_RESERVED.

    Since commit 314e51b9851b ("mm: kill vma flag VM_RESERVED and mm->reserved_vm counter") in v3.7:
    REMOVED, the flag and mm->reserved_vm are gone; remap_pfn_range() sets
    VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP; drivers use VM_DONTEXPAND|VM_DONTDUMP, the flag that commit
    0103bd16fb90 ("mm: prepare VM_DONTDUMP for using in drivers") of the same 3.7 series made available
    to them.  Before: PRESENT,
    remap_pfn_range() sets VM_IO|VM_RESERVED|VM_PFNMAP and VM_IO|VM_RESERVED VMAs count in reserved_vm.
    """

    PRESENT = "present"
    REMOVED = "removed"


class InsertPageFlag(Enum):
    """The flag vm_insert_page() sets, which also makes fork copy the VMA's PTEs (copy_page_range()).

    Since commit 4b6e1e37026e ("mm: kill vma flag VM_INSERTPAGE") in v3.7: MIXEDMAP, vm_insert_page() sets
    VM_MIXEDMAP and fork always copies MIXEDMAP VMAs.  Before: INSERTPAGE, VM_INSERTPAGE does both, since
    commit 4d7672b46244 ("Make sure we copy pages inserted with "vm_insert_page()" on fork") in
    v2.6.15-rc6.  Since commit a145dd411eb2 ("VM: add "vm_insert_page()" function") in v2.6.15-rc4 until
    then: NO_FLAG, vm_insert_page() sets no flag, so a lazy fork skips the VMA and the child refaults.
    Before v2.6.15-rc4: ABSENT, there is no vm_insert_page().
    """

    ABSENT = "absent"
    NO_FLAG = "no-flag"
    INSERTPAGE = "insertpage"
    MIXEDMAP = "mixedmap"


class NoFaultHandler(Enum):
    """A fault on an empty PTE of a VMA that has no fault handler.

    Since commit 6b7339f4c31a ("mm: avoid setting up anonymous pages into file mapping") in v4.2: SIGBUS for a VMA with vm_ops but no ->fault, and do_anonymous_page() refuses VM_SHARED
    (SIGBUS); only VMAs without vm_ops get anonymous pages.  Before: ANONYMOUS, do_anonymous_page() runs,
    putting anonymous pages (or ZERO_PAGE) into driver and shared VMAs.
    """

    ANONYMOUS = "anonymous"
    SIGBUS = "sigbus"


class WipeOnFork(Enum):
    """MADV_WIPEONFORK / MADV_KEEPONFORK.

    Since commit d2cd9ede6e19 ("mm,fork: introduce MADV_WIPEONFORK") in v4.14: PRESENT, the child gets the VMA empty (no anon_vma, no PTEs); EINVAL on shared or file-backed VMAs.
    Before: ABSENT (EINVAL as an unknown advice).
    """

    ABSENT = "absent"
    PRESENT = "present"


class MadvPageout(Enum):
    """MADV_PAGEOUT.

    Since commit 1a4e58cce84e ("mm: introduce MADV_PAGEOUT") in v5.4: PRESENT, the
    exclusively mapped LRU pages of the range are reclaimed at once (reclaim_pages()).  Before: ABSENT (an
    unknown advice, -EINVAL).
    """

    ABSENT = "absent"
    PRESENT = "present"


class ReclaimPinned(Enum):
    """Whether reclaim gives a swap slot to an anon page that may be pinned for DMA.

    Since commit feb889fb40fa ("mm: don't put pinned pages into the swap cache") in v5.11 (-rc4; found by
    the live oracle): SKIP, shrink_folio_list() keeps a folio_maybe_dma_pinned() page
    before add_to_swap().  Before: SWAP, the page gets a slot and the swap cache even though try_to_unmap()
    (or, for an exclusive page, page_try_share_anon_rmap()) then fails.
    """

    SWAP = "swap"
    SKIP = "skip"


class Pin(Enum):
    """get_user_pages() references.

    Since commit 3faa52c03f44 ("mm/gup: track FOLL_PIN pages") in v5.7 (FOLL_PIN itself: eddb1c228f79, v5.6):
    PIN_BIAS, FOLL_PIN adds GUP_PIN_COUNTING_BIAS (1024) to a small page's refcount
    and the first pin sets the mm's has_pinned (008cfe4418b3, v5.9; MMF_HAS_PINNED from ~v5.14).
    Before: GET_ONLY, every GUP reference is a get_page().
    """

    GET_ONLY = "get-only"
    PIN_BIAS = "pin-bias"


class WpReuseAnon(Enum):
    """When do_wp_page() reuses an anon page instead of copying it.

    Since commit 09854ba94c6a ("mm: do_wp_page() simplification") in v5.9-rc4: REFCOUNT, only if not KSM and
    page_count == 1 (any GUP reference or pin, or the swap cache's reference, forces a copy); do_wp_page()
    no longer calls reuse_swap_page().  Since commit 53a05ad9f21d ("mm: optimize do_wp_page() for exclusive
    pages in the swapcache") in v5.18, with d4c470970d45 ("mm: optimize do_wp_page() for fresh pages in
    local LRU pagevecs"): REFCOUNT_FREE_SWAP, a page whose count is at most 1 + its swap cache reference
    first leaves the swap cache (try_to_free_swap(), when no swap PTE uses the slot) and is reused if its
    count is then 1 (the LRU drain has nothing to drain in the model).  Since commit 6c287605fd56 ("mm:
    remember exclusively mapped anonymous pages with PG_anon_exclusive") in v5.19: ANON_EXCLUSIVE, reuse if
    PageAnonExclusive, else the 5.18 test, and then mark the page exclusive.  Before: MAPCOUNT,
    can_share_swap_page(): mapcount (+ the slot's other users) == 1, whatever other references exist, for
    anon pages only, since commit c475a8ab625d ("[PATCH] can_share_swap_page: use page_mapcount") in
    v2.6.13 (with d296e9cd02c9, "[PATCH] do_wp_page: cannot share file page").  Before v2.6.13:
    PAGE_COUNT, can_share_swap_page() on any page: page_count 1 and not PG_reserved, or page_count 2 with
    the page in the swap cache and its slot used by the swap cache alone (exclusive_swap_page()); any extra
    reference (get_user_pages(), a second mapping) forces a copy.
    """

    PAGE_COUNT = "page-count"
    MAPCOUNT = "mapcount"
    REFCOUNT = "refcount"
    REFCOUNT_FREE_SWAP = "refcount-free-swap"
    ANON_EXCLUSIVE = "anon-exclusive"


class WpReuseUnlock(Enum):
    """Where do_wp_page()'s reuse path (mm/memory.c) unlocks the anon page it locked to decide the reuse.

    Since commit 09854ba94c6a ("mm: do_wp_page() simplification") in v5.9-rc4: AFTER_PTL, the page is
    trylocked, page_count() and page_mapcount() are checked under the lock, wp_page_reuse() makes the PTE
    writable and drops the page-table lock (pte_unmap_unlock()), and only then does unlock_page() run.  Between
    the two the fault holds no reference (the PTE was its only claim on the page, and the PTE is no longer
    under its lock), so another task of the mm, under mmap_lock for read like the fault, can zap the PTE with
    MADV_DONTNEED and free the page while PG_locked is set: free_pages_check() finds PG_locked (in
    PAGE_FLAGS_CHECK_AT_FREE) and prints "Bad page state", and the fault then unlocks a freed page.  Since
    commit be068f29034f ("mm: fix misplaced unlock_page in do_wp_page()") in v5.9-rc7: RESTORED,
    unlock_page() before wp_page_reuse() again, the order of every earlier do_wp_page() (BEFORE_REUSE:
    reuse_swap_page() under the page lock, then unlock_page(), then the reuse); the two values act alike.  From
    5.19 (wp_can_reuse_anon_folio() later) the lock is likewise dropped before the PTE is touched.
    """

    BEFORE_REUSE = "before-reuse"
    AFTER_PTL = "after-ptl"
    RESTORED = "restored"


class WpReuseSwap(Enum):
    """What a write fault does with the swap cache of an anon page it reuses.

    Since commit 7b1fe59793e6 ("mm: reuse_swap_page replaces can_share_swap_page") in v2.6.29: DROP,
    reuse_swap_page() also deletes the reused page from the swap cache (and dirties it), in do_wp_page() and
    in do_swap_page()'s write path.  Before: KEEP, can_share_swap_page() only decides; the page stays in the
    swap cache.  The value matters only where reuse_swap_page() is called: do_wp_page() until 5.9-rc4
    (:class:`WpReuseAnon` MAPCOUNT) and do_swap_page() until 5.19 (:class:`AnonExclusive` ABSENT).
    """

    KEEP = "keep"
    DROP = "drop"


class PinZeroPage(Enum):
    """Whether FOLL_PIN takes a pin on the shared zero page.

    Since commit c8070b787519 ("mm: Don't pin ZERO_PAGE in pin_user_pages()") in v6.5: SKIPPED, the zero page is returned but its refcount is not touched.  Before: PINNED, like any
    page (GUP_PIN_COUNTING_BIAS on its refcount).
    """

    PINNED = "pinned"
    SKIPPED = "skipped"


class ForkPinned(Enum):
    """What fork does with a page that may be pinned for DMA (copy_present_pte() in mm/memory.c).

    Since commit 70e806e4e645 ("mm: Do early cow for pinned pages during fork() for ptes") in v5.9-rc7
    (with 008cfe4418b3, "mm: Introduce mm_struct.has_pinned"): COPY_MAYBE_PINNED, in a COW VMA of an mm that
    has pinned, a page with page_maybe_dma_pinned() (refcount >= 1024) is copied for the child at once and
    the parent's PTE stays writable.  Since commit 6c287605fd56 ("mm: remember exclusively mapped anonymous
    pages with PG_anon_exclusive") in v5.19: COPY_EXCLUSIVE_PINNED, page_try_dup_anon_rmap() fails, and the
    page is copied, only for an anon page that is AnonExclusive and maybe pinned; otherwise fork clears
    AnonExclusive and shares (fb3d824d1a46, "mm/rmap: split page_dup_rmap() into page_dup_file_rmap() and
    page_try_dup_anon_rmap()", of the same series, limited the early copy to anon pages).  Before: SHARE, pinned pages are shared and
    write-protected like any other.
    """

    SHARE = "share"
    COPY_MAYBE_PINNED = "copy-maybe-pinned"
    COPY_EXCLUSIVE_PINNED = "copy-exclusive-pinned"


class GupFast(Enum):
    """The lockless get_user_pages_fast()/pin_user_pages_fast() walk (arch/x86/mm/gup.c from 2.6.27, mm/gup.c
    gup_pte_range() from 4.13) and what it synchronises with.

    Since commit 8174c430e445 ("x86: lockless get_user_pages_fast()") in v2.6.27: LOCKLESS, the walk runs
    with interrupts disabled and takes neither mmap_sem nor the page-table lock: it reads the PTE, refuses a
    PTE that is not present, PROT_NONE, special, or read-only for a write, takes its reference (FOLL_PIN:
    GUP_PIN_COUNTING_BIAS) and rereads the PTE, undoing the reference if it changed; a refused page falls back
    to the slow get_user_pages() under mmap_sem.  Since commit 57efa1fe5957 ("mm/gup: prevent gup_fast from
    racing with COW during fork") in v5.11-rc1: SEQCOUNT, fork brackets copy_page_range() of a COW VMA with
    mm->write_protect_seq (raw_write_seqcount_begin/end), and a FOLL_PIN walk samples it first (odd: straight
    to the slow path) and rechecks it after (changed: unpin and fall back), so no pin slips between fork's
    pinned check in copy_present_pte() and its write-protect.  Before v2.6.27: ABSENT, there is no fast path.
    """

    ABSENT = "absent"
    LOCKLESS = "lockless"
    SEQCOUNT = "seqcount"


class GupCowBreak(Enum):
    """Whether get_user_pages() breaks COW for a read reference (__get_user_pages() in mm/gup.c).

    Since commit 17839856fd58 ("gup: document and work around "COW can break either way" issue") in v5.8:
    FORCED, should_force_cow_break(): a FOLL_GET or FOLL_PIN lookup in a COW mapping (private, VM_MAYWRITE)
    adds FOLL_WRITE after the VMA permission check, so the page is write-faulted (copied unless it can be
    reused) before the reference is taken; can_follow_write_pte() then accepts a dirty read-only PTE after
    such a fault in a VMA without VM_WRITE (FOLL_COW, no FOLL_FORCE needed), and the page is dirtied.  Since
    commit a308c71bf1e6 ("mm/gup: Remove enfornced COW mechanism") in v5.9-rc4: REMOVED, as before (the
    refcount-based reuse test of 09854ba94c6a, merged with it, covers the same case).  Before: NONE, a read
    reference is taken on the page as it is.
    """

    NONE = "none"
    FORCED = "forced"
    REMOVED = "removed"


class FollForceWrite(Enum):
    """How get_user_pages() completes a FOLL_FORCE write into a VMA without VM_WRITE (ptrace, /proc/PID/mem)
    after the write fault broke COW: what its retry of follow_page() accepts (mm/memory.c until 3.17, then
    mm/gup.c).

    DROP_WRITE (2.6.19, already so since f33ea7f404e5 "fix get_user_pages bug" of 2005 undid 4ceb5db9757a):
    a fault that returns VM_FAULT_WRITE (do_wp_page() copied or reused the page) clears FOLL_WRITE
    (``foll_flags &= ~FOLL_WRITE``; faultin_page() from 3.18), so the retry is a read and takes whatever
    page the PTE maps by then: if another thread zapped the COW copy in between (MADV_DONTNEED), a read
    fault maps the page-cache page and the forced write lands in the file (Dirty COW, CVE-2016-5195).
    Since commit 19be0eaffa3a ("mm: remove gup_flags FOLL_WRITE games from __get_user_pages()") in
    v4.9-rc2 (and 4.8.3): FOLL_COW, FOLL_WRITE stays and faultin_page() sets FOLL_COW; follow_page_pte()
    accepts a read-only PTE for a write only with FOLL_COW on a dirty PTE (can_follow_write_pte()).  Since
    commit 5535be309971 ("mm/gup: fix FOLL_FORCE COW security issue and remove FOLL_COW") in v6.0:
    ANON_EXCLUSIVE, no FOLL_COW: can_follow_write_pte() accepts a read-only PTE for a FOLL_FORCE write in a
    private VMA with VM_MAYWRITE and without VM_WRITE only if it maps an anon page that is AnonExclusive.
    """

    DROP_WRITE = "drop-write"
    FOLL_COW = "foll-cow"
    ANON_EXCLUSIVE = "anon-exclusive"


class AnonExclusive(Enum):
    """PG_anon_exclusive, the exclusive marker of swap PTEs and GUP unsharing.

    Since commit 6c287605fd56 ("mm: remember exclusively mapped anonymous pages with PG_anon_exclusive") in
    v5.19, with 1493a1913e34 ("mm/swap: remember PG_anon_exclusive via a swp pte bit") and a7f226604170
    ("mm/gup: trigger FAULT_FLAG_UNSHARE when R/O-pinning a possibly shared anonymous page"): TRACKED, new
    anon pages are exclusive, fork clears the bit, swap-out moves it into the swap PTE, a pin of a shared
    anon page unshares (copies) it first.  Before: ABSENT.
    """

    ABSENT = "absent"
    TRACKED = "tracked"


class SwapinCow(Enum):
    """Which swapped-in anon page do_swap_page() maps writable on a write fault.

    Since commit c145e0b47c77 ("mm: streamline COW logic in do_swap_page()") in v5.18 (David Hildenbrand's
    "mm: COW fixes part 1", with 53a05ad9f21d): REFCOUNT, the same test as do_wp_page()'s since 5.9: the
    swap cache is freed first when only this fault uses the slot (should_try_to_free_swap(): page_count 2,
    or swap full, or VM_LOCKED), then the page is reused if its refcount is 1, so a GUP reference keeps it
    shared and the write copies it.  Before: SWAPCOUNT, reuse_swap_page() (can_share_swap_page() before
    2.6.29; before 2.6.13 its page_count test, :class:`WpReuseAnon` PAGE_COUNT): mapcount + swap count 1,
    which a GUP reference does not raise; that left 5.9-5.17's refcount
    reuse in do_wp_page() with a hole on swap-in (CVE-2020-29374 again).  From 5.19 the exclusive marker of
    :class:`AnonExclusive` decides as well.
    """

    SWAPCOUNT = "swapcount"
    REFCOUNT = "refcount"


class InsertZeroPage(Enum):
    """vm_insert_page() / vmf_insert_mixed() of the shared zero page.

    Since commit fce831c92092 ("mm/memory: cleanly support zeropage in vm_insert_page*(), vm_map_pages*() and
    vmf_insert_mixed()") in v6.11: SPECIAL, a special PTE with no reference or mapcount.  Before: COUNTED,
    vm_insert_page() inserts the zero page like any page (reference, mapcount, file rss), and so does
    vm_insert_mixed() without pte_special; with pte_special (x86 from 2.6.27) vm_insert_mixed() already
    wrote a special PTE for every pfn, the zero page's included.
    """

    COUNTED = "counted"
    SPECIAL = "special"


class FaultAround(Enum):
    """Fault-around: a read fault on a page-cache VMA maps the neighbouring cached pages too.

    Since commit 8c6e50b0290c ("mm: introduce vm_ops->map_pages()") in v3.15, with its users in the same
    release (f1820361f83d, "mm: implement ->map_pages for page cache", and d7c1755179b8, "mm: implement
    ->map_pages for shmem/tmpfs"): MAP_PAGES, do_read_fault() first calls do_fault_around(), which maps through ->map_pages
    (filemap_map_pages(), also shmem's) every page already cached and uptodate in the aligned
    fault_around_bytes window (64 KiB: 16 pages), clipped to the VMA, the page table and the file size,
    wherever the PTE is still none; nothing is allocated and write faults do not fault around.  Before:
    ABSENT, a read fault maps the faulting page only.
    """

    ABSENT = "absent"
    MAP_PAGES = "map-pages"


class MprotectLocked(Enum):
    """mprotect() making a private VM_LOCKED VMA writable.

    Since commit 36f881883c57 ("mm: fix mprotect() behaviour on VM_LOCKED VMAs") in v4.2: POPULATE, mprotect_fixup() runs populate_vma_page_range() over the range when the VMA was
    VM_LOCKED, neither VM_WRITE nor VM_SHARED, and gains VM_WRITE, so write faults break COW at once
    (zero pages and file pages become exclusive anon pages); its errors are ignored.  Before: NONE, the
    pages stay until the first write fault.
    """

    NONE = "none"
    POPULATE = "populate"


class PopulateWrite(Enum):
    """Whether the mlock()/MAP_POPULATE prefault writes.

    Since commit 5ecfda041e4b ("mlock: avoid dirtying pages and triggering writeback") in v2.6.38:
    PRIVATE, __mlock_vma_pages_range() (later populate_vma_page_range()) asks
    for write faults only in private writable VMAs, to break COW; shared writable VMAs are read-faulted,
    so their pages are not dirtied.  Before: VM_WRITE, make_pages_present() write-faults every VMA with
    VM_WRITE.
    """

    VM_WRITE = "vm-write"
    PRIVATE = "private"


class PageReserved(Enum):
    """Whether the core honours PG_reserved on a page (include/linux/mm.h put_page(), mm/swap.c
    release_pages(), mm/memory.c).

    Since commit b5810039a54e ("[PATCH] core remove PageReserved") in v2.6.15-rc1: IGNORED, a PG_reserved
    page is refcounted, rmapped and counted in rss like any page (freeing one is a "Bad page state",
    mm/page_alloc.c).  Before (2.6.0 … 2.6.14): HONOURED, get_page() counts a PG_reserved page but
    put_page()/page_cache_release()/release_pages() ignore it, so a reference taken on one is never dropped
    and the page is never freed; get_user_pages() takes no reference on it; do_no_page() gives it no rss and
    page_add_file_rmap() no mapcount; do_wp_page() copies it (the page_count reuse test refuses it) and then
    adds one to rss instead of page_remove_rmap().  Read in v2.6.14 mm/memory.c and include/linux/mm.h.
    """

    HONOURED = "honoured"
    IGNORED = "ignored"


class ZeroCowRef(Enum):
    """Whether do_wp_page() (mm/memory.c) takes a reference on a PG_reserved old page before copying it.

    Since Dave Hansen's "[PATCH] fix page->count discrepancy for zero page" in v2.6.8 (-rc1 shortlog; a
    BitKeeper-era change with no git commit): SKIP, page_cache_get() only for a page that is not
    PG_reserved.  Before (2.6.0 … 2.6.7): LEAK, the old page always gets page_cache_get() and
    page_cache_release() after the copy, which ignores PG_reserved pages: every COW away from the ZERO_PAGE
    leaks one reference.  From 2.6.15-rc1 (:class:`PageReserved` IGNORED) both are ordinary references.
    """

    LEAK = "leak"
    SKIP = "skip"


class SpecialRule(Enum):
    """Which present PTEs zap_pte_range() and copy_one_pte() (mm/memory.c) treat as mapping no page (no
    put, rmap or rss, copied verbatim at fork).

    Before 2.6.15-rc1: PAGE_RESERVED, a PTE whose pfn has no struct page or whose page is PG_reserved, in
    any VMA; copy_one_pte() copies it before the COW write-protect, so it stays writable.  Since commit
    b5810039a54e ("[PATCH] core remove PageReserved") in v2.6.15-rc1: VMA_RESERVED, every PTE of a
    VM_RESERVED VMA ("never touch"), and elsewhere a pfn without struct page (print_bad_pte()); do_no_page()
    gives a page in a VM_RESERVED VMA no rss and no rmap but keeps the handler's reference.  Since commit
    6aab341e0a28 ("mm: re-architect the VM_UNPAGED logic") in v2.6.15-rc3: PFNMAP_LINEAR, vm_normal_page():
    a VM_PFNMAP PTE on the vm_pgoff linear rule.  Since commit fb155c1619f0 ("Allow arbitrary shared
    PFNMAP's") in v2.6.15-rc6, with 67121172f975: PFNMAP_NONCOW, also every PTE of a non-COW VM_PFNMAP VMA
    (the rule :func:`~mmspec.mm.memory.vm_normal_page` models without pte_special).
    """

    PAGE_RESERVED = "page-reserved"
    VMA_RESERVED = "vma-reserved"
    PFNMAP_LINEAR = "pfnmap-linear"
    PFNMAP_NONCOW = "pfnmap-noncow"


class GupVmaFilter(Enum):
    """The VMAs get_user_pages() (mm/memory.c) refuses with -EFAULT.

    Before 2.6.15-rc1: IO, VM_IO (in 2.6.0 … 2.6.9 only when pages are requested, which every model GUP
    does).  Since commit b5810039a54e ("[PATCH] core remove PageReserved") in v2.6.15-rc1: IO_RESERVED,
    VM_IO|VM_RESERVED.  Since commit ed5297a94090 ("[PATCH] unpaged: get_user_pages VM_RESERVED") in
    v2.6.15-rc3: IO_ONLY, VM_IO again.  Since commit 1ff8038988ad ("get_user_pages: don't try to follow
    PFNMAP pages") in v2.6.15-rc6: IO_PFNMAP, VM_IO|VM_PFNMAP.
    """

    IO = "io"
    IO_RESERVED = "io-reserved"
    IO_ONLY = "io-only"
    IO_PFNMAP = "io-pfnmap"


class ReclaimBackoff(Enum):
    """Whether try_to_unmap_one() (mm/rmap.c) backs off from a swap-cache page with extra references.

    Since Andrea Arcangeli's fix ("[PATCH] get_user_pages vs. try_to_unmap", sent by Hugh Dickins on
    2 Jun 2004 against 2.6.7-rc2; BitKeeper era, no git commit) in v2.6.7: EXTRA_REF, a swap-cache page
    whose page_count differs from page_mapcount + 2 (the swap cache and reclaim's own reference) is not
    unmapped (SWAP_FAIL), so a get_user_pages() reference keeps the page mapped.  Since commit c475a8ab625d
    ("[PATCH] can_share_swap_page: use page_mapcount") in v2.6.13: REMOVED, the reuse test counts
    mappings instead (:class:`WpReuseAnon` MAPCOUNT).  Before 2.6.7: NONE.  Read in v2.6.12 mm/rmap.c.
    """

    NONE = "none"
    EXTRA_REF = "extra-ref"
    REMOVED = "removed"


class ForkCopy(Enum):
    """Which VMAs copy_page_range() (mm/memory.c) copies at fork.

    Since commit d992895ba2b2 ("[PATCH] Lazy page table copies in fork()") in v2.6.14: LAZY, a VMA without
    anon_vma is skipped unless a fault could not rebuild its PTEs (VM_RESERVED until 2.6.15-rc2, then
    VM_PFNMAP and the :class:`InsertPageFlag` flag; :func:`~mmspec.mm.memory.fork_copies`).  Before: ALL,
    every VMA's PTEs are copied.
    """

    ALL = "all"
    LAZY = "lazy"


class RemapPfn(Enum):
    """What remap_pfn_range() (remap_page_range() before 2.6.10; mm/memory.c) does over a whole VMA.

    Before 2.6.15-rc1: a PTE only for a pfn without struct page or with a PG_reserved page (an ordinary RAM
    page is left unmapped, to be faulted like any page) and no counts; RESERVED_PAGES_NO_FLAGS, no VMA flag
    set (2.6.0, 2.6.9: drivers set VM_IO themselves), then RESERVED_PAGES, VM_IO|VM_RESERVED, with
    remap_pfn_range() ("vm: introduce remap_pfn_range() to replace remap_page_range()", 2.6.10-rc1 shortlog;
    the flags read in v2.6.11, not in 2.6.9; 2.6.10 itself not read).  Since commit b5810039a54e ("[PATCH]
    core remove PageReserved") in v2.6.15-rc1: ALL_PFNS, a PTE for every pfn, VM_IO|VM_RESERVED.  Since
    commit 6aab341e0a28 ("mm: re-architect the VM_UNPAGED logic") in v2.6.15-rc3: PFNMAP_PGOFF, also
    VM_PFNMAP, and vm_pgoff = the first pfn for every VMA.  Since commit 7fc7e2eeecb5 ("Remove (at least
    temporarily) the "incomplete PFN mapping" support") in v2.6.15-rc6 (with fb155c1619f0): PFNMAP_COW_PGOFF,
    vm_pgoff = pfn only for a COW mapping, which must be remapped whole.  (The model's drivers remap whole
    VMAs, so rc4's incomplete-remap path, 238f58d898df, is never taken.)
    """

    RESERVED_PAGES_NO_FLAGS = "reserved-pages-no-flags"
    RESERVED_PAGES = "reserved-pages"
    ALL_PFNS = "all-pfns"
    PFNMAP_PGOFF = "pfnmap-pgoff"
    PFNMAP_COW_PGOFF = "pfnmap-cow-pgoff"


class DirtyTracking(Enum):
    """Whether shared writable file mappings start with read-only PTEs to track dirtying.

    Since commit d08b3851da41 ("[PATCH] mm: tracking shared dirty pages") in v2.6.19: WRITENOTIFY,
    vma_wants_writenotify() (include/linux/mm.h) gives a shared writable mapping of a file whose
    backing device accounts dirty pages a read-only vm_page_prot, so the first store faults
    (do_wp_page() reuses and dirties) and mprotect() keeps only dirty PTEs writable.  Before: NONE,
    vm_page_prot of a shared writable VMA is writable (protection_map[] in mm/mmap.c).
    """

    NONE = "none"
    WRITENOTIFY = "writenotify"


@dataclass(frozen=True)
class Since:
    """One value of a switch and the release that first shipped it.

    ``release`` is a release name (``4.2``, or ``5.9-rc4`` when the candidate that first carried the change
    matters or is known); "" for the value in force at the oldest modelled release (2.6.0) whose start is
    not dated here.  ``uncertain`` says why the release is in doubt, and ``between`` names the first and last
    release it may really have shipped in: a run under a release in that window whose result depends on
    the value prints a note.
    """

    value: Enum
    release: str = ""
    commit: str = ""
    subject: str = ""
    uncertain: str = ""
    between: tuple[str, str] | None = None


@dataclass(frozen=True)
class SwitchDef:
    """Documentation of one switch: its field on :class:`~mmspec.era.Era` and, in ``dated``, every value it
    took in history order with the release and commit that brought it; a release's value is the last one
    dated at or before it."""

    field: str
    kind: type[Enum]
    summary: str
    dated: tuple[Since, ...]
    # Values no kernel had (a hypothetical era's), which ``dated`` therefore does not list.
    hypothetical: tuple[Enum, ...] = ()
    # Companion commits of the switch's changes that are not a change of the switch themselves (a commit
    # of the same series, or the one the change builds on), as (version, commit, subject).
    related: tuple[tuple[str, str, str], ...] = ()
    # The VMA flags whose treatment the switch changes (a run whose VMAs lack them cannot tell its values
    # apart), and for some values the rule in one clause (the verdict quotes it), as (value, clause).
    vm_flags: tuple[str, ...] = ()
    rules: tuple[tuple[str, str], ...] = ()

    def rule(self, value: Enum) -> str:
        """The one-clause rule of ``value`` ("" if the switch has none)."""
        return dict(self.rules).get(value.value, "")

    @property
    def changes(self) -> tuple[tuple[str, str, str], ...]:
        """(release, commit, subject) of every dated value that names its commit, in history order."""
        return tuple((d.release, d.commit, d.subject) for d in self.dated if d.commit)

    @property
    def uncertain(self) -> str:
        """What is uncertain about the releases of this switch's values ("" if nothing)."""
        return "; ".join(f"{d.release} ({d.value.value}): {d.uncertain}" for d in self.dated if d.uncertain)

    @property
    def history(self) -> str:
        return " ".join((self.kind.__doc__ or "").split())


SWITCHES: tuple[SwitchDef, ...] = (
    SwitchDef(
        "vnp_reserved",
        VnpReserved,
        "vm_normal_page() returns NULL for VM_RESERVED VMAs (hypothetical)",
        (Since(VnpReserved.IGNORED),),
        related=(("2.6.15-rc3", "6aab341e0a28", "mm: re-architect the VM_UNPAGED logic"),),
        hypothetical=(VnpReserved.RETURNS_NULL,),
        vm_flags=("VM_RESERVED",),
        rules=(
            (
                "ignored",
                "vm_normal_page() ignores VM_RESERVED, so zap_pte_range() releases the pages do_no_page() counted",
            ),
            (
                "returns-null",
                "vm_normal_page() returns NULL for VM_RESERVED VMAs, so zap_pte_range() skips "
                "the pages do_no_page() (which does not ask it) still counts",
            ),
        ),
    ),
    SwitchDef(
        "nopage",
        Nopage,
        "the ->nopage hook",
        (
            Since(Nopage.AVAILABLE),
            Since(
                Nopage.LEGACY, "2.6.23", "54cb8821de07", "mm: merge populate and nopage into fault (fixes nonlinear)"
            ),
            Since(Nopage.REMOVED, "2.6.26", "3c18ddd160d1", "mm: remove nopage"),
        ),
    ),
    SwitchDef(
        "nopfn",
        Nopfn,
        "the ->nopfn hook",
        (
            Since(Nopfn.ABSENT),
            Since(Nopfn.AVAILABLE, "2.6.19", "f4b81804a2d1", "[PATCH] do_no_pfn()"),
            Since(Nopfn.REFAULT, "2.6.21", "22cd25ed31bb", "[PATCH] Add NOPFN_REFAULT result from vm_ops->nopfn()"),
            Since(Nopfn.REMOVED, "2.6.27", "0d71d10a4252", "mm: remove nopfn"),
        ),
    ),
    SwitchDef(
        "fault_hook",
        FaultHook,
        "the ->fault hook",
        (
            Since(FaultHook.ABSENT),
            Since(
                FaultHook.NO_PFNMAP,
                "2.6.23",
                "54cb8821de07",
                "mm: merge populate and nopage into fault (fixes nonlinear)",
            ),
            Since(FaultHook.PFNMAP_OK, "2.6.26", "42172d751b45", "mm: allow pfnmap ->fault()s"),
        ),
    ),
    SwitchDef(
        "insert_pfn",
        InsertPfn,
        "vm_insert_pfn() / vmf_insert_pfn()",
        (
            Since(InsertPfn.ABSENT),
            Since(InsertPfn.PFNMAP, "2.6.21", "e0dc0d8f4a32", "[PATCH] add vm_insert_pfn()"),
            Since(InsertPfn.PFNMAP_OR_MIXEDMAP, "2.6.26", "b379d790197c", "mm: introduce VM_MIXEDMAP"),
        ),
        related=(("2.6.26", "7e675137a8e1", "mm: introduce pte_special pte bit"),),
    ),
    SwitchDef(
        "zero_page",
        ZeroPage,
        "what an anonymous read fault maps",
        (
            Since(ZeroPage.RESERVED),
            Since(ZeroPage.REFCOUNTED, "2.6.15-rc1", "b5810039a54e", "[PATCH] core remove PageReserved"),
            Since(ZeroPage.NONE, "2.6.24", "557ed1fa2620", "remove ZERO_PAGE"),
            Since(ZeroPage.SPECIAL, "2.6.32", "a13ea5b75964", "mm: reinstate ZERO_PAGE"),
        ),
    ),
    SwitchDef(
        "mixedmap",
        MixedMap,
        "VM_MIXEDMAP and vm_insert_mixed()",
        (Since(MixedMap.ABSENT), Since(MixedMap.PRESENT, "2.6.26", "b379d790197c", "mm: introduce VM_MIXEDMAP")),
        related=(("2.6.26", "423bad600443", "mm: add vm_insert_mixed"),),
    ),
    SwitchDef(
        "pte_special",
        PteSpecial,
        "the special PTE bit (x86)",
        (Since(PteSpecial.NONE), Since(PteSpecial.BIT, "2.6.27", "a0a8f5364a5a", "x86: implement pte_special")),
    ),
    SwitchDef(
        "follow_special",
        FollowSpecial,
        "follow_page() on a special PTE",
        (
            Since(FollowSpecial.NO_PAGE),
            Since(
                FollowSpecial.EFAULT,
                "2.6.26",
                "89f5b7da2a6b",
                "Reinstate ZERO_PAGE optimization in 'get_user_pages()' and fix XIP",
            ),
        ),
    ),
    SwitchDef(
        "foll_anon",
        FollAnon,
        "get_user_pages() reading an untouched anonymous page",
        (
            Since(FollAnon.TABLE_ONLY),
            Since(
                FollAnon.PTE_NONE,
                "2.6.26",
                "89f5b7da2a6b",
                "Reinstate ZERO_PAGE optimization in 'get_user_pages()' and fix XIP",
            ),
            Since(FollAnon.GONE, "2.6.32", "8e4b9a607189", "mm: FOLL_DUMP replace FOLL_ANON"),
        ),
    ),
    SwitchDef(
        "lock_referenced",
        LockReferenced,
        "reclaim and mlocked PTEs",
        (
            Since(LockReferenced.NO),
            Since(LockReferenced.YES, "2.6.25", "5a9bbdcd29ad", "mm: don't waste swap on locked pages"),
        ),
    ),
    SwitchDef(
        "mlock_errno",
        MlockErrno,
        "what mlock() returns when its prefault fails",
        (Since(MlockErrno.PREFAULT), Since(MlockErrno.ENOMEM, "2.6.27", "a477097d9c37", "mlock() fix return values")),
        related=(("2.6.28", "9978ad583e10", "mlock: make mlock error return Posixly Correct"),),
    ),
    SwitchDef(
        "wp_shared_special",
        WpSharedSpecial,
        "write fault on a special PTE of a shared writable VMA",
        (
            Since(WpSharedSpecial.COPY),
            Since(WpSharedSpecial.REUSE, "2.6.26", "251b97f552b1", "mm: dirty page accounting vs VM_MIXEDMAP"),
        ),
    ),
    SwitchDef(
        "mlock_special",
        MlockSpecial,
        "mlock() of special VMAs",
        (
            Since(MlockSpecial.LOCK_ALL),
            Since(MlockSpecial.SKIP_IO_PFNMAP, "2.6.28", "b291f000393f", "mlock: mlocked pages are unevictable"),
            Since(
                MlockSpecial.SKIP_SPECIAL,
                "3.7",
                "314e51b9851b",
                "mm: kill vma flag VM_RESERVED and mm->reserved_vm counter",
            ),
        ),
    ),
    SwitchDef(
        "reserved",
        Reserved,
        "VM_RESERVED and reserved_vm",
        (
            Since(Reserved.PRESENT),
            Since(Reserved.REMOVED, "3.7", "314e51b9851b", "mm: kill vma flag VM_RESERVED and mm->reserved_vm counter"),
        ),
        vm_flags=("VM_RESERVED",),
        related=(("3.7", "0103bd16fb90", "mm: prepare VM_DONTDUMP for using in drivers"),),
    ),
    SwitchDef(
        "insert_page_flag",
        InsertPageFlag,
        "the VMA flag vm_insert_page() sets",
        (
            Since(InsertPageFlag.ABSENT),
            Since(InsertPageFlag.NO_FLAG, "2.6.15-rc4", "a145dd411eb2", 'VM: add "vm_insert_page()" function'),
            Since(
                InsertPageFlag.INSERTPAGE,
                "2.6.15-rc6",
                "4d7672b46244",
                'Make sure we copy pages inserted with "vm_insert_page()" on fork',
            ),
            Since(InsertPageFlag.MIXEDMAP, "3.7", "4b6e1e37026e", "mm: kill vma flag VM_INSERTPAGE"),
        ),
    ),
    SwitchDef(
        "no_fault_handler",
        NoFaultHandler,
        "a fault in a VMA without a fault handler",
        (
            Since(NoFaultHandler.ANONYMOUS),
            Since(
                NoFaultHandler.SIGBUS, "4.2", "6b7339f4c31a", "mm: avoid setting up anonymous pages into file mapping"
            ),
        ),
    ),
    SwitchDef(
        "wipeonfork",
        WipeOnFork,
        "MADV_WIPEONFORK",
        (
            Since(WipeOnFork.ABSENT),
            Since(WipeOnFork.PRESENT, "4.14", "d2cd9ede6e19", "mm,fork: introduce MADV_WIPEONFORK"),
        ),
    ),
    SwitchDef(
        "madv_pageout",
        MadvPageout,
        "MADV_PAGEOUT",
        (Since(MadvPageout.ABSENT), Since(MadvPageout.PRESENT, "5.4", "1a4e58cce84e", "mm: introduce MADV_PAGEOUT")),
    ),
    SwitchDef(
        "populate_write",
        PopulateWrite,
        "whether the mlock()/MAP_POPULATE prefault writes",
        (
            Since(PopulateWrite.VM_WRITE),
            Since(
                PopulateWrite.PRIVATE, "2.6.38", "5ecfda041e4b", "mlock: avoid dirtying pages and triggering writeback"
            ),
        ),
    ),
    SwitchDef(
        "fault_around",
        FaultAround,
        "a read fault mapping the neighbouring cached pages",
        (
            Since(FaultAround.ABSENT),
            Since(FaultAround.MAP_PAGES, "3.15", "8c6e50b0290c", "mm: introduce vm_ops->map_pages()"),
        ),
        related=(
            ("3.15", "f1820361f83d", "mm: implement ->map_pages for page cache"),
            ("3.15", "d7c1755179b8", "mm: implement ->map_pages for shmem/tmpfs"),
        ),
    ),
    SwitchDef(
        "mprotect_locked",
        MprotectLocked,
        "mprotect() making a private VM_LOCKED VMA writable",
        (
            Since(MprotectLocked.NONE),
            Since(MprotectLocked.POPULATE, "4.2", "36f881883c57", "mm: fix mprotect() behaviour on VM_LOCKED VMAs"),
        ),
    ),
    SwitchDef(
        "reclaim_pinned",
        ReclaimPinned,
        "reclaim of possibly pinned anon pages",
        (
            Since(ReclaimPinned.SWAP),
            Since(ReclaimPinned.SKIP, "5.11-rc4", "feb889fb40fa", "mm: don't put pinned pages into the swap cache"),
        ),
    ),
    SwitchDef(
        "pin",
        Pin,
        "FOLL_PIN and GUP_PIN_COUNTING_BIAS",
        (Since(Pin.GET_ONLY), Since(Pin.PIN_BIAS, "5.7", "3faa52c03f44", "mm/gup: track FOLL_PIN pages")),
        related=(("5.6", "eddb1c228f79", "mm/gup: introduce pin_user_pages*() and FOLL_PIN"),),
    ),
    SwitchDef(
        "wp_reuse_anon",
        WpReuseAnon,
        "when a write fault reuses an anon page",
        (
            Since(WpReuseAnon.PAGE_COUNT),
            Since(WpReuseAnon.MAPCOUNT, "2.6.13", "c475a8ab625d", "[PATCH] can_share_swap_page: use page_mapcount"),
            Since(WpReuseAnon.REFCOUNT, "5.9-rc4", "09854ba94c6a", "mm: do_wp_page() simplification"),
            Since(
                WpReuseAnon.REFCOUNT_FREE_SWAP,
                "5.18",
                "53a05ad9f21d",
                "mm: optimize do_wp_page() for exclusive pages in the swapcache",
            ),
            Since(
                WpReuseAnon.ANON_EXCLUSIVE,
                "5.19",
                "6c287605fd56",
                "mm: remember exclusively mapped anonymous pages with PG_anon_exclusive",
            ),
        ),
        related=(
            ("2.6.13", "d296e9cd02c9", "[PATCH] do_wp_page: cannot share file page"),
            ("5.9-rc4", "a308c71bf1e6", "mm/gup: Remove enfornced COW mechanism"),
            ("5.18", "d4c470970d45", "mm: optimize do_wp_page() for fresh pages in local LRU pagevecs"),
        ),
    ),
    SwitchDef(
        "wp_reuse_unlock",
        WpReuseUnlock,
        "where a write fault's anon reuse unlocks the page",
        (
            Since(WpReuseUnlock.BEFORE_REUSE),
            Since(WpReuseUnlock.AFTER_PTL, "5.9-rc4", "09854ba94c6a", "mm: do_wp_page() simplification"),
            Since(WpReuseUnlock.RESTORED, "5.9-rc7", "be068f29034f", "mm: fix misplaced unlock_page in do_wp_page()"),
        ),
    ),
    SwitchDef(
        "wp_reuse_swap",
        WpReuseSwap,
        "the swap cache of a reused anon page",
        (
            Since(WpReuseSwap.KEEP),
            Since(WpReuseSwap.DROP, "2.6.29", "7b1fe59793e6", "mm: reuse_swap_page replaces can_share_swap_page"),
        ),
    ),
    SwitchDef(
        "pin_zero_page",
        PinZeroPage,
        "FOLL_PIN on the zero page",
        (
            Since(PinZeroPage.PINNED),
            Since(PinZeroPage.SKIPPED, "6.5", "c8070b787519", "mm: Don't pin ZERO_PAGE in pin_user_pages()"),
        ),
    ),
    SwitchDef(
        "gup_fast",
        GupFast,
        "the lockless GUP-fast walk and fork's write_protect_seq",
        (
            Since(GupFast.ABSENT),
            Since(GupFast.LOCKLESS, "2.6.27", "8174c430e445", "x86: lockless get_user_pages_fast()"),
            Since(
                GupFast.SEQCOUNT,
                "5.11-rc1",
                "57efa1fe5957",
                "mm/gup: prevent gup_fast from racing with COW during fork",
            ),
        ),
    ),
    SwitchDef(
        "fork_pinned",
        ForkPinned,
        "fork of a possibly pinned page",
        (
            Since(ForkPinned.SHARE),
            Since(
                ForkPinned.COPY_MAYBE_PINNED,
                "5.9-rc7",
                "70e806e4e645",
                "mm: Do early cow for pinned pages during fork() for ptes",
            ),
            Since(
                ForkPinned.COPY_EXCLUSIVE_PINNED,
                "5.19",
                "6c287605fd56",
                "mm: remember exclusively mapped anonymous pages with PG_anon_exclusive",
            ),
        ),
        related=(
            ("5.9-rc7", "008cfe4418b3", "mm: Introduce mm_struct.has_pinned"),
            (
                "5.19",
                "fb3d824d1a46",
                "mm/rmap: split page_dup_rmap() into page_dup_file_rmap() and page_try_dup_anon_rmap()",
            ),
        ),
    ),
    SwitchDef(
        "gup_cow_break",
        GupCowBreak,
        "get_user_pages() breaking COW for read references",
        (
            Since(GupCowBreak.NONE),
            Since(
                GupCowBreak.FORCED,
                "5.8",
                "17839856fd58",
                'gup: document and work around "COW can break either way" issue',
            ),
            Since(GupCowBreak.REMOVED, "5.9-rc4", "a308c71bf1e6", "mm/gup: Remove enfornced COW mechanism"),
        ),
    ),
    SwitchDef(
        "foll_force_write",
        FollForceWrite,
        "what GUP's retry accepts after a FOLL_FORCE write's COW fault",
        (
            Since(FollForceWrite.DROP_WRITE),
            Since(
                FollForceWrite.FOLL_COW,
                "4.9-rc2",
                "19be0eaffa3a",
                "mm: remove gup_flags FOLL_WRITE games from __get_user_pages()",
            ),
            Since(
                FollForceWrite.ANON_EXCLUSIVE,
                "6.0",
                "5535be309971",
                "mm/gup: fix FOLL_FORCE COW security issue and remove FOLL_COW",
            ),
        ),
    ),
    SwitchDef(
        "anon_exclusive",
        AnonExclusive,
        "PageAnonExclusive, the swap PTE marker and GUP unsharing",
        (
            Since(AnonExclusive.ABSENT),
            Since(
                AnonExclusive.TRACKED,
                "5.19",
                "6c287605fd56",
                "mm: remember exclusively mapped anonymous pages with PG_anon_exclusive",
            ),
        ),
    ),
    SwitchDef(
        "swapin_cow",
        SwapinCow,
        "the reuse test of do_swap_page()'s write fault",
        (
            Since(SwapinCow.SWAPCOUNT),
            Since(SwapinCow.REFCOUNT, "5.18", "c145e0b47c77", "mm: streamline COW logic in do_swap_page()"),
        ),
    ),
    SwitchDef(
        "insert_zero_page",
        InsertZeroPage,
        "inserting the zero page",
        (
            Since(InsertZeroPage.COUNTED),
            Since(
                InsertZeroPage.SPECIAL,
                "6.11",
                "fce831c92092",
                "mm/memory: cleanly support zeropage in vm_insert_page*(), vm_map_pages*() and vmf_insert_mixed()",
            ),
        ),
    ),
    SwitchDef(
        "page_reserved",
        PageReserved,
        "PG_reserved pages in the core (put_page() ignores them)",
        (
            Since(PageReserved.HONOURED),
            Since(PageReserved.IGNORED, "2.6.15-rc1", "b5810039a54e", "[PATCH] core remove PageReserved"),
        ),
    ),
    SwitchDef(
        "zero_cow_ref",
        ZeroCowRef,
        "do_wp_page()'s reference on a PG_reserved old page",
        (
            Since(ZeroCowRef.LEAK),
            Since(
                ZeroCowRef.SKIP,
                "2.6.8",
                "",
                "[PATCH] fix page->count discrepancy for zero page",
            ),
        ),
    ),
    SwitchDef(
        "special_rule",
        SpecialRule,
        "which PTEs zap and fork treat as mapping no page",
        (
            Since(SpecialRule.PAGE_RESERVED),
            Since(SpecialRule.VMA_RESERVED, "2.6.15-rc1", "b5810039a54e", "[PATCH] core remove PageReserved"),
            Since(SpecialRule.PFNMAP_LINEAR, "2.6.15-rc3", "6aab341e0a28", "mm: re-architect the VM_UNPAGED logic"),
            Since(SpecialRule.PFNMAP_NONCOW, "2.6.15-rc6", "fb155c1619f0", "Allow arbitrary shared PFNMAP's"),
        ),
        related=(("2.6.15-rc6", "67121172f975", "Allow arbitrary read-only shared pfn-remapping too"),),
        vm_flags=("VM_RESERVED", "VM_PFNMAP"),
    ),
    SwitchDef(
        "gup_vma_filter",
        GupVmaFilter,
        "the VMAs get_user_pages() refuses",
        (
            Since(GupVmaFilter.IO),
            Since(GupVmaFilter.IO_RESERVED, "2.6.15-rc1", "b5810039a54e", "[PATCH] core remove PageReserved"),
            Since(GupVmaFilter.IO_ONLY, "2.6.15-rc3", "ed5297a94090", "[PATCH] unpaged: get_user_pages VM_RESERVED"),
            Since(
                GupVmaFilter.IO_PFNMAP,
                "2.6.15-rc6",
                "1ff8038988ad",
                "get_user_pages: don't try to follow PFNMAP pages",
            ),
        ),
        vm_flags=("VM_IO", "VM_RESERVED", "VM_PFNMAP"),
    ),
    SwitchDef(
        "reclaim_backoff",
        ReclaimBackoff,
        "reclaim backing off from pages with extra references",
        (
            Since(ReclaimBackoff.NONE),
            Since(ReclaimBackoff.EXTRA_REF, "2.6.7", "", "[PATCH] get_user_pages vs. try_to_unmap"),
            Since(ReclaimBackoff.REMOVED, "2.6.13", "c475a8ab625d", "[PATCH] can_share_swap_page: use page_mapcount"),
        ),
    ),
    SwitchDef(
        "fork_copy",
        ForkCopy,
        "which VMAs fork copies",
        (
            Since(ForkCopy.ALL),
            Since(ForkCopy.LAZY, "2.6.14", "d992895ba2b2", "[PATCH] Lazy page table copies in fork()"),
        ),
    ),
    SwitchDef(
        "remap_pfn",
        RemapPfn,
        "what remap_pfn_range() maps and the flags it sets",
        (
            Since(RemapPfn.RESERVED_PAGES_NO_FLAGS),
            Since(
                RemapPfn.RESERVED_PAGES,
                "2.6.10",
                "",
                "vm: introduce remap_pfn_range() to replace remap_page_range()",
                uncertain="the flags are read in v2.6.11 and absent in v2.6.9; 2.6.10 was not read (BitKeeper era)",
                between=("2.6.10", "2.6.11"),
            ),
            Since(RemapPfn.ALL_PFNS, "2.6.15-rc1", "b5810039a54e", "[PATCH] core remove PageReserved"),
            Since(RemapPfn.PFNMAP_PGOFF, "2.6.15-rc3", "6aab341e0a28", "mm: re-architect the VM_UNPAGED logic"),
            Since(
                RemapPfn.PFNMAP_COW_PGOFF,
                "2.6.15-rc6",
                "7fc7e2eeecb5",
                'Remove (at least temporarily) the "incomplete PFN mapping" support',
            ),
        ),
        related=(("2.6.15-rc6", "fb155c1619f0", "Allow arbitrary shared PFNMAP's"),),
        vm_flags=("VM_IO", "VM_RESERVED", "VM_PFNMAP"),
    ),
    SwitchDef(
        "dirty_tracking",
        DirtyTracking,
        "read-only PTEs in shared writable file mappings (dirty tracking)",
        (
            Since(DirtyTracking.NONE),
            Since(DirtyTracking.WRITENOTIFY, "2.6.19", "d08b3851da41", "[PATCH] mm: tracking shared dirty pages"),
        ),
    ),
)
