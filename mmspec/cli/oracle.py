"""`mmspec oracle`: scenarios on the model and on the live kernel, compared after every step."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import click

from mmspec.cli.common import (
    ERA_HELP,
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_SWAP_LEFT,
    FILES_ARGUMENT,
    BadOption,
    console,
    emit_json,
    fail_option,
    load,
    problems,
    report,
    resolve_eras,
)
from mmspec.cli.oracle_report import render, summary, to_json
from mmspec.errors import ScenarioError
from mmspec.runner.oracle import DIVERGE, OracleResult, allow_swap_default, host_era, run_oracle


@contextlib.contextmanager
def swap_leftover_is_fatal() -> Iterator[None]:
    """A swapfile the oracle could not switch off ends the command (exit 3) with the message that names it;
    a signal that ended a live run (after its cleanup) exits 128 + the signal number (130, 143, 129)."""
    from mmspec.oracle.live import Interrupted, SwapoffFailed

    try:
        yield
    except SwapoffFailed as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_SWAP_LEFT)
    except Interrupted as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)


@click.command(name="oracle")
@FILES_ARGUMENT
@click.option("--era", "era", default=None, help=f"The model side's era (default: the host kernel's): {ERA_HELP}.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the account.")
@click.option("--allow-swap", is_flag=True, help="Let scenarios that declare swap create a swapfile (removed after).")
def oracle(files: tuple[str, ...], era: str | None, as_json: bool, allow_swap: bool) -> None:
    """Run FILES ('-' reads standard input) on the live kernel and on the model, and compare them after every
    step."""
    if not files:
        raise click.UsageError("give at least one scenario file (or - for standard input)")
    try:
        eras = resolve_eras(era) or [host_era()]
    except BadOption as e:
        fail_option(e, as_json, "results")
    scenarios, errors = load(files)
    report(errors, as_json)  # before any live run
    out = console()
    results: list[OracleResult] = []
    with swap_leftover_is_fatal():
        for sc in scenarios:
            for model_era in eras:
                try:
                    r = run_oracle(sc, allow_swap or allow_swap_default(), model_era)
                except ScenarioError as e:  # a step names something the model's state lacks at that point
                    report(problems(e), as_json)
                    errors += problems(e)
                    continue
                results.append(r)
                if not as_json:
                    render(r, out, len(eras) > 1)
    if as_json:
        emit_json("results", [to_json(r) for r in results], errors)
    else:
        out.print(summary(results), markup=False)
    sys.exit(EXIT_BAD_INPUT if errors else EXIT_FAILED if any(r.status == DIVERGE for r in results) else EXIT_OK)
