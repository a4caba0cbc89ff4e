"""Kernel eras: frozen sets of named rule switches, and the registry that resolves version strings.

A release is its switches: every switch value is dated (:data:`~mmspec.era.switches.SWITCHES`) and a release
from 2.6.0 to 6.18 (``--era 4.19``, ``expect since 4.2``) gets exactly the values dated at or before it
(:func:`release_era`).  The landmark eras (:data:`LANDMARKS`) are releases picked out for `mmspec eras` and
`--era all`.  A hypothetical era (``2.6.19+reserved``) is a release with switches set to values no kernel had
(:meth:`Era.derive`), named only by its exact name.  Anything else is refused (:class:`UnknownEra`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import cache

from mmspec.era.releases import (
    FIRST_MODELLED,
    LAST_MODELLED,
    Key,
    base_exists,
    final_releases,
    release_key,
    release_name,
)
from mmspec.era.switches import (
    SWITCHES,
    AnonExclusive,
    DirtyTracking,
    FaultAround,
    FaultHook,
    FollAnon,
    FollForceWrite,
    FollowSpecial,
    ForkCopy,
    ForkPinned,
    GupCowBreak,
    GupFast,
    GupVmaFilter,
    InsertPageFlag,
    InsertPfn,
    InsertZeroPage,
    LockReferenced,
    MadvPageout,
    MixedMap,
    MlockErrno,
    MlockSpecial,
    MprotectLocked,
    NoFaultHandler,
    Nopage,
    Nopfn,
    PageReserved,
    Pin,
    PinZeroPage,
    PopulateWrite,
    PteSpecial,
    ReclaimBackoff,
    ReclaimPinned,
    RemapPfn,
    Reserved,
    Since,
    SpecialRule,
    SwapinCow,
    SwitchDef,
    VnpReserved,
    WipeOnFork,
    WpReuseAnon,
    WpReuseSwap,
    WpReuseUnlock,
    WpSharedSpecial,
    ZeroCowRef,
    ZeroPage,
)
from mmspec.errors import MmspecError

__all__ = [
    "ERAS",
    "EVERY",
    "LANDMARKS",
    "MODELLED",
    "RELEASES",
    "SWITCHES",
    "AnonExclusive",
    "DirtyTracking",
    "Era",
    "FaultAround",
    "FaultHook",
    "FollAnon",
    "FollForceWrite",
    "FollowSpecial",
    "ForkCopy",
    "ForkPinned",
    "GupCowBreak",
    "GupFast",
    "GupVmaFilter",
    "InsertPageFlag",
    "InsertPfn",
    "InsertZeroPage",
    "LockReferenced",
    "MadvPageout",
    "MixedMap",
    "MlockErrno",
    "MlockSpecial",
    "MprotectLocked",
    "NoFaultHandler",
    "Nopage",
    "Nopfn",
    "PageReserved",
    "Pin",
    "PinZeroPage",
    "PopulateWrite",
    "PteSpecial",
    "ReclaimBackoff",
    "ReclaimPinned",
    "RemapPfn",
    "Reserved",
    "Since",
    "SpecialRule",
    "SwapinCow",
    "SwitchDef",
    "UnknownEra",
    "VnpReserved",
    "WipeOnFork",
    "WpReuseAnon",
    "WpReuseSwap",
    "WpReuseUnlock",
    "WpSharedSpecial",
    "ZeroCowRef",
    "ZeroPage",
    "canonical",
    "era_diff",
    "every_era",
    "parse_version",
    "release_era",
    "release_key_of",
    "resolve_era",
    "uncertain_boundaries",
    "values_at",
]


@dataclass(frozen=True)
class Era:
    """One rule set.  Every switch field has a value; code branches on these, never on ``name``."""

    name: str
    version: tuple[int, ...]
    hypothetical: bool
    description: str
    vnp_reserved: VnpReserved
    nopage: Nopage
    nopfn: Nopfn
    fault_hook: FaultHook
    insert_pfn: InsertPfn
    zero_page: ZeroPage
    mixedmap: MixedMap
    pte_special: PteSpecial
    follow_special: FollowSpecial
    foll_anon: FollAnon
    lock_referenced: LockReferenced
    mlock_errno: MlockErrno
    wp_shared_special: WpSharedSpecial
    mlock_special: MlockSpecial
    reserved: Reserved
    insert_page_flag: InsertPageFlag
    no_fault_handler: NoFaultHandler
    wipeonfork: WipeOnFork
    madv_pageout: MadvPageout
    populate_write: PopulateWrite
    fault_around: FaultAround
    mprotect_locked: MprotectLocked
    reclaim_pinned: ReclaimPinned
    pin: Pin
    wp_reuse_anon: WpReuseAnon
    wp_reuse_unlock: WpReuseUnlock
    wp_reuse_swap: WpReuseSwap
    pin_zero_page: PinZeroPage
    fork_pinned: ForkPinned
    gup_fast: GupFast
    gup_cow_break: GupCowBreak
    foll_force_write: FollForceWrite
    anon_exclusive: AnonExclusive
    swapin_cow: SwapinCow
    insert_zero_page: InsertZeroPage
    page_reserved: PageReserved
    zero_cow_ref: ZeroCowRef
    special_rule: SpecialRule
    gup_vma_filter: GupVmaFilter
    reclaim_backoff: ReclaimBackoff
    fork_copy: ForkCopy
    remap_pfn: RemapPfn
    dirty_tracking: DirtyTracking

    def switch_values(self) -> dict[str, str]:
        return {s.field: getattr(self, s.field).value for s in SWITCHES}

    def with_switch(self, field: str, value: Enum) -> Era:
        """This era with one switch set to ``value`` (a run on the other side of a doubtful boundary)."""
        if field not in {s.field for s in SWITCHES}:
            raise ValueError(f"{field} is not a switch")
        return replace(self, **{field: value})  # type: ignore[arg-type]

    def derive(self, name: str, description: str, hypothetical: bool = False, **switches: Enum) -> Era:
        """A new era: this one with ``switches`` changed (each must be a switch field)."""
        unknown = set(switches) - {s.field for s in SWITCHES}
        if unknown:
            raise ValueError(
                f"Era {name!r} sets unknown switches {sorted(unknown)}; switches are defined in mmspec/era/switches.py"
            )
        version = self.version if hypothetical else _parse_version(name)
        return replace(self, name=name, version=version, hypothetical=hypothetical, description=description, **switches)  # type: ignore[arg-type]


def parse_version(text: str) -> tuple[int, ...] | None:
    """The sort key of a version string naming a release from 2.6.0 to 6.18 or one of its candidates or stable
    releases (``2.6.19``, ``v5.19``, ``6.18-rc1``, ``2.6.19.5``), or None.  Keys order as releases do
    (``5.9-rc4`` before ``5.9``); a stable release has its base release's key."""
    key = release_key(text)
    return key if key is not None and base_exists(key) else None


