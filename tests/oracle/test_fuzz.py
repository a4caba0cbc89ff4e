"""The fuzzer's shrinking, with a fake oracle: no live kernel needed."""

from __future__ import annotations

import signal

import pytest

from mmspec.oracle import fuzz as F
from mmspec.oracle.live import Interrupted
from mmspec.oracle.observe import Observation
from mmspec.runner.oracle import AGREE, DIVERGE, OracleResult
from mmspec.runner.run import StepView
from mmspec.scenario.ast import Scenario


def fake_oracle(sc: Scenario, allow_swap: bool = False, era: object = None) -> OracleResult:
    """Diverges at the first munmap, but only while the scenario declares the io_uring device."""
    texts = [sl.text for sl in sc.steps]
    at = next((i for i, t in enumerate(texts, start=1) if ": munmap " in t), None)
    if at is None or not any(d.name == "uring" for d in sc.setup.devices):
        return OracleResult(sc.path, "6.18", AGREE)
    step = StepView(at, texts[at - 1], "ok", "ok", Observation(()), Observation(()))
    return OracleResult(
        sc.path, "6.18", DIVERGE, steps=[step], diverged_at=at, diffs=["P1:M0: only the live kernel has this VMA"]
    )


def test_the_shrunk_divergence_keeps_only_the_declarations_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(F, "run_oracle", fake_oracle)
    report = F.fuzz(11, 40, None, allow_swap=True)
    assert [(kind, text) for kind, text, _ in report.divergences] == [
        (
            "munmap: P1",
            "era 6.18\ndevice uring preset=io-uring-ring pages=1\nP1: mmap M0 anon pages=2 private rw\nP1: munmap M0\n",
        )
    ]


def test_shrink_declarations_drops_each_line_the_predicate_does_not_need() -> None:
    text = "era 6.18\nfile data pages=2\ndevice ring preset=packet-ring pages=2\nswap pages=16\nP1: exit\n"
    tried: list[str] = []

    def still(t: str) -> bool:
        tried.append(t)
        return "device ring" in t

    assert F.shrink_declarations(text, still) == "era 6.18\ndevice ring preset=packet-ring pages=2\nP1: exit\n"
    assert len(tried) == 3  # one try per declaration; "era" and the steps are never dropped


def test_a_signal_stops_the_fuzzer_without_shrinking(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def interrupted(sc: Scenario, allow_swap: bool = False, era: object = None) -> OracleResult:
        calls.append(sc.path)
        if len(calls) == 3:
            raise Interrupted(signal.SIGTERM)
        return OracleResult(sc.path, "6.18", AGREE)

    monkeypatch.setattr(F, "run_oracle", interrupted)
    with pytest.raises(Interrupted) as e:
        F.fuzz(1, 50, None, allow_swap=False)
    assert e.value.exit_code == 143 and len(calls) == 3
