from __future__ import annotations

import pytest

from mmspec.era import ERAS, SWITCHES, UnknownEra, VnpReserved, resolve_era


@pytest.mark.parametrize("name,era", [("2.6.19", "2.6.19"), ("v2.6.19", "2.6.19"), ("2.6.20", "2.6.19"),
                                      ("2.6.20-rc3", "2.6.19"), ("2.6.19+reserved", "2.6.19+reserved")])
def test_resolve_era(name: str, era: str) -> None:
    assert resolve_era(name).name == era


@pytest.mark.parametrize("name,message", [
    ("2.6.18", "no era covers version 2.6.18: the oldest modelled era is 2.6.19"),
    ("6.18", "no era models version 6.18 yet: the real eras cover up to 2.6.20"),
    ("2.6.20+reserved", "unknown era '2.6.20+reserved'"),
])
def test_resolve_era_refuses(name: str, message: str) -> None:
    with pytest.raises(UnknownEra) as e:
        resolve_era(name)
    assert str(e.value) == message


def test_every_era_sets_every_switch_and_eras_differ_only_in_switches() -> None:
    stock, proposal = ERAS
    assert set(stock.switch_values()) == {s.field for s in SWITCHES}
    assert stock.vnp_reserved is VnpReserved.IGNORED and proposal.vnp_reserved is VnpReserved.RETURNS_NULL
    assert proposal.hypothetical and not stock.hypothetical


def test_every_switch_cites_a_commit() -> None:
    for s in SWITCHES:
        assert len(s.commit) == 12 and int(s.commit, 16) >= 0
        assert s.subject and s.version and "Since commit" in s.history
