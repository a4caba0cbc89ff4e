"""`mmspec oracle`: a scenario on the model (the host kernel's era, or the one asked for) and on the live
kernel in lock step, through the one run loop (run.py), compared after every step: the same outcome (and
value read), and the same observation.  The model's invariants are checked as in `mmspec run`."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field

from mmspec.era import Era, UnknownEra, resolve_era
from mmspec.errors import EraMismatch
from mmspec.model.invariants import Violation
from mmspec.oracle.live import LiveRun, capabilities, unsupported_reason
from mmspec.runner.run import RunResult, StepView, check_era, execute, judge
from mmspec.scenario.ast import Scenario

MODEL_ONLY, AGREE, DIVERGE, CANNOT_OBSERVE = "model-only", "agree", "diverge", "cannot-observe"


def host_era() -> Era:
    """The era of the kernel this runs on (for example 6.18.44 resolves to 6.18)."""
    try:
        return resolve_era(platform.release().split("-")[0])
    except UnknownEra:
        return resolve_era("6.18")


@dataclass
class OracleResult:
    """The comparison's verdict (``status``: agree, diverge, model-only with a ``reason``, or
    cannot-observe), the steps both sides ran, and the model's own run (its invariants and expectations)."""

    path: str
    era: str
    status: str
    reason: str = ""
    steps: list[StepView] = field(default_factory=list)
    diverged_at: int | None = None  # step index (0 = the initial state)
    diffs: list[str] = field(default_factory=list)
    run: RunResult | None = None

    @property
    def violations(self) -> list[Violation]:
        """What the model's invariants found on the way (as `mmspec run` reports them)."""
        return [] if self.run is None else self.run.violations


def run_oracle(sc: Scenario, allow_swap: bool = False, era: Era | None = None) -> OracleResult:
    """Compare ``sc`` on the model (``era``, default the host's) and on the live kernel."""
    era = era or host_era()
    result = OracleResult(sc.path, era.name, AGREE)
    why = unsupported_reason(sc.setup, [sl.action for sl in sc.steps], allow_swap)
    if why is not None:
        result.status, result.reason = MODEL_ONLY, why
        return result
    try:
        check_era(sc, era)
    except EraMismatch as e:
        result.status, result.reason = (
            MODEL_ONLY,
            f"the scenario cannot run in era {era.name}: {e.diagnostics[0].message}",
        )
        return result
    caps = capabilities()
    if not (caps.root and caps.kpage):
        result.status, result.reason = CANNOT_OBSERVE, "; ".join(caps.reasons)
        return result
    run = execute(sc, era, against=LiveRun(allow_swap))
    judge(sc, run)
    cmp = run.comparison
    assert cmp is not None
    result.run, result.steps = run, cmp.steps
    if cmp.diverged_at is not None:
        result.status, result.diverged_at, result.diffs = DIVERGE, cmp.diverged_at, cmp.diffs
    elif cmp.unsupported:
        result.status, result.reason = MODEL_ONLY, cmp.unsupported
    elif run.stopped_at is not None:
        result.status, result.reason = MODEL_ONLY, f"the model hit a kernel BUG at step {run.stopped_at}"
    return result


def allow_swap_default() -> bool:
    return os.environ.get("MMSPEC_ALLOW_SWAP", "") not in ("", "0")
