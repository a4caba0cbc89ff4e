"""`mmspec eras`, `mmspec presets` and `mmspec invariants`: what exists."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from mmspec.cli.common import BadOption, console, fail_option, resolve_one
from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, SWITCHES, era_diff
from mmspec.mm.mm_types import vm_flags_str
from mmspec.model.invariants import INVARIANTS


@click.command()
@click.option("--diff", nargs=2, metavar="A B", default=None, help="Show the switches that differ between two eras.")
def eras(diff: tuple[str, str] | None) -> None:
    """List the eras and their rule switches, or (--diff A B) what changed between two eras."""
    out = console()
    if diff is not None:
        try:
            a, b = (resolve_one(x, "--diff") for x in diff)
        except BadOption as bad:
            fail_option(bad, False, "eras")
        changed = era_diff(a, b)
        t = Table(
            "switch",
            a.name,
            b.name,
            "changed by",
            title=f"{a.name} → {b.name}: {len(changed)} switches differ",
            title_justify="left",
        )
        for s, va, vb in changed:
            t.add_row(
                s.field, va.value, vb.value, "\n".join(escape(f'v{v} {c} ("{subj}")') for v, c, subj in s.changes)
            )
        out.print(t)
        return
    t = Table(
        "era",
        "",
        "description",
        title="Eras (a version resolves to the newest era at or below it)",
        title_justify="left",
    )
    for e in ERAS:
        t.add_row(e.name, "hypothetical" if e.hypothetical else "", escape(e.description))
    out.print(t)
    t = Table("switch", *[e.name for e in ERAS], title="Switch values per era", title_justify="left")
    for s in SWITCHES:
        t.add_row(s.field, *[getattr(e, s.field).value for e in ERAS])
    out.print(t)
    for s in SWITCHES:
        out.print(f"[bold]{s.field}[/]: {escape(s.summary)}. " + escape(s.history))
        if s.uncertain or s.modelled_from:
            extra = [s.uncertain] if s.uncertain else []
            if s.modelled_from:
                extra.append(f"modelled from era {s.modelled_from}")
            out.print("  [dim](" + escape("; ".join(extra)) + ")[/]")


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
