"""Every release resolves to exactly the switch values dated at or before it.

The expected values are computed here from the switch table's dates with an ordering of release names
written for this test (the release list comes from kernel.org's series, not from mmspec), never from the
resolver.
"""

from __future__ import annotations

import re
from enum import Enum

import pytest
from click.testing import CliRunner

from mmspec.cli import main
from mmspec.era import (
    ERAS,
    EVERY,
    LANDMARKS,
    MODELLED,
    NAMED_RCS,
    RELEASES,
    SWITCHES,
    WpReuseAnon,
    release_era,
    resolve_era,
    uncertain_boundaries,
)

# The mainline releases, written out independently: 2.6.0-2.6.39, 3.0-3.19, 4.0-4.20, 5.0-5.19, 6.0-6.18.
FINALS = (
    [f"2.6.{n}" for n in range(40)]
    + [f"3.{n}" for n in range(20)]
    + [f"4.{n}" for n in range(21)]
    + [f"5.{n}" for n in range(20)]
    + [f"6.{n}" for n in range(19)]
)


def order(name: str) -> tuple[int, ...]:
    """(series numbers..., rc) with a final release after all its candidates."""
    m = re.fullmatch(r"([0-9.]+?)(?:-rc([0-9]+))?", name)
    assert m, name
    numbers = [int(x) for x in m.group(1).split(".")]
    if numbers[0] >= 3:
        numbers.append(0)
    return (*numbers, int(m.group(2)) if m.group(2) else 999)


def expected(release: str) -> dict[str, Enum]:
    """Each switch's value in ``release``: its last value dated at or before it; an undated first value
    holds from 2.6.0."""
    out = {}
    for s in SWITCHES:
        value = None
        for d in s.dated:
            if not d.release or order(d.release) <= order(release):
                value = d.value
        assert value is not None, (s.field, release)
        out[s.field] = value
    return out


def test_the_release_list_is_every_mainline_release_and_the_named_candidates() -> None:
    assert sorted(RELEASES, key=order) == list(RELEASES)
    assert [r for r in RELEASES if "-rc" not in r] == FINALS
    assert {f"2.6.15-rc{n}" for n in range(1, 7)} | {"5.9-rc4"} <= set(NAMED_RCS)
    assert [r for r in MODELLED if "-rc" not in r] == FINALS == list(EVERY)
    assert list(MODELLED) == list(RELEASES)


@pytest.mark.parametrize("release", MODELLED)
def test_every_modelled_release_has_exactly_the_values_dated_by_then(release: str) -> None:
    era = resolve_era(release)
    assert era.name == release and not era.hypothetical
    assert {s.field: getattr(era, s.field) for s in SWITCHES} == expected(release)
    assert resolve_era(f"v{release}") == era


