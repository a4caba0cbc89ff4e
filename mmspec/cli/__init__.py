"""The `mmspec` command line: one click group, one module per command family.

Exit codes (docs/cli.md): 0 everything passed, 1 some expectation failed (or, for the oracle and the fuzzer,
some divergence), 2 bad input (every bad file is reported as FILE:LINE:COL and the other files still run),
3 a swapfile the oracle could not switch off, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from mmspec.build import describe
from mmspec.cli import check, explain, fuzz, listing, oracle, run, zoo
from mmspec.cli.common import EXIT_INTERRUPTED
from mmspec.cli.run import seed_scenarios

__all__ = ["main", "seed_scenarios"]


class MmspecGroup(click.Group):
    """The group of every command: Ctrl-C ends any of them with exit code 130 and one short line, instead of
    click's "Aborted!" and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted()

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:  # Ctrl-C while the arguments are parsed, before any command runs
            return super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt:
            _interrupted()


def _interrupted() -> NoReturn:
    click.echo("mmspec: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


@click.group(cls=MmspecGroup)
# The version line says which build runs: pure Python, or the optional compiled build (mmspec/build.py).
@click.version_option(package_name="mmspec", message=f"%(prog)s, version %(version)s ({describe()})")
def main() -> None:
    """mmspec: an executable specification of the Linux memory manager's page-mapping rules."""


for _command in (
    run.run,
    check.check,
    explain.explain,
    oracle.oracle,
    fuzz.fuzz,
    listing.eras,
    listing.presets,
    listing.invariants,
    zoo.zoo,
):
    main.add_command(_command)
