"""The inverse of the parser for steps: the scenario line of an action (docs/format.md), so that a
counterexample or a generated scenario is a file `mmspec run` reads back to the same actions."""

from __future__ import annotations

from mmspec.mm.mm_types import Source
from mmspec.model import actions as A


def action_text(a: A.Action) -> str:
    """The scenario line of an action (docs/format.md)."""
    if isinstance(a, A.Mmap):
        src = a.source.value if a.source in (Source.ANON, Source.ZERO) else a.obj
        offset = f" offset={a.offset}" if a.offset else ""
        share = "shared" if a.shared else "private"
        return f"{a.proc}: mmap {a.label} {src} pages={a.pages} {share} {A.prot_text(a.prot)}{offset}"
    if isinstance(a, A.Access):
        return f"{a.proc}: write {a.label}[{a.index}] = {a.value}" if a.write else f"{a.proc}: read {a.label}[{a.index}]"
    if isinstance(a, A.Fork):
        return f"{a.proc}: fork {a.child}"
    if isinstance(a, A.Munmap):
        return f"{a.proc}: munmap {a.label}"
    if isinstance(a, A.Mprotect):
        return f"{a.proc}: mprotect {a.label} {A.prot_text(a.prot)}"
    if isinstance(a, A.Madvise):
        return f"{a.proc}: madvise {a.label} {a.advice}"
    if isinstance(a, A.Mlock):
        return f"{a.proc}: {'mlock' if a.lock else 'munlock'} {a.label}"
    if isinstance(a, A.Exit):
        return f"{a.proc}: exit"
    if isinstance(a, A.Gup):
        how = ("write" if a.write else "read") + (" pin" if a.pin else "") + (" longterm" if a.longterm else "")
        return f"{a.proc}: gup {a.label}[{a.index}] {how} as {a.ref}"
    if isinstance(a, A.ReadRef):
        return f"{a.proc}: readref {a.ref}"
    if isinstance(a, A.PutRef):
        return f"{a.proc}: putref {a.ref}"
    if isinstance(a, A.Revoke):
        return f"{a.device.removeprefix('dev:')}: revoke"
    if isinstance(a, A.Release):
        return f"{a.device.removeprefix('dev:')}: release"
    return "reclaim"