def _parse_version(text: str) -> tuple[int, ...]:
    version = parse_version(text)
    assert version is not None, text
    return version


def release_key_of(release: str) -> Key:
    """The sort key of a release name that is known to be well formed (a switch date, a release)."""
    key = release_key(release)
    assert key is not None, release
    return key


_key = release_key_of


_FIRST_KEY = _key(FIRST_MODELLED)
_LAST_KEY = _key(LAST_MODELLED)


def _window_rcs() -> set[str]:
    """The candidates inside a switch value's window that opened and closed among one release's candidates
    (do_wp_page()'s late unlock_page(), 5.9-rc4 to 5.9-rc6): every one of them carried the value, so each
    resolves (5.9-rc5 and 5.9-rc6, the last candidate with the bug)."""
    out: set[str] = set()
    for s in SWITCHES:
        for a, b in zip(s.dated, s.dated[1:], strict=False):
            ka, kb = release_key(a.release), release_key(b.release)
            if ka is not None and kb is not None and "-rc" in a.release and "-rc" in b.release and ka[:3] == kb[:3]:
                out |= {release_name((*ka[:3], n)) for n in range(ka[3] + 1, kb[3])}
    return out


# Release candidates that resolve: 2.6.15-rc1 … rc6, whose rules the history of the 2006 question needs
# (PageReserved removed in rc1, VM_PFNMAP in rc3, vm_insert_page() in rc4, the fixes of rc6), every
# candidate a switch value is dated at, and the candidates between two such dates of one release.
NAMED_RCS: tuple[str, ...] = tuple(
    sorted(
        {f"2.6.15-rc{n}" for n in range(1, 7)}
        | {d.release for s in SWITCHES for d in s.dated if "-rc" in d.release}
        | _window_rcs(),
        key=_key,
    )
)

