"""The matrix's cross-era memo (mmspec/model/era_memo.py): a result is reused only under rules that agree on
every switch it read, only on an equal state, and the matrix's cells come out as the searches without it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mmspec.check.engine import Options
from mmspec.era import ERAS, Era
from mmspec.era.switches import ZeroPage
from mmspec.errors import EraMismatch
from mmspec.mm.mm_types import Kernel
from mmspec.model.era_memo import EraMemo, traced
from mmspec.model.fingerprint import exact_hash
from mmspec.runner.check import CheckResult, run_check
from mmspec.runner.safety import MATRIX_DEPTH, Row, cell_text
from mmspec.scenario.parse import parse_text
from tests.helpers import STOCK, after

MAPPED = "device d preset=spufs pages=1\nP1: mmap M dev:d pages=1 shared rw\nP1: read M[0]\n"


def _other(era: Era, zero_page: ZeroPage) -> Era:
    return replace(era, name=f"{era.name}+{zero_page.name}", zero_page=zero_page)


def test_traced_era_records_each_field_read() -> None:
    t = traced(STOCK)
    assert t.zero_page is STOCK.zero_page and t.name == STOCK.name
    assert t.reads == {"zero_page": STOCK.zero_page, "name": STOCK.name}
    assert t.switch_values() == STOCK.switch_values()  # reads every switch, and records each
    assert len(t.reads) > 10


def test_a_result_is_reused_only_where_the_switches_it_read_agree() -> None:
    k = after(MAPPED)
    memo, calls = EraMemo(), []

    def reads_zero_page(era: Era) -> object:
        calls.append(era.era.name)  # type: ignore[attr-defined]
        return era.zero_page

    other = next(z for z in ZeroPage if z is not STOCK.zero_page)
    same_rule = replace(STOCK, name="same", vnp_reserved=next(iter(type(STOCK.vnp_reserved))))
    assert memo.run("x", k, None, STOCK, reads_zero_page) is STOCK.zero_page
    assert memo.run("x", k, None, same_rule, reads_zero_page) is STOCK.zero_page  # vnp_reserved was not read
    assert memo.run("x", k, None, _other(STOCK, other), reads_zero_page) is other
    assert calls == [STOCK.name, f"{STOCK.name}+{other.name}"]
    assert (memo.hits, memo.misses) == (1, 2)


def test_an_equal_hash_of_another_state_is_not_reused() -> None:
    """A hash collision (forced here) costs a comparison, never a wrong result."""
    k, m = after(MAPPED), after(MAPPED + "P1: write M[0] = 7\n")
    exact_hash(k)
    m.xhash = k.xhash
    memo = EraMemo()
    assert memo.run("x", k, None, STOCK, lambda era: "k") == "k"
    assert memo.run("x", m, None, STOCK, lambda era: "m") == "m"
    assert memo.misses == 2


def _cell(row: Row, era: Era, shared: EraMemo | None) -> CheckResult | None:
    sc = parse_text(cell_text(row, era, MATRIX_DEPTH), f"matrix/{row.preset}.{row.sharing}.mm")
    try:
        return run_check(sc, era, Options(depth=MATRIX_DEPTH), shared=shared)
    except EraMismatch:
        return None


def _summary(r: CheckResult | None) -> object:
    if r is None:
        return None
    rep = r.report
    cex = {inv: (c.init, c.actions, c.outcomes) for inv, c in rep.counterexamples.items()}
    return rep.states, rep.transitions, rep.complete, rep.depth_reached, cex, r.texts, r.chains


@pytest.mark.parametrize(
    "row", [Row("spufs-reserved", "shared"), Row("mixedmap", "private"), Row("packet-ring", "shared")], ids=str
)
def test_a_matrix_row_with_the_memo_is_the_row_without_it(row: Row) -> None:
    """Every era of the row: the same states, transitions, counterexamples and replays as a search alone
    (the rows picked have violations in some eras and not in others, and switches read that differ)."""
    memo = EraMemo()
    for era in ERAS:
        assert _summary(_cell(row, era, memo)) == _summary(_cell(row, era, None)), era.name
    assert memo.hits > memo.misses > 0


def test_the_memo_keeps_no_state_of_its_own_in_the_results() -> None:
    """A successor reused from another era is the same object, untouched by the later search."""
    row, memo = Row("spufs", "shared"), EraMemo()
    _cell(row, ERAS[0], memo)
    stored = [r for rs in memo.entries.values() for _, _, _, r in rs if hasattr(r, "state")]
    hashes = [(t.state, t.state.xhash) for t in stored]
    for era in ERAS[1:]:
        _cell(row, era, memo)
    assert all(isinstance(s, Kernel) and s.xhash == h == exact_hash(s) for s, h in hashes)
