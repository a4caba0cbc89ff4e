"""The commands that take files (run, check, oracle) behave alike: every bad file is one FILE:LINE:COL line on
stderr and the good files still run (exit 2); --json is one document even when every file is bad; '-' is
standard input; --era takes a name, a comma list or 'all'; an unknown era is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mmspec.cli import main
from mmspec.era import ERAS

BAD = "era 2.6.19\nP1: mmapp A anon pages=1 private rw\n"
BAD_LINE = "bad.mm:2:5: unknown operation 'mmapp' (did you mean 'mmap'?)"
# Good for `run`: passes under every era that can run it.
RUN_OK = "era 2.6.19\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 3\nP1: read A[0] == 3\n"
# Good for `check`: a tiny exploration.
CHECK_OK = "era 2.6.19\nexplore procs=1 depth=1 ops=mmap,read\n"
# Good for `oracle` without root: spufs has no live counterpart, so the result is model-only.
ORACLE_OK = "era 6.18\ndevice spu preset=spufs pages=1\nP1: mmap A dev:spu pages=1 shared rw\n"
GOOD = {"run": RUN_OK, "check": CHECK_OK, "oracle": ORACLE_OK}
LIST_KEY = {"run": "runs", "check": "checks", "oracle": "results"}
COMMANDS = ["run", "check", "oracle"]


def invoke(tmp_path: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    extra = ["--out", str(tmp_path / "cex")] if args[0] == "check" else []
    result = CliRunner().invoke(main, [*args, *extra], input=stdin, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def files(tmp_path: Path, **texts: str) -> list[str]:
    out = []
    for name, text in texts.items():
        (tmp_path / f"{name}.mm").write_text(text)
        out.append(f"{name}.mm")
    return out


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("cmd", COMMANDS)
def test_bad_file_among_good_ones(tmp_path: Path, cmd: str) -> None:
    names = files(tmp_path, good1=GOOD[cmd], bad=BAD, good2=GOOD[cmd])
    r = invoke(tmp_path, cmd, *names, "missing.mm")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        BAD_LINE,
        "missing.mm:1:1: cannot read the file: No such file or directory (check the path)",
    ]
    assert "good1.mm" in r.stdout and "good2.mm" in r.stdout
    assert "Traceback" not in r.output


@pytest.mark.parametrize("cmd", COMMANDS)
def test_json_with_only_bad_files_is_one_document(tmp_path: Path, cmd: str) -> None:
    names = files(tmp_path, bad=BAD)
    r = invoke(tmp_path, cmd, "--json", *names, str(tmp_path))
    assert r.exit_code == 2
    assert r.stderr == ""
    doc = json.loads(r.stdout)
    assert doc[LIST_KEY[cmd]] == []
    assert [e["text"] for e in doc["errors"]] == [
        BAD_LINE,
        f"{tmp_path}:1:1: cannot read the file: Is a directory (check the path)",
    ]
    assert doc["errors"][0] == {
        "path": "bad.mm",
        "line": 2,
        "col": 5,
        "message": "unknown operation 'mmapp'",
        "hint": "did you mean 'mmap'?",
        "text": BAD_LINE,
    }


@pytest.mark.parametrize("cmd", COMMANDS)
def test_no_emoji_and_no_wrapping(tmp_path: Path, cmd: str) -> None:
    # Line 100: rich would print ':100:' as an emoji; a long message must not wrap at 80 columns.
    text = "# comment\n" * 98 + "era 2.6.19\nP1: mmapp A anon pages=1 private rw " + "x" * 100 + "\n"
    names = files(tmp_path, line100=text)
    r = invoke(tmp_path, cmd, *names, env={"COLUMNS": "80"})
    assert r.exit_code == 2
    assert r.stderr.splitlines() == ["line100.mm:100:5: unknown operation 'mmapp' (did you mean 'mmap'?)"]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_dash_reads_stdin(tmp_path: Path, cmd: str) -> None:
    r = invoke(tmp_path, cmd, "-", stdin=GOOD[cmd])
    assert r.exit_code == 0, r.output
    assert "<stdin>" in r.stdout
    r = invoke(tmp_path, cmd, "-", stdin=BAD)
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [BAD_LINE.replace("bad.mm", "<stdin>")]


@pytest.mark.parametrize("cmd", COMMANDS)
@pytest.mark.parametrize("era", ["2.6.19,6.18", "all"])
def test_era_lists_and_all(tmp_path: Path, cmd: str, era: str) -> None:
    names = files(tmp_path, good=GOOD[cmd])
    r = invoke(tmp_path, cmd, "--json", "--era", era, *names)
    assert r.exit_code in (0, 1), r.output
    doc = json.loads(r.stdout)
    if cmd == "run":
        ran = [e["era"] for m in doc["matrix"] for e in m["eras"]]
    else:
        ran = [x["era"] for x in doc[LIST_KEY[cmd]]]
    assert ran == (["2.6.19", "6.18"] if era != "all" else [e.name for e in ERAS])


@pytest.mark.parametrize("cmd", COMMANDS)
def test_unknown_era_is_one_line(tmp_path: Path, cmd: str) -> None:
    names = files(tmp_path, good=GOOD[cmd])
    r = invoke(tmp_path, cmd, "--era", "2.6.19,9.9", *names)
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("--era: no release after 6.18 is modelled: '9.9'"), r.stderr
    assert r.stdout == ""
    r = invoke(tmp_path, cmd, "--json", "--era", "nope", *names)
    assert r.exit_code == 2
    assert json.loads(r.stdout)["errors"][0]["path"] == "--era"


def test_unknown_era_line_in_a_file(tmp_path: Path) -> None:
    for cmd in ("check", "run"):
        names = files(tmp_path, e=GOOD[cmd].replace("era 2.6.19", "era 2.6.190+x"))
        r = invoke(tmp_path, cmd, *names)
        assert r.exit_code == 2
        assert r.stderr.startswith("e.mm:1:5: unknown era '2.6.190+x' (an era is a release from 2.6.0 to 6.18 ")


def test_check_without_explore_line(tmp_path: Path) -> None:
    names = files(tmp_path, plain=RUN_OK, chk=CHECK_OK)
    r = invoke(tmp_path, "check", *names)
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "plain.mm:1:1: this scenario has no explore line (add one, e.g. 'explore "
        "procs=2 depth=6 ops=mmap,read,write,fork,exit', or run it with mmspec run)"
    ]
    assert "chk.mm  era 2.6.19" in r.stdout


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import mmspec.cli.run as run_cli

    def interrupted(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(run_cli, "run_scenario", interrupted)
    names = files(tmp_path, good=RUN_OK)
    r = invoke(tmp_path, "run", *names)
    assert r.exit_code == 130
    assert r.stderr == "mmspec: interrupted\n"
    assert "Aborted" not in r.output


def test_fuzz_without_hypothesis_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import sys

    real_import = builtins.__import__

    def no_hypothesis(name: str, *args: object, **kwargs: object) -> object:
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError("No module named 'hypothesis'", name="hypothesis")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "mmspec.oracle.fuzz", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_hypothesis)
    result = CliRunner().invoke(main, ["fuzz", "--oracle", "--count", "1"])
    assert result.exit_code == 2
    assert "pip install 'mmspec[fuzz]'" in result.output


CHECK_ANON = "era 6.18\nexplore procs=2 depth=6 ops=mmap,read,write,fork,exit sources=anon\nexpect no violations\n"


def test_check_state_limit_is_partial_and_fails_no_violations(tmp_path: Path) -> None:
    path = tmp_path / "anon.mm"
    path.write_text(CHECK_ANON)
    result = CliRunner().invoke(main, ["check", str(path), "--max-states", "10", "--out", str(tmp_path / "cx")])
    assert result.exit_code == 1, result.output
    assert "PARTIAL (state limit of 10): no claim about what was not explored" in result.output
    assert "no violations found so far" in result.output


def test_check_vacuous_search_says_so(tmp_path: Path) -> None:
    path = tmp_path / "vacuous.mm"
    path.write_text(
        "era 6.18\ndevice d preset=fault-page\nexplore procs=2 depth=4 ops=revoke,release\nexpect no violations\n"
    )
    result = CliRunner().invoke(main, ["check", "--json", str(path), "--out", str(tmp_path / "cx")])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["checks"][0]["verdict"] == "vacuous" and doc["checks"][0]["passed"] is False


def test_check_bad_memory_limit_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "anon.mm"
    path.write_text(CHECK_ANON)
    result = CliRunner().invoke(main, ["check", str(path), "--max-memory", "lots"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "--max-memory: expected a size, got 'lots' (bytes, or a number with K, M, G or T, e.g. 2G; 0 for no limit)"
    )
