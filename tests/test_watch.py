"""The invariant watch (mmspec/model/watch.py): kept step by step, it must report exactly what a check from
scratch reports after every step, for every scenario of the corpus under every era it runs in (the
Hypothesis machine of test_stateful.py compares them on random sequences too).  A disagreement means a
write that bypassed Kernel.set_page()/add_page()/set_pte(), or an index the watch forgot to update."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmspec.era import ERAS
from mmspec.errors import MmspecError
from mmspec.model.watch import StateWatch, check_events, check_state
from mmspec.runner.backend import ModelBackend
from mmspec.runner.run import check_era, run_scenario
from mmspec.scenario.parse import parse_file, parse_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in (ROOT / "scenarios").rglob("*.mm"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_watch_agrees_with_a_check_from_scratch(path: Path) -> None:
    sc = parse_file(path)
    runs = 0
    for era in ERAS:
        try:
            check_era(sc, era)
        except MmspecError:
            continue
        model = ModelBackend(era)
        model.start(sc.setup)
        watch = StateWatch(era)
        assert watch.update(model.kernel) == check_state(model.kernel, era)
        for sl in sc.steps:
            try:
                model.step(sl.action)
            except MmspecError:
                break  # a step naming what the state lacks: the run stops there too
            st = model.last
            assert st is not None
            assert watch.update(st.kernel) == check_state(st.kernel, era), (era.name, sl.pos.line)
            assert watch.events(st.klog, st.bug) == check_events(st.kernel, st.klog, st.bug), (era.name, sl.pos.line)
            if st.bug is not None:
                break
        runs += 1
    assert runs, "the scenario runs under no era"


def test_a_standing_violation_is_reported_once() -> None:
    """Ground truth from 2.6.19's rules: under the proposal, do_no_page() counts the SPE page that
    zap_pte_range() then skips (vm_normal_page() = NULL), so mapcount stays 1 after the unmap with no PTE
    left: the violation stands from the fault on and is reported once."""
    sc = parse_text(
        "era 2.6.19+reserved\ndevice spu preset=spufs-reserved pages=1\n"
        "P1: mmap A dev:spu pages=1 shared rw\nP1: read A[0]\nP1: munmap A\n"
    )
    r = run_scenario(sc)
    first = {v.id: v.step for v in r.violations}
    assert first["mapcount-mismatch"] == 2  # the fault: mapcount 1, but vm_normal_page() accounts no PTE
    assert [v.step for v in r.violations if v.id == "mapcount-mismatch"] == [2]  # standing, not repeated
