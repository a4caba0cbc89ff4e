"""Issue 9, bad input: each input that crashed, hung or was accepted gets one line FILE:LINE:COL: message
(hint) and exit code 2, and the model itself refuses what the format cannot express."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import mmspec
from mmspec.cli import main
from mmspec.era import resolve_era
from mmspec.errors import Diagnostic, ScenarioError
from mmspec.mm.mm_types import VM, Kernel, Pte, Source, Vma
from mmspec.mm.mmap import do_mmap_pgoff
from mmspec.model import actions as A
from mmspec.model.boot import Setup, boot
from mmspec.model.machine import ExploreSpec
from mmspec.scenario.limits import MAX_FILE_BYTES

# (id, the text after `era 6.18`, the one line `mmspec run` prints)
CASES = [
    (
        "index-5000-digits",
        "P1: mmap A anon private rw pages=2\nP1: read A[" + "1" * 5000 + "]\n",
        "bad.mm:3:12: expected a page index (an integer), got a literal of 5000 characters (integers have at most 40 characters and are 64-bit)",
    ),
    (
        "version-5000-digits",
        "expect since " + "1" * 5000 + ".0 no violations\n",
        "bad.mm:2:14: expected a kernel version after 'since', got '111111111111111111111111111111111111111111111111111111111...' (a release from 2.6.0 to 6.18 such as 2.6.32, 5.8 or 5.9-rc4; bounds are inclusive)",
    ),
    (
        "swap-2**64",
        "swap pages=18446744073709551616\n",
        "bad.mm:2:12: a number of swap pages must be at most 1024, got 18446744073709551616 (from 1 to 1024; without a swap line there is no swap)",
    ),
    (
        "file-hex-huge",
        "file data pages=0xffffffffffffffffffff\n",
        "bad.mm:2:17: a number of pages must be at most 256, got 0xffffffffffffffffffff (from 0 to 256; docs/format.md lists the limits)",
    ),
    (
        "swap-int64-max",
        "swap pages=9223372036854775807\n",
        "bad.mm:2:12: a number of swap pages must be at most 1024, got 9223372036854775807 (from 1 to 1024; without a swap line there is no swap)",
    ),
    (
        "file-2**31",
        "file data pages=2147483648\n",
        "bad.mm:2:17: a number of pages must be at most 256, got 2147483648 (from 0 to 256; docs/format.md lists the limits)",
    ),
    (
        "file-offset-negative",
        "file data\nP1: mmap G file:data offset=-5 shared rw\n",
        "bad.mm:3:29: a page offset must be at least 0, got -5 (from 0 to 1048576; docs/format.md lists the limits)",
    ),
    (
        "dev-offset-minus-one",
        "device d preset=remap-pfn pages=2\nP1: mmap A dev:d shared rw offset=-1\n",
        "bad.mm:3:35: a page offset must be at least 0, got -1 (from 0 to 1048576; docs/format.md lists the limits)",
    ),
    (
        "anon-10**30-pages",
        "P1: mmap A anon private rw pages=1000000000000000000000000000000\n",
        "bad.mm:2:34: a number of pages must be at most 256, got 1000000000000000000000000000000 (from 1 to 256; docs/format.md lists the limits)",
    ),
    (
        "swap-negative",
        "swap pages=-3\n",
        "bad.mm:2:12: a number of swap pages must be at least 1, got -3 (from 1 to 1024; without a swap line there is no swap)",
    ),
    (
        "device-negative",
        "device d preset=remap-pfn pages=-1\n",
        "bad.mm:2:33: a number of pages must be at least 1, got -1 (from 1 to 256; docs/format.md lists the limits)",
    ),
    (
        "second-swap",
        "swap pages=2\nswap pages=3\n",
        "bad.mm:3:1: swap is declared twice (the model has one swap device: keep one 'swap pages=N' line)",
    ),
    (
        "empty-span",
        "expect since 5.9 until 2.6.19 no violations\n",
        "bad.mm:2:24: empty span: since 5.9 is after until 2.6.19 (bounds are inclusive: since LOW until HIGH)",
    ),
    ("unterminated-title", 'title "x\n', 'bad.mm:2:7: unterminated quoted string (close it with ")'),
    (
        "device-zero-pages",
        "device d preset=remap-pfn pages=0\n",
        "bad.mm:2:33: a number of pages must be at least 1, got 0 (from 1 to 256; docs/format.md lists the limits)",
    ),
    (
        "swap-minus-one",
        "swap pages=-1\n",
        "bad.mm:2:12: a number of swap pages must be at least 1, got -1 (from 1 to 1024; without a swap line there is no swap)",
    ),
    (
        "file-minus-one",
        "file data pages=-1\n",
        "bad.mm:2:17: a number of pages must be at least 0, got -1 (from 0 to 256; docs/format.md lists the limits)",
    ),
    (
        "explore-depth-negative",
        "explore depth=-2 ops=mmap\n",
        "bad.mm:2:15: explore depth must be at least 0, got -2 (depth is from 0 to 64; docs/format.md lists the limits)",
    ),
    (
        "explore-maps-zero",
        "explore maps=0 ops=mmap\n",
        "bad.mm:2:14: explore maps must be at least 1, got 0 (maps is from 1 to 8; docs/format.md lists the limits)",
    ),
    (
        "explore-procs-over",
        "explore procs=9 ops=mmap\n",
        "bad.mm:2:15: explore procs must be at most 8, got 9 (procs is from 1 to 8; docs/format.md lists the limits)",
    ),
    (
        "flags-comma",
        "device d preset=remap-pfn flags=VM_IO,VM_PFNMAP\n",
        "bad.mm:2:38: VM flags are joined with '|', not ',' (for example flags=VM_IO|VM_PFNMAP)",
    ),
    (
        "nul",
        "P1: mm\x00ap A anon\n",
        "bad.mm:2:7: control character \\x00 in the line (scenarios are plain text: remove it)",
    ),
    (
        "escape",
        "P1: mmap A anon private rw\nP1: read \x1b[31mA[0]\n",
        "bad.mm:3:10: control character \\x1b in the line (scenarios are plain text: remove it)",
    ),
    (
        "mmap-after-release",
        "device d preset=ram-nopage\nd: release\nP1: mmap A dev:d shared rw\n",
        "bad.mm:4:12: device d was released: its file is closed, so it cannot be mapped again (the driver's ->release runs when the last reference to the open file goes)",
    ),
    (
        "empty-file-mapping",
        "file data pages=0\nP1: mmap A file:data shared rw\n",
        "bad.mm:3:12: file data has no pages, so the mapping needs pages=N (for example: P1: mmap A file:data pages=1 shared r)",
    ),
    (
        "truncate-over",
        "file data\nP1: truncate file:data pages=257\n",
        "bad.mm:3:30: a number of pages must be at most 256, got 257 (from 0 to 256; docs/format.md lists the limits)",
    ),
    (
        "value-over-64-bit",
        "P1: mmap A anon private rw\nP1: write A[0] = 9223372036854775808\n",
        "bad.mm:3:18: a value must be at most 9223372036854775807, got 9223372036854775808 (values are signed 64-bit integers)",
    ),
]


def run_cli(tmp_path: Path, text: str | bytes, *args: str) -> tuple[int, list[str], str]:
    path = tmp_path / "bad.mm"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    r = CliRunner().invoke(main, ["run", *args, str(path)])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output
    return r.exit_code, [line.replace(str(tmp_path) + "/", "") for line in r.stderr.splitlines()], r.stdout


@pytest.mark.parametrize("text,message", [(t, m) for _, t, m in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, text: str, message: str) -> None:
    code, err, _ = run_cli(tmp_path, "era 6.18\n" + text)
    assert (code, err) == (2, [message])


def test_api_raises_the_same_scenario_error() -> None:
    for _, text, message in CASES:
        with pytest.raises(ScenarioError) as e:
            mmspec.run("era 6.18\n" + text)
        assert str(e.value) == message.replace("bad.mm", "<string>")


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.mm").write_text("era 6.18\nP1: mmap A anon private rw\nP1: write A[0]\n")
    (tmp_path / "bad.mm").write_text("era 6.18\nswap pages=-3\n")
    r = CliRunner().invoke(main, ["run", "--quiet", str(tmp_path / "bad.mm"), str(tmp_path / "good.mm")])
    assert r.exit_code == 2
    assert "good.mm" in r.stdout and "PASS" in r.stdout


# -- what the command line reads ----------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_non_regular_files_are_refused(device: str) -> None:
    r = CliRunner().invoke(main, ["run", device])
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{device}:1:1: cannot read the file: it is not a regular file (a device, a FIFO "
        "or a socket) (give the path of a scenario file)"
    ]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "f.mm"
    os.mkfifo(fifo)
    r = CliRunner().invoke(main, ["run", str(fifo)])
    assert r.exit_code == 2
    assert r.stderr.endswith(
        "f.mm:1:1: cannot read the file: it is not a regular file (a device, a FIFO or a socket) "
        "(give the path of a scenario file)\n"
    )


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    big = "# filler\n" * (MAX_FILE_BYTES // 9 + 1)
    code, err, _ = run_cli(tmp_path, big)
    assert (code, err) == (
        2,
        [f"bad.mm:1:1: the file is too large (over {MAX_FILE_BYTES} bytes) (scenario files are at most 1024 KiB)"],
    )
    r = CliRunner().invoke(main, ["run", "-"], input=big)
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"<stdin>:1:1: the file is too large (over {MAX_FILE_BYTES} bytes) (scenario files are at most 1024 KiB)"
    ]
    with pytest.raises(ScenarioError, match="the file is too large"):
        mmspec.run(tmp_path / "bad.mm")


# -- text that is not plain ---------------------------------------------------------------------------


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    code, err, out = run_cli(tmp_path, b"\xef\xbb\xbfera 6.18\nP1: mmap A anon private rw\nP1: write A[0]\n", "--quiet")
    assert (code, err) == (0, []) and "PASS" in out


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends(end: str) -> None:
    text = end.join(["era 6.18", "P1: mmap A anon private rw", "P1: write A[0] = 3", "P1: read A[0] == 3", ""])
    assert mmspec.run(text).passed
    with pytest.raises(ScenarioError) as e:
        mmspec.run(end.join(["era 6.18", "P1: mmap A anon private rw", "P1: read A[1]"]))
    assert str(e.value) == ("<string>:3:12: page index 1 is outside A, which has 1 page(s) (use an index from 0 to 0)")


def test_control_characters_are_escaped_in_every_message() -> None:
    d = Diagnostic("a\x00b.mm", 1, 1, "unknown statement 'x\u202ey'", "hint \x1b")
    assert str(d) == "a\\x00b.mm:1:1: unknown statement 'x\\u202ey' (hint \\x1b)"
    with pytest.raises(ScenarioError) as e:
        mmspec.run("era 6.18\nP1: mmap A anon private rw\nP1: read A\u2028[0]\n")
    assert str(e.value) == "<string>:3:11: control character \\u2028 in the line (scenarios are plain text: remove it)"


def test_unknown_option_values_get_a_suggestion_and_are_escaped() -> None:
    r = CliRunner().invoke(main, ["check", "--preset", "spufz"])
    assert (r.exit_code, r.stderr) == (2, "--preset: unknown preset 'spufz' (did you mean 'spufs'?)\n")
    r = CliRunner().invoke(main, ["check", "--preset", "x\x1b"])
    assert r.exit_code == 2 and r.stderr.startswith("--preset: unknown preset 'x\\x1b' (")
    r = CliRunner().invoke(main, ["check", "--depth", "-1", "checks/file-truncate.mm"])
    assert (r.exit_code, r.stderr) == (
        2,
        "--depth: the depth must be from 0 to 64, got -1 (docs/format.md lists the limits)\n",
    )


# -- the API: a str is text, a Path is a file -----------------------------------------------------------


def test_a_long_str_without_newline_is_text_not_a_path() -> None:
    with pytest.raises(ScenarioError) as e:
        mmspec.run("x" * 300)
    assert str(e.value).startswith("<string>:1:1: unknown statement 'xxxxx")


def test_a_str_naming_a_file_is_text_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "ok.mm"
    path.write_text("era 6.18\nP1: mmap A anon private rw\n")
    assert mmspec.run(path).passed
    with pytest.raises(ScenarioError) as e:
        mmspec.run(str(path))
    (d,) = e.value.diagnostics
    assert d.hint == f"a str is scenario text; to run the file, pass pathlib.Path({str(path)!r})"
    with pytest.raises(TypeError):
        mmspec.run(b"era 6.18\n")  # type: ignore[arg-type]


# -- the model refuses what the format cannot express ---------------------------------------------------


def test_do_mmap_pgoff_refuses_a_negative_offset_with_eoverflow() -> None:
    era = resolve_era("6.18")
    for setup, source, obj in (
        (Setup(files=(("data", 2),)), Source.FILE, "file:data"),
        (Setup(devices=(_dev("remap-pfn"),)), Source.DEV, "dev:d"),
    ):
        k = boot(setup)
        before = k.snapshot()
        res = do_mmap_pgoff(k, era, "P1", "A", source, obj, 1, True, VM.VM_READ | VM.VM_WRITE, -1)
        assert (res.outcome.name, res.vma) == ("EOVERFLOW", None)
        assert k.snapshot() == before  # nothing was created
        res = do_mmap_pgoff(k, era, "P1", "A", source, obj, 0, True, VM.VM_READ, 0)
        assert res.outcome.name == "EINVAL"


def _dev(preset: str):  # type: ignore[no-untyped-def]
    from mmspec.scenario.parse import parse_text

    return parse_text(f"era 6.18\ndevice d preset={preset} pages=2\n").setup.devices[0]


def test_a_released_device_cannot_be_mapped_nor_offered() -> None:
    era = resolve_era("6.18")
    k = boot(Setup(devices=(_dev("ram-nopage"),)))
    A.Release("dev:d").apply(k, era)
    with pytest.raises(
        A.NotApplicable, match="device d was released: its file is closed, so it cannot be mapped again"
    ):
        A.Mmap("P1", "A", Source.DEV, "dev:d", 1, True, VM.VM_READ).apply(k, era)
    spec = ExploreSpec(ops=("mmap",), sources=("dev:d", "anon"))
    offered = list(A.Mmap.explore(A.Where(k, spec, era, "P1")))
    assert offered and all(a.source is Source.ANON for a in offered)


def test_a_failed_gup_is_named_when_its_reference_is_used(tmp_path: Path) -> None:
    text = (
        "era 6.18\ndevice d preset=remap-pfn pages=1\nP1: mmap F dev:d shared rw\n"
        "P1: gup F[0] write as H -> EFAULT\nP1: readref H\n"
    )
    code, err, _ = run_cli(tmp_path, text)
    assert (code, err) == (
        2,
        [
            "bad.mm:5:1: no page reference H is held: the gup at line 4 that names it returned EFAULT "
            "(at this point of the run)"
        ],
    )
    code, _, out = run_cli(tmp_path, text, "--json")
    doc = json.loads(out)
    assert code == 2 and doc["errors"][0]["message"].endswith("returned EFAULT")
    # nothing lost: the steps that ran are in the document, with the failed gup and where the run stopped
    (run,) = doc["runs"]
    assert [(s["line"], s["outcome"]) for s in run["steps"]] == [(3, "ok"), (4, "EFAULT")]
    assert run["passed"] is False and "bad.mm:5:1: no page reference H is held" in run["error"]


# -- per-step work follows what exists ------------------------------------------------------------------


def test_ptes_of_is_the_same_either_way() -> None:
    k = Kernel()
    vma = Vma(1, "A", 0x100, 0x100 + 200, 0, VM.VM_READ, Source.ANON)
    for vpn in (0x100, 0x150, 0x1C7, 0x1C8, 0x99):
        k.ptes[("P1", vpn)] = Pte(pfn=vpn)
    k.ptes[("P2", 0x101)] = Pte(pfn=1)
    few = list(k.ptes_of("P1", vma))  # more pages than PTEs: the PTEs are walked
    assert few == [(0x100, Pte(pfn=0x100)), (0x150, Pte(pfn=0x150)), (0x1C7, Pte(pfn=0x1C7))]
    small = Vma(2, "B", 0x100, 0x102, 0, VM.VM_READ, Source.ANON)
    assert list(k.ptes_of("P1", small)) == [(0x100, Pte(pfn=0x100))]  # fewer pages than PTEs: the range


def test_ptes_of_a_huge_vma_walks_only_its_ptes() -> None:
    # A VMA of 10**9 pages with two PTEs: walking its range would take minutes, walking the PTEs does not.
    k = Kernel()
    k.ptes[("P1", 5)] = Pte(pfn=1)
    k.ptes[("P1", 10**9 + 7)] = Pte(pfn=2)
    huge = Vma(1, "A", 0, 10**9, 0, VM.VM_READ, Source.ANON)
    assert list(k.ptes_of("P1", huge)) == [(5, Pte(pfn=1))]
