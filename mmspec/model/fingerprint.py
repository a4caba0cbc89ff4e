"""Fingerprints of a :class:`~mmspec.mm.mm_types.Kernel` for the model checker: the exact form (no
symmetry) and the canonical form (symmetry reduction).  Both follow Kernel's field declaration
(:func:`~mmspec.mm.mm_types.state_decls`): exact() is derived from it, and canonical() has one encoder per
declared field, which :func:`coverage_problems` checks at import and in the tests.

Symmetry: processes are interchangeable, and so are the page frames the allocator hands out.  The canonical
form orders the processes by a signature that names no process and no frame, then numbers frames, VMAs,
anon_vmas and shmem objects by first appearance in that order.  Two states with the same canonical form are
the same state up to renaming, so folding them is sound; a renaming the signature cannot see is a missed
reduction, never a wrong one.  The model's behaviour does not depend on frame numbers (the LRU keeps
insertion order, the allocator a LIFO list), only on their order in those lists, which the form keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import (
    SHMEM_PREFIX,
    STATE_FIELDS,
    AnonMapping,
    InFlight,
    Keep,
    Kernel,
    MmCounters,
    Pte,
    Vma,
    shmem_id,
    shmem_name,
    state_decls,
)

# The state fields by kind, in declaration order: exact() lists the tables, then the values.
# (attrgetter, not k.__dict__: reading __dict__ would slow down every later attribute load of k.)
_TABLES = attrgetter(*[name for name, keep in STATE_FIELDS if keep is Keep.TABLE])
_VALUES = attrgetter(*[name for name, keep in STATE_FIELDS if keep is Keep.VALUE])


def exact(k: Kernel) -> tuple[Any, ...]:
    """The whole state, names and numbers as they are (no symmetry)."""
    return (*[tuple(sorted(t.items())) for t in _TABLES(k)], *[() if v is None else v for v in _VALUES(k)])


# -- the exact hash, kept from one state to the next -------------------------------------------------------
#
# The sum (mod 2**64) of one hash per table entry and per value, each salted with its field's place in the
# declaration: a state and its successor differ in a few entries, so the successor's hash is the state's
# with those entries' terms swapped.  It stands for the exact state wherever a 64-bit fingerprint may
# (the checker's visited set already does), e.g. to remember the canonical fingerprint of an exact state
# seen before (:class:`CanonicalMemo`).

_MASK = (1 << 64) - 1
_TABLE_SLOTS = tuple(enumerate(name for name, keep in STATE_FIELDS if keep is Keep.TABLE))
# Kernel.set_page(), add_page() and set_pte() log what they write (tests/test_watch.py holds the model to
# it); the other tables are compared whole.
_WRITE_LOG = {"pages": "dirty_pages", "ptes": "dirty_ptes"}
_LOGGED = tuple((i, name, _WRITE_LOG[name]) for i, name in _TABLE_SLOTS if name in _WRITE_LOG)
_UNLOGGED = tuple((i, name) for i, name in _TABLE_SLOTS if name not in _WRITE_LOG)
_VALUE_SLOTS = tuple(enumerate((name for name, keep in STATE_FIELDS if keep is Keep.VALUE), len(_TABLE_SLOTS)))


def exact_hash(k: Kernel) -> int:
    """The exact hash of ``k``, from scratch (and kept on ``k``)."""
    h = 0
    for i, name in _TABLE_SLOTS:
        for item in getattr(k, name).items():
            h += _term(i, item)
    for i, name in _VALUE_SLOTS:
        h += _term(i, _value(getattr(k, name)))
    k.xhash = h = h & _MASK
    return h


def _changed_table(i: int, a: dict[Any, Any], b: dict[Any, Any]) -> int:
    """The change of the sum between two versions of one table (slot ``i``) that are not equal."""
    h = 0
    for key, value in a.items():
        if b.get(key, _GONE) is not value:
            h -= _term(i, (key, value))
    for key, value in b.items():
        if a.get(key, _GONE) is not value:
            h += _term(i, (key, value))
    return h


def _changed_entries(i: int, a: dict[Any, Any], b: dict[Any, Any], written: list[Any]) -> int:
    """The change of the sum between two versions of a logged table, given the keys the step wrote."""
    h = 0
    for key in set(written):
        was, now = a.get(key, _GONE), b.get(key, _GONE)
        if was is not now:
            if was is not _GONE:
                h -= _term(i, (key, was))
            if now is not _GONE:
                h += _term(i, (key, now))
    return h


def _write_exact_hash_after() -> Callable[[Kernel, Kernel], int]:
    """exact_hash_after() written out from the declaration, one block per field (as clone() is): it runs at
    every transition, and a loop over the field names would read each through getattr()."""
    lines = ["    h = old.xhash if old.xhash is not None else exact_hash(old)"]
    for i, name, written in _LOGGED:  # pages and PTEs: only those the step wrote can differ
        lines.append(f"    h += _changed_entries({i}, old.{name}, new.{name}, new.{written})")
    for i, name in _UNLOGGED:  # compared in C first, so an unchanged table costs one comparison
        lines += [f"    a, b = old.{name}, new.{name}", "    if a != b:", f"        h += _changed_table({i}, a, b)"]
    for i, name in _VALUE_SLOTS:
        lines += [
            f"    a, b = old.{name}, new.{name}",
            "    if a is not b and a != b:",
            f"        h += _term({i}, _value(b)) - _term({i}, _value(a))",
        ]
    lines += ["    new.xhash = h = h & _MASK", "    return h"]
    namespace: dict[str, Any] = {
        "exact_hash": exact_hash,
        "_changed_entries": _changed_entries,
        "_changed_table": _changed_table,
        "_term": _term,
        "_value": _value,
        "_MASK": _MASK,
    }
    exec("def exact_hash_after(old, new):\n" + "\n".join(lines) + "\n", namespace)
    fn: Callable[[Kernel, Kernel], int] = namespace["exact_hash_after"]
    fn.__doc__ = """The exact hash of ``new``, a successor of ``old``, from ``old``'s and the entries that differ (and
    kept on ``new``)."""
    return fn


_GONE = object()


def _value(v: object) -> object:
    return () if v is None else v  # None hashes by address before Python 3.12 (mm_types._hash_without_none)


def _term(i: int, entry: object) -> int:
    """One entry's term of the sum.  Not hash() of the tuple alone: CPython's tuple hash is close to
    linear in its items' hashes, so a sum of such terms cancels out (two processes swapping two VMAs kept
    the sum).  A one-element frozenset's hash runs the tuple's hash through frozenset's nonlinear mixing."""
    return hash(frozenset(((i, entry),)))


