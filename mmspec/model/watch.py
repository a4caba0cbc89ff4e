"""The state invariants, kept up to date from step to step.

A state invariant is a fact about one state (docs/invariants.md).  Checking one from scratch walks every
page and PTE of the machine; a run checks after every step, so :class:`StateWatch` keeps indexes instead
(which present PTEs map each frame, which of them vm_normal_page() accounts, which swap PTEs and swap-cache
pages name each slot) and, after a step, re-examines only what the step touched: the pages and PTEs the
Kernel's setters logged (``dirty_pages``, ``dirty_ptes``), the PTEs of VMAs that changed, and the frames
and slots that the small tables (references, page cache, swap cache, devices, anon_vmas) gained or lost.
:func:`check_state` is the same code with everything marked touched, so an update and a check from scratch
cannot disagree except through a write that bypassed the setters, which tests/test_watch.py looks for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mmspec.era import AnonExclusive, Era, PinZeroPage, ZeroPage
from mmspec.mm.memory import GUP_PIN_COUNTING_BIAS, ZERO_PFN, vm_normal_page
from mmspec.mm.mm_types import (
    PG,
    VM,
    AnonMapping,
    DeviceMemory,
    FileMapping,
    FrameKind,
    Kernel,
    KLog,
    KLogKind,
    Page,
    Vma,
)
from mmspec.mm.outcome import KernelBug
from mmspec.model.invariants import Violation

Key = tuple[str, int]  # a PTE: (mm, vpn)

# The state invariants in the order check_state() reports them; within one, by pfn, mm or slot.
_MAPCOUNT, _RSS, _FREED, _SPECIAL, _SWAP, _DANGLING, _EXCLUSIVE, _ZERO, _LEAK = range(9)


def driver_owned(k: Kernel) -> dict[int, str]:
    """The frames a driver holds a base reference on: a RAM device's until its release, reserved memory's
    for ever."""
    owned = {}
    for dev in k.devices.values():
        if (dev.memory is DeviceMemory.RAM and not dev.released) or dev.memory is DeviceMemory.RESERVED:
            owned.update({pfn: dev.name for pfn in dev.frames})
    return owned


def quiescent(k: Kernel) -> bool:
    """Every process has exited and every device is released."""
    return not k.mms and all(d.released for d in k.devices.values())


def _add(index: dict[int, set[Key]], pfn: int, key: Key) -> None:
    index.setdefault(pfn, set()).add(key)


def _drop(index: dict[int, set[Key]], pfn: int, key: Key) -> None:
    keys = index.get(pfn)
    if keys is not None:
        keys.discard(key)
        if not keys:
            del index[pfn]


def _bump(counts: dict[int, int], key: int, by: int) -> None:
    n = counts.get(key, 0) + by
    if n:
        counts[key] = n
    else:
        counts.pop(key, None)


class StateWatch:
    """The state invariants of a sequence of states, each checked against the one before it."""

    def __init__(self, era: Era) -> None:
        self.era = era
        self.k: Kernel | None = None
        self.mappers: dict[int, set[Key]] = {}  # pfn -> the present PTEs that map it
        self.present: dict[Key, int] = {}  # present PTE -> its pfn
        self.normal: dict[Key, tuple[int, bool]] = {}  # PTE vm_normal_page() accounts -> (pfn, PageAnon)
        self.per_page: dict[int, int] = {}  # pfn -> accounted PTEs
        self.per_mm: dict[str, list[int]] = {}  # mm -> [file, anon] accounted PTEs
        self.pte_slot: dict[Key, int] = {}  # swap PTE -> its slot
        self.slot_ptes: dict[int, int] = {}  # slot -> swap PTEs
        self.cached_slot: dict[int, int] = {}  # pfn of a swap-cache page -> its slot
        self.slot_cached: dict[int, int] = {}  # slot -> swap-cache pages
        self.page_av: dict[int, int] = {}  # pfn of an anon page -> the anon_vma its mapping names
        self.anon_vma_pages: dict[int, set[int]] = {}  # and back
        self.page_cache: dict[int, int] = {}  # pfn -> page-cache entries holding it
        self.owned: dict[int, str] = {}
        self.found: dict[tuple[int, int | str], Violation] = {}
        self.touched: set[int] = set()  # the frames the last update re-examined

    # -- the indexes ------------------------------------------------------------------------------------

    def update(self, k: Kernel) -> list[Violation]:
        """Move to ``k`` (a successor of the last state, or any state for the first call) and return every
        state invariant it breaks, in check_state()'s order."""
        old, self.k = self.k, k
        frames: set[int] = set()  # whose frame checks to redo
        slots: set[int] = set()  # whose swap counts to redo
        if old is None:
            pages: Iterable[int] = list(k.pages)
            keys: set[Key] = set(k.ptes)
        else:
            pages, keys = set(k.dirty_pages), set(k.dirty_ptes)
            keys |= self._moved_vmas(old, k)
        for pfn in pages:
            keys |= self.mappers.get(pfn, set())
            frames.add(pfn)
            self._page(k, pfn, slots)
        for key in keys:
            self._pte(k, key, frames, slots)
        self._tables(old, k, frames, slots)
        self._check(k, frames, slots)
        self.touched = frames
        return [v for _, v in sorted(self.found.items())]

    def _moved_vmas(self, old: Kernel, k: Kernel) -> set[Key]:
        """The PTEs under every VMA that appeared, went or changed (vm_normal_page() reads the VMA), and
        every PTE of an mm that exited."""
        keys: set[Key] = set()
        for mm in old.vmas.keys() | k.vmas.keys():
            was, now = old.vmas.get(mm, ()), k.vmas.get(mm, ())
            if was is now:
                continue
            same = {id(v) for v in was} & {id(v) for v in now}
            for vma in (*was, *now):
                if id(vma) not in same:
                    keys.update(self._under(mm, vma, k))
            if mm not in k.mms:
                keys.update(key for key in (*self.present, *self.pte_slot) if key[0] == mm)
        return keys

    def _under(self, mm: str, vma: Vma, k: Kernel) -> Iterable[Key]:
        """The PTEs, old or new, in ``vma``'s range: by address, or by the PTEs when they are fewer."""
        known = (k.ptes, self.present, self.pte_slot)
        if vma.pages <= sum(len(t) for t in known):
            return [(mm, vpn) for vpn in range(vma.start, vma.end) if any((mm, vpn) in t for t in known)]
        return [key for t in known for key in t if key[0] == mm and vma.contains(key[1])]

    def _page(self, k: Kernel, pfn: int, slots: set[int]) -> None:
        """Re-index one struct page: its swap-cache slot and its anon_vma."""
        page = k.pages.get(pfn)
        was = self.cached_slot.pop(pfn, None)
        if was is not None:
            _bump(self.slot_cached, was, -1)
            slots.add(was)
        av = self.page_av.pop(pfn, None)
        if av is not None:
            self.anon_vma_pages[av].discard(pfn)
        if page is None:
            return
        if not page.free and page.has(PG.PG_swapcache):
            self.cached_slot[pfn] = page.private
            _bump(self.slot_cached, page.private, 1)
            slots.add(page.private)
        if isinstance(page.mapping, AnonMapping):
            self.page_av[pfn] = page.mapping.anon_vma
            self.anon_vma_pages.setdefault(page.mapping.anon_vma, set()).add(pfn)

    def _pte(self, k: Kernel, key: Key, frames: set[int], slots: set[int]) -> None:
        """Re-index one PTE: what it maps, whether vm_normal_page() accounts it, the slot it names."""
        mm, vpn = key
        pfn = self.present.pop(key, None)
        if pfn is not None:
            _drop(self.mappers, pfn, key)
            frames.add(pfn)
        normal = self.normal.pop(key, None)
        if normal is not None:
            _bump(self.per_page, normal[0], -1)
            self.per_mm[mm][normal[1]] -= 1
            frames.add(normal[0])
        slot = self.pte_slot.pop(key, None)
        if slot is not None:
            _bump(self.slot_ptes, slot, -1)
            slots.add(slot)
        pte = k.ptes.get(key)
        if pte is None:
            return
        if not pte.present:
            self.pte_slot[key] = pte.swap
            _bump(self.slot_ptes, pte.swap, 1)
            slots.add(pte.swap)
            return
        self.present[key] = pte.pfn
        _add(self.mappers, pte.pfn, key)
        frames.add(pte.pfn)
        vma = k.find_vma(mm, vpn) if mm in k.mms else None
        if vma is None:
            return
        got = vm_normal_page(k, self.era, vma, vpn, pte, report=False)
        if got is not None:
            anon = k.page(got).anon
            self.normal[key] = (got, anon)
            _bump(self.per_page, got, 1)
            self.per_mm.setdefault(mm, [0, 0])[anon] += 1
            frames.add(got)

    def _tables(self, old: Kernel | None, k: Kernel, frames: set[int], slots: set[int]) -> None:
        """The frames and slots the small tables name, where their records changed."""
        if (
            old is None
            or old.devices.keys() != k.devices.keys()
            or any(old.devices[n] is not d for n, d in k.devices.items())
        ):
            frames.update(self.owned)
            self.owned = driver_owned(k)
            frames.update(self.owned)
        o_refs = old.refs if old is not None else {}
        for name in o_refs.keys() | k.refs.keys():
            ra, rb = o_refs.get(name), k.refs.get(name)
            if ra is not rb:
                frames.update(r.pfn for r in (ra, rb) if r is not None)
        o_files = old.files if old is not None else {}
        for obj in o_files.keys() | k.files.keys():
            a, b = o_files.get(obj), k.files.get(obj)
            if a is b:
                continue
            for space, by in ((a, -1), (b, 1)):
                for _, pfn in space.cache if space is not None else ():
                    _bump(self.page_cache, pfn, by)
                    frames.add(pfn)
        o_swap = old.swap if old is not None else None
        if o_swap is not k.swap:
            for swap in (o_swap, k.swap):
                if swap is not None:
                    frames.update(pfn for _, pfn in swap.cache)
            if k.swap is not None:
                now = k.swap.swap_map
                was = o_swap.swap_map if o_swap is not None else (0,) * len(now)
                slots.update(s for s, (x, y) in enumerate(zip(was, now, strict=True)) if x != y)
        o_avs = old.anon_vmas if old is not None else {}
        for av in o_avs.keys() ^ k.anon_vmas.keys():
            frames.update(self.anon_vma_pages.get(av, ()))
        if old is None:
            for mm in k.mms:
                self.per_mm.setdefault(mm, [0, 0])

    # -- the checks ---------------------------------------------------------------------------------------

    def _set(self, kind: int, key: int | str, v: Violation | None) -> None:
        if v is not None:
            self.found[(kind, key)] = v
        elif self.found:
            self.found.pop((kind, key), None)

    def _check(self, k: Kernel, frames: set[int], slots: set[int]) -> None:
        exclusive = self.era.anon_exclusive is AnonExclusive.TRACKED
        for pfn in frames:
            page = k.pages.get(pfn)
            self._set(_MAPCOUNT, pfn, self._mapcount(pfn, page))
            self._set(_DANGLING, pfn, self._dangling(k, pfn, page))
            if (page is not None and page.free) or pfn in self.owned:  # the only frames these two concern
                self._set(_FREED, pfn, self._freed(k, pfn, page))
                self._set(_SPECIAL, pfn, self._special(pfn, page))
            elif self.found:
                self.found.pop((_FREED, pfn), None)
                self.found.pop((_SPECIAL, pfn), None)
            if exclusive:
                self._set(_EXCLUSIVE, pfn, self._exclusive(k, pfn, page))
        self._forget(_RSS)
        for mm in k.live_mms():
            self._set(_RSS, mm, self._rss(k, mm))
        if k.swap is not None:
            for slot in slots:
                if 0 <= slot < len(k.swap.swap_map):
                    self._set(_SWAP, slot, self._swap(k, slot))
        self._set(_ZERO, 0, self._zero(k))
        self._forget(_LEAK)
        if quiescent(k):
            for pfn, page in k.pages.items():
                self._set(_LEAK, pfn, self._leak(pfn, page))

    def _forget(self, kind: int) -> None:
        """Drop every violation of a kind that is checked whole each time."""
        for key in [key for key in self.found if key[0] == kind] if self.found else ():
            del self.found[key]

    def _mapcount(self, pfn: int, page: Page | None) -> Violation | None:
        if page is None or page.free:
            return None
        want = self.per_page.get(pfn, 0)
        if page.mapcount == want:
            return None
        return Violation(
            "mapcount-mismatch",
            f"{pfn:#x}",
            f"pfn {pfn:#x}: mapcount {page.mapcount} but {want} PTE(s) map it through vm_normal_page()",
        )

    def _rss(self, k: Kernel, mm: str) -> Violation | None:
        file, anon = self.per_mm.get(mm, (0, 0))
        c = k.counters(mm)
        if (c.file_rss, c.anon_rss) == (file, anon):
            return None
        return Violation(
            "rss-mismatch",
            mm,
            f"{mm}: file_rss={c.file_rss} anon_rss={c.anon_rss} but its accounted PTEs give file={file} anon={anon}",
        )

    def _freed(self, k: Kernel, pfn: int, page: Page | None) -> Violation | None:
        if page is None or not page.free:
            return None
        who = [f"{mm}'s PTE at page {vpn:#x}" for mm, vpn in sorted(self.mappers.get(pfn, ()))]
        who += [f"reference {r.name}" for r in sorted(k.refs.values(), key=lambda r: r.name) if r.pfn == pfn]
        if pfn in self.owned:
            who.append(f"driver {self.owned[pfn]}")
        if self.page_cache.get(pfn):
            who.append("the page cache")
        if k.swap is not None:
            who += [f"the swap cache (slot {slot})" for slot, p in k.swap.cache if p == pfn]
        if not who:
            return None
        return Violation(
            "freed-while-mapped", f"{pfn:#x}", f"pfn {pfn:#x} was freed but is still held by {', '.join(who)}"
        )

    def _special(self, pfn: int, page: Page | None) -> Violation | None:
        dev = self.owned.get(pfn)
        if dev is None or page is None or page.free or not page.flags & (PG.PG_lru | PG.PG_swapcache):
            return None
        where = "the swap cache" if page.has(PG.PG_swapcache) else "the LRU"
        return Violation("special-page-reclaimed", f"{pfn:#x}", f"pfn {pfn:#x} of {dev} is on {where}")

    def _swap(self, k: Kernel, slot: int) -> Violation | None:
        assert k.swap is not None
        count = k.swap.swap_map[slot]
        ptes, cached = self.slot_ptes.get(slot, 0), self.slot_cached.get(slot, 0)
        if count == ptes + cached:
            return None
        return Violation(
            "swap-count-mismatch",
            f"slot{slot}",
            f"swap slot {slot}: swap_map {count} but {ptes} swap PTE(s) + {cached} swap-cache page(s)",
        )

    def _dangling(self, k: Kernel, pfn: int, page: Page | None) -> Violation | None:
        if page is None:
            return None
        m = page.mapping
        if not isinstance(m, AnonMapping) or page.mapcount <= 0 or m.anon_vma in k.anon_vmas:
            return None
        return Violation(
            "dangling-anon-vma", f"{pfn:#x}", f"pfn {pfn:#x} is mapped (mapcount {page.mapcount}) but its {m} was freed"
        )

    def _exclusive(self, k: Kernel, pfn: int, page: Page | None) -> Violation | None:
        where = self.mappers.get(pfn)
        if page is None or not page.anon or not where:
            return None
        if page.anon_exclusive and len(where) > 1:
            return Violation(
                "anon-exclusive-broken", f"{pfn:#x}", f"pfn {pfn:#x} is AnonExclusive but mapped {len(where)} times"
            )
        writable = any(k.ptes[key].write for key in where)
        if page.anon_exclusive or not (writable or any(r.pin and r.pfn == pfn for r in k.refs.values())):
            return None
        why = "mapped writable" if writable else "pinned"
        return Violation("anon-exclusive-broken", f"{pfn:#x}", f"pfn {pfn:#x} is {why} but not AnonExclusive")

    def _zero(self, k: Kernel) -> Violation | None:
        if self.era.zero_page not in (ZeroPage.SPECIAL, ZeroPage.RESERVED):
            return None
        zero = k.page(ZERO_PFN)
        pinned = GUP_PIN_COUNTING_BIAS if self.era.pin_zero_page is PinZeroPage.PINNED else 0
        # Before 2.6.15-rc1 the PG_reserved ZERO_PAGE takes no GUP reference either.
        per_get = 1 if self.era.zero_page is ZeroPage.SPECIAL else 0
        refs = sum(per_get if not r.pin else pinned for r in k.refs.values() if r.pfn == ZERO_PFN)
        kind = "special" if self.era.zero_page is ZeroPage.SPECIAL else "PG_reserved (before 2.6.15-rc1)"
        if zero.mapcount == 0 and zero.count == 1 + refs:
            return None
        return Violation(
            "zero-page-counted",
            "zero",
            f"the zero page has count {zero.count} and mapcount {zero.mapcount}; "
            f"a {kind} zero page keeps count 1 (+{refs} GUP references) and mapcount 0",
        )

    def _leak(self, pfn: int, page: Page) -> Violation | None:
        if page.free:
            return None
        base = 1 if page.kind in (FrameKind.ZERO, FrameKind.SPECIAL) else 0
        swapcache = 1 if page.has(PG.PG_swapcache) else 0
        expected = base + self.page_cache.get(pfn, 0) + swapcache
        if page.count <= expected and not (page.kind is FrameKind.RAM and expected == 0):
            return None
        return Violation(
            "refcount-leak",
            f"{pfn:#x}",
            f"pfn {pfn:#x}: count {page.count} (mapcount {page.mapcount}) at quiescence but its owners hold {expected}",
        )

    # -- what happened during the step ------------------------------------------------------------------

    def events(self, klog: Iterable[KLog], bug: KernelBug | None) -> list[Violation]:
        """The event invariants of the step into the current state."""
        k = self.k
        assert k is not None
        return _events(k, klog, bug, lambda pfn: self.mappers.get(pfn, ()), lambda: self.owned)


