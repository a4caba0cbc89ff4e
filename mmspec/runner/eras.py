"""One scenario under every era: the per-era verdicts that `mmspec run FILE --era all` prints as a matrix."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import ERAS, Era
from mmspec.errors import EraMismatch
from mmspec.runner.run import RunResult, execute, judge, note_boundaries
from mmspec.scenario.ast import Scenario


@dataclass(frozen=True)
class EraCell:
    """The outcome of one era: a run, or the reason the era cannot run the scenario."""

    era: Era
    result: RunResult | None
    reason: str = ""

    @property
    def status(self) -> str:
        if self.result is None:
            return "cannot run"
        return "pass" if self.result.passed else "fail"


def run_all_eras(
    sc: Scenario, eras: tuple[Era, ...] = ERAS, record: bool = False, keep_states: bool = False
) -> list[EraCell]:
    """Run ``sc`` under each era (``record``: with the reference ledger; ``keep_states``: keeping each run's
    states, :func:`~mmspec.runner.run.execute`); an era that lacks something the scenario uses gives a reason
    instead."""
    cells = []
    for era in eras:
        try:
            result = execute(sc, era, record=record, keep_states=keep_states)
        except EraMismatch as e:
            cells.append(EraCell(era, None, "; ".join(f"line {d.line}: {d.message}" for d in e.diagnostics)))
            continue
        judge(sc, result)
        note_boundaries(sc, result)
        cells.append(EraCell(era, result))
    return cells


def first_steps(cell: EraCell) -> dict[str, int]:
    """Per violation id, the first step that broke it."""
    steps: dict[str, int] = {}
    if cell.result is not None:
        for v in cell.result.violations:
            steps.setdefault(v.id, v.step)
    return steps