exact_hash_after = _write_exact_hash_after()


class CanonicalMemo:
    """The canonical fingerprint of each exact state met before, by exact hash: most successors are states
    seen already (in the standard check, about half of them), and their canonical form is the costly part
    of a transition.  Bounded: when full it starts again, which costs time, never a result."""

    def __init__(self, limit: int = 1 << 20) -> None:
        self.limit = limit
        self.table: dict[int, int] = {}

    def fingerprint(self, k: Kernel) -> int:
        xh = k.xhash if k.xhash is not None else exact_hash(k)
        fp = self.table.get(xh)
        if fp is None:
            if len(self.table) >= self.limit:
                self.table.clear()
            fp = self.table[xh] = hash(canonical(k))
        return fp


_VMA_SIGNATURES: dict[int, tuple[tuple[Vma, ...], tuple[Any, ...]]] = {}


def _vma_signature(vmas: tuple[Vma, ...]) -> tuple[Any, ...]:
    """The VMAs' part of a process's signature.  Kept by the identity of the process's tuple of VMAs, which a
    clone shares until a step replaces it (the entry holds the tuple, so its id is not reused meanwhile):
    most new states have the VMAs of the state they came from."""
    got = _VMA_SIGNATURES.get(id(vmas))
    if got is not None and got[0] is vmas:
        return got[1]
    sig = tuple(
        (
            v.label,
            v.start,
            v.end,
            v.pgoff,
            int(v.flags),
            v.source._value_,  # .value, without the enum property's Python call
            v.ops._value_,
            "shmem" if v.obj.startswith(SHMEM_PREFIX) else v.obj,
            v.anon_vma is not None,
            v.fmode_write,
        )
        for v in vmas
    )
    if len(_VMA_SIGNATURES) >= 1 << 16:  # bounded: starting again costs time, never a result
        _VMA_SIGNATURES.clear()
    _VMA_SIGNATURES[id(vmas)] = (vmas, sig)
    return sig