def _events(
    k: Kernel,
    klog: Iterable[KLog],
    bug: KernelBug | None,
    mappers: Callable[[int], Iterable[Key]],
    owned: Callable[[], dict[int, str]],
) -> list[Violation]:
    """The invariants that are facts about what happened during one step; ``mappers`` gives the present
    PTEs that map a frame, ``owned`` the frames drivers hold."""
    out: list[Violation] = []
    for n, e in enumerate(klog):
        match e.kind:
            case KLogKind.BAD_PAGE:
                out.append(Violation("bad-page-state", f"{e.pfn:#x}#{n}", e.message))
            case KLogKind.PUT_ZERO:
                out.append(Violation("refcount-underflow", f"{e.pfn:#x}#{n}", e.message))
            case KLogKind.LIVELOCK:
                out.append(Violation("livelock", f"{e.mm}#{n}", e.message))
            case KLogKind.ANON_VMA_UAF:
                out.append(Violation("dangling-anon-vma", f"{e.pfn:#x}", e.message))
            case KLogKind.UNLOCK_FREED:
                out.append(Violation("page-use-after-free", f"{e.pfn:#x}#{n}", e.message))
            case KLogKind.RECLAIM_UNMAP if e.special or e.pfn in owned():
                out.append(Violation("special-page-reclaimed", f"{e.pfn:#x}", e.message))
            case KLogKind.STORE:
                out += _check_cow(k, e, mappers(e.pfn))
                out += _check_ro_file(k, e)
            case KLogKind.COW:
                out += _check_pins(k, e)
    if bug is not None:
        out.append(Violation(bug.invariant, "bug", bug.message))
    return out