def test_releases_before_2_6_19_have_their_own_rules() -> None:
    # The research's timeline (docs/research/era-commits.md, "Before 2.6.19"), written out by hand.
    table = {
        "2.6.0": ("honoured", "leak", "page-reserved", "io", "none", "all", "absent", "page-count"),
        "2.6.6": ("honoured", "leak", "page-reserved", "io", "none", "all", "absent", "page-count"),
        "2.6.7": ("honoured", "leak", "page-reserved", "io", "extra-ref", "all", "absent", "page-count"),
        "2.6.8": ("honoured", "skip", "page-reserved", "io", "extra-ref", "all", "absent", "page-count"),
        "2.6.12": ("honoured", "skip", "page-reserved", "io", "extra-ref", "all", "absent", "page-count"),
        "2.6.13": ("honoured", "skip", "page-reserved", "io", "removed", "all", "absent", "mapcount"),
        "2.6.14": ("honoured", "skip", "page-reserved", "io", "removed", "lazy", "absent", "mapcount"),
        "2.6.15-rc1": ("ignored", "skip", "vma-reserved", "io-reserved", "removed", "lazy", "absent", "mapcount"),
        "2.6.15-rc2": ("ignored", "skip", "vma-reserved", "io-reserved", "removed", "lazy", "absent", "mapcount"),
        "2.6.15-rc3": ("ignored", "skip", "pfnmap-linear", "io-only", "removed", "lazy", "absent", "mapcount"),
        "2.6.15-rc4": ("ignored", "skip", "pfnmap-linear", "io-only", "removed", "lazy", "no-flag", "mapcount"),
        "2.6.15-rc5": ("ignored", "skip", "pfnmap-linear", "io-only", "removed", "lazy", "no-flag", "mapcount"),
        "2.6.15-rc6": ("ignored", "skip", "pfnmap-noncow", "io-pfnmap", "removed", "lazy", "insertpage", "mapcount"),
        "2.6.18": ("ignored", "skip", "pfnmap-noncow", "io-pfnmap", "removed", "lazy", "insertpage", "mapcount"),
    }
    fields = (
        "page_reserved",
        "zero_cow_ref",
        "special_rule",
        "gup_vma_filter",
        "reclaim_backoff",
        "fork_copy",
        "insert_page_flag",
        "wp_reuse_anon",
    )
    for release, values in table.items():
        era = resolve_era(release)
        assert tuple(getattr(era, f).value for f in fields) == values, release
    assert (
        resolve_era("2.6.14").zero_page.value == "reserved"
        and resolve_era("2.6.15-rc1").zero_page.value == "refcounted"
    )
    assert resolve_era("2.6.18").nopfn.value == "absent" and resolve_era("2.6.19").nopfn.value == "available"
    rc6, final = resolve_era("2.6.15-rc6"), resolve_era("2.6.15")
    assert {s.field: getattr(rc6, s.field) for s in SWITCHES} == {s.field: getattr(final, s.field) for s in SWITCHES}


def test_landmarks_are_releases_and_keep_their_values() -> None:
    assert [e.name for e in ERAS if not e.hypothetical] == [name for name, _ in LANDMARKS]
    for era in ERAS:
        if not era.hypothetical:
            assert resolve_era(era.name) is era
            assert {s.field: getattr(era, s.field) for s in SWITCHES} == expected(era.name)


def test_a_named_candidate_dates_every_change_of_its_release() -> None:
    # 5.9-rc4 is exact only if every change that shipped in 5.9 says in which candidate it came.
    for rc in NAMED_RCS:
        base = rc.split("-rc")[0]
        for s in SWITCHES:
            for d in s.dated:
                assert d.release != base, (rc, s.field, "dated at the release, not its candidate")


def test_every_value_is_dated_or_hypothetical() -> None:
    for s in SWITCHES:
        values = [d.value for d in s.dated]
        assert set(values) | set(s.hypothetical) == set(s.kind), s.field
        assert len(values) == len(set(values)), s.field
        dates = [order(d.release) for d in s.dated if d.release]
        assert dates == sorted(dates), s.field
        assert all(d.release for d in s.dated[1:]), s.field  # only the first value may be undated
        for d in s.dated:
            if d.release:
                # A change from before git (2.6.12-rc2) has no commit id; its subject names the patch.
                pre_git = order(d.release) < order("2.6.12")
                assert (pre_git and d.commit == "") or re.fullmatch(r"[0-9a-f]{12}", d.commit), (s.field, d)
                assert d.subject, (s.field, d)
                assert d.release in RELEASES, (s.field, d.release)


