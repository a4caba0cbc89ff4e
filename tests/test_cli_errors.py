"""Bad input: every problem is reported as FILE:LINE:COL: message (hint), with exit code 2 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmspec.cli import main


def run_cli(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / "bad.mm"
    path.write_text(text)
    result = CliRunner().invoke(main, ["run", str(path), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


CASES = [
    (
        "unknown op",
        "era 2.6.19\nP1: mmapp A anon pages=1 private rw\n",
        "bad.mm:2:5: unknown operation 'mmapp' (did you mean 'mmap'?)",
    ),
    (
        "bad index",
        "era 2.6.19\nP1: mmap A anon pages=2 private rw\nP1: read A[2]\n",
        "bad.mm:3:12: page index 2 is outside A, which has 2 page(s) (use an index from 0 to 1)",
    ),
    (
        "unknown device",
        "era 2.6.19\ndevice spu preset=spufs\nP1: mmap A dev:spx shared rw\n",
        "bad.mm:3:16: unknown device 'spx' (did you mean 'spu'?)",
    ),
    (
        "missing era",
        "P1: mmap A anon pages=1 private rw\n",
        "bad.mm:1:1: missing era: the scenario has no 'era' line and no --era was given "
        "(add a line such as 'era 2.6.19', or run with --era 2.6.19)",
    ),
    (
        "wrong argument type",
        "era 2.6.19\nP1: mmap A anon pages=two private rw\n",
        "bad.mm:2:23: expected a number of pages (an integer), got 'two' (write a number such as 7 or 0x10)",
    ),
    (
        "unknown era",
        "era 2.6.190+x\n",
        "bad.mm:1:5: unknown era '2.6.190+x' (an era is a release from 2.6.0 to 6.18 (2.6.0 … 2.6.39, 3.0 … 3.19, "
        "4.0 … 4.20, 5.0 … 5.19, 6.0 … 6.18), optionally with a leading 'v' or a stable number (5.10.3 is 5.10); a "
        "named release candidate (2.6.15-rc1, 2.6.15-rc2, 2.6.15-rc3, 2.6.15-rc4, 2.6.15-rc5, 2.6.15-rc6, 4.9-rc2, "
        "5.9-rc4, 5.9-rc5, 5.9-rc6, 5.9-rc7, 5.11-rc1, 5.11-rc4); or the hypothetical 2.6.19+reserved)",
    ),
    (
        "unknown invariant",
        "era 2.6.19\nexpect violation refcount-leek\n",
        "bad.mm:2:18: unknown invariant 'refcount-leek' (did you mean 'refcount-leak'?)",
    ),
    (
        "unknown process",
        "era 2.6.19\nP2: mmap A anon pages=1 private rw\n",
        "bad.mm:2:1: unknown process 'P2' (fork it first, or declare it with 'process NAME')",
    ),
    (
        "nopage on io memory",
        "era 2.6.19\ndevice d fault=nopage memory=io\n",
        "bad.mm:2:8: device d: fault=nopage needs struct pages, but memory=io has none "
        "(use memory=ram or memory=reserved, or fault=nopfn / fault=remap)",
    ),
    (
        "unknown preset",
        "era 2.6.19\ndevice d preset=spufz\n",
        "bad.mm:2:17: unknown preset 'spufz' (did you mean 'spufs'?)",
    ),
]


@pytest.mark.parametrize("text,message", [(t, m) for _, t, m in CASES], ids=[c[0] for c in CASES])
def test_bad_input_message_and_exit_code(tmp_path: Path, text: str, message: str) -> None:
    code, output = run_cli(tmp_path, text)
    assert code == 2
    lines = [line.replace(str(tmp_path) + "/", "") for line in output.splitlines()]
    assert message in lines
    assert "Traceback" not in output


def test_all_errors_of_a_file_in_one_run(tmp_path: Path) -> None:
    text = "era 2.6.19\nP1: mmapp A anon\nP1: fork\nexpect violation nope\n"
    code, output = run_cli(tmp_path, text)
    assert code == 2
    lines = [line.replace(str(tmp_path) + "/", "") for line in output.splitlines()]
    assert lines == [
        "bad.mm:2:5: unknown operation 'mmapp' (did you mean 'mmap'?)",
        "bad.mm:3:9: expected the child's process name (the line ends too early)",
        "bad.mm:4:18: unknown invariant 'nope' (expected one of: "
        + ", ".join(__import__("mmspec").model.invariants.INVARIANT_IDS)
        + ")",
    ]


def test_runtime_name_error_has_position(tmp_path: Path) -> None:
    # The parser cannot know that MADV_DONTFORK keeps A out of the child; the step itself tells.
    text = "era 2.6.19\nP1: mmap A anon pages=1 private rw\nP1: gup A[0] as H\nP1: putref H\nP1: putref H\n"
    code, output = run_cli(tmp_path, text)
    assert code == 2
    assert "bad.mm:5:1: no page reference H is held (at this point of the run)" in output


def test_unreadable_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path / "missing.mm")])
    assert result.exit_code == 2
    assert "missing.mm:1:1: cannot read the file: No such file or directory (check the path)" in result.output
