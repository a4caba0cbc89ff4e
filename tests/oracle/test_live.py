"""The live-kernel oracle: every scenario of scenarios/live/ agrees with era 6.18, twice with the same
observations; a fixed-seed fuzz run finds no divergence; nothing is left behind.

These tests need root and /proc/kpagecount; elsewhere they skip with the reason, and MMSPEC_REQUIRE_LIVE=1
turns those skips into failures (CI sets it).  Swap scenarios create a swapfile only with MMSPEC_ALLOW_SWAP=1
(or --allow-swap); without it they are model-only, and MMSPEC_REQUIRE_LIVE=1 makes that a failure too.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SCENARIOS

from mmspec.cli.oracle_report import to_json
from mmspec.oracle import live
from mmspec.oracle.fuzz import fuzz
from mmspec.oracle.live import LiveRun, SwapoffFailed, _lock, capabilities
from mmspec.runner.oracle import (
    AGREE,
    CANNOT_OBSERVE,
    MODEL_ONLY,
    allow_swap_default,
    run_oracle,
)
from mmspec.scenario.parse import parse_file, parse_text

LIVE = sorted((SCENARIOS / "live").glob("*.mm"))
REQUIRE = os.environ.get("MMSPEC_REQUIRE_LIVE", "") not in ("", "0")


def _need_live() -> None:
    caps = capabilities()
    if not (caps.root and caps.kpage):
        reason = "cannot observe the live kernel: " + "; ".join(caps.reasons)
        if REQUIRE:
            pytest.fail(reason + " (MMSPEC_REQUIRE_LIVE=1)")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _nothing_left_behind() -> Iterator[None]:
    """After every test here, passed or failed: no swapfile, child or zombie is left."""
    yield
    assert _leftovers() == []


def _leftovers() -> list[str]:
    # Only what this process's runs left: other oracle runs on the machine (their directories name their
    # owner) may be live meanwhile, and their swapfiles are not ours to count.
    out = live.leftovers(os.getpid())
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
        if pid != 0:
            out.append(f"an unreaped child {pid}")
    except ChildProcessError:
        pass
    kids = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == os.getpid()]
    if kids:
        out.append(f"child processes {[p.name for p in kids]}")
    return out


def _ppid(p: Path) -> int:
    try:
        return int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


@pytest.mark.parametrize("path", LIVE, ids=[p.name for p in LIVE])
def test_live_scenario_agrees_twice(path: Path) -> None:
    _need_live()
    sc = parse_file(path)
    first = run_oracle(sc, allow_swap_default())
    if first.status == MODEL_ONLY and "swap" in first.reason and not REQUIRE:
        pytest.skip(first.reason)
    assert first.status == AGREE, (first.status, first.reason, first.diffs)
    second = run_oracle(sc, allow_swap_default())
    assert to_json(first) == to_json(second)
    assert _leftovers() == []


def test_live_corpus_is_large_enough() -> None:
    assert len(LIVE) >= 40


def test_fuzz_finds_no_divergence() -> None:
    _need_live()
    report = fuzz(1, 300, None, allow_swap_default())
    assert report.ran >= 300
    # Most runs must really compare both sides: a harness failure turning them all model-only must not pass.
    assert report.agreed >= 250, report.agreed
    assert report.divergences == []
    assert _leftovers() == []


def test_without_root_the_oracle_says_what_it_cannot_observe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    r = run_oracle(parse_file(SCENARIOS / "live" / "anon+fork+cow.mm"))
    assert r.status == CANNOT_OBSERVE
    assert "not root: pagemap PFNs, /proc/kpagecount and /proc/kpageflags are unreadable" in r.reason


def test_unsupported_steps_are_model_only() -> None:
    r = run_oracle(parse_file(SCENARIOS / "spufs+fork+revoke.mm"))
    assert r.status == MODEL_ONLY and "has no live counterpart" in r.reason


# -- harness regressions ------------------------------------------------------------------------------

READREF_OTHER = """title "P2 reads and drops the reference P1 took"
era 6.18
P1: mmap A anon pages=1 private rw
P1: write A[0] = 5
P1: fork P2
P1: gup A[0] read as H
P2: readref H == 5
P2: putref H
"""


def test_readref_by_another_process_goes_to_the_holder() -> None:
    """The model keeps references by name, so P2's readref reads P1's reference; the run used to abort."""
    _need_live()
    r = run_oracle(parse_text(READREF_OTHER, "readref-other.mm"))
    assert r.status == AGREE, (r.status, r.reason, r.diffs)
    assert [s.live_outcome for s in r.steps[-2:]] == ["ok 5", "ok"]
    assert _leftovers() == []


def test_readref_of_a_pin_is_model_only() -> None:
    text = READREF_OTHER.replace("gup A[0] read as H", "gup A[0] write pin longterm as H")
    r = run_oracle(parse_text(text, "readref-pin.mm"))
    assert r.status == MODEL_ONLY and "reading a pinned reference" in r.reason


ZERO_RECLAIM = """title "A private /dev/zero page is anonymous: reclaim swaps it out"
era 6.18
swap pages=16
P1: mmap Z zero pages=2 private rw
P1: mmap S zero pages=1 shared rw
P1: write Z[0] = 4
reclaim
P1: read Z[0] == 4
"""


def test_live_reclaim_pages_out_private_anonymous_mappings_only() -> None:
    # Private /dev/zero is anonymous (vma_set_anonymous()); shared /dev/zero is shmem, whose pages the live
    # reclaim (MADV_PAGEOUT of private anonymous mappings) would not reach while the model's reclaim does:
    # such a reclaim is refused while the shared mapping has a page, and pages out Z alone without.
    calls: list[tuple[str, str, tuple[object, ...]]] = []
    run = LiveRun(allow_swap=True)
    run.pages = {("P1", "Z"): 2, ("P1", "S"): 1}
    run.private_anon = {("P1", "Z")}
    run.call = lambda proc, cmd, *args: calls.append((proc, cmd, args))  # type: ignore[method-assign]
    s_page = live.PageObs("present", "p1", 1, flags=("mmap",))
    z_maps = ("Z", live.MapObs((), 1, 1, (live.PageObs("present", "p0", 1, flags=("anon",)), live.PageObs("none"))))
    for s_pages, refused in (((s_page,), True), ((live.PageObs("none"),), False)):
        obs = live.Observation((("P1", (("S", live.MapObs((), 0, 0, s_pages)), z_maps)),))
        run.observe = lambda obs=obs: obs  # type: ignore[method-assign]
        if refused:
            with pytest.raises(live.Unsupported, match=r"P1:S\[0\]"):
                run.reclaim()
        else:
            run.reclaim()
    assert calls == [("P1", "madvise", (run._addr("Z"), 2, "pageout"))]


def test_private_zero_reclaim_agrees_and_swaps() -> None:
    _need_live()
    if not allow_swap_default():
        if REQUIRE:
            pytest.fail("MMSPEC_ALLOW_SWAP=1 is needed (MMSPEC_REQUIRE_LIVE=1)")
        pytest.skip("needs MMSPEC_ALLOW_SWAP=1")
    r = run_oracle(parse_text(ZERO_RECLAIM, "zero-reclaim.mm"), True)
    assert r.status == AGREE, (r.status, r.reason, r.diffs)
    assert r.steps[-2].live.as_dict()["P1"]["Z"].pages[0].state == "swap"  # the live kernel swapped it out
    assert _leftovers() == []


def test_the_oracle_lock_is_exclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A private lock file: the test neither waits for nor blocks a real oracle run on this machine.
    monkeypatch.setattr(live, "LOCK_PATHS", (tmp_path / "oracle.lock",))
    fd = _lock()
    other = os.open(tmp_path / "oracle.lock", os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
        fd = -1
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released by close
    finally:
        os.close(other)
        if fd >= 0:
            os.close(fd)


def test_a_leftover_swapfile_stops_the_next_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(live, "LOCK_PATHS", (tmp_path / "oracle.lock",))
    monkeypatch.setattr(live, "_active_swapfiles", lambda: ["/tmp/mmspec-swap-x/swapfile"])  # owner unknown
    run = LiveRun(allow_swap=True)
    with pytest.raises(SwapoffFailed, match="mmspec-swap-x"):
        run.start(parse_text(ZERO_RECLAIM, "x.mm").setup)
    assert run.lock_fd is None  # the lock was given back
    run.close()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # close() gave the handlers back


def test_a_failed_swapoff_keeps_the_file_and_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    swapfile = tmp_path / "swapfile"
    swapfile.write_bytes(b"")
    run = LiveRun(allow_swap=True)
    run.scratch, run.swapfile = tmp_path, swapfile
    monkeypatch.setattr(live, "_active_swapfiles", lambda: [str(swapfile)])
    calls: list[list[str]] = []

    def fail(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 255, "", "swapoff: Device or resource busy")

    monkeypatch.setattr(live.subprocess, "run", fail)
    monkeypatch.setattr(live.time, "sleep", lambda _: None)
    with pytest.raises(SwapoffFailed, match=str(swapfile)):
        run.close()
    assert calls == [["swapoff", str(swapfile)]] * 2  # one retry
    assert swapfile.exists()


def test_a_scenario_about_other_eras_is_model_only() -> None:
    # check_era() applies to the oracle too: its era is the host's (6.18 here), which this file excludes.
    r = run_oracle(parse_text("eras 2.6.19\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\n", "x.mm"))
    assert r.status == MODEL_ONLY and "cannot run in era" in r.reason


# -- nothing is left behind: signals, stale runs ---------------------------------------------------------


def _no_swapoff(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the commands instead of running them (these tests switch nothing on or off)."""
    calls: list[list[str]] = []

    def record(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(live.subprocess, "run", record)
    return calls


def test_close_before_swapon_switches_nothing_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A signal between mkdtemp and swapon: the file exists but was never swapped on.  close() used to run
    # swapoff on it, fail twice, and exit 3 saying the swapfile was still active.
    monkeypatch.setattr(live, "_active_swapfiles", list)
    calls = _no_swapoff(monkeypatch)
    run = LiveRun(allow_swap=True)
    run.scratch = tmp_path / "mmspec-swap-1.1-x"
    run.scratch.mkdir()
    (run.scratch / "swapfile").write_bytes(b"")
    run.close()
    assert calls == []
    assert not (tmp_path / "mmspec-swap-1.1-x").exists()


def test_recovery_removes_what_dead_runs_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    me = f"{os.getpid()}.{live._start_time(os.getpid())}"
    gone = f"{os.getpid()}.1"  # this pid with another start time: a dead run whose pid was reused
    names = [
        f"mmspec-swap-{gone}-a",
        f"mmspec-access-{gone}-b",
        "mmspec-swap-old",
        f"mmspec-swap-{me}-c",
        f"mmspec-swap-{gone}-d",
    ]
    for n in names:
        (tmp_path / n).mkdir()
    active = str(tmp_path / f"mmspec-swap-{gone}-d" / "swapfile")
    monkeypatch.setattr(live, "_active_swapfiles", lambda: [active, "/dev/sda2"])
    calls = _no_swapoff(monkeypatch)
    live._recover(tmp_path)
    assert calls == [["swapoff", active]]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"mmspec-swap-{me}-c"]  # its owner runs: kept
    pid = os.getpid()
    assert capsys.readouterr().err.splitlines() == [
        f"warning: switched off and removed {active}, left active by oracle run {pid}, which is no longer running",
        f"warning: removed {tmp_path}/mmspec-swap-{gone}-a, left by oracle run {pid}, which is no longer running",
        (
            f"warning: removed {tmp_path}/mmspec-swap-old, left by an oracle run of an older mmspec, which is no "
            "longer running"
        ),
        f"warning: removed {tmp_path}/mmspec-access-{gone}-b, left by oracle run {pid}, which is no longer running",
    ]