def test_the_5_9_candidates_split_reuse_from_the_fork_copy() -> None:
    # 09854ba94c6a was merged after 5.9-rc3; 70e806e4e645 came in 5.9-rc7.
    rc4, rc7, final = (resolve_era(r) for r in ("5.9-rc4", "5.9-rc7", "5.9"))
    assert resolve_era("5.8").wp_reuse_anon is WpReuseAnon.MAPCOUNT
    assert rc4.wp_reuse_anon is WpReuseAnon.REFCOUNT and rc4.fork_pinned.value == "share"
    assert rc7.fork_pinned.value == "copy-maybe-pinned"
    assert {s.field: getattr(rc7, s.field) for s in SWITCHES} == {s.field: getattr(final, s.field) for s in SWITCHES}
    assert resolve_era("5.18").wp_reuse_anon is WpReuseAnon.REFCOUNT_FREE_SWAP


def test_only_2_6_10_is_in_doubt() -> None:
    # Every dated value's release was checked (docs/research/era-commits.md) except remap_pfn_range()'s
    # VM_IO|VM_RESERVED, read in 2.6.11 and absent in 2.6.9: 2.6.10 prints a note when it matters.
    doubtful = [r for r in MODELLED if uncertain_boundaries(release_era(r))]
    assert doubtful == ["2.6.10"]
    ((s, d, other),) = uncertain_boundaries(release_era("2.6.10"))
    assert s.field == "remap_pfn" and d.between == ("2.6.10", "2.6.11") and other.value == "reserved-pages-no-flags"


def run_eras(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["eras", *args])
    return r.exit_code, r.stdout, r.stderr


def test_eras_at_prints_one_release() -> None:
    code, out, _ = run_eras("--at", "4.19")
    assert code == 0
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in out.splitlines() if line.count("│") > 3}
    assert rows["no_fault_handler"] == "sigbus" and rows["wp_reuse_anon"] == "mapcount"
    assert rows["fork_pinned"] == "share" and rows["wipeonfork"] == "present"
    assert {k: v for k, v in rows.items() if k in expected("4.19")} == {k: v.value for k, v in expected("4.19").items()}


def test_eras_diff_any_two_releases() -> None:
    code, out, _ = run_eras("--diff", "4.1", "4.2")
    assert code == 0
    assert "4.1 → 4.2: 2 switches differ" in out
    assert "no_fault_handler" in out and "6b7339f4c31a" in out and "mprotect_locked" in out
    code, out, _ = run_eras("--diff", "4.10", "4.13")
    assert code == 0 and "0 switches differ" in out


@pytest.mark.parametrize("bad", ["2.6.91", "7.0", "4.21", "2.6.15-rc7"])
def test_eras_refuses_an_unknown_release(bad: str) -> None:
    for args in (("--at", bad), ("--diff", "4.19", bad)):
        code, out, err = run_eras(*args)
        assert code == 2 and out == ""
        assert "an era is a release from 2.6.0 to 6.18" in err and bad in err


def test_a_run_that_depends_on_a_doubtful_release_prints_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend 6b7339f4c31a (no_fault_handler → sigbus) may have shipped anywhere from 4.1 to 4.3.
    import dataclasses

    import mmspec.era as era_module
    from mmspec.runner.run import run_scenario
    from mmspec.scenario.parse import parse_file

    def doubtful(s):  # type: ignore[no-untyped-def]
        if s.field != "no_fault_handler":
            return s
        last = dataclasses.replace(s.dated[-1], uncertain="merge date only", between=("4.1", "4.3"))
        return dataclasses.replace(s, dated=(*s.dated[:-1], last))

    monkeypatch.setattr(era_module, "SWITCHES", tuple(doubtful(s) for s in SWITCHES))
    sc = parse_file("scenarios/eras/b-packet-ring+private+cow+dontneed+refault.mm")
    for release, noted in (("4.1", True), ("4.2", True), ("4.3", False), ("4.0", False)):
        result = run_scenario(sc, release)
        assert bool(result.boundary_notes) == noted, (release, result.boundary_notes)
    note = run_scenario(sc, "4.2").boundary_notes[0]
    assert note.startswith("the release of 6b7339f4c31a (no_fault_handler=sigbus) is in doubt, 4.1 to 4.3")
    assert "with no_fault_handler=anonymous this run would fail" in note
