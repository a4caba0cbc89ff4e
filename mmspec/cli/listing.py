"""`mmspec eras`, `mmspec presets` and `mmspec invariants`: what exists."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mmspec.cli.common import BadOption, console, fail_option, resolve_one
from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, SWITCHES, Era, Since, dated_value, era_diff, release_key_of, uncertain_boundaries
from mmspec.mm.mm_types import vm_flags_str
from mmspec.model.invariants import INVARIANTS


@click.command()
@click.option(
    "--diff", nargs=2, metavar="A B", default=None, help="Show the switches that differ between two releases."
)
@click.option(
    "--at", "at", metavar="R", default=None, help="Show one release's switch values and where each came from."
)
def eras(diff: tuple[str, str] | None, at: str | None) -> None:
    """List the landmark eras and the rule switches with their dated values, or (--at R) one release's switch
    values, or (--diff A B) what changed between two releases."""
    out = console()
    if diff is not None or at is not None:
        option = "--diff" if diff is not None else "--at"
        try:
            picked = [resolve_one(x, option) for x in (diff if diff is not None else (at or "",))]
        except BadOption as bad:
            fail_option(bad, False, "eras")
        if diff is not None:
            _print_diff(out, picked[0], picked[1])
        else:
            _print_at(out, picked[0])
        return
    t = Table(
        "era",
        "",
        "description",
        title="Landmark eras (any release from 2.6.0 to 6.18 resolves to exactly its dated switch values)",
        title_justify="left",
    )
    for e in ERAS:
        t.add_row(e.name, "hypothetical" if e.hypothetical else "", escape(e.description))
    out.print(t)
    t = Table("switch", *[e.name for e in ERAS], title="Switch values per landmark era", title_justify="left")
    for s in SWITCHES:
        t.add_row(s.field, *[getattr(e, s.field).value for e in ERAS])
    out.print(t)
    for s in SWITCHES:
        out.print(f"[bold]{s.field}[/]: {escape(s.summary)}. " + escape(s.history))
        out.print("  values: " + escape("; ".join(_dated(d) for d in s.dated)))
        if s.uncertain:
            out.print("  [dim](" + escape(s.uncertain) + ")[/]")


def _dated(d: Since) -> str:
    """``value since R (commit)``, or ``value at 2.6.19`` for a value whose start is not dated."""
    if not d.release:
        return f"{d.value.value} at 2.6.19 (start not dated)"
    return f"{d.value.value} since {d.release}" + (f" ({d.commit})" if d.commit else "")


def _print_at(out: Console, era: Era) -> None:
    t = Table("switch", "value", "since", "commit", title=f"{era.name}: {era.description}", title_justify="left")
    for s in SWITCHES:
        value = getattr(era, s.field)
        d = dated_value(s, value)
        since = "hypothetical" if d is None else d.release or "2.6.0 or before"
        cited = (
            (f'{d.commit} ("{d.subject}")' if d.commit else f'"{d.subject}" (before git)') if d and d.subject else ""
        )
        t.add_row(s.field, value.value, since, escape(cited))
    out.print(t)
    for s, d, other in uncertain_boundaries(era):
        out.print(escape(f"note: {s.field}: {d.uncertain}; {era.name} may have {other.value}"))


def _print_diff(out: Console, a: Era, b: Era) -> None:
    changed = era_diff(a, b)
    t = Table(
        "switch",
        a.name,
        b.name,
        "changed by",
        title=f"{a.name} → {b.name}: {len(changed)} switches differ",
        title_justify="left",
    )
    lo, hi = sorted((a.version, b.version))
    for s, va, vb in changed:
        # The changes between the two releases (all of them when one side is hypothetical).
        # A change from before git (2.6.0 … 2.6.11) has a patch subject and no commit id.
        between = [
            (d.release, d.commit or "before git", d.subject)
            for d in s.dated
            if d.release and d.subject and (a.hypothetical or b.hypothetical or lo < release_key_of(d.release) <= hi)
        ]
        if not between and (a.hypothetical or b.hypothetical):
            between = list(s.related)  # a hypothetical value: the commits its question is about
        t.add_row(s.field, va.value, vb.value, "\n".join(escape(f'v{v} {c} ("{subj}")') for v, c, subj in between))
    out.print(t)


@click.command()
def presets() -> None:
    """List the device presets."""
    t = Table("preset", "fault", "memory", "flags", "private", "description")
    for p in PRESETS.values():
        t.add_row(
            p.name,
            p.fault.value,
            p.memory.value,
            vm_flags_str(p.flags),
            "allowed" if p.private_ok else "einval",
            escape(p.summary),
        )
    console().print(t)


@click.command()
def invariants() -> None:
    """List the invariant ids with what each asserts."""
    t = Table("id", "asserts", "kernel check it mirrors")
    for i in INVARIANTS:
        t.add_row(i.id, escape(i.summary), escape(i.kernel_check))
    console().print(t)
