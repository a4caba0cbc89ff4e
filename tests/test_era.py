from __future__ import annotations

import itertools
import re

import pytest

from mmspec.era import (
    ERAS,
    REAL_ERAS,
    SWITCHES,
    UnknownEra,
    VnpReserved,
    ZeroPage,
    era_diff,
    resolve_era,
)


@pytest.mark.parametrize(
    "name,era",
    [
        ("2.6.19", "2.6.19"),
        ("v2.6.19", "2.6.19"),
        ("2.6.20", "2.6.20"),
        ("2.6.19.5", "2.6.19"),
        ("2.6.19+reserved", "2.6.19+reserved"),
        ("4.19", "4.19"),
        ("v5.10.3", "5.10"),
        ("5.9-rc4", "5.9-rc4"),
        ("6.18", "6.18"),
        ("6.18.35", "6.18"),
        ("6.18.0", "6.18"),
    ],
)
def test_resolve_era_names_the_release(name: str, era: str) -> None:
    assert resolve_era(name).name == era


@pytest.mark.parametrize(
    "name,message",
    [
        ("2.6.15-rc7", "release candidate '2.6.15-rc7' is not modelled: only the named candidates resolve"),
        ("2.6.14-rc1", "release candidate '2.6.14-rc1' is not modelled: only the named candidates resolve"),
        ("6.19", "no release after 6.18 is modelled: '6.19'"),
        ("7.0", "no release after 6.18 is modelled: '7.0'"),
        ("2.6.91", "unknown kernel release '2.6.91'"),
        ("2.6.40", "unknown kernel release '2.6.40'"),
        ("4.21", "unknown kernel release '4.21'"),
        ("3.20", "unknown kernel release '3.20'"),
        ("5.10-rc3", "release candidate '5.10-rc3' is not modelled: only the named candidates resolve"),
        ("2.6.20+reserved", "unknown era '2.6.20+reserved'"),
        ("2.6", "unknown era '2.6'"),
        ("4.19.1.2", "unknown era '4.19.1.2'"),
    ],
)
def test_resolve_era_refuses(name: str, message: str) -> None:
    with pytest.raises(UnknownEra) as e:
        resolve_era(name)
    assert str(e.value) == message


def test_every_era_sets_every_switch() -> None:
    for era in ERAS:
        assert set(era.switch_values()) == {s.field for s in SWITCHES}


def test_the_hypothetical_era_differs_from_2_6_19_in_one_switch_only() -> None:
    stock, proposal = ERAS[0], ERAS[1]
    assert [(s.field, a, b) for s, a, b in era_diff(stock, proposal)] == [
        ("vnp_reserved", VnpReserved.IGNORED, VnpReserved.RETURNS_NULL)
    ]
    assert proposal.hypothetical and not stock.hypothetical


def test_each_landmark_era_changes_something_and_versions_increase() -> None:
    for prev, era in itertools.pairwise(REAL_ERAS):
        assert era.version > prev.version
        assert era_diff(prev, era), era.name


def test_zero_page_history() -> None:
    # 557ed1fa2620 (2.6.24) removed it from anonymous faults; a13ea5b75964 (2.6.32) brought it back special.
    modes = {e.name: e.zero_page for e in REAL_ERAS}
    assert modes["2.6.23"] is ZeroPage.REFCOUNTED and modes["2.6.24"] is ZeroPage.NONE
    assert modes["2.6.29"] is ZeroPage.NONE and modes["2.6.32"] is ZeroPage.SPECIAL


def test_every_switch_cites_a_checked_commit_for_each_change() -> None:
    for s in SWITCHES:
        for _version, commit, subject in s.changes:
            assert re.fullmatch(r"[0-9a-f]{12}", commit) and subject, (s.field, commit)
            assert f"commit {commit}" in s.history, (s.field, commit)