def _check_cow(k: Kernel, store: KLog, mappers: Iterable[Key]) -> list[Violation]:
    """A store by one process to a private anon page that another process's private mapping, or a
    reference taken from one, still reaches breaks the COW contract."""
    page = k.pages.get(store.pfn)
    if store.pfn == ZERO_PFN:
        return [
            Violation(
                "cow-broken",
                f"{store.pfn:#x}:{store.mm}",
                f"{store.message}: ZERO_PAGE, which every private anonymous read fault maps",
            )
        ]
    if page is None or not page.anon:
        return []
    out = []
    for mm, vpn in sorted(mappers):
        vma = k.find_vma(mm, vpn)
        if mm != store.mm and vma is not None and not vma.has(VM.VM_SHARED):
            out.append(
                Violation(
                    "cow-broken",
                    f"{store.pfn:#x}:{mm}",
                    f"{store.message}, which {mm} still maps privately at page {vpn:#x} ({vma.label})",
                )
            )
    for ref in sorted(k.refs.values(), key=lambda r: r.name):
        if ref.holder != store.mm and ref.pfn == store.pfn:
            out.append(
                Violation(
                    "cow-broken",
                    f"{store.pfn:#x}:{ref.name}",
                    f"{store.message}, which {ref.holder}'s reference {ref.name} (taken on its {ref.label}) reads",
                )
            )
    return out


