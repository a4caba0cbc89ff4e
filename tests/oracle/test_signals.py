"""Signals at random points of a live oracle run leave nothing behind once the next run has started.

`python -m mmspec oracle --allow-swap` on a swap scenario gets SIGINT, SIGTERM or SIGKILL after a random
delay (a fixed seed; the delays span a first, undisturbed run's duration, so they reach Python's start-up,
the lock, the helper's compile, swapon, the steps and close()), then the next run goes.  Afterwards: no swapfile of these runs is active, no
mmspec-swap-* or mmspec-access-* directory is left in their temp dir, no agent of theirs is alive, and the
next run agrees.  MMSPEC_SIGNAL_TRIALS sets the number of trials (default 8).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS
from test_live import _need_live

from mmspec.oracle import live
from mmspec.runner.oracle import allow_swap_default

SCENARIO = SCENARIOS / "live" / "anon+swap-out+fork+child-write.mm"
TRIALS = int(os.environ.get("MMSPEC_SIGNAL_TRIALS", "8"))
SEED = 20240909
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)
# A signal that comes before the live run's handlers are installed kills the default way (-signum) while
# Python starts, or (SIGINT, once the command line runs) exits 130; one that comes after the run ended finds
# it exiting 0.  Nothing else is acceptable: never 1, never 3, never a traceback.
EXITS = {
    signal.SIGINT: {130, -signal.SIGINT, 0},
    signal.SIGTERM: {143, -signal.SIGTERM, 0},
    signal.SIGKILL: {-signal.SIGKILL, 0},
}


def _oracle(scenario: Path, tmp: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "mmspec", "oracle", "--allow-swap", str(scenario)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _alive_with(marker: str) -> list[int]:
    """Processes (not zombies: those have no cmdline) whose command line names ``marker``: the controller
    and its agents, which are forks of it."""
    pids = []
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and marker in (p / "cmdline").read_bytes().decode(errors="replace"):
                pids.append(int(p.name))
        except OSError:
            continue
    return pids


def _agents_gone(marker: str, grace: float = 5.0) -> list[int]:
    """Wait up to ``grace`` seconds for them to exit (an agent exits when its socket closes); those left."""
    deadline = time.monotonic() + grace
    while (left := _alive_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _left_in(tmp: Path) -> list[str]:
    active = [p for p in live._active_swapfiles() if p.startswith(str(tmp))]
    return active + sorted(d.name for d in tmp.glob("mmspec-*"))


def test_signals_at_random_points_leave_nothing_behind(tmp_path: Path) -> None:
    _need_live()
    if not allow_swap_default():
        pytest.skip("needs MMSPEC_ALLOW_SWAP=1 (the scenario creates a swapfile)")
    rng = random.Random(SEED)
    tally: dict[str, int] = {}
    start = time.monotonic()
    first = _oracle(SCENARIO, tmp_path)
    assert first.communicate(timeout=300)[0].endswith("1 agree, 0 diverge, 0 model-only, 0 cannot-observe\n")
    span = time.monotonic() - start
    for trial in range(TRIALS):
        sig, delay = rng.choice(SIGNALS), rng.uniform(0.45, 1.0) * span  # the first ~half is Python starting up
        tmp = tmp_path / f"t{trial}"
        tmp.mkdir()
        scenario = tmp / SCENARIO.name  # the path marks the runs' processes
        shutil.copy(SCENARIO, scenario)
        killed = _oracle(scenario, tmp)
        time.sleep(delay)
        killed.send_signal(sig)
        out, err = killed.communicate(timeout=120)
        what = f"trial {trial}: {sig.name} after {delay:.2f} s"
        assert killed.returncode in EXITS[sig], (what, killed.returncode, err)
        if killed.returncode in (130, 143):
            assert f"error: interrupted by {sig.name}; the live run was cleaned up" in err, (what, err)
            assert _left_in(tmp) == [], what  # a caught signal leaves nothing, before any recovery
        tally[f"{sig.name} exit {killed.returncode}"] = tally.get(f"{sig.name} exit {killed.returncode}", 0) + 1
        assert _agents_gone(str(tmp)) == [], what  # even after SIGKILL: the agents see EOF and exit
        following = _oracle(scenario, tmp)
        out, err = following.communicate(timeout=300)
        assert following.returncode == 0 and "1 agree" in out, (what, following.returncode, out, err)
        if "warning: " in err:
            tally["the next run recovered"] = tally.get("the next run recovered", 0) + 1
        assert _left_in(tmp) == [], (what, err)
        assert _agents_gone(str(tmp)) == [], what
    print(f"{TRIALS} trials, first run {span:.2f} s: {dict(sorted(tally.items()))}")
    # The seed's delays must reach into the runs, not only into Python's start-up or past the end.
    assert sum(n for k, n in tally.items() if k.endswith(("exit 130", "exit 143", "exit -9"))) >= TRIALS // 3, tally
