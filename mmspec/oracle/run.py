"""Run a scenario on both sides, the model's era for the host kernel and the live kernel, and compare them
after every step: the same outcome (and value read), and the same observation."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field

from mmspec.era import Era, UnknownEra, resolve_era
from mmspec.errors import EraMismatch
from mmspec.model import actions as A
from mmspec.model.boot import boot
from mmspec.model.step import NotApplicable, step
from mmspec.oracle.live import LiveRun, Unsupported, capabilities, unsupported_reason
from mmspec.oracle.model_side import observe_model
from mmspec.oracle.observe import Observation, differences
from mmspec.scenario.ast import Scenario
from mmspec.scenario.run import check_era

MODEL_ONLY, AGREE, DIVERGE, CANNOT_OBSERVE = "model-only", "agree", "diverge", "cannot-observe"


def host_era() -> Era:
    """The era of the kernel this runs on (for example 6.18.44 resolves to 6.18)."""
    try:
        return resolve_era(platform.release().split("-")[0])
    except UnknownEra:
        return resolve_era("6.18")


@dataclass
class StepView:
    index: int
    text: str
    model_outcome: str
    live_outcome: str
    model: Observation
    live: Observation


@dataclass
class OracleResult:
    path: str
    era: str
    status: str
    reason: str = ""
    steps: list[StepView] = field(default_factory=list)
    diverged_at: int | None = None  # step index (0 = the initial state)
    diffs: list[str] = field(default_factory=list)


def oracle_steps(sc: Scenario) -> list[tuple[str, A.Action]]:
    """The scenario's steps as the oracle runs them: `reclaim` is MADV_PAGEOUT of every private anonymous
    mapping of every process (the live kernel's only deterministic reclaim), in scan order.  A private
    /dev/zero mapping counts: the /dev/zero driver makes it anonymous (vma_set_anonymous(): no vm_ops), and
    the model's reclaim swaps it too."""
    out: list[tuple[str, A.Action]] = []
    maps: dict[tuple[str, str], A.Mmap] = {}
    alive = set(sc.setup.processes)
    for sl in sc.steps:
        a = sl.action
        if isinstance(a, A.Mmap):
            maps[(a.proc, a.label)] = a
        if isinstance(a, A.Fork):
            alive.add(a.child)
            maps.update({(a.child, lb): m for (p, lb), m in list(maps.items()) if p == a.proc})
        if isinstance(a, A.Exit):
            alive.discard(a.proc)
        if isinstance(a, A.Reclaim):
            for (p, lb), m in sorted(maps.items()):
                if p in alive and m.source.value in ("anon", "zero") and not m.shared:
                    out.append((f"{sl.text} ({p}: madvise {lb} pageout)", A.Madvise(p, lb, "pageout")))
            continue
        out.append((sl.text, a))
    return out


def run_oracle(sc: Scenario, allow_swap: bool = False) -> OracleResult:
    """Compare ``sc`` on the model (the host's era) and on the live kernel."""
    era = host_era()
    result = OracleResult(sc.path, era.name, AGREE)
    steps = oracle_steps(sc)
    # The scenario's own steps: the MADV_PAGEOUTs oracle_steps() makes of `reclaim` are always supported.
    why = unsupported_reason(sc.setup, [sl.action for sl in sc.steps], allow_swap)
    if why is not None:
        result.status, result.reason = MODEL_ONLY, why
        return result
    try:
        check_era(sc, era)
    except EraMismatch as e:
        result.status, result.reason = MODEL_ONLY, f"the scenario cannot run in era {era.name}: {e.diagnostics[0].message}"
        return result
    caps = capabilities()
    if not (caps.root and caps.kpage):
        result.status, result.reason = CANNOT_OBSERVE, "; ".join(caps.reasons)
        return result
    k = boot(sc.setup)
    live = LiveRun(sc.setup, allow_swap)
    try:
        live.start()
        mo, lo = observe_model(k, era), live.observe()
        result.steps.append(StepView(0, "(initial state)", "", "", mo, lo))
        if mo != lo:
            result.status, result.diverged_at, result.diffs = DIVERGE, 0, differences(mo, lo)
            return result
        for n, (text, a) in enumerate(steps, start=1):
            try:
                st = step(k, era, a)
            except NotApplicable as e:
                result.status, result.reason = MODEL_ONLY, f"step {n} ({text}) cannot run in the model: {e}"
                return result
            k = st.kernel
            model_out = st.outcome.name + ("" if st.outcome.value is None else f" {st.outcome.value}")
            name, value = live.step(a)
            live_out = name + ("" if value is None else f" {value}")
            mo, lo = observe_model(k, era), live.observe()
            result.steps.append(StepView(n, text, model_out, live_out, mo, lo))
            diffs = ([f"outcome: model {model_out} / live {live_out}"] if model_out != live_out else []) + differences(mo, lo)
            if diffs:
                result.status, result.diverged_at, result.diffs = DIVERGE, n, diffs
                return result
            if st.bug is not None:
                result.status, result.reason = MODEL_ONLY, f"the model hit a kernel BUG at step {n}"
                return result
    except Unsupported as e:
        result.status, result.reason = MODEL_ONLY, str(e)
    finally:
        live.close()
    return result


def allow_swap_default() -> bool:
    return os.environ.get("MMSPEC_ALLOW_SWAP", "") not in ("", "0")