# Every release a version string can name, oldest first: the final releases 2.6.0 … 6.18 and NAMED_RCS.
RELEASES: tuple[str, ...] = tuple(sorted(final_releases() + NAMED_RCS, key=_key))
_RELEASE_OF_KEY: dict[Key, str] = {_key(r): r for r in RELEASES}

# The releases whose rules are modelled: 2.6.0 to 6.18, with their named candidates.
MODELLED: tuple[str, ...] = tuple(r for r in RELEASES if _FIRST_KEY <= _key(r) <= _LAST_KEY)

# What `--era every` runs: every final modelled release.
EVERY: tuple[str, ...] = tuple(r for r in MODELLED if "-rc" not in r)

VALID_FORMS = (
    f"a release from {FIRST_MODELLED} to {LAST_MODELLED} (2.6.0 … 2.6.39, 3.0 … 3.19, 4.0 … 4.20, 5.0 … 5.19, "
    "6.0 … 6.18), optionally with a leading 'v' or a stable number (5.10.3 is 5.10); a named release candidate ("
    + ", ".join(r for r in NAMED_RCS if _key(r) >= _FIRST_KEY)
    + "); or the hypothetical 2.6.19+reserved"
)


def values_at(release: str) -> dict[str, Enum]:
    """Each switch's value in ``release``: the last value dated at or before it (an undated first value is
    in force from the oldest modelled release)."""
    key = _key(release)
    out: dict[str, Enum] = {}
    for s in SWITCHES:
        dated = [d for d in s.dated if not d.release or _key(d.release) <= key]
        out[s.field] = dated[-1].value
    return out


def _changes_in(release: str) -> list[tuple[SwitchDef, Since]]:
    return [(s, d) for s in SWITCHES for d in s.dated if d.release == release]


def _describe(release: str) -> str:
    changes = _changes_in(release)
    if not changes:
        return "no switch changes in this release"
    return "; ".join(f"{s.field} → {d.value.value} ({d.commit or 'before git'})" for s, d in changes)


# The landmark eras `mmspec eras` lists and `--era all` runs: releases where the rules for special mappings
# changed (the project's original era list), each with what it stands for.
LANDMARKS: tuple[tuple[str, str], ...] = (
    ("2.6.19", "Ben's mail: ->nopage and ->nopfn, ZERO_PAGE refcounted, VM_RESERVED and VM_INSERTPAGE"),
    ("2.6.21", "vm_insert_pfn() and NOPFN_REFAULT; spufs moves to ->nopfn"),
    ("2.6.23", "the ->fault API beside the legacy ->nopage"),
    ("2.6.24", "no ZERO_PAGE: anonymous read faults allocate"),
    (
        "2.6.26",
        "VM_MIXEDMAP, vm_insert_mixed(), PFNMAP ->fault; ->nopage removed (x86 has no pte_special yet); "
        "with 2.6.25's mlocked PTEs counting as referenced",
    ),
    ("2.6.27", "x86 pte_special; ->nopfn removed; mlock() returns ENOMEM"),
    ("2.6.28", "mlock skips VM_IO|VM_PFNMAP (unevictable mlocked pages)"),
    ("2.6.29", "reuse_swap_page(): a reused anon page leaves the swap cache"),
    ("2.6.32", "the zero page returns, as a special PTE; FOLL_ANON is gone"),
    (
        "3.7",
        "VM_RESERVED and VM_INSERTPAGE removed; vm_insert_page() sets VM_MIXEDMAP; with 2.6.38's prefault "
        "that writes only private VMAs",
    ),
    (
        "5.9",
        "pinned pages copied at fork (5.9-rc7), refcount-based COW reuse (5.9-rc4); with everything since 3.7: "
        "3.15's fault-around, 4.2's SIGBUS without ->fault and mprotect populate, 4.14's MADV_WIPEONFORK, "
        "5.4's MADV_PAGEOUT, 5.7's FOLL_PIN bias",
    ),
    (
        "5.19",
        "PageAnonExclusive decides reuse, fork and pins; with 5.11's no swap cache for pinned pages and "
        "5.18's swap-cache freeing on reuse",
    ),
    ("6.18", "the modern rules (the live kernel); with 6.5's no pin on the zero page and 6.11's special zero page"),
)


