"""The model's state: struct page, PTEs, VMAs, mm counters, anon_vma, address spaces, swap, devices.

Mirrors include/linux/mm_types.h, include/linux/mm.h (VM_* flags) and include/linux/page-flags.h (PG_*)
of Linux 2.6.19.  Records are frozen, slotted dataclasses; :class:`Kernel` is the container that a
transition copies (one shallow copy per table) and then edits, so a state that was handed out is never
changed afterwards.

Addresses are virtual page numbers and frames are PFNs: the model has no byte offsets.  Each page holds
one integer of data, so that a read shows which copy of the data a process sees.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from dataclasses import replace as dataclass_replace
from enum import Enum, Flag, StrEnum, auto
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from mmspec.mm.ledger import Ledger


R = TypeVar("R")
_REPLACERS: dict[type, Callable[..., Any]] = {}


def replace(obj: R, /, **changes: Any) -> R:
    """dataclasses.replace() for the state's records, about ten times faster: a transition replaces a few
    records per step, and dataclasses.replace() looks the fields up again at every call.  The code is
    written out once per class from its fields (as dataclasses writes __init__); classes it does not
    suit (not frozen and slotted, or with __post_init__) go to dataclasses.replace()."""
    cls = type(obj)
    fast = _REPLACERS.get(cls)
    if fast is None:
        fast = _REPLACERS[cls] = _write_replace(cls)
    return fast(obj, **changes)  # type: ignore[no-any-return]


def _slot_setters(cls: type) -> dict[str, Any] | None:
    """``_s_<field>``: the __set__ of each field's slot in a frozen, slotted dataclass without
    __post_init__ whose fields all go to __init__, or None for any other class (or a class mypyc compiled,
    whose fields are not slots).  A slot's own __set__ stores in C; object.__setattr__(), which a frozen
    dataclass's code calls for each field, first looks the name up through the class."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        return None
    setters: dict[str, Any] = {}
    for f in fields(cls):
        slot: Any = cls.__dict__.get(f.name)
        if not f.init or type(slot).__name__ != "member_descriptor":
            return None
        setters[f"_s_{f.name}"] = slot.__set__
    return setters


def _write_replace(cls: type) -> Callable[..., Any]:
    """The fast replace() of ``cls``, or dataclasses.replace() where the class does not suit it."""
    namespace = _slot_setters(cls)
    if namespace is None:
        return dataclass_replace
    names = [f.name for f in fields(cls)]
    args = ", ".join(f"{n}=_M" for n in names)
    body = "\n".join(f"    _s_{n}(new, self.{n} if {n} is _M else {n})" for n in names)
    source = f"def replace(self, *, {args}):\n    new = _new(cls)\n{body}\n    return new\n"
    namespace.update({"_M": object(), "_new": object.__new__, "cls": cls})
    exec(source, namespace)
    fn: Callable[..., Any] = namespace["replace"]
    return fn


def fast_records(module: str) -> None:
    """Give each frozen dataclass defined in ``module`` an __init__ that stores its fields through their
    slots' __set__ (or the instance's whole __dict__ at once where the class has no slots): about twice as
    fast as the one dataclasses writes, which calls object.__setattr__() per field.  The checker builds
    about five such records per transition.  The signature and defaults stay those of the dataclass; classes
    with a default_factory, keyword-only or non-init fields, or __post_init__, keep theirs, and so does a
    module that mypyc compiled (its classes are native: their instances have neither slots nor __dict__)."""
    if not str(getattr(sys.modules[module], "__file__", "")).endswith(".py"):
        return
    for cls in list(vars(sys.modules[module]).values()):
        if isinstance(cls, type) and cls.__module__ == module:
            _write_init(cls)