def _signature(k: Kernel, mm: str, mine: list[tuple[int, Pte]]) -> tuple[Any, ...]:
    """What a process looks like without any process name or frame number in it."""
    vmas = _vma_signature(k.vmas[mm])
    ptes = []
    for vpn, pte in mine:
        page = k.pages.get(pte.pfn) if pte.present else None
        what = (
            ("swap",)
            if not pte.present
            else (
                "zero" if pte.pfn == ZERO_PFN else "page",
                page.count if page else -1,
                page.mapcount if page else -1,
                page.anon if page else False,
                page.data if page else k.io_data.get(pte.pfn, 0),
            )
        )
        ptes.append((vpn, pte.read, pte.write, pte.dirty, pte.young, pte.special, pte.exclusive, what))
    names = tuple(sorted((label, where) for (m, label), where in k.names.items() if m == mm))
    return (
        *_counters(k.mms[mm]),
        vmas,
        tuple(ptes),
        names,
        k.next_vpn.get(mm, 0),
        k.threads.get(mm, ()),
        tuple(sorted((t, _unnamed(c)) for (m, t), c in k.inflight.items() if m == mm)),
    )


def _unnamed(c: InFlight) -> InFlight:
    """An in-flight call without the process name or frame it holds (a fork's child, the PTE GUP-fast
    read, the page a stopped write fault holds locked: only whether it holds one), for the signature."""
    if c.page > 0:
        c = replace(c, page=0)
    if c.fork is not None:
        c = replace(c, fork=replace(c.fork, child=""))
    return c if c.pte is None else replace(c, pte=replace(c.pte, pfn=-1))


def _renamed(c: InFlight, n: _Names) -> InFlight:
    """An in-flight call with its process name and frames renamed."""
    if c.page >= 0:
        c = replace(c, page=n.frames[c.page])
    if c.fork is not None:
        c = replace(c, fork=replace(c.fork, child=n.pname[c.fork.child]))
    return c if c.pte is None else replace(c, pte=replace(c.pte, pfn=n.frames[c.pte.pfn]))


@dataclass(slots=True)
class _Names:
    """The canonical renaming of one state: processes in signature order, frames, VMA ids, anon_vma ids."""

    procs: list[str]
    pname: dict[str, str]
    frames: dict[int, int]
    vids: dict[int, int]
    avs: dict[int, int]
    objs: dict[str, str] = field(default_factory=dict)  # shmem names renamed so far (named in several tables)

    def obj(self, name: str) -> str:
        if not name.startswith(SHMEM_PREFIX):  # most names: no shmem_id() call
            return name
        got = self.objs.get(name)
        if got is None:
            sid = shmem_id(name)
            assert sid is not None
            # A shmem object whose VMA is gone keeps its old name, prefixed again so that it cannot collide.
            got = self.objs[name] = shmem_name(self.vids[sid]) if sid in self.vids else SHMEM_PREFIX + name
        return got


def _in_signature_order(k: Kernel, by_mm: dict[str, list[tuple[int, Pte]]]) -> list[str]:
    """The processes sorted by (signature, name).  A signature starts with the process's counters, and these
    mostly differ: the whole signature is built only for processes whose counters are equal, which gives
    the same order."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for mm, c in k.mms.items():
        groups.setdefault(_counters(c), []).append(mm)
    procs: list[str] = []
    for key in sorted(groups):
        tied = groups[key]
        procs += sorted(tied, key=lambda mm: (_signature(k, mm, by_mm[mm]), mm)) if len(tied) > 1 else tied
    return procs


def _counters(c: MmCounters) -> tuple[Any, ...]:
    """The first items of a process's :func:`_signature`."""
    return (c.file_rss, c.anon_rss, c.total_vm, c.reserved_vm, c.locked_vm, c.has_pinned)