@cache
def release_era(release: str) -> Era:
    """The era of one modelled release (an exact name from :data:`MODELLED`): its switch values, computed
    from the dated switch table; a landmark keeps its description."""
    assert release in MODELLED, release
    landmark = dict(LANDMARKS).get(release)
    description = landmark or _describe(release)
    return Era(release, _key(release), False, description, **values_at(release))  # type: ignore[arg-type]


ERA_2_6_19 = release_era("2.6.19")
ERA_2_6_19_RESERVED = ERA_2_6_19.derive(
    "2.6.19+reserved",
    "hypothetical: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED VMAs (the 2006 proposal)",
    hypothetical=True,
    vnp_reserved=VnpReserved.RETURNS_NULL,
)

ERAS: tuple[Era, ...] = (
    ERA_2_6_19,
    ERA_2_6_19_RESERVED,
    *(release_era(name) for name, _ in LANDMARKS[1:]),
)
REAL_ERAS: tuple[Era, ...] = tuple(e for e in ERAS if not e.hypothetical)

# The newest version whose rules are modelled.
MODELLED_UNTIL: tuple[int, ...] = _LAST_KEY


class UnknownEra(MmspecError, ValueError):
    """A name that is neither an era nor a modelled release (a ValueError too, for callers that catch that)."""


def canonical(name: str) -> str | None:
    """The release a version string names (``v5.10.3`` is ``5.10``), or None if it names none of
    :data:`RELEASES`."""
    key = release_key(name)
    return None if key is None else _RELEASE_OF_KEY.get(key)


def resolve_era(name: str) -> Era:
    """The era ``name`` names: a hypothetical era's exact name, or a modelled release (any form
    :data:`VALID_FORMS` lists), which resolves to exactly the switch values dated at or before it.

    :raises UnknownEra: anything else, with what was wrong; never a neighbouring release
    """
    for era in ERAS:
        if era.hypothetical and era.name == name:
            return era
    release = canonical(name)
    if release is None:
        key = release_key(name)
        if key is None:
            raise UnknownEra(f"unknown era '{name}'")
        if key > _LAST_KEY:
            raise UnknownEra(f"no release after {LAST_MODELLED} is modelled: '{name}'")
        if base_exists(key):
            raise UnknownEra(f"release candidate '{name}' is not modelled: only the named candidates resolve")
        raise UnknownEra(f"unknown kernel release '{name}'")
    return release_era(release)


def every_era() -> tuple[Era, ...]:
    """The eras of every final modelled release, 2.6.0 to 6.18 (what `--era every` runs)."""
    return tuple(release_era(r) for r in EVERY)


def era_diff(a: Era, b: Era) -> list[tuple[SwitchDef, Enum, Enum]]:
    """The switches whose values differ between two eras, in switch order."""
    return [
        (s, getattr(a, s.field), getattr(b, s.field)) for s in SWITCHES if getattr(a, s.field) != getattr(b, s.field)
    ]


def dated_value(s: SwitchDef, value: Enum) -> Since | None:
    """The dated entry of ``value`` of switch ``s`` (None for a hypothetical value)."""
    return next((d for d in s.dated if d.value is value), None)


def uncertain_boundaries(era: Era) -> list[tuple[SwitchDef, Since, Enum]]:
    """The switches whose value in ``era`` depends on a release in doubt: each (switch, the dated value that
    may have first shipped anywhere in its window ``between = (lo, hi)``, the value ``era`` would have on the
    other side of that boundary).  A release R is in doubt when lo <= R < hi."""
    out = []
    for s in SWITCHES:
        for i, d in enumerate(s.dated):
            if d.between is None or i == 0 or era.hypothetical:
                continue
            lo, hi = (_key(r) for r in d.between)
            if lo <= era.version < hi:
                current = getattr(era, s.field)
                out.append((s, d, s.dated[i - 1].value if current is d.value else d.value))
    return out
