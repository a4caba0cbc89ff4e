"""`mmspec run`: run scenarios step by step, under their own era, one era, or a matrix of eras."""

from __future__ import annotations

import sys
from importlib import resources
from typing import Any

import click

from mmspec.cli.common import (
    ERA_HELP,
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    FILES_ARGUMENT,
    HTML_OPTION,
    BadOption,
    Problem,
    console,
    emit_json,
    eras_for,
    fail_option,
    load,
    parse_named,
    problems,
    report,
    resolve_eras,
    write_html,
)
from mmspec.cli.run_report import matrix_json, render, render_matrix, to_json
from mmspec.errors import ScenarioError
from mmspec.report.html import View, era_views, run_trace
from mmspec.runner.eras import run_all_eras
from mmspec.runner.run import RunResult, StepFailed, run_scenario
from mmspec.runner.verdict import verdict


def seed_scenarios() -> list[tuple[str, str]]:
    """The built-in `seed` set: the 2006 question as scenarios, one per era (name, text)."""
    folder = resources.files("mmspec") / "seed"
    return sorted((f"seed/{p.name}", p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".mm"))


@click.command()
@FILES_ARGUMENT
@click.option(
    "--era",
    "era",
    default=None,
    help=f"Run under this era instead of each file's own: {ERA_HELP} (a matrix of verdicts).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the account.")
@click.option("--quiet", is_flag=True, help="Only the verdicts, violations and expectations, no step tables.")
@click.option("--why", is_flag=True, help="Keep the reference ledger: each violation shows the call chain behind it.")
@HTML_OPTION
def run(files: tuple[str, ...], era: str | None, as_json: bool, quiet: bool, why: bool, html: str | None) -> None:
    """Run scenario FILES ('-' reads standard input; default: the built-in seed set, the 2006 question under
    both eras)."""
    matrix = era is not None and (era.strip() in ("all", "every") or "," in era)
    try:
        eras = resolve_eras(era)
    except BadOption as e:
        fail_option(e, as_json, "matrix" if matrix else "runs")
    seed = [] if files else seed_scenarios()
    scenarios, errors = load(files) if files else parse_named(seed)
    report(errors, as_json)
    out = console()
    results: list[RunResult] = []
    docs: list[dict[str, Any]] = []
    views: list[View] = []
    for sc in scenarios:
        try:
            if matrix:
                assert eras is not None
                cells = run_all_eras(sc, tuple(eras), record=why, keep_states=html is not None)
                if html is not None:
                    views += era_views(sc.path, cells, f"run-{len(views) + 1}")
                docs.append(matrix_json(sc.path, cells))
                if not as_json:
                    render_matrix(sc.path, cells, out)
                results += [c.result for c in cells if c.result is not None]
                continue
            result = run_scenario(sc, eras_for(sc, eras)[0].name, record=why, keep_states=html is not None)
        except StepFailed as e:
            # the steps already run are part of the answer: print them, then the step that could not run
            docs.append(to_json(e.partial))
            if html is not None:
                views.append(run_trace(e.partial, f"run-{len(views) + 1}"))
            if not as_json:
                render(e.partial, out, quiet)
            found = problems(e)
            report(found, as_json)
            errors += found
            continue
        except ScenarioError as e:
            found = problems(e)
            report(found, as_json)
            errors += found
            continue
        results.append(result)
        if html is not None:
            views.append(run_trace(result, f"run-{len(views) + 1}"))
        docs.append(to_json(result))
        if not as_json:
            render(result, out, quiet)
    if as_json:
        emit_json("matrix" if matrix else "runs", docs, errors)
    elif len(files or seed) > 1:
        _summary(results, errors, out)
    if seed and not as_json:
        _answers(results, out)
    if html is not None:
        write_html(html, views, "mmspec run")
    sys.exit(EXIT_BAD_INPUT if errors else EXIT_OK if all(r.passed for r in results) else EXIT_FAILED)


def _answers(results: list[RunResult], out: Any) -> None:
    """The 2006 question's answer, one sentence per era, each built from its run's figures."""
    out.print('The answer to the 2006 question ("VM_RESERVED vs vm_normal_page()"), per era:')
    for r in results:
        answer = verdict(r).answer
        if answer:
            out.print(f"  {answer}", markup=False, highlight=False, soft_wrap=True)


def _summary(results: list[RunResult], errors: list[Problem], out: Any) -> None:
    passed = sum(r.passed for r in results)
    bad = len({p.path for p in errors})
    out.print(f"{passed} passed, {len(results) - passed} failed" + (f", {bad} not run (bad input)" if bad else ""))
