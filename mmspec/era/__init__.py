"""Kernel eras: frozen sets of named rule switches, and the registry that resolves version strings.

A real era is named by the first kernel version it describes and is in force until the next one:
``--era 4.19`` resolves to ``3.7`` and ``--era 6.1`` to ``5.19``.  A hypothetical era (``2.6.19+reserved``)
is named only by its exact name.  Each era is the previous one plus the switches that changed
(:meth:`Era.derive`), so an era's definition lists exactly what is new in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from mmspec.era.switches import (
    SWITCHES,
    AnonExclusive,
    FaultAround,
    FaultHook,
    FollAnon,
    FollowSpecial,
    ForkPinned,
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
    Pin,
    PinZeroPage,
    PopulateWrite,
    PteSpecial,
    ReclaimPinned,
    Reserved,
    SwitchDef,
    VnpReserved,
    WipeOnFork,
    WpReuseAnon,
    WpReuseSwap,
    WpSharedSpecial,
    ZeroPage,
)
from mmspec.errors import MmspecError

__all__ = [
    "ERAS",
    "SWITCHES",
    "AnonExclusive",
    "Era",
    "FaultAround",
    "FaultHook",
    "FollAnon",
    "FollowSpecial",
    "ForkPinned",
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
    "Pin",
    "PinZeroPage",
    "PopulateWrite",
    "PteSpecial",
    "ReclaimPinned",
    "Reserved",
    "SwitchDef",
    "UnknownEra",
    "VnpReserved",
    "WipeOnFork",
    "WpReuseAnon",
    "WpReuseSwap",
    "WpSharedSpecial",
    "ZeroPage",
    "parse_version",
    "resolve_era",
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
    wp_reuse_swap: WpReuseSwap
    pin_zero_page: PinZeroPage
    fork_pinned: ForkPinned
    anon_exclusive: AnonExclusive
    insert_zero_page: InsertZeroPage

    def switch_values(self) -> dict[str, str]:
        return {s.field: getattr(self, s.field).value for s in SWITCHES}

    def derive(self, name: str, description: str, hypothetical: bool = False, **switches: Enum) -> Era:
        """A new era: this one with ``switches`` changed (each must be a switch field)."""
        unknown = set(switches) - {s.field for s in SWITCHES}
        if unknown:
            raise ValueError(
                f"Era {name!r} sets unknown switches {sorted(unknown)}; switches are defined in mmspec/era/switches.py"
            )
        version = self.version if hypothetical else _parse_version(name)
        return replace(self, name=name, version=version, hypothetical=hypothetical, description=description, **switches)  # type: ignore[arg-type]


# At most 9 digits per component (int() refuses literals of over 4300 digits; no kernel needs more than 3).
VERSION_RE = re.compile(r"^v?([0-9]{1,9})\.([0-9]{1,9})(?:\.([0-9]{1,9}))?(?:\.[0-9]{1,9})?(?:-[A-Za-z0-9.]{1,40})?$")


def parse_version(text: str) -> tuple[int, ...] | None:
    """(major, minor[, patch]) of a kernel version such as 2.6.19, v5.19, 6.18-rc1 or 2.6.19.5 (a stable
    release counts as its base version), or None."""
    m = VERSION_RE.match(text)
    return None if m is None else tuple(int(g) for g in m.groups() if g is not None)


def _parse_version(text: str) -> tuple[int, ...]:
    version = parse_version(text)
    assert version is not None, text
    return version


ERA_2_6_19 = Era(
    name="2.6.19",
    version=(2, 6, 19),
    hypothetical=False,
    description="Ben's mail: ->nopage and ->nopfn, ZERO_PAGE refcounted, VM_RESERVED and VM_INSERTPAGE",
    vnp_reserved=VnpReserved.IGNORED,
    nopage=Nopage.AVAILABLE,
    nopfn=Nopfn.AVAILABLE,
    fault_hook=FaultHook.ABSENT,
    insert_pfn=InsertPfn.ABSENT,
    zero_page=ZeroPage.REFCOUNTED,
    mixedmap=MixedMap.ABSENT,
    pte_special=PteSpecial.NONE,
    follow_special=FollowSpecial.NO_PAGE,
    foll_anon=FollAnon.TABLE_ONLY,
    lock_referenced=LockReferenced.NO,
    mlock_errno=MlockErrno.PREFAULT,
    wp_shared_special=WpSharedSpecial.COPY,
    mlock_special=MlockSpecial.LOCK_ALL,
    reserved=Reserved.PRESENT,
    insert_page_flag=InsertPageFlag.INSERTPAGE,
    no_fault_handler=NoFaultHandler.ANONYMOUS,
    wipeonfork=WipeOnFork.ABSENT,
    madv_pageout=MadvPageout.ABSENT,
    populate_write=PopulateWrite.VM_WRITE,
    fault_around=FaultAround.ABSENT,
    mprotect_locked=MprotectLocked.NONE,
    reclaim_pinned=ReclaimPinned.SWAP,
    pin=Pin.GET_ONLY,
    wp_reuse_anon=WpReuseAnon.MAPCOUNT,
    wp_reuse_swap=WpReuseSwap.KEEP,
    pin_zero_page=PinZeroPage.PINNED,
    fork_pinned=ForkPinned.SHARE,
    anon_exclusive=AnonExclusive.ABSENT,
    insert_zero_page=InsertZeroPage.COUNTED,
)
ERA_2_6_19_RESERVED = ERA_2_6_19.derive(
    "2.6.19+reserved",
    "hypothetical: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED VMAs (the 2006 proposal)",
    hypothetical=True,
    vnp_reserved=VnpReserved.RETURNS_NULL,
)
ERA_2_6_21 = ERA_2_6_19.derive(
    "2.6.21",
    "vm_insert_pfn() and NOPFN_REFAULT; spufs moves to ->nopfn",
    nopfn=Nopfn.REFAULT,
    insert_pfn=InsertPfn.PFNMAP,
)
ERA_2_6_23 = ERA_2_6_21.derive(
    "2.6.23", "the ->fault API beside the legacy ->nopage", nopage=Nopage.LEGACY, fault_hook=FaultHook.NO_PFNMAP
)
ERA_2_6_24 = ERA_2_6_23.derive("2.6.24", "no ZERO_PAGE: anonymous read faults allocate", zero_page=ZeroPage.NONE)
ERA_2_6_26 = ERA_2_6_24.derive(
    "2.6.26",
    "VM_MIXEDMAP, vm_insert_mixed(), PFNMAP ->fault; ->nopage removed (x86 has no pte_special yet)",
    nopage=Nopage.REMOVED,
    fault_hook=FaultHook.PFNMAP_OK,
    insert_pfn=InsertPfn.PFNMAP_OR_MIXEDMAP,
    mixedmap=MixedMap.PRESENT,
    wp_shared_special=WpSharedSpecial.REUSE,
    follow_special=FollowSpecial.EFAULT,
    foll_anon=FollAnon.PTE_NONE,
    lock_referenced=LockReferenced.YES,
)
ERA_2_6_27 = ERA_2_6_26.derive(
    "2.6.27",
    "x86 pte_special; ->nopfn removed; mlock() returns ENOMEM",
    nopfn=Nopfn.REMOVED,
    pte_special=PteSpecial.BIT,
    mlock_errno=MlockErrno.ENOMEM,
)
ERA_2_6_28 = ERA_2_6_27.derive(
    "2.6.28", "mlock skips VM_IO|VM_PFNMAP (unevictable mlocked pages)", mlock_special=MlockSpecial.SKIP_IO_PFNMAP
)
ERA_2_6_29 = ERA_2_6_28.derive(
    "2.6.29", "reuse_swap_page(): a reused anon page leaves the swap cache", wp_reuse_swap=WpReuseSwap.DROP
)
ERA_2_6_32 = ERA_2_6_29.derive(
    "2.6.32",
    "the zero page returns, as a special PTE; FOLL_ANON is gone",
    zero_page=ZeroPage.SPECIAL,
    foll_anon=FollAnon.GONE,
)
ERA_3_7 = ERA_2_6_32.derive(
    "3.7",
    "VM_RESERVED and VM_INSERTPAGE removed; vm_insert_page() sets VM_MIXEDMAP",
    reserved=Reserved.REMOVED,
    insert_page_flag=InsertPageFlag.MIXEDMAP,
    mlock_special=MlockSpecial.SKIP_SPECIAL,
    populate_write=PopulateWrite.PRIVATE,
)
ERA_5_9 = ERA_3_7.derive(
    "5.9",
    "pinned pages copied at fork, refcount-based COW reuse, FOLL_PIN; with 4.2's SIGBUS for VMAs "
    "without ->fault, 3.15's fault-around, 4.2's mprotect populate of locked VMAs and 4.14's MADV_WIPEONFORK",
    no_fault_handler=NoFaultHandler.SIGBUS,
    wipeonfork=WipeOnFork.PRESENT,
    madv_pageout=MadvPageout.PRESENT,
    fault_around=FaultAround.MAP_PAGES,
    mprotect_locked=MprotectLocked.POPULATE,
    pin=Pin.PIN_BIAS,
    wp_reuse_anon=WpReuseAnon.REFCOUNT,
    fork_pinned=ForkPinned.COPY_MAYBE_PINNED,
)
ERA_5_19 = ERA_5_9.derive(
    "5.19",
    "PageAnonExclusive decides reuse, fork and pins",
    wp_reuse_anon=WpReuseAnon.ANON_EXCLUSIVE,
    fork_pinned=ForkPinned.COPY_EXCLUSIVE_PINNED,
    anon_exclusive=AnonExclusive.TRACKED,
    reclaim_pinned=ReclaimPinned.SKIP,
)
ERA_6_18 = ERA_5_19.derive(
    "6.18",
    "the modern rules (the live kernel); with 6.5's no pin on the zero page and "
    "6.11's special zero page in vm_insert_page()",
    insert_zero_page=InsertZeroPage.SPECIAL,
    pin_zero_page=PinZeroPage.SKIPPED,
)

ERAS: tuple[Era, ...] = (
    ERA_2_6_19,
    ERA_2_6_19_RESERVED,
    ERA_2_6_21,
    ERA_2_6_23,
    ERA_2_6_24,
    ERA_2_6_26,
    ERA_2_6_27,
    ERA_2_6_28,
    ERA_2_6_29,
    ERA_2_6_32,
    ERA_3_7,
    ERA_5_9,
    ERA_5_19,
    ERA_6_18,
)
REAL_ERAS: tuple[Era, ...] = tuple(e for e in ERAS if not e.hypothetical)

# The newest version whose rules the real eras describe.
MODELLED_UNTIL: tuple[int, ...] = (6, 18)


class UnknownEra(MmspecError, ValueError):
    """A name that is neither an era nor a version string an era covers (a ValueError too, for callers
    that catch that)."""


# A kernel version: 2.6.19, v5.8, 6.18.35, 2.6.20-rc3 (the fourth number and the suffix are ignored).


def resolve_era(name: str) -> Era:
    """Return the era named ``name``: an exact era name, or the real era in force at that version."""
    for era in ERAS:
        if era.name == name:
            return era
    version = parse_version(name)
    if version is None:
        raise UnknownEra(f"unknown era '{name}'")
    if version[: len(MODELLED_UNTIL)] > MODELLED_UNTIL:
        until = ".".join(map(str, MODELLED_UNTIL))
        raise UnknownEra(f"no era models version {name} yet: the real eras cover up to {until}")
    real = [e for e in REAL_ERAS if e.version <= version]
    if not real:
        raise UnknownEra(f"no era covers version {name}: the oldest modelled era is {REAL_ERAS[0].name}")
    return real[-1]


def era_diff(a: Era, b: Era) -> list[tuple[SwitchDef, Enum, Enum]]:
    """The switches whose values differ between two eras, in switch order."""
    return [
        (s, getattr(a, s.field), getattr(b, s.field)) for s in SWITCHES if getattr(a, s.field) != getattr(b, s.field)
    ]