def _write_init(cls: type) -> None:
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or not params.init or hasattr(cls, "__post_init__"):
        return
    code = getattr(cls.__dict__.get("__init__"), "__code__", None)
    if code is None or not code.co_qualname.startswith("__create_fn__"):
        return  # not the __init__ dataclasses wrote: inherited, or the class's own
    fs = fields(cls)
    if any(not f.init or f.kw_only or f.default_factory is not MISSING for f in fs):
        return
    namespace: dict[str, Any] = {f"_d_{f.name}": f.default for f in fs if f.default is not MISSING}
    args = ", ".join(f.name if f.default is MISSING else f"{f.name}=_d_{f.name}" for f in fs)
    if "__slots__" in cls.__dict__:
        setters = _slot_setters(cls)
        if setters is None:
            return
        namespace.update(setters)
        body = "\n".join(f"    _s_{f.name}(self, {f.name})" for f in fs) or "    pass"
    else:
        namespace["_set"] = object.__setattr__
        body = "    _set(self, '__dict__', {" + ", ".join(f"{f.name!r}: {f.name}" for f in fs) + "})"
    exec(f"def __init__(self, {args}):\n{body}\n", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__, init.__annotations__ = cls.__dict__["__init__"].__doc__, cls.__dict__["__init__"].__annotations__
    cls.__init__ = init  # type: ignore[misc]


# Flags are plain ints: the checker tests and combines them several times per step, and an enum.Flag
# operation costs a Python call (about 50 times an int's).  The names live in the namespaces VM and PG.
VmFlags = int
PageFlags = int


class VM:
    """``vm_flags`` bits (include/linux/mm.h, 2.6.19 values)."""

    VM_READ: Final = 0x00000001
    VM_WRITE: Final = 0x00000002
    VM_EXEC: Final = 0x00000004
    VM_SHARED: Final = 0x00000008
    VM_MAYREAD: Final = 0x00000010
    VM_MAYWRITE: Final = 0x00000020
    VM_MAYEXEC: Final = 0x00000040
    VM_MAYSHARE: Final = 0x00000080
    VM_PFNMAP: Final = 0x00000400
    VM_LOCKED: Final = 0x00002000
    VM_IO: Final = 0x00004000
    VM_DONTCOPY: Final = 0x00020000
    VM_DONTEXPAND: Final = 0x00040000
    VM_RESERVED: Final = 0x00080000
    VM_ACCOUNT: Final = 0x00100000
    VM_INSERTPAGE: Final = 0x02000000  # <= 3.6; the bit is reused by VM_WIPEONFORK from 4.14
    VM_DONTDUMP: Final = 0x04000000  # 3.7+
    VM_MIXEDMAP: Final = 0x10000000  # 2.6.26+
    VM_WIPEONFORK: Final = 0x40000000  # 4.14+ (its real bit, 0x02000000, is VM_INSERTPAGE's old one)


# VM_SPECIAL (include/linux/mm.h): VMAs that are never merged, never mlocked (3.7+).  VM_RESERVED left it
# in 3.7; VM_MIXEDMAP joined it between 3.8 and 4.6 (commit not identified), counted here from 3.7.
VM_SPECIAL = VM.VM_IO | VM.VM_DONTEXPAND | VM.VM_RESERVED | VM.VM_PFNMAP | VM.VM_MIXEDMAP


def _bits(namespace: type, prefix: str) -> tuple[tuple[str, int], ...]:
    """A flag namespace's names with their bits, in bit order."""
    return tuple(sorted(((n, v) for n, v in vars(namespace).items() if n.startswith(prefix)), key=lambda nv: nv[1]))


VM_BITS = _bits(VM, "VM_")
VM_BY_NAME: dict[str, int] = dict(VM_BITS)  # the scenario format names flags


def vm_flag_names(flags: VmFlags) -> list[str]:
    """The VM_* names of the bits set in ``flags``, in bit order."""
    return [n for n, bit in VM_BITS if bit & flags]


def vm_flags_str(flags: VmFlags) -> str:
    return "|".join(vm_flag_names(flags)) or "0"


class PG:
    """``page->flags`` bits the model tracks (include/linux/page-flags.h).  PageAnon is not a flag:
    it is the low bit of ``page->mapping`` (see :class:`AnonMapping`)."""

    PG_locked: Final = 1 << 0
    PG_referenced: Final = 1 << 2
    PG_uptodate: Final = 1 << 3
    PG_dirty: Final = 1 << 4
    PG_lru: Final = 1 << 5
    PG_active: Final = 1 << 6
    PG_reserved: Final = 1 << 10
    PG_writeback: Final = 1 << 12
    PG_swapcache: Final = 1 << 15


NO_PG = 0  # an empty flag set, for defaults
PG_BITS = _bits(PG, "PG_")


def pg_flag_names(flags: PageFlags) -> list[str]:
    """The PG_* names of the bits set in ``flags``, in bit order."""
    return [n for n, bit in PG_BITS if bit & flags]


def pg_flags_str(flags: PageFlags) -> str:
    return "|".join(pg_flag_names(flags)) or "0"


# free_pages_check() in mm/page_alloc.c: any of these set at free time is a bad page.
PAGE_FLAGS_CHECK_AT_FREE = PG.PG_lru | PG.PG_locked | PG.PG_active | PG.PG_swapcache | PG.PG_writeback | PG.PG_reserved


class FrameKind(Enum):
    """What backs a PFN.  IO frames have no struct page (pfn_valid() is false)."""

    RAM = "ram"  # buddy-allocator memory
    ZERO = "zero"  # empty_zero_page in the kernel image: PG_reserved, never freed
    SPECIAL = "special"  # memmap'd but never onlined (__add_pages): PG_reserved, base ref held by the platform
    IO = "io"  # device memory without struct page


@dataclass(frozen=True, slots=True)
class AnonMapping:
    """``page->mapping = anon_vma | PAGE_MAPPING_ANON``."""

    anon_vma: int

    def __str__(self) -> str:
        return f"anon_vma#{self.anon_vma}"


@dataclass(frozen=True, slots=True)
class FileMapping:
    """``page->mapping = &inode->i_mapping`` of a regular file or a shmem object."""

    name: str

    def __str__(self) -> str:
        return f"file:{self.name}"


Mapping = AnonMapping | FileMapping | None


@dataclass(frozen=True, slots=True)
class Page:
    """struct page (include/linux/mm_types.h) of one order-0 frame.

    ``mapcount`` is page_mapcount(), i.e. the kernel's ``_mapcount + 1``.  ``private`` is the swap slot
    while PG_swapcache is set.  ``free`` says the frame is in the buddy allocator.  ``owner`` names the
    holder of a base reference that no PTE accounts for (driver, platform memmap, kernel image).
    ``data`` is the page's contents and ``writer`` the process that stored it last ("" for the kernel).
    """

    pfn: int
    kind: FrameKind
    count: int = 0
    mapcount: int = 0
    flags: PageFlags = 0
    mapping: Mapping = None
    index: int = 0
    private: int = -1
    data: int = 0
    writer: str = ""
    free: bool = False
    owner: str = ""
    anon_exclusive: bool = False  # PG_anon_exclusive (5.19+), aliases PG_mappedtodisk

    @property
    def anon(self) -> bool:
        """PageAnon(): the low bit of page->mapping."""
        return isinstance(self.mapping, AnonMapping)

    def has(self, flag: PageFlags) -> bool:
        return bool(self.flags & flag)


@dataclass(frozen=True, slots=True)
class Pte:
    """A non-none page table entry: present (pfn + bits) or a swap entry (``swap`` >= 0).  ``read`` is
    false for a PROT_NONE PTE (present to the kernel, inaccessible to the MMU).  ``special`` is the
    software bit of pte_mkspecial() (x86 from 2.6.27); ``exclusive`` is the swap PTE's
    pte_swp_exclusive() marker (5.19+)."""

    pfn: int = -1
    read: bool = True
    write: bool = False
    dirty: bool = False
    young: bool = False
    swap: int = -1
    special: bool = False
    exclusive: bool = False

    @property
    def present(self) -> bool:
        return self.swap < 0


class Source(Enum):
    """What an mmap maps: decides vm_file and vm_ops."""

    ANON = "anon"
    ZERO = "zero"  # /dev/zero
    FILE = "file"
    DEV = "dev"


class Ops(Enum):
    """Which ``vm_operations_struct`` a VMA has, by the fault hook it provides."""

    NONE = "none"  # vm_ops == NULL: anonymous, private /dev/zero, prefilling drivers without vm_ops
    NOFAULT = "nofault"  # vm_ops without a fault hook (open/close only, like AF_PACKET's ring)
    FILEMAP = "filemap"  # generic_file_vm_ops (mm/filemap.c): ->nopage, ->fault from 2.6.23
    SHMEM = "shmem"  # shmem_vm_ops (mm/shmem.c): shared anon and shared /dev/zero
    DRIVER_NOPAGE = "driver_nopage"
    DRIVER_FAULT = "driver_fault"
    DRIVER_NOPFN = "driver_nopfn"


@dataclass(frozen=True, slots=True)
class Vma:
    """struct vm_area_struct.  ``start``/``end`` are page numbers, ``obj`` names the file, shmem object or
    device behind it, ``label`` is the scenario's name for the mapping."""

    id: int
    label: str
    start: int
    end: int
    pgoff: int
    flags: VmFlags
    source: Source
    obj: str = ""
    ops: Ops = Ops.NONE
    anon_vma: int | None = None
    # vm_file->f_mode & FMODE_WRITE: False for a file opened O_RDONLY (a private mapping of it keeps
    # VM_MAYWRITE, do_mmap_pgoff(); only a shared one loses it).  True for anon, shmem and devices.
    fmode_write: bool = True

    @property
    def pages(self) -> int:
        return self.end - self.start

    def has(self, flag: VmFlags) -> bool:
        return bool(self.flags & flag)

    def contains(self, vpn: int) -> bool:
        return self.start <= vpn < self.end

    def linear_index(self, vpn: int) -> int:
        """linear_page_index(): the object page offset that ``vpn`` maps."""
        return self.pgoff + (vpn - self.start)


@dataclass(frozen=True, slots=True)
class MmCounters:
    """The counters of struct mm_struct the model checks (2.6.19: file_rss and anon_rss)."""

    file_rss: int = 0
    anon_rss: int = 0
    total_vm: int = 0
    reserved_vm: int = 0
    locked_vm: int = 0
    has_pinned: bool = False  # mm->has_pinned (5.9) / MMF_HAS_PINNED: sticky once a page was pinned
    # mm->write_protect_seq is odd (5.11+): fork is inside copy_page_range() of a COW VMA of this mm.
    write_protect_seq_odd: bool = False


SHMEM_PREFIX = "shmem:"


def shmem_name(vma_id: int) -> str:
    """The object name of the shmem object shmem_zero_setup() creates for VMA ``vma_id``: the key of its
    address_space in ``Kernel.files`` and ``i_mmap``, and its pages' FileMapping name."""
    return f"{SHMEM_PREFIX}{vma_id}"


def is_shmem(name: str) -> bool:
    """Whether object name ``name`` (a VMA's ``obj``, a FileMapping's ``name``) is a shmem object's."""
    return name.startswith(SHMEM_PREFIX)


def shmem_id(name: str) -> int | None:
    """The VMA id a shmem object name was made from, or None if ``name`` is not a shmem object's."""
    return int(name[len(SHMEM_PREFIX) :]) if name.startswith(SHMEM_PREFIX) else None


@dataclass(frozen=True, slots=True)
class AddressSpace:
    """struct address_space of a regular file or a shmem object: its page cache (index -> pfn) and the
    contents of its backing store (the disk for a file; zero-filled for shmem)."""

    name: str
    pages: int
    shmem: bool = False
    cache: tuple[tuple[int, int], ...] = ()
    disk: tuple[int, ...] = ()
    truncate_count: int = 0

    def cached(self, index: int) -> int | None:
        for i, pfn in self.cache:
            if i == index:
                return pfn
        return None

    def with_cached(self, index: int, pfn: int | None) -> AddressSpace:
        rest = tuple((i, p) for i, p in self.cache if i != index)
        if pfn is not None:
            rest = tuple(sorted((*rest, (index, pfn))))
        return replace(self, cache=rest)


class DeviceFault(Enum):
    """How a driver's VMAs get their PTEs (the ``fault=`` key of a device)."""

    NOPAGE = "nopage"  # ->nopage returns the page after page_cache_get()
    NOPAGE_NOREF = "nopage-noref"  # ->nopage forgets page_cache_get(): a driver bug
    NOPFN = "nopfn"  # ->nopfn returns the frame (do_no_pfn)
    NOPFN_INSERT = "nopfn-insert"  # ->nopfn calls vm_insert_pfn() and returns NOPFN_REFAULT (2.6.21 spufs)
    FAULT = "fault"  # ->fault returns the page with a reference (2.6.23+)
    FAULT_NOREF = "fault-noref"  # ->fault forgets get_page(): a driver bug
    FAULT_PFN = "fault-pfn"  # ->fault calls vm_insert_pfn()/vmf_insert_pfn(), returns VM_FAULT_NOPAGE
    FAULT_MIXED = "fault-mixed"  # ->fault calls vm_insert_mixed()/vmf_insert_mixed()
    REMAP = "remap"  # remap_pfn_range() of every frame at mmap time (no vm_ops)
    INSERT = "insert"  # vm_insert_page() of every page at mmap time (no vm_ops)
    INSERT_NOFAULT = "insert-nofault"  # vm_insert_page() at mmap, vm_ops without a fault hook (AF_PACKET)
    NONE = "none"  # no vm_ops: faults fall through to do_anonymous_page


class DeviceMemory(Enum):
    """What a device's frames are (the ``memory=`` key)."""

    RESERVED = "reserved"  # struct pages from __add_pages(): PG_reserved, count 1 held by the platform
    RAM = "ram"  # driver-allocated normal pages: count 1 held by the driver until release
    IO = "io"  # no struct page
    ZERO = "zero"  # the shared zero page (a driver handing out zeroed memory, like vm_map_pages_zero())


@dataclass(frozen=True, slots=True)
class DeviceDecl:
    """A `device` line: the driver's strategy (its preset with any overridden keys)."""

    name: str
    preset: str
    fault: DeviceFault
    memory: DeviceMemory
    flags: VmFlags
    private_ok: bool
    pages: int


@dataclass(frozen=True, slots=True)
class Device:
    """A character device in the state: its declaration, its frames and whether the driver released them.
    ``name`` is the object name VMAs refer to (``dev:NAME``)."""

    name: str
    decl: DeviceDecl
    frames: tuple[int, ...]
    released: bool = False

    @property
    def preset(self) -> str:
        return self.decl.preset

    @property
    def fault(self) -> DeviceFault:
        return self.decl.fault

    @property
    def memory(self) -> DeviceMemory:
        return self.decl.memory

    @property
    def flags(self) -> VmFlags:
        return self.decl.flags

    @property
    def private_ok(self) -> bool:
        return self.decl.private_ok


@dataclass(frozen=True, slots=True)
class SwapInfo:
    """One swap device (struct swap_info_struct): swap_map counts, contents, and the swap cache."""

    slots: int
    swap_map: tuple[int, ...]
    data: tuple[int, ...]
    cache: tuple[tuple[int, int], ...] = ()  # slot -> pfn of the swap-cache page

    def cached(self, slot: int) -> int | None:
        for s, pfn in self.cache:
            if s == slot:
                return pfn
        return None


@dataclass(frozen=True, slots=True)
class Ref:
    """A page reference held outside the page tables (get_user_pages, as a pipe holds a vmspliced page)."""

    name: str
    holder: str
    pfn: int
    vpn: int
    label: str
    write: bool = False
    pin: bool = False  # FOLL_PIN: GUP_PIN_COUNTING_BIAS on the refcount (5.7+)
    longterm: bool = False


class KLogKind(StrEnum):
    """What a :class:`KLog` entry stands for: a message the kernel prints, or an event the invariants
    (mmspec/model/invariants.py check_events()) need to see.  A StrEnum, so it compares and prints as its
    name."""

    BAD_PAGE = "bad_page"  # bad_page() in mm/page_alloc.c prints "Bad page state"
    BAD_PTE = "bad_pte"  # print_bad_pte() in mm/memory.c prints "Bad page map"
    PUT_ZERO = "put_zero"  # put_page() of a count-0 page: VM_BUG_ON() in put_page_testzero() (DEBUG_VM)
    FREED = "freed"  # free_hot_cold_page(): a frame went back to the allocator
    STORE = "store"  # a user store reached a frame (the COW contract is checked against it)
    COW = "cow"  # do_wp_page() replaced a page by its copy (the pins on the old page are checked)
    LIVELOCK = "livelock"  # get_user_pages() or a user access still faults after the retry limit
    RECLAIM_UNMAP = "reclaim_unmap"  # try_to_unmap_one() cleared a PTE
    ANON_VMA_UAF = "anon_vma_uaf"  # an rmap walk went through a freed anon_vma
    UNLOCK_FREED = "unlock_freed"  # unlock_page() of a page that was freed while its caller held it locked

    @property
    def printed(self) -> bool:
        """Whether the kernel prints it to its log; the other kinds are events only the invariants see."""
        return self in _PRINTED


_PRINTED = frozenset({KLogKind.BAD_PAGE, KLogKind.BAD_PTE, KLogKind.PUT_ZERO})


@dataclass(frozen=True, slots=True)
class KLog:
    """One fact a step reports (see :class:`KLogKind`).  ``special`` is set on a RECLAIM_UNMAP of a PTE
    that vm_normal_page() calls special: reclaim must never have found such a page."""

    kind: KLogKind
    message: str
    pfn: int = -1
    mm: str = ""
    special: bool = False
    vpn: int = -1  # the user address of a STORE (the VMA it went through), -1 where not known


# -- tasks and the system calls in flight ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Foll:
    """The FOLL_* flags the model distinguishes (include/linux/mm.h)."""

    write: bool = False  # FOLL_WRITE, which a pre-4.9 loop clears after a COW fault in a VMA without VM_WRITE
    get: bool = True  # FOLL_GET (a page array was passed)
    pin: bool = False  # FOLL_PIN (pin_user_pages(), 5.6+)
    cow: bool = False  # FOLL_COW (4.9-5.19): a write fault already broke COW in a VMA without VM_WRITE
    force: bool = False  # FOLL_FORCE (ptrace, /proc/PID/mem): VM_MAYWRITE/VM_MAYREAD stand for VM_WRITE/VM_READ


@dataclass(frozen=True, slots=True)
class GupLocals:
    """The locals of __get_user_pages() (mm/gup.c; get_user_pages() in mm/memory.c before 3.18) that live
    across its ``retry:`` label: the page, the FOLL_* flags as the loop has rewritten them, and how many
    faults it took so far.  No page is held at that label, so nothing here names a frame."""

    vpn: int
    foll: Foll
    faults: int = 0


@dataclass(frozen=True, slots=True)
class ForkLocals:
    """The locals of dup_mmap() (kernel/fork.c) that live across its stop in copy_present_pte()'s
    write-protect window (docs/model.md, "Interleaving points"): the child, the parent VMA being copied (by
    its start page, which mmap_lock, held for write, keeps in place), the page whose PTE waits for its
    write-protect, and the labels of the VMAs copied so far.  No frame is named here."""

    child: str
    vma_start: int
    vpn: int
    copied: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InFlight:
    """A system call a task started and that stopped at a named point (an interleaving point: see
    docs/model.md, "Interleaving points"), with its saved locals.  ``caller`` says what the call does with
    the page when it ends: ``gup`` keeps the reference ``ref`` (taken on mapping ``label``), ``poke`` stores
    ``value`` into the page (access_remote_vm(), a write to /proc/PID/mem), ``write`` is a user store whose
    write fault stopped in do_wp_page() (``gup.vpn`` is its page) and retries the store when it ends,
    ``fork`` finishes dup_mmap().  ``phase`` is the point: ``retry``, ``reuse``, ``wrprotect``, ``grab``
    (GUP-fast between its PTE read and its grab, interrupts off, no lock held), or ``mmap_lock`` for a
    GUP-fast that fell back to the slow path and sleeps in mmap_read_lock() while a fork holds the lock for
    write."""

    caller: str
    phase: str
    gup: GupLocals
    label: str
    index: int
    ref: str = ""
    value: int = 0
    write: bool = False  # the caller asked for a write (FOLL_WRITE may be cleared in ``gup.foll``)
    longterm: bool = False
    # The page a stopped write fault (``caller`` "write") holds locked, with no reference: do_wp_page()'s
    # reuse path between pte_unmap_unlock() and unlock_page() (5.9-rc4 … rc6); -1 when it holds none.
    page: int = -1
    fork: ForkLocals | None = None  # ``caller`` fork: dup_mmap()'s locals (``gup`` is then unused)
    pte: Pte | None = None  # ``phase`` grab: the PTE value GUP-fast read, which it compares after the grab
    seq_changed: bool = False  # ``phase`` grab: mm->write_protect_seq moved since GUP-fast sampled it (5.11+)


def _hash_without_none(cls: type, *optional: str, enums: tuple[str, ...] = ()) -> None:
    """Give record class ``cls`` a __hash__ that hashes its ``optional`` fields' None as ``()``.  Python
    before 3.12 hashes None by its address, which differs between processes unless address-space
    randomisation is off; fingerprints must agree between the checker's workers and Ray's actors, which
    start their own interpreters.  (Equality is unchanged: None and () never stand for each other here.)
    The ``enums`` fields are hashed by their member's value, a string hashed in C, rather than through
    Enum.__hash__, a Python call: the checker hashes records at every transition."""

    def item(n: str) -> str:
        if n in optional:
            return f"(self.{n} if self.{n} is not None else ())"
        return f"self.{n}._value_" if n in enums else f"self.{n}"

    items = ", ".join(item(f.name) for f in fields(cls))
    namespace: dict[str, Any] = {}
    exec(f"def __hash__(self):\n    return hash(({items},))\n", namespace)
    cls.__hash__ = namespace["__hash__"]  # type: ignore[method-assign]


_hash_without_none(Page, "mapping", enums=("kind",))
_hash_without_none(Vma, "anon_vma", enums=("source", "ops"))
_hash_without_none(InFlight, "fork", "pte")


# -- the declaration of Kernel's fields -------------------------------------------------------------------


class Keep(Enum):
    """How a :class:`Kernel` field is carried into a clone and into the exact fingerprint."""

    TABLE = "table"  # a dict of immutable values: copied shallowly by clone(), as sorted items in exact()
    VALUE = "value"  # an immutable value: shared by clone(), as is in exact()
    SCRATCH = "scratch"  # what one transition reports (the kernel log): empty in a clone, not state
    RECORDER = "recorder"  # a recorder a run attached (the reference ledger): shared by clone(), not state
    CACHE = "cache"  # a value derived from the state (its exact hash): None in a clone, not state


class Rename(Flag):
    """The renamings that the canonical fingerprint (mmspec/model/fingerprint.py) applies to a field,
    i.e. which names of renamed things the field holds."""

    NONE = 0
    PROC = auto()  # process (mm) names
    FRAME = auto()  # PFNs of RAM pages the allocator hands out
    VMA = auto()  # VMA ids
    ANON_VMA = auto()  # anon_vma ids
    SHMEM = auto()  # shmem object names (made from VMA ids)


@dataclass(frozen=True, slots=True)
class StateDecl:
    """The declaration of one Kernel field.  ``rename`` None leaves the field out of the canonical form;
    the field's comment says why that is sound."""

    keep: Keep
    rename: Rename | None


_DECL = "mmspec.state"


def declare(keep: Keep, rename: Rename | None) -> dict[str, StateDecl]:
    """The ``metadata`` of a Kernel field: ``field(default_factory=dict, metadata=declare(Keep.TABLE, ...))``."""
    return {_DECL: StateDecl(keep, rename)}


def state_decls(cls: type) -> dict[str, StateDecl | None]:
    """Each dataclass field of ``cls`` (Kernel) with its declaration, None where it has none."""
    return {f.name: f.metadata.get(_DECL) for f in fields(cls)}


@dataclass
class Kernel:
    """The whole machine state.  A transition works on :meth:`clone` and never edits a state it was given.

    Tables are keyed so that iteration order is deterministic: PTEs by (mm, vpn), VMAs per mm sorted by
    start, pages by pfn.
    """

    # Each field is declared once, with how clone() and exact() carry it and what canonical() renames in
    # it; tests/test_state_decl.py fails on a field without a declaration or a canonical encoder.
    pages: dict[int, Page] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.FRAME | Rename.ANON_VMA | Rename.SHMEM | Rename.PROC)
    )
    io_data: dict[int, int] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.FRAME))
    mms: dict[str, MmCounters] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC))
    vmas: dict[str, tuple[Vma, ...]] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC | Rename.VMA | Rename.ANON_VMA | Rename.SHMEM)
    )
    ptes: dict[tuple[str, int], Pte] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC | Rename.FRAME)
    )
    # anon_vma id -> the VMA ids on its list, in link order (list_add_tail: parent before child)
    anon_vmas: dict[int, tuple[int, ...]] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.ANON_VMA | Rename.VMA)
    )
    # address_space (file, shmem object or device) -> its VMA ids in i_mmap order (fork puts the child's
    # VMA right after the parent's, vma_prio_tree_add)
    i_mmap: dict[str, tuple[int, ...]] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.SHMEM | Rename.VMA)
    )
    files: dict[str, AddressSpace] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.SHMEM | Rename.FRAME)
    )
    # The canonical form keeps only whether each was released: declarations and frames are fixed at boot.
    devices: dict[str, Device] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.NONE))
    swap: SwapInfo | None = field(default=None, metadata=declare(Keep.VALUE, Rename.FRAME))
    refs: dict[str, Ref] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC | Rename.FRAME))
    # LIFO, like the per-CPU hot list
    free_list: tuple[int, ...] = field(default=(), metadata=declare(Keep.VALUE, Rename.FRAME))
    # the LRU lists in insertion order (PG_active tells which list), oldest first
    lru: tuple[int, ...] = field(default=(), metadata=declare(Keep.VALUE, Rename.FRAME))
    # The next fresh PFN, VMA id and anon_vma id: not in the canonical form, which renumbers all three.
    next_pfn: int = field(default=0x100, metadata=declare(Keep.VALUE, None))
    next_vma: int = field(default=1, metadata=declare(Keep.VALUE, None))
    next_anon_vma: int = field(default=1, metadata=declare(Keep.VALUE, None))
    next_vpn: dict[str, int] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC))  # next mmap
    # User space's side: where each process keeps each named mapping (start page, pages).  Names outlive
    # munmap (a later access faults with SIGSEGV) and are inherited at fork, like pointers in memory.
    names: dict[tuple[str, str], tuple[int, int]] = field(
        default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC)
    )
    # The tasks of each process beyond its first (T1): clone(CLONE_VM) threads sharing its mm, sorted.
    threads: dict[str, tuple[str, ...]] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC))
    # (process, task) -> the system call that task has in flight (docs/model.md, "Interleaving points")
    inflight: dict[tuple[str, str], InFlight] = field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC))
    # What the transition that made this state reported; not part of the state.
    klog: list[KLog] = field(default_factory=list, metadata=declare(Keep.SCRATCH, None))
    # The pages and PTEs the transition wrote (through set_page(), add_page() and set_pte()), so that the
    # invariant checks after a step look only at what the step touched (model/watch.py).
    dirty_pages: list[int] = field(default_factory=list, metadata=declare(Keep.SCRATCH, None))
    dirty_ptes: list[tuple[str, int]] = field(default_factory=list, metadata=declare(Keep.SCRATCH, None))
    # The reference ledger (mmspec/mm/ledger.py) when a run records one; None in the checker.  Not state:
    # every state of a run shares it, and neither the fingerprints nor equality see it.
    ledger: Ledger | None = field(default=None, compare=False, repr=False, metadata=declare(Keep.RECORDER, None))
    # The state's exact hash (mmspec/model/fingerprint.py exact_hash()), kept by the checker's transitions
    # so that the next one computes its own from what changed; None until computed.
    xhash: int | None = field(default=None, compare=False, repr=False, metadata=declare(Keep.CACHE, None))

    def clone(self) -> Kernel:
        """The state for a transition to edit: tables copied shallowly (their records are immutable),
        values shared, the kernel log empty.  Replaced below by code written out from the declaration."""
        raise NotImplementedError

    def snapshot(self, but: tuple[str, ...] = ()) -> tuple[object, ...]:
        """Every state field except those named in ``but``, copied shallowly: a later snapshot that
        compares equal means nothing else changed in between."""
        return tuple(
            [
                getattr(self, name).copy() if keep is Keep.TABLE else getattr(self, name)
                for name, keep in STATE_FIELDS
                if name not in but
            ]
        )

    # -- struct page ---------------------------------------------------------------------------------

    def page(self, pfn: int) -> Page:
        return self.pages[pfn]

    def pfn_valid(self, pfn: int) -> bool:
        return pfn in self.pages

    def add_page(self, page: Page) -> None:
        """A struct page comes into being (boot, or a fresh frame from the allocator)."""
        self.pages[page.pfn] = page
        self.dirty_pages.append(page.pfn)

    def set_page(self, pfn: int, **changes: object) -> Page:
        old = self.pages[pfn]
        page: Page = _replace_page(old, **changes)
        self.pages[pfn] = page
        self.dirty_pages.append(pfn)
        if (old.flags ^ page.flags) & PG.PG_lru:  # most changes are of counts and data
            self._track_lru(old, page)
        return page

    def set_flags(self, pfn: int, set_: PageFlags = NO_PG, clear: PageFlags = NO_PG) -> None:
        self.set_page(pfn, flags=(self.pages[pfn].flags | set_) & ~clear)

    def _track_lru(self, old: Page, new: Page) -> None:
        """Keep ``lru`` in step with PG_lru: a page joins the tail when it gets the flag, leaves on losing it."""
        was, now = bool(old.flags & PG.PG_lru), bool(new.flags & PG.PG_lru)
        if now and not was:
            self.lru = (*self.lru, new.pfn)
        elif was and not now:
            self.lru = tuple(p for p in self.lru if p != new.pfn)

    def read_frame(self, pfn: int) -> int:
        page = self.pages.get(pfn)
        return page.data if page is not None else self.io_data.get(pfn, 0)

    def write_frame(self, pfn: int, value: int) -> None:
        if pfn in self.pages:
            self.set_page(pfn, data=value)
        else:
            self.io_data[pfn] = value

    # -- mm and VMAs ---------------------------------------------------------------------------------

    def live_mms(self) -> list[str]:
        return sorted(self.mms)

    def find_vma(self, mm: str, vpn: int) -> Vma | None:
        for vma in self.vmas.get(mm, ()):
            if vma.contains(vpn):
                return vma
        return None

    def vma_by_label(self, mm: str, label: str) -> Vma | None:
        """The VMA at the start of the range ``mm`` named ``label``, if still mapped."""
        where = self.names.get((mm, label))
        return self.find_vma(mm, where[0]) if where is not None else None

    def put_vma(self, mm: str, vma: Vma) -> None:
        rest = tuple(v for v in self.vmas.get(mm, ()) if v.id != vma.id)
        self.vmas[mm] = tuple(sorted((*rest, vma), key=lambda v: v.start))

    def drop_vma(self, mm: str, vma: Vma) -> None:
        self.vmas[mm] = tuple(v for v in self.vmas.get(mm, ()) if v.id != vma.id)
        if vma.obj in self.i_mmap:
            self.i_mmap[vma.obj] = tuple(i for i in self.i_mmap[vma.obj] if i != vma.id)

    def vma_by_id(self, vma_id: int) -> tuple[str, Vma] | None:
        for mm in sorted(self.vmas):
            for vma in self.vmas[mm]:
                if vma.id == vma_id:
                    return mm, vma
        return None

    def link_file_vma(self, vma: Vma, after: int | None = None) -> None:
        """__vma_link_file(): add the VMA to its object's i_mmap, at the end or right after ``after``."""
        if not vma.obj:
            return
        ids = list(self.i_mmap.get(vma.obj, ()))
        ids.insert(ids.index(after) + 1 if after in ids else len(ids), vma.id)
        self.i_mmap[vma.obj] = tuple(ids)

    def counters(self, mm: str) -> MmCounters:
        return self.mms[mm]

    def add_counters(self, mm: str, **deltas: int) -> None:
        c = self.mms[mm]
        self.mms[mm] = _replace_counters(c, **{k: getattr(c, k) + v for k, v in deltas.items()})

    # -- page tables ---------------------------------------------------------------------------------

    def pte(self, mm: str, vpn: int) -> Pte | None:
        return self.ptes.get((mm, vpn))

    def set_pte(self, mm: str, vpn: int, pte: Pte | None) -> None:
        self.dirty_ptes.append((mm, vpn))
        if pte is None:
            self.ptes.pop((mm, vpn), None)
        else:
            self.ptes[(mm, vpn)] = pte

    def ptes_of(self, mm: str, vma: Vma) -> Iterator[tuple[int, Pte]]:
        """The PTEs in ``vma``'s range, by address.  The work is proportional to the smaller of the VMA's
        size and the number of PTEs that exist, so that a large mapping with few PTEs costs little: each
        step's invariant check walks every VMA."""
        if vma.pages <= len(self.ptes):
            for vpn in range(vma.start, vma.end):
                pte = self.ptes.get((mm, vpn))
                if pte is not None:
                    yield vpn, pte
        else:
            start, end = vma.start, vma.end
            yield from sorted((vpn, pte) for (m, vpn), pte in self.ptes.items() if m == mm and start <= vpn < end)

    def log(
        self, kind: KLogKind, message: str, pfn: int = -1, mm: str = "", special: bool = False, vpn: int = -1
    ) -> None:
        self.klog.append(KLog(kind, message, pfn, mm, special, vpn))