def _rename(k: Kernel) -> _Names:
    by_mm: dict[str, list[tuple[int, Pte]]] = {mm: [] for mm in k.mms}
    for (m, vpn), t in sorted(k.ptes.items()):
        by_mm[m].append((vpn, t))
    procs = _in_signature_order(k, by_mm) if len(k.mms) > 1 else list(k.mms)
    pname = {mm: f"Q{i}" for i, mm in enumerate(procs)}
    # Numbered by first appearance: the frames of devices, PTEs in process order, references, the swap
    # cache, the page cache, the LRU, the free list, then any other page.
    frames: dict[int, int] = {ZERO_PFN: 0}
    vids: dict[int, int] = {}
    avs: dict[int, int] = {}
    for dev in sorted(k.devices):
        for pfn in k.devices[dev].frames:
            if pfn not in frames:
                frames[pfn] = len(frames)
    for mm in procs:
        for vma in k.vmas[mm]:
            if vma.id not in vids:
                vids[vma.id] = len(vids)
            if vma.anon_vma is not None and vma.anon_vma not in avs:
                avs[vma.anon_vma] = len(avs)
        for _vpn, t in by_mm[mm]:
            if t.present and t.pfn not in frames:
                frames[t.pfn] = len(frames)
    later = (
        [r.pfn for r in sorted(k.refs.values(), key=lambda r: (pname.get(r.holder, r.holder), r.name))]
        if k.refs
        else []
    )
    if k.swap is not None:
        later += [pfn for _, pfn in k.swap.cache]
    if k.files:
        for obj in sorted(k.files):
            later += [pfn for _, pfn in k.files[obj].cache]
    for pfn in later:
        if pfn not in frames:
            frames[pfn] = len(frames)
    for pfn in k.lru + k.free_list:
        if pfn not in frames:
            frames[pfn] = len(frames)
    for pfn, page in sorted(k.pages.items()):
        if pfn not in frames:
            frames[pfn] = len(frames)
        mapping = page.mapping
        if isinstance(mapping, AnonMapping) and mapping.anon_vma not in avs:
            avs[mapping.anon_vma] = len(avs)
    return _Names(procs, pname, frames, vids, avs)


# -- one encoder per canonical field: the field of state k with the renaming n applied ---------------------


# Enum members go in as their values (``_value_``, without the property's Python call): an enum member
# hashes through a Python-level __hash__, a string in C, and each canonical form hashes a few per page and
# VMA.  The tuples they sit in are sorted by a unique first element.


def _pages(k: Kernel, n: _Names) -> tuple[Any, ...]:
    frames, avs, pname, obj = n.frames, n.avs, n.pname, n.obj
    out = []
    for p in k.pages.values():
        m = p.mapping
        mapping = ("a", avs[m.anon_vma]) if isinstance(m, AnonMapping) else ("f", obj(m.name)) if m else ()
        out.append(
            (
                frames[p.pfn],
                p.kind._value_,
                p.count,
                p.mapcount,
                p.flags,
                mapping,
                p.index,
                p.private,
                p.data,
                pname.get(p.writer, p.writer),
                p.free,
                p.owner,
                p.anon_exclusive,
            )
        )
    out.sort()
    return tuple(out)


def _vmas(k: Kernel, n: _Names) -> tuple[Any, ...]:
    vids, avs, obj = n.vids, n.avs, n.obj
    return tuple(
        [
            (
                n.pname[mm],
                tuple(
                    [
                        (
                            vids[v.id],
                            v.label,
                            v.start,
                            v.end,
                            v.pgoff,
                            v.flags,
                            v.source._value_,
                            obj(v.obj),
                            v.ops._value_,
                            avs[v.anon_vma] if v.anon_vma is not None else -1,
                            v.fmode_write,
                        )
                        for v in k.vmas[mm]
                    ]
                ),
            )
            for mm in n.procs
        ]
    )


def _ptes(k: Kernel, n: _Names) -> tuple[Any, ...]:
    frames, pname = n.frames, n.pname
    return tuple(
        sorted(
            [
                (
                    (pname[mm], vpn),
                    (
                        frames[t.pfn] if t.present else -1,
                        t.read,
                        t.write,
                        t.dirty,
                        t.young,
                        t.swap,
                        t.special,
                        t.exclusive,
                    ),
                )
                for (mm, vpn), t in k.ptes.items()
            ]
        )
    )


def _files(k: Kernel, n: _Names) -> tuple[Any, ...]:
    if not k.files:
        return ()
    frames = n.frames
    return tuple(
        sorted(
            (n.obj(o), s.pages, s.shmem, tuple((i, frames[p]) for i, p in s.cache), s.disk, s.truncate_count)
            for o, s in k.files.items()
        )
    )


def _swap(k: Kernel, n: _Names) -> tuple[Any, ...]:
    s = k.swap
    return () if s is None else (s.swap_map, s.data, tuple((slot, n.frames[p]) for slot, p in s.cache))