def _check_ro_file(k: Kernel, store: KLog) -> list[Violation]:
    """A store through a mapping of a file opened read-only that lands in that file's page cache: data
    reaches the file through a task that may not write it (the kernel's rule: no write without FMODE_WRITE,
    which do_mmap_pgoff() enforces for MAP_SHARED and COW enforces for MAP_PRIVATE)."""
    vma = k.find_vma(store.mm, store.vpn) if store.vpn >= 0 else None
    if vma is None or vma.fmode_write or vma.obj not in k.files:
        return []
    page = k.pages.get(store.pfn)
    if page is None or page.mapping != FileMapping(vma.obj) or k.files[vma.obj].cached(page.index) != store.pfn:
        return []
    return [
        Violation(
            "ro-file-written",
            f"{vma.obj}[{page.index}]",
            f"{store.message}, which is page {page.index} of {vma.obj}'s page cache: {store.mm} opened "
            f"{vma.obj} read-only and maps it at {vma.label}",
        )
    ]


def _check_pins(k: Kernel, cow: KLog) -> list[Violation]:
    """A COW copy that moves the holder of a write reference (or pin) off the page the reference holds."""
    out = []
    for ref in sorted(k.refs.values(), key=lambda r: r.name):
        pte = k.pte(ref.holder, ref.vpn)
        if ref.write and ref.holder == cow.mm and ref.pfn == cow.pfn and pte is not None and pte.pfn != ref.pfn:
            kind = "pin" if ref.pin else "reference"
            out.append(
                Violation(
                    "pin-incoherent",
                    ref.name,
                    f"{cow.message}, but {ref.holder}'s write {kind} {ref.name} still holds pfn {ref.pfn:#x}: "
                    f"its later stores no longer reach the pinned page",
                )
            )
    return out


def check_state(k: Kernel, era: Era) -> list[Violation]:
    """Every state invariant ``k`` breaks, checked from scratch."""
    return StateWatch(era).update(k)


def check_events(k: Kernel, klog: Iterable[KLog], bug: KernelBug | None) -> list[Violation]:
    """The event invariants of the step into ``k``, without a watch (the model checker's transitions)."""

    def mappers(pfn: int) -> list[Key]:
        return [key for key, pte in k.ptes.items() if pte.present and pte.pfn == pfn]

    return _events(k, klog, bug, mappers, lambda: driver_owned(k))
