"""The pytest plugin: `pytest scenarios/` collects `.mm` files as test items.

Installed with the package (the ``pytest11`` entry point ``mmspec`` in pyproject.toml); without an install,
``pytest -p mmspec.pytest_plugin``.  Each scenario is one item per era it is about (ids ``FILE.mm[ERA]``):

* a scenario with neither an `eras` line nor `since`/`until` qualifiers runs under its own `era` line;
* one with an `eras` line, or with lines qualified by `since`/`until` (whose answer depends on the era),
  runs under every era its `eras` line includes that can run it (an era that lacks one of its devices or
  actions is not collected: `mmspec run --era all` says why);
* a check (a file with an `explore` line) is a check item under its own era, explored within its bounds and
  judged by its `expect` lines; check items carry the marker ``mmspec_check`` (``-m "not mmspec_check"``
  leaves them out: a search can take seconds to minutes);
* a bug file (one with `bug` lines, scenarios/bugs/) is one item ``FILE.mm[zoo]`` that runs it as
  `mmspec zoo` does and fails when a release that resolves to its own rules gets the wrong answer (the bug
  missed before its fix, or found after it); a pending bug is skipped with what it waits for.

A failure shows the run's account (the steps with what they changed, the violations, the device pages, the
expectations and the verdict), or the check's report; a file that does not parse is one failing item
(``FILE.mm``) with its diagnostics, and the other files still run.  Only files named on the command line or under a directory given are collected, so a test
suite's own `testpaths` are not affected.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from mmspec.era import ERAS, Era
from mmspec.errors import EraMismatch, ScenarioError
from mmspec.scenario.ast import ALWAYS, Scenario

CHECK_MARKER = "mmspec_check"
REPORT_WIDTH = 120


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{CHECK_MARKER}: an mmspec check (an .mm file with an explore line); can be slow"
    )
    config.addinivalue_line("markers", "mmspec: an mmspec scenario run under one era")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".mm":
        return MmFile.from_parent(parent, path=file_path)
    return None


class MmspecFailure(Exception):
    """A scenario or check that did not meet its expectations: the account to show."""


def _console(buf: io.StringIO) -> Console:
    return Console(file=buf, width=REPORT_WIDTH, highlight=False, emoji=False, color_system=None)


def era_dependent(sc: Scenario) -> bool:
    """Whether the scenario says something about several eras: an `eras` line, or a qualified line."""
    if sc.eras:
        return True
    if any(e.span != ALWAYS for e in sc.expects):
        return True
    return any(span != ALWAYS for sl in sc.steps for _, span in (*sl.outcomes, *sl.values))


def item_eras(sc: Scenario) -> list[Era]:
    """The eras a scenario is collected under (see the module's description).

    :raises ScenarioError: the scenario's own era line is missing or unknown and it is about no other era
    """
    from mmspec.runner.run import check_era, scenario_era

    if sc.explore is not None or not era_dependent(sc):
        return [scenario_era(sc)]
    eras = []
    for era in ERAS:
        try:
            check_era(sc, era)
        except EraMismatch:
            continue
        eras.append(era)
    return eras


class MmFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from mmspec.scenario.parse import parse_file

        try:
            sc = parse_file(self.path)
            eras = [] if sc.bug is not None else item_eras(sc)
        except ScenarioError as e:  # one failing item, so that the other files still run
            yield MmBadItem.from_parent(self, name=self.path.name, problem="\n".join(str(d) for d in e.diagnostics))
            return
        if sc.bug is not None:
            yield MmBugItem.from_parent(self, name=f"{self.path.name}[zoo]", scenario=sc)
            return
        cls = MmCheckItem if sc.explore is not None else MmRunItem
        for era in eras:
            item = cls.from_parent(self, name=f"{self.path.name}[{era.name}]", scenario=sc, era=era)
            if cls is MmCheckItem:
                item.add_marker(CHECK_MARKER)
            else:
                item.add_marker("mmspec")
            yield item


class MmBadItem(pytest.Item):
    """A file that does not parse (or names no era): fails with its diagnostics, one per line."""

    def __init__(self, *, problem: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise MmspecFailure(self.problem)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, MmspecFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"{self.path.name} (bad input)"


class _MmItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, era: Era, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.era = era

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, MmspecFailure):
            return str(excinfo.value)
        if isinstance(excinfo.value, ScenarioError):
            return "\n".join(str(d) for d in excinfo.value.diagnostics)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.scenario.era_pos.line - 1 if self.scenario.era_pos else 0
        return self.path, line, f"{self.path.name} under {self.era.name}"


class MmRunItem(_MmItem):
    """One scenario under one era: passes when `mmspec run FILE --era ERA` would exit 0."""

    def runtest(self) -> None:
        from mmspec.cli.run_report import render
        from mmspec.runner.run import run_scenario

        result = run_scenario(self.scenario, self.era.name)
        if not result.passed:
            buf = io.StringIO()
            render(result, _console(buf))
            raise MmspecFailure(buf.getvalue().rstrip())


class MmCheckItem(_MmItem):
    """One check under its era, within the bounds of its `explore` line: passes when every `expect` line
    of the check holds (as `mmspec check FILE`)."""

    def runtest(self) -> None:
        from mmspec.check.engine import Options
        from mmspec.cli.check_report import render_check
        from mmspec.runner.check import run_check

        assert self.scenario.explore is not None
        result = run_check(self.scenario, self.era, Options(depth=self.scenario.explore.depth))
        if not result.passed:
            buf = io.StringIO()
            render_check(result, [], _console(buf))
            raise MmspecFailure(buf.getvalue().rstrip())


class MmBugItem(pytest.Item):
    """A bug file of the zoo, judged as `mmspec zoo` judges it, on the releases that resolve exactly."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.add_marker(CHECK_MARKER)

    def runtest(self) -> None:
        from mmspec.runner.zoo import exact_failures, judge_bug

        bug = self.scenario.bug
        assert bug is not None
        if bug.pending:
            pytest.skip(f"pending: the model lacks {', '.join(bug.pending)} (docs/bugs.md)")
        problems = exact_failures(judge_bug(self.scenario))
        if problems:
            raise MmspecFailure("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, MmspecFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"{self.path.name} (bug zoo)"