def _refs(k: Kernel, n: _Names) -> tuple[Any, ...]:
    if not k.refs:
        return ()
    frames, pname = n.frames, n.pname
    return tuple(
        sorted(
            (r.name, pname.get(r.holder, r.holder), frames[r.pfn], r.vpn, r.label, r.write, r.pin, r.longterm)
            for r in k.refs.values()
        )
    )


def _by_vma_ids(table: dict[Any, tuple[int, ...]], name: Callable[[Any], Any], vids: dict[int, int]) -> tuple[Any, ...]:
    """A table of VMA id lists (anon_vmas, i_mmap), its keys renamed by ``name`` and the ids by ``vids``."""
    return tuple(sorted([(name(key), tuple([vids[i] for i in ids])) for key, ids in table.items()]))


Encoder = Callable[[Kernel, _Names], Any]

CANONICAL: dict[str, Encoder] = {
    "pages": _pages,
    # () without the generator and sort where a table is empty, as it mostly is for these
    "io_data": lambda k, n: tuple(sorted((n.frames[pfn], v) for pfn, v in k.io_data.items())) if k.io_data else (),
    "mms": lambda k, n: tuple((n.pname[mm], k.mms[mm]) for mm in n.procs),
    "vmas": _vmas,
    "ptes": _ptes,
    "anon_vmas": lambda k, n: _by_vma_ids(k.anon_vmas, n.avs.__getitem__, n.vids),
    "i_mmap": lambda k, n: _by_vma_ids(k.i_mmap, n.obj, n.vids),
    "files": _files,
    "devices": lambda k, n: tuple(sorted((d.name, d.released) for d in k.devices.values())),
    "swap": _swap,
    "refs": _refs,
    "free_list": lambda k, n: tuple(n.frames[p] for p in k.free_list),
    "lru": lambda k, n: tuple(n.frames[p] for p in k.lru),
    # Per process in canonical order; entries of exited processes are dead.  No entry (never mapped) folds
    # with 0 (what fork copies from such a parent), as in _signature: a process with no mapping yet is the
    # same up to where its addresses start.
    "next_vpn": lambda k, n: tuple(k.next_vpn.get(mm, 0) for mm in n.procs),
    "names": lambda k, n: tuple(sorted([(n.pname[mm], label, where) for (mm, label), where in k.names.items()])),
    # Task names are not renamed: a process's threads are created in order (T2, T3, ...).  An in-flight
    # call's reference name is the scenario's; a fork's child, the frame of the PTE a GUP-fast read and the
    # page a stopped write fault holds locked are renamed.
    "threads": lambda k, n: tuple(sorted((n.pname[mm], ts) for mm, ts in k.threads.items())) if k.threads else (),
    "inflight": lambda k, n: (
        tuple(sorted(((n.pname[mm], t), _renamed(c, n)) for (mm, t), c in k.inflight.items())) if k.inflight else ()
    ),
}


def coverage_problems(cls: type = Kernel, encoders: dict[str, Encoder] = CANONICAL) -> list[str]:
    """Why the fingerprints do not cover every field of ``cls`` (a Kernel): a field without a declaration,
    a field the declaration puts in the canonical form without an encoder, or an encoder of no such field."""
    decls = state_decls(cls)
    out = [
        f"{name}: no StateDecl (declare how clone, exact and canonical treat it)"
        for name, decl in decls.items()
        if decl is None
    ]
    out += [
        f"{name}: declared canonical but has no encoder in fingerprint.CANONICAL"
        for name, decl in decls.items()
        if decl is not None and decl.rename is not None and name not in encoders
    ]
    out += [
        f"{name}: has an encoder but is not declared canonical"
        for name in encoders
        if (decl := decls.get(name)) is None or decl.rename is None
    ]
    return out


if coverage_problems():
    raise TypeError("Kernel fingerprints are incomplete: " + "; ".join(coverage_problems()))
_ENCODERS: tuple[Encoder, ...] = tuple(
    CANONICAL[name] for name, decl in state_decls(Kernel).items() if decl is not None and decl.rename is not None
)


def canonical(k: Kernel) -> tuple[Any, ...]:
    """The state with processes, frames, VMAs, anon_vmas and shmem objects renamed canonically."""
    n = _rename(k)
    return tuple([enc(k, n) for enc in _ENCODERS])
