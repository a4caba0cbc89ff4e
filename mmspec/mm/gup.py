"""Model of get_user_pages(), pin_user_pages() and follow_page() (mm/memory.c until 3.17, mm/gup.c after).

The page tables of a VMA are taken to exist, so the FOLL_ANON shortcut for a missing page table (ZERO_PAGE
without a fault) is not modelled before 2.6.26; 2.6.26-2.6.31 take it for an empty PTE too
(:class:`~mmspec.era.FollAnon`), and that is modelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from mmspec.era import (
    AnonExclusive,
    Era,
    FollAnon,
    FollForceWrite,
    FollowSpecial,
    GupCowBreak,
    GupFast,
    GupVmaFilter,
    PageReserved,
    Pin,
    PinZeroPage,
    SpecialRule,
    ZeroPage,
)
from mmspec.mm.ledger import count_changed, kernel_function
from mmspec.mm.memory import (
    GUP_PIN_COUNTING_BIAS,
    ZERO_PFN,
    do_wp_page,
    handle_mm_fault,
    is_cow_mapping,
    set_page_dirty,
    vm_normal_page,
)
from mmspec.mm.mm_types import PG, VM, Foll, GupLocals, Kernel, KLogKind, Ops, Pte, Vma, fast_records, replace
from mmspec.mm.outcome import VmFault
from mmspec.mm.swap import get_page, mark_page_accessed, put_page

# After this many faults that leave follow_page() without a page, the loop would spin forever.
GUP_RETRY_LIMIT = 4


class NoPage(Enum):
    """Why follow_page() returned no page: what get_user_pages() must do next."""

    FAULT = "fault"  # NULL: fault the page in and retry
    EFAULT = "efault"  # ERR_PTR(-EFAULT): a special PTE (2.6.26+)
    UNSHARE = "unshare"  # ERR_PTR(-EMLINK) (5.19+): unshare the anon page, then retry


@kernel_function()  # its reference is the caller's (a pipe, a ring), not the PTE's: no owner
def follow_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, foll: Foll) -> int | NoPage:
    """Model of follow_page() in mm/memory.c (mm/gup.c from 3.18) / follow_page_pte(): the page, or
    :class:`NoPage`: FAULT ("fault it in"), EFAULT, or UNSHARE (5.19: a read-only pin of an anon page that is
    not AnonExclusive must be unshared first).

    The PTE must be present, and writable for FOLL_WRITE.  vm_normal_page() NULL is "no page" (a fault and
    a retry; from 2.6.26 EFAULT, :class:`~mmspec.era.FollowSpecial`), except the zero pfn from 2.6.32, which
    yields the zero page; before 2.6.15-rc3 any pfn_valid() page is returned.  FOLL_GET takes a reference
    (before 2.6.15-rc1 none on a PG_reserved page); FOLL_PIN adds
    GUP_PIN_COUNTING_BIAS (from 6.5 not on the zero page) and marks the mm has_pinned.  A write dirties
    the page; the page is marked accessed.
    """
    pte = k.pte(mm, vpn)
    if pte is None and _foll_anon(era, vma, foll):
        if foll.get:
            get_page(k, ZERO_PFN)
        return ZERO_PFN  # FOLL_ANON: the zero page, nothing mapped
    if (
        pte is None
        or not pte.present
        or (foll.write and not pte.write and not can_follow_write_pte(k, era, vma, pte, foll))
    ):
        return NoPage.FAULT
    if era.special_rule in (SpecialRule.PAGE_RESERVED, SpecialRule.VMA_RESERVED):
        # Before 2.6.15-rc3 follow_page() returns any pfn_valid() page, PG_reserved ones included.
        pfn: int | None = pte.pfn if k.pfn_valid(pte.pfn) else None
    else:
        pfn = vm_normal_page(k, era, vma, vpn, pte)
    if pfn is None:
        if era.zero_page is ZeroPage.SPECIAL and pte.pfn == ZERO_PFN:
            pfn = ZERO_PFN
        elif era.follow_special is FollowSpecial.EFAULT:
            return NoPage.EFAULT
        else:
            return NoPage.FAULT
    page = k.page(pfn)
    if (
        foll.pin
        and not foll.write
        and page.anon
        and not page.anon_exclusive
        and era.anon_exclusive is AnonExclusive.TRACKED
    ):
        return NoPage.UNSHARE
    if foll.pin:
        if pfn != ZERO_PFN or era.pin_zero_page is PinZeroPage.PINNED:
            _add_pin_bias(k, pfn)
        k.mms[mm] = replace(k.counters(mm), has_pinned=True)
    elif foll.get and not (era.page_reserved is PageReserved.HONOURED and page.has(PG.PG_reserved)):
        get_page(k, pfn)  # before 2.6.15-rc1 get_user_pages() takes no reference on a PG_reserved page
    if foll.write and not pte.dirty and not k.page(pfn).has(PG.PG_dirty):
        set_page_dirty(k, pfn)
    mark_page_accessed(k, pfn)
    return pfn


def _add_pin_bias(k: Kernel, pfn: int) -> None:
    """try_grab_page()/try_grab_compound_head() in mm/gup.c with FOLL_PIN on a small page: + GUP_PIN_COUNTING_BIAS."""
    count = k.page(pfn).count
    k.set_page(pfn, count=count + GUP_PIN_COUNTING_BIAS)
    if k.ledger is not None:
        count_changed(k, pfn, count, count + GUP_PIN_COUNTING_BIAS, "FOLL_PIN: GUP_PIN_COUNTING_BIAS")


def can_follow_write_pte(k: Kernel, era: Era, vma: Vma, pte: Pte, foll: Foll) -> bool:
    """Model of can_follow_write_pte() in mm/gup.c (4.9+): whether a write lookup may take a read-only PTE
    (:class:`~mmspec.era.FollForceWrite`).  Before 4.9 never (the loop drops FOLL_WRITE instead); 4.9-5.19
    with FOLL_COW on a dirty PTE; from 6.0 for FOLL_FORCE in a private VMA with VM_MAYWRITE and without
    VM_WRITE, on an AnonExclusive anon page."""
    if era.foll_force_write is FollForceWrite.ANON_EXCLUSIVE:
        page = k.pages.get(pte.pfn)
        return (
            foll.force
            and vma.flags & (VM.VM_SHARED | VM.VM_MAYWRITE | VM.VM_WRITE) == VM.VM_MAYWRITE
            and page is not None
            and page.anon
            and page.anon_exclusive
        )
    return foll.cow and pte.dirty


def _foll_anon(era: Era, vma: Vma, foll: Foll) -> bool:
    """get_user_pages() sets FOLL_ANON for a read when use_zero_page(): not VM_LOCKED or VM_SHARED and no
    ->fault; 2.6.26-2.6.31 follow_page() then answers an empty PTE with ZERO_PAGE."""
    return (
        era.foll_anon is FollAnon.PTE_NONE
        and not foll.write
        and not vma.flags & (VM.VM_LOCKED | VM.VM_SHARED)
        and vma.ops in (Ops.NONE, Ops.NOFAULT)
    )


@dataclass(frozen=True)
class GupResult:
    """The page get_user_pages() returned (with a reference or pin if asked), or the errno it failed with."""

    pfn: int | None
    errno: str | None = None


# The VMA flags get_user_pages() refuses (:class:`~mmspec.era.GupVmaFilter`).
_REFUSED = {
    GupVmaFilter.IO: VM.VM_IO,
    GupVmaFilter.IO_RESERVED: VM.VM_IO | VM.VM_RESERVED,
    GupVmaFilter.IO_ONLY: VM.VM_IO,
    GupVmaFilter.IO_PFNMAP: VM.VM_IO | VM.VM_PFNMAP,
}


@kernel_function()
def get_user_pages(
    k: Kernel, era: Era, mm: str, vpn: int, write: bool, get: bool = True, pin: bool = False, force: bool = False
) -> GupResult:
    """Model of get_user_pages(tsk, mm, start, 1, write, force, pages, NULL) in mm/memory.c (mm/gup.c from
    3.18) and, with ``pin``, pin_user_pages(), for one page, run to its end: :func:`gup_begin`, then
    :func:`gup_retry` until it returns a result."""
    call = gup_begin(k, era, mm, vpn, write, get, pin, force)
    while isinstance(call, GupLocals):
        call = gup_retry(k, era, mm, call)
    return call


def gup_begin(
    k: Kernel, era: Era, mm: str, vpn: int, write: bool, get: bool = True, pin: bool = False, force: bool = False
) -> GupLocals | GupResult:
    """The entry of get_user_pages() up to its ``retry:`` label: the VMA checks and the FOLL_* flags.  (Not
    declared for the ledger's call chain: it is part of get_user_pages().)

    No VMA, a VM_IO|VM_PFNMAP VMA (VM_IO before 2.6.15-rc6, VM_IO|VM_RESERVED in 2.6.15-rc1 and rc2:
    :class:`~mmspec.era.GupVmaFilter`) or missing VM_READ/VM_WRITE => -EFAULT; with ``force`` (FOLL_FORCE)
    VM_MAYREAD/VM_MAYWRITE stand in for them (2.6.19's ``vm_flags &= force ? (VM_MAYREAD | VM_MAYWRITE)``;
    check_vma_flags() in mm/gup.c later).  In 5.8 (:class:`~mmspec.era.GupCowBreak`) every reference into
    a COW mapping is taken as a write: the page is write-faulted (COW broken) first, even in a VMA without
    VM_WRITE (FOLL_COW).
    """
    if pin and era.pin is not Pin.PIN_BIAS:
        return GupResult(None, "EINVAL")  # no FOLL_PIN before 5.6/5.7 (rejected by the scenario checks)
    vma = k.find_vma(mm, vpn)
    if vma is None or vma.flags & _REFUSED[era.gup_vma_filter]:
        return GupResult(None, "EFAULT")
    needed = VM.VM_WRITE if write else VM.VM_READ
    if force:
        needed |= VM.VM_MAYWRITE if write else VM.VM_MAYREAD
    if not vma.flags & needed:
        return GupResult(None, "EFAULT")
    # 5.8's should_force_cow_break(): FOLL_WRITE for any reference into a COW mapping, after the check above.
    forced = era.gup_cow_break is GupCowBreak.FORCED and (get or pin) and is_cow_mapping(vma.flags)
    return GupLocals(vpn, Foll(write=write or forced, get=get, pin=pin, force=force))


def gup_retry(k: Kernel, era: Era, mm: str, call: GupLocals) -> GupLocals | GupResult:
    """One pass of get_user_pages()' loop from its ``retry:`` label: follow_page(), and when it finds no
    page, the fault (faultin_page() from 3.18); the call is then back at ``retry:`` (returned), where the
    kernel runs cond_resched() with mmap_sem held for read, so another task of the mm may run there
    (docs/model.md, "Interleaving points").  The caller's mmap_sem keeps the VMA in place across it.

    While follow_page() finds nothing, handle_mm_fault() (SIGBUS => -EFAULT, OOM => -ENOMEM) and retry.
    From 5.19 a read-only pin of a shared anon page first runs an UNSHARE fault (a copy, mapped
    read-only).  A write fault that reached do_wp_page() (VM_FAULT_WRITE: it copied or reused the page) in a
    VMA without VM_WRITE clears FOLL_WRITE before 4.9 and sets FOLL_COW after
    (:class:`~mmspec.era.FollForceWrite`); 5.8's forced COW sets FOLL_COW after any fault, as before.
    """
    vpn, foll = call.vpn, call.foll
    if call.faults >= GUP_RETRY_LIMIT:
        k.log(
            KLogKind.LIVELOCK,
            f"get_user_pages({mm}, page {vpn:#x}): follow_page() finds no page after {GUP_RETRY_LIMIT} faults",
            mm=mm,
        )
        return GupResult(None, "LIVELOCK")
    vma = k.find_vma(mm, vpn)
    if vma is None:  # not reached: mmap_sem, held across retry:, keeps munmap out
        return GupResult(None, "EFAULT")
    got = follow_page(k, era, mm, vma, vpn, foll)
    if isinstance(got, int):
        return GupResult(got)
    if got is NoPage.EFAULT:
        return GupResult(None, "EFAULT")
    if got is NoPage.UNSHARE:
        pte = k.pte(mm, vpn)
        assert pte is not None
        do_wp_page(k, era, mm, vma, vpn, pte, unshare=True)
    else:
        before = k.pte(mm, vpn)
        fault = handle_mm_fault(k, era, mm, vma, vpn, foll.write)
        if fault is VmFault.SIGBUS:
            return GupResult(None, "EFAULT")
        if fault is VmFault.OOM:
            return GupResult(None, "ENOMEM")
        if foll.write and not vma.has(VM.VM_WRITE):
            # VM_FAULT_WRITE: handle_pte_fault() sent the write to do_wp_page() (a PTE that was there,
            # read-only, or do_swap_page()'s write path).
            wp_fault = before is not None and not (before.present and before.write)
            if era.foll_force_write is FollForceWrite.DROP_WRITE:
                if wp_fault:
                    foll = replace(foll, write=False)
            elif wp_fault or era.gup_cow_break is GupCowBreak.FORCED:
                foll = replace(foll, cow=True)
    return GupLocals(vpn, foll, call.faults + 1)


@kernel_function()
def unpin_user_page(k: Kernel, era: Era, pfn: int) -> None:
    """Model of unpin_user_page() in mm/gup.c: remove GUP_PIN_COUNTING_BIAS (not from the zero page from 6.5); the page
    is freed if that was the last reference."""
    if pfn == ZERO_PFN and era.pin_zero_page is PinZeroPage.SKIPPED:
        return
    page = k.page(pfn)
    k.set_page(pfn, count=page.count - GUP_PIN_COUNTING_BIAS + 1)
    if k.ledger is not None:
        count_changed(k, pfn, page.count, page.count - GUP_PIN_COUNTING_BIAS + 1, "GUP_PIN_COUNTING_BIAS less 1")
    put_page(k, pfn)


class FastMiss(Enum):
    """Why the lockless walk of get_user_pages_fast() (gup_pte_range() in mm/gup.c) took no page: the caller falls
    back to the slow get_user_pages(), under mmap_lock for read."""

    SEQ_ODD = "write_protect_seq is odd: fork is copying a COW VMA"
    NO_PTE = "no present PTE"
    PROT_NONE = "a PROT_NONE (pte_protnone) PTE"
    READ_ONLY = "a read-only PTE for a write"
    SPECIAL = "a special PTE"
    FREED = "the page was freed: try_grab_compound_head() finds its count at 0"
    PTE_CHANGED = "the PTE changed after it was read"
    UNSHARE = "a read-only pin of an anon page that is not AnonExclusive (gup_must_unshare())"
    SEQ_CHANGED = "write_protect_seq changed during the walk: a fork began copying a COW VMA"


@kernel_function()
def get_user_pages_fast(k: Kernel, era: Era, mm: str, vpn: int, write: bool, pin: bool) -> GupResult | FastMiss:
    """Model of the lockless part of get_user_pages_fast() / pin_user_pages_fast() for one page
    (internal_get_user_pages_fast() and gup_pte_range() in mm/gup.c, 5.10; lockless_pages_from_mm() from
    57efa1fe5957, 5.11; x86's arch/x86/mm/gup.c from 8174c430e445, 2.6.27, until 4.13): the page with its
    reference, or why the caller must fall back to get_user_pages() (:class:`FastMiss`).  It is
    :func:`gup_fast_read` then :func:`gup_fast_grab` with nothing in between.

    It runs with interrupts disabled and takes neither mmap_lock nor the page-table lock, and it never looks
    at the VMA; it does not dirty the page (the caller's unpin_user_pages_dirty_lock() does).
    """
    got = gup_fast_read(k, era, mm, vpn, write, pin)
    if isinstance(got, FastMiss):
        return got
    return gup_fast_grab(k, era, mm, vpn, got, write, pin, seq_changed=False)


def gup_fast_read(k: Kernel, era: Era, mm: str, vpn: int, write: bool, pin: bool) -> Pte | FastMiss:
    """GUP-fast up to its PTE read (gup_pte_range() in mm/gup.c; arch/x86/mm/gup.c before 4.13): FOLL_PIN first sets
    mm->has_pinned (5.9's 008cfe4418b3; internal_get_user_pages_fast() does it before the walk); from 5.11
    (:class:`~mmspec.era.GupFast` SEQCOUNT) a FOLL_PIN walk samples mm->write_protect_seq and falls back at once if
    it is odd (fork inside copy_page_range() of a COW VMA).  gup_pte_range() then reads the PTE (gup_get_pte()) and
    refuses one that is not present, PROT_NONE, read-only for a write (pte_access_permitted()) or special
    (pte_special(): the zero page, remap_pfn_range() and vmf_insert_pfn() PTEs).  The PTE read is returned: the walk
    goes on at :func:`gup_fast_grab`.  (Not declared for the ledger: it is part of get_user_pages_fast().)"""
    if pin:
        k.mms[mm] = replace(k.counters(mm), has_pinned=True)
        if era.gup_fast is GupFast.SEQCOUNT and k.counters(mm).write_protect_seq_odd:
            return FastMiss.SEQ_ODD
    pte = k.pte(mm, vpn)
    if pte is None or not pte.present:
        return FastMiss.NO_PTE
    if not pte.read:
        return FastMiss.PROT_NONE
    if write and not pte.write:
        return FastMiss.READ_ONLY
    if pte.special:
        return FastMiss.SPECIAL
    return pte


def gup_fast_grab(
    k: Kernel, era: Era, mm: str, vpn: int, read: Pte, write: bool, pin: bool, seq_changed: bool
) -> GupResult | FastMiss:
    """GUP-fast from its PTE read ``read`` to its end (gup_pte_range() in mm/gup.c): try_grab_compound_head()
    takes the page unless its count is 0 (FOLL_GET + 1, FOLL_PIN + GUP_PIN_COUNTING_BIAS); the PTE is read
    again and must be the same value (pte_val(pte) != pte_val(*ptep): drop the reference, fall back); from
    5.19 a read-only pin of an anon page that is not AnonExclusive is dropped (gup_must_unshare(),
    a7f226604170); then SetPageReferenced() (not mark_page_accessed()).  From 5.11 a FOLL_PIN walk ends with
    read_seqcount_retry() of mm->write_protect_seq: ``seq_changed`` (a fork began copying a COW VMA since
    the sample) unpins and falls back.  (Not declared for the ledger: it is part of get_user_pages_fast().)"""
    page = k.page(read.pfn)
    if page.free or page.count <= 0:
        return FastMiss.FREED
    if pin:
        _add_pin_bias(k, read.pfn)
    else:
        get_page(k, read.pfn)
    miss = None
    if k.pte(mm, vpn) != read:
        miss = FastMiss.PTE_CHANGED
    elif (
        pin
        and not read.write
        and era.anon_exclusive is AnonExclusive.TRACKED
        and page.anon
        and not k.page(read.pfn).anon_exclusive
    ):
        miss = FastMiss.UNSHARE
    elif pin and era.gup_fast is GupFast.SEQCOUNT and seq_changed:
        miss = FastMiss.SEQ_CHANGED
    if miss is not None:
        if pin:
            unpin_user_page(k, era, read.pfn)
        else:
            put_page(k, read.pfn)
        return miss
    k.set_flags(read.pfn, set_=PG.PG_referenced)
    return GupResult(read.pfn)


fast_records(__name__)