def test_recovery_refuses_while_the_owner_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / f"mmspec-swap-{os.getpid()}.{live._start_time(os.getpid())}-x"
    d.mkdir()
    monkeypatch.setattr(live, "_active_swapfiles", lambda: [str(d / "swapfile")])
    calls = _no_swapoff(monkeypatch)
    with pytest.raises(SwapoffFailed) as e:
        live._recover(tmp_path)
    assert str(e.value) == (
        f"an earlier oracle run left its swapfile active ({d}/swapfile, whose run {os.getpid()} "
        "is still running); this run would swap into it: switch it off and remove it first"
    )
    assert calls == [] and d.exists()


def test_a_signal_raises_interrupted_after_the_uninterrupted_section(monkeypatch: pytest.MonkeyPatch) -> None:
    run = LiveRun()
    before = signal.getsignal(signal.SIGTERM)
    run._catch_signals()
    try:
        with pytest.raises(live.Interrupted) as e, run._uninterrupted():
            os.kill(os.getpid(), signal.SIGTERM)
            done = True  # the section runs to its end before the signal is raised
        assert done and e.value.signum == signal.SIGTERM and e.value.exit_code == 143
        assert str(e.value) == "interrupted by SIGTERM; the live run was cleaned up"
        with pytest.raises(live.Interrupted) as e:
            os.kill(os.getpid(), signal.SIGINT)
        assert e.value.exit_code == 130
    finally:
        run.close()
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_signal_during_close_is_raised_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    run = LiveRun()
    run._catch_signals()
    torn: list[bool] = []

    def teardown() -> None:
        os.kill(os.getpid(), signal.SIGHUP)
        torn.append(True)

    monkeypatch.setattr(run, "_teardown", teardown)
    with pytest.raises(live.Interrupted) as e:
        run.close()
    assert torn == [True] and e.value.exit_code == 129 and run.previous == {}
