"""`mmspec fuzz`: random scenarios on the model and the live kernel."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from mmspec.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from mmspec.cli.oracle import swap_leftover_is_fatal
from mmspec.runner.oracle import allow_swap_default


@click.command(name="fuzz")
@click.option("--oracle", is_flag=True, help="Compare each random scenario with the live kernel (required).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--count", type=int, default=100, show_default=True)
@click.option("--allow-swap", is_flag=True, help="Also generate swap and reclaim (creates a swapfile, removed after).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("divergences"), show_default=True)
def fuzz(oracle: bool, seed: int, count: int, allow_swap: bool, out: Path) -> None:
    """Random scenarios on the model and the live kernel; every divergence is shrunk and saved."""
    try:
        from mmspec.oracle.fuzz import fuzz as run_fuzz
    except ModuleNotFoundError as e:
        if e.name != "hypothesis":
            raise
        click.echo(
            "mmspec fuzz shrinks what it finds with Hypothesis, which is not installed (pip install 'mmspec[fuzz]')",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    if not oracle:
        raise click.UsageError("fuzz compares the model with the live kernel: pass --oracle")
    start = time.monotonic()
    with swap_leftover_is_fatal():
        result = run_fuzz(seed, count, out, allow_swap or allow_swap_default())
    secs = time.monotonic() - start
    click.echo(
        f"{result.ran} scenarios in {secs:.1f} s ({result.ran / max(secs, 1e-9):.1f}/s), "
        f"{len(result.divergences)} divergences"
    )
    for kind, text, path in result.divergences:
        click.echo(f"divergence ({kind}): saved to {path}")
        click.echo(text)
    sys.exit(EXIT_FAILED if result.divergences else EXIT_OK)