# The replace() of the two records a step replaces most, without replace()'s look-up and second keyword call.
_replace_page = _REPLACERS[Page] = _write_replace(Page)
_replace_counters = _REPLACERS[MmCounters] = _write_replace(MmCounters)
_DECLS = state_decls(Kernel)
if None in _DECLS.values():
    raise TypeError(f"Kernel fields without a StateDecl: {[n for n, d in _DECLS.items() if d is None]}")
# The state (every field but scratch and recorders) in declaration order, and the tables among it (what
# clone() copies).
STATE_FIELDS: tuple[tuple[str, Keep], ...] = tuple(
    (name, d.keep) for name, d in _DECLS.items() if d is not None and d.keep in (Keep.TABLE, Keep.VALUE)
)


def _write_clone() -> Callable[[Kernel], Kernel]:
    """Kernel.clone() written out from the declaration, as dataclasses writes __init__: one attribute store
    per field on a fresh instance, without __init__'s keyword call.  (Assigning a copied __dict__ instead
    would be shorter but makes every later attribute load of the state slower in CPython 3.11+.)"""
    lines = [
        f"    new.{name} = self.{name}.copy()" if keep is Keep.TABLE else f"    new.{name} = self.{name}"
        for name, keep in STATE_FIELDS
    ]
    lines += [f"    new.{name} = []" for name, d in _DECLS.items() if d is not None and d.keep is Keep.SCRATCH]
    lines += [
        f"    new.{name} = self.{name}" for name, d in _DECLS.items() if d is not None and d.keep is Keep.RECORDER
    ]
    lines += [f"    new.{name} = None" for name, d in _DECLS.items() if d is not None and d.keep is Keep.CACHE]
    namespace: dict[str, Any] = {"_new": object.__new__, "Kernel": Kernel}
    source = "def clone(self):\n    new = _new(Kernel)\n" + "\n".join(lines) + "\n    return new\n"
    exec(source, namespace)
    clone: Callable[[Kernel], Kernel] = namespace["clone"]
    clone.__doc__ = Kernel.clone.__doc__
    return clone


Kernel.clone = _write_clone()  # type: ignore[method-assign,assignment]


fast_records(__name__)
