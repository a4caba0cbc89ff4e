"""Kernel's fields are declared once (mm_types.declare) and the fingerprints follow the declaration: a
field without a clone/exact/canonical rule is rejected, exact() tells apart states that differ in any one
field, and canonical() does not depend on process names."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import MISSING, FrozenInstanceError, field, fields, is_dataclass, make_dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mmspec.era import resolve_era
from mmspec.mm.mm_types import (
    STATE_FIELDS,
    Device,
    FileMapping,
    Foll,
    GupLocals,
    InFlight,
    Keep,
    Kernel,
    KLogKind,
    Page,
    Pte,
    Rename,
    Vma,
    declare,
    is_shmem,
    shmem_id,
    shmem_name,
    state_decls,
)
from mmspec.mm.mm_types import replace as mm_replace
from mmspec.model.fingerprint import (
    CANONICAL,
    _rename,
    _signature,
    canonical,
    coverage_problems,
    exact,
    exact_hash,
)
from mmspec.model.machine import MmMachine
from mmspec.runner.check import machine_factory
from mmspec.scenario.parse import parse_text

# A small explore over every kind of object: anon, shmem (shared anon), file and device mappings, GUP
# references and reclaim, so that the states it reaches fill every table.
CHECK = """era 5.19
device d preset=ram-nopage pages=1
file f pages=1
swap pages=3
explore procs=3 depth=6 maps=2 refs=1 ops=mmap,read,write,fork,munmap,exit,gup,putref,reclaim,release sources=anon,file:f,dev:d
"""


def _machine() -> MmMachine:
    sc = parse_text(CHECK)
    return machine_factory(sc, resolve_era(sc.era or ""), True)()


MACHINE = _machine()


@st.composite
def states(draw: st.DrawFn) -> Kernel:
    """A state reached by a random path of the explore above."""
    k = MACHINE.init_states()[0]
    for _ in range(draw(st.integers(0, 6))):
        actions = MACHINE.actions(k)
        if not actions:
            break
        k = MACHINE.next_state(k, actions[draw(st.integers(0, len(actions) - 1))]).state
    return k


# -- coverage of the declaration ----------------------------------------------------------------------


def test_every_kernel_field_is_declared_and_encoded() -> None:
    assert coverage_problems() == []
    scratch = {"klog", "dirty_pages", "dirty_ptes", "ledger", "xhash"}  # reports, recorders, caches: not state
    assert {name for name, _ in STATE_FIELDS} == {f.name for f in fields(Kernel)} - scratch


def test_an_undeclared_field_is_rejected() -> None:
    bigger = make_dataclass("Bigger", [("extra", int, field(default=0))], bases=(Kernel,))
    assert [p for p in coverage_problems(bigger) if p.startswith("extra:")] == [
        "extra: no StateDecl (declare how clone, exact and canonical treat it)"
    ]


def test_a_canonical_field_without_an_encoder_is_rejected() -> None:
    bigger = make_dataclass(
        "Bigger",
        [("extra", dict, field(default_factory=dict, metadata=declare(Keep.TABLE, Rename.PROC)))],
        bases=(Kernel,),
    )
    assert coverage_problems(bigger) == ["extra: declared canonical but has no encoder in fingerprint.CANONICAL"]
    # Declared as left out of the canonical form (with the reason at the field), it passes.
    omitted = make_dataclass(
        "Omitted", [("extra", int, field(default=0, metadata=declare(Keep.VALUE, None)))], bases=(Kernel,)
    )
    assert coverage_problems(omitted) == []


def test_an_encoder_of_no_canonical_field_is_rejected() -> None:
    assert coverage_problems(Kernel, {**CANONICAL, "next_pfn": lambda k, n: k.next_pfn}) == [
        "next_pfn: has an encoder but is not declared canonical"
    ]


# -- clone and snapshot -------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_clone_copies_tables_and_empties_the_log(k: Kernel) -> None:
    c = k.clone()
    assert type(c) is Kernel and c.klog == [] and exact(c) == exact(k) and c.snapshot() == k.snapshot()
    for name, keep in STATE_FIELDS:
        if keep is Keep.TABLE:
            assert getattr(c, name) is not getattr(k, name), name
        else:
            assert getattr(c, name) is getattr(k, name), name
    c.pages[-1] = Page(-1, next(iter(k.pages.values())).kind)
    c.next_vpn["nobody"] = 1
    assert -1 not in k.pages and "nobody" not in k.next_vpn and c.snapshot() != k.snapshot()


# -- exact() ------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states(), states())
def test_exact_tells_apart_states_that_differ_in_one_field(a: Kernel, b: Kernel) -> None:
    for name, _ in STATE_FIELDS:
        if getattr(a, name) == getattr(b, name):
            continue
        mixed = a.clone()
        setattr(mixed, name, getattr(b, name))
        assert exact(mixed) != exact(a), name
        assert mixed.snapshot() != a.snapshot() and mixed.snapshot(but=(name,)) == a.snapshot(but=(name,))


def test_exact_sees_every_state_field() -> None:
    """Each field on its own: a change to it, and to nothing else, changes the exact form."""
    k = MACHINE.init_states()[0]
    for name, keep in STATE_FIELDS:
        c = k.clone()
        value = getattr(c, name)
        if keep is Keep.TABLE:
            value[next(iter(value), 0)] = "changed"
        else:
            setattr(c, name, ("changed", value))
        assert exact(c) != exact(k), name


# -- the exact hash ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_the_exact_hash_kept_step_by_step_is_the_one_from_scratch(k: Kernel) -> None:
    assume(k.xhash is not None)  # the initial state: no transition made it, none kept its hash
    kept = k.xhash
    k.xhash = None
    assert kept == exact_hash(k)


def test_the_exact_hash_tells_apart_every_exact_state_of_a_search() -> None:
    """No two exact states of a whole search share an exact hash.  (A sum of plain tuple hashes failed
    this: two processes that swapped two VMAs kept the sum, 79 times in a depth-5 search.)"""
    seen: dict[int, tuple[Any, ...]] = {}
    frontier = MACHINE.init_states()
    for _ in range(4):
        successors = []
        for k in frontier:
            for action in MACHINE.actions(k):
                n = MACHINE.next_state(k, action).state
                assert n.xhash is not None
                form = exact(n)
                assert seen.setdefault(n.xhash, form) == form
                successors.append(n)
        frontier = list({exact_hash(n): n for n in successors}.values())[:400]
    assert len(seen) > 1000


def test_replace_is_dataclasses_replace() -> None:
    """mm_types.replace(), written out per record class, against dataclasses.replace()."""
    k = MACHINE.init_states()[0]
    for _ in range(3):  # a few steps in, so that there are VMAs and PTEs
        k = MACHINE.next_state(k, MACHINE.actions(k)[0]).state
    fl = InFlight("gup", "retry", GupLocals(5, Foll()), "A", 0)
    records = [*k.pages.values(), *k.devices.values(), *k.ptes.values(), *[v for vs in k.vmas.values() for v in vs], fl]
    assert {type(r) for r in records} >= {Page, Device, Pte, Vma, InFlight}
    for record in records:
        for f in fields(record):
            value = getattr(record, f.name)
            assert mm_replace(record, **{f.name: value}) == replace(record, **{f.name: value})
        assert mm_replace(record) == record and mm_replace(record) is not record
        assert hash(mm_replace(record)) == hash(record)
    page = next(iter(k.pages.values()))
    assert mm_replace(page, count=7, data=3) == replace(page, count=7, data=3)
    with pytest.raises(TypeError):
        mm_replace(page, no_such_field=1)


def _fast_records() -> list[type]:
    """The record classes whose __init__ mm_types.fast_records() wrote."""
    import mmspec.model.machine  # noqa: F401  (imports every module that calls fast_records)

    return [
        cls
        for name, module in sorted(sys.modules.items())
        if name.startswith("mmspec.")
        for cls in vars(module).values()
        if isinstance(cls, type)
        and cls.__module__ == name
        and is_dataclass(cls)
        and getattr(cls.__dict__.get("__init__"), "__code__", None) is not None
        and cls.__dict__["__init__"].__code__.co_filename == "<string>"
        and not cls.__dict__["__init__"].__code__.co_qualname.startswith("__create_fn__")
    ]


def test_fast_records_build_what_the_dataclass_init_builds() -> None:
    """Each record class whose __init__ fast_records() wrote builds, from positional or keyword arguments
    and its defaults, the record that dataclasses' own __init__ builds (a twin class made by
    make_dataclass() from the same fields), and stays frozen."""

    records = _fast_records()
    names = {cls.__name__ for cls in records}
    assert {"Page", "Pte", "Vma", "KLog", "Outcome", "Step", "Access", "Where"} <= names, names
    for cls in records:
        fs = fields(cls)
        twin = make_dataclass(
            "Twin",
            [(f.name, Any, field(default=f.default)) if f.default is not MISSING else (f.name, Any) for f in fs],
            frozen=True,
        )
        required = [f"<{f.name}>" for f in fs if f.default is MISSING]
        for args in (required, [f"<{f.name}>" for f in fs]):
            built, want = cls(*args), twin(*args)
            assert [getattr(built, f.name) for f in fs] == [getattr(want, f.name) for f in fs], cls
            kw = {f.name: a for f, a in zip(fs, args, strict=False)}
            assert cls(**kw) == built, cls
        with pytest.raises(FrozenInstanceError):
            setattr(built, fs[0].name if fs else "x", "x")
        with pytest.raises(TypeError):
            cls(*required, no_such_field=1)


def test_fast_records_leave_other_classes_alone() -> None:
    """A class with __post_init__, a default_factory or its own __init__ keeps its __init__."""
    from mmspec.mm.mm_types import _write_init

    def post_init(self: Any) -> None:
        object.__setattr__(self, "b", self.a + 1)

    checked = make_dataclass(
        "Checked", [("a", int), ("b", int, field(default=0))], frozen=True, namespace={"__post_init__": post_init}
    )
    listed = make_dataclass("Listed", [("a", list, field(default_factory=list))], frozen=True)
    for cls in (checked, listed):
        before = cls.__dict__["__init__"]
        _write_init(cls)
        assert cls.__dict__["__init__"] is before
    assert checked(1).b == 2 and listed().a == []


# -- canonical() --------------------------------------------------------------------------------------


def _rename_procs(k: Kernel, to: dict[str, str]) -> Kernel:
    """``k`` with process ``p`` called ``to[p]`` in every field the declaration says holds process names."""

    def r(name: str) -> str:
        return to.get(name, name)

    c = k.clone()
    c.mms = {r(mm): v for mm, v in k.mms.items()}
    c.vmas = {r(mm): v for mm, v in k.vmas.items()}
    c.ptes = {(r(mm), vpn): v for (mm, vpn), v in k.ptes.items()}
    c.refs = {n: replace(ref, holder=r(ref.holder)) for n, ref in k.refs.items()}
    c.pages = {pfn: replace(p, writer=r(p.writer)) for pfn, p in k.pages.items()}
    c.next_vpn = {r(mm): v for mm, v in k.next_vpn.items()}
    c.names = {(r(mm), label): v for (mm, label), v in k.names.items()}
    c.threads = {r(mm): v for mm, v in k.threads.items()}
    c.inflight = {(r(mm), task): v for (mm, task), v in k.inflight.items()}
    return c


RENAMED_HERE = {"mms", "vmas", "ptes", "refs", "pages", "next_vpn", "names", "threads", "inflight"}


def test_the_renaming_above_covers_every_field_that_holds_process_names() -> None:
    declared = {
        name for name, d in state_decls(Kernel).items() if d is not None and d.rename and Rename.PROC in d.rename
    }
    assert declared == RENAMED_HERE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states(), st.randoms(use_true_random=False))
def test_canonical_does_not_depend_on_process_names(k: Kernel, rnd: Any) -> None:
    live = sorted(k.mms)
    # Names that keep the order of the live processes: the canonical form must not change at all.
    monotone = {mm: f"R{i}" for i, mm in enumerate(live)}
    assert canonical(_rename_procs(k, monotone)) == canonical(k)
    # Any permutation: the same, as long as the signatures order the processes without ties (a tie is
    # broken by name, which at worst misses a reduction).
    n = _rename(k)
    by_mm: dict[str, list[Any]] = {mm: [] for mm in k.mms}
    for (m, vpn), t in sorted(k.ptes.items()):
        by_mm[m].append((vpn, t))
    signatures = [_signature(k, mm, by_mm[mm]) for mm in n.procs]
    shuffled = list(live)
    rnd.shuffle(shuffled)
    if len(set(signatures)) == len(signatures):
        assert canonical(_rename_procs(k, dict(zip(live, shuffled, strict=True)))) == canonical(k)


# -- shmem object names -------------------------------------------------------------------------------


def test_shmem_names() -> None:
    assert shmem_name(7) == "shmem:7" and is_shmem("shmem:7") and shmem_id("shmem:7") == 7
    assert not is_shmem("file:data") and shmem_id("dev:spu") is None
    assert str(FileMapping(shmem_name(3))) == "file:shmem:3"


# -- kernel log kinds ---------------------------------------------------------------------------------


def test_klog_kinds_the_kernel_prints() -> None:
    assert {k for k in KLogKind if k.printed} == {KLogKind.BAD_PAGE, KLogKind.BAD_PTE, KLogKind.PUT_ZERO}
    assert KLogKind.BAD_PAGE == "bad_page" and f"{KLogKind.RECLAIM_UNMAP}" == "reclaim_unmap"


def test_fingerprints_agree_between_interpreters() -> None:
    """Two fresh interpreters with one hash seed give every state the same fingerprints, canonical and exact,
    as Ray's actors must: nothing in a fingerprint is hashed by its address (None is, before Python 3.12,
    and address-space randomisation moves it from one process to the next)."""
    here = Path(__file__).resolve().parent
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(here.parent)}
    runs = [
        subprocess.run(
            [sys.executable, str(here / "fingerprints_of.py")], capture_output=True, text=True, env=env, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0].count("\n") > 5000 and runs[0] == runs[1]
