"""What every command shares: the consoles, reading scenario files, era resolution, and bad-input reports.

Bad input is one line per problem, ``FILE:LINE:COL: message (hint)`` (or ``--era: message (hint)`` for an
option), written with :func:`click.echo` so that it is never wrapped, highlighted or turned into emoji.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import click
from rich.console import Console

from mmspec.era import ERAS, Era, UnknownEra, every_era, resolve_era
from mmspec.errors import Diagnostic, ScenarioError, printable
from mmspec.runner.run import known_eras, scenario_era
from mmspec.scenario.ast import Scenario
from mmspec.scenario.limits import MAX_FILE_BYTES
from mmspec.scenario.parse import decode_scenario, parse_text, read_scenario

# The output width when the stream is not a terminal (a pipe, a file, a test): one fixed width, so that
# output is byte-identical wherever it is produced; wide enough for the widest table, the safety matrix (a
# strategy column and 14 eras, 211 columns).  On a terminal, the terminal's width.
PIPED_WIDTH = 220

STDIN = "-"
STDIN_NAME = "<stdin>"

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_SWAP_LEFT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def console(stderr: bool = False) -> Console:
    """The console every command prints its account with: markup for the account's own styles, but no
    emoji codes (``:100:``) and no highlighting of numbers or paths."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=None if stream.isatty() else PIPED_WIDTH, highlight=False, emoji=False)


@dataclass(frozen=True)
class Problem:
    """One piece of bad input: in a file (``line``/``col`` 1-based), or in an option (``path`` is the option
    name, ``line``/``col`` are None)."""

    path: str
    line: int | None
    col: int | None
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        for name in ("path", "message", "hint"):  # an option's value is quoted escaped, never raw
            object.__setattr__(self, name, printable(getattr(self, name)))

    @classmethod
    def of(cls, d: Diagnostic) -> Problem:
        return cls(d.path, d.line, d.col, d.message, d.hint)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.col}"
        return f"{where}: {self.message}" + (f" ({self.hint})" if self.hint else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "message": self.message,
            "hint": self.hint,
            "text": str(self),
        }


class BadOption(Exception):
    """A command-line value that is not valid: reported as ``--OPTION: message (hint)``, exit code 2."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def problems(e: ScenarioError) -> list[Problem]:
    return [Problem.of(d) for d in e.diagnostics]


def report(found: Iterable[Problem], as_json: bool) -> None:
    """Print each problem on one line on stderr (with ``--json`` they go into the document instead)."""
    if not as_json:
        for p in found:
            click.echo(str(p), err=True)


def emit_json(key: str, items: Sequence[Any], errors: Sequence[Problem]) -> None:
    """The one JSON document of a command: ``{KEY: [...], "errors": [...]}``, sorted keys, indent 2."""
    click.echo(json.dumps({key: list(items), "errors": [p.to_json() for p in errors]}, indent=2, sort_keys=True))


def fail_option(e: BadOption, as_json: bool, key: str) -> NoReturn:
    """End the command for a bad option value: one line on stderr, or a JSON document with it; exit 2."""
    if as_json:
        emit_json(key, [], [e.problem])
    else:
        report([e.problem], False)
    sys.exit(EXIT_BAD_INPUT)


def resolve_eras(value: str | None, option: str = "--era") -> list[Era] | None:
    """The eras an ``--era`` value names: None for no value, every landmark era for ``all``, every modelled
    release (2.6.0 … 6.18) for ``every``, else each name or version of a comma list, in the order given
    (duplicates dropped).

    :raises BadOption: a name that is not an era
    """
    if value is None:
        return None
    if value.strip() == "all":
        return list(ERAS)
    if value.strip() == "every":
        return list(every_era())
    eras: list[Era] = []
    for name in value.split(","):
        era = resolve_one(name, option)
        if era not in eras:
            eras.append(era)
    return eras


def resolve_one(value: str, option: str) -> Era:
    """The one era an option value names.

    :raises BadOption: it names no era
    """
    try:
        return resolve_era(value.strip())
    except UnknownEra as e:
        raise BadOption(Problem(option, None, None, str(e), known_eras())) from None


def file_era(sc: Scenario) -> Era:
    """The era of a scenario's own `era` line (the runner's rule and messages).

    :raises ScenarioError: the scenario has none, or it names no era (at the era line)
    """
    return scenario_era(sc)


def eras_for(sc: Scenario, eras: list[Era] | None) -> list[Era]:
    """The eras to run ``sc`` under: the command line's, else the scenario's own."""
    return eras if eras is not None else [file_era(sc)]


def _read(arg: str) -> tuple[str, str]:
    """(name, text) of a file argument; ``-`` is standard input (at most MAX_FILE_BYTES of it).  Files are
    read by :func:`~mmspec.scenario.parse.read_scenario`: only regular files of at most MAX_FILE_BYTES.

    :raises ScenarioError: the file cannot be read, is not a regular file, is too large or is not UTF-8
    """
    if arg != STDIN:
        return arg, read_scenario(arg)
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    return STDIN_NAME, decode_scenario(STDIN_NAME, data)


def load(args: Sequence[str]) -> tuple[list[Scenario], list[Problem]]:
    """Read and parse every file argument: the scenarios that parsed, in order, and every problem of the
    others (all of them, so that one command reports every bad file)."""
    good: list[Scenario] = []
    bad: list[Problem] = []
    for arg in args:
        try:
            name, text = _read(arg)
            good.append(parse_text(text, name))
        except ScenarioError as e:
            bad += problems(e)
    return good, bad


def parse_named(named: Iterable[tuple[str, str]]) -> tuple[list[Scenario], list[Problem]]:
    """Parse (name, text) pairs, as :func:`load` does files."""
    good: list[Scenario] = []
    bad: list[Problem] = []
    for name, text in named:
        try:
            good.append(parse_text(text, name))
        except ScenarioError as e:
            bad += problems(e)
    return good, bad


# The FILES argument of run, check and oracle: any number of paths, ``-`` for standard input.  They are not
# checked here: a missing file is bad input like any other, reported with the others.
FILES_ARGUMENT = click.argument("files", nargs=-1, type=click.Path(allow_dash=True, dir_okay=True, path_type=str))


ERA_HELP = (
    "a release (2.6.0 … 6.18, e.g. 4.19 or 2.6.15-rc1) or 2.6.19+reserved; a comma list (2.6.19,6.18) runs each, "
    "'all' every landmark era, 'every' every release"
)


# `--html FILE` of run and check: the offline HTML report (mmspec/report/html.py).
HTML_OPTION = click.option(
    "--html",
    "html",
    default=None,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=str),
    help="Also write an offline HTML report to FILE: each step drawn (processes, VMAs, PTEs, pages, swap).",
)


def write_html(path: str, views: Sequence[Any], title: str) -> None:
    """Write the HTML report of ``views``; a file that cannot be written is bad input (one line, exit 2)."""
    from mmspec.report.html import page

    try:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(page(list(views), title))
    except OSError as e:
        report([Problem(path, None, None, f"cannot write the HTML report: {e.strerror}", "check the path")], False)
        sys.exit(EXIT_BAD_INPUT)
