"""Parser of the scenario format (docs/format.md).

The format is one statement per line, so the parser is a tokenizer (quoted strings and whitespace-separated
words, each with its column) and one small function per statement.  Every problem becomes a
:class:`~mmspec.errors.Diagnostic` with ``FILE:LINE:COL``, what was expected and a hint; the parser keeps
going so that one run reports every problem in the file.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, VALID_FORMS, parse_version
from mmspec.errors import Diagnostic, ScenarioError
from mmspec.mm.mm_types import VM_BY_NAME, DeviceDecl, DeviceFault, DeviceMemory, Source, VmFlags
from mmspec.mm.outcome import OUTCOME_NAMES
from mmspec.model import actions as A
from mmspec.model.boot import Setup
from mmspec.model.invariants import INVARIANT_IDS
from mmspec.model.machine import ExploreSpec
from mmspec.scenario.ast import BugInfo, Expect, PageTarget, Pos, Scenario, Span, StepLine
from mmspec.scenario.limits import (
    EXPLORE_BOUNDS,
    MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_PAGES,
    MAX_PROCESSES,
    MAX_REFS,
    MAX_STEPS,
    MAX_SWAP_PAGES,
    MAX_VALUE,
)

HEADERS = ("title", "era", "eras", "device", "file", "swap", "process", "bug")
# The keys of a bug file's `bug` lines (docs/format.md#bug-files); `url` and `pending` may repeat.
BUG_KEYS = ("name", "cve", "introduced", "fixed", "buggy", "fixed-in", "invariant", "url", "pending")
BUG_REQUIRED = ("name", "fixed", "buggy", "fixed-in", "url")
# What a pending bug waits for: the capability the model lacks, and why (docs/bugs.md).
BUG_PENDING = {
    "pre-2.6.19": "rules before 2.6.19 (PageReserved, VM_RESERVED/VM_UNPAGED, the 2.6.15 release candidates)",
    "races": "interleavings the model does not split yet (pte_same() windows, page locks)",
    "counter-width": "bounded counter widths (a refcount or swap count that wraps or saturates)",
    "thp": "transparent huge pages and the huge zero page",
    "madv-free": "MADV_FREE and lazily freed anonymous pages",
    "clear-refs": "soft-dirty clear_refs write-protection",
    "mremap": "mremap() and VMA expansion",
    "compound": "high-order and compound driver allocations (tail pages with count 0)",
    "protnone": "PROT_NONE/NUMA-hinting PTE encodings",
    "uffd": "userfaultfd",
    "kvm": "secondary MMUs (KVM) following PFNMAP PTEs",
    "rc-releases": "release candidates as eras (a bug that lived only between two -rc releases)",
    "driver-fix": "a driver fixed in the release whose core change exposed it (the model's drivers have no versions)",
    "flags-after-mmap": "a driver that changes vm_flags after remap_pfn_range() (clearing VM_IO)",
}
EXPLORE_KEYS = ("procs", "threads", "depth", "ops", "maps", "pages", "refs", "sources", "shared", "prots")
PAGE_FLAGS = (
    "anon",
    "lru",
    "active",
    "referenced",
    "swapcache",
    "reserved",
    "dirty",
    "zero",
    "locked",
    "uptodate",
    "free",
    "exclusive",
)
PAGE_FIELDS = ("count", "mapcount", "pte", "value")
PTE_STATES = ("none", "present", "swap")
SETTABLE_FLAGS = VM_BY_NAME

E = TypeVar("E", bound=Enum)  # the enum a device key names
_TOKEN = re.compile(r'"[^"]*"?|\S+')
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_INDEXED = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\[([0-9]+)\]$")
# Line ends: \n, \r\n or a lone \r.  (str.splitlines() would also split at \x0b, \x0c, \x1c-\x1e, \x85,
# U+2028 and U+2029, which are refused as control characters instead.)
_LINE_END = re.compile(r"\r\n|\r|\n")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")
_SHA = re.compile(r"^[0-9a-f]{7,40}$")
_CVE = re.compile(r"^CVE-[0-9]{4}-[0-9]{4,7}$")
_URL = re.compile(r"^https?://\S+$")
BOM = "\ufeff"
BUG_HINT = (
    "for example: bug name=cve-2015-3288 fixed=6b7339f4c31a buggy=4.1 fixed-in=4.2 invariant=cow-broken url=https://..."
)


def _control(line: str) -> tuple[int, str] | None:
    """The first character of ``line`` that is not plain text (a control character other than a tab, or a
    lone surrogate), with its 1-based column, or None."""
    for i, ch in enumerate(line):
        if (ch < " " and ch != "\t") or "\x7f" <= ch <= "\x9f" or "\ud800" <= ch <= "\udfff" or ch in "\u2028\u2029":
            return i + 1, ch
    return None


@dataclass(frozen=True)
class Tok:
    text: str
    col: int


class _Fail(Exception):
    def __init__(self, col: int, message: str, hint: str = "") -> None:
        self.col, self.message, self.hint = col, message, hint


def _q(text: str) -> str:
    """User text as a message quotes it: cut to 60 characters (a message stays one readable line)."""
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    # difflib's cost grows with the word's length times the choices': a word far longer than every choice
    # cannot be a close match, and a line of a megabyte must not take a second to reject
    too_long = len(word) > 2 * max((len(c) for c in choices), default=0)
    close = [] if too_long else difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean '{_q(close[0])}'?" if close else "expected one of: " + ", ".join(choices)


def _tokens(line: str) -> list[Tok]:
    out: list[Tok] = []
    for m in _TOKEN.finditer(line):
        if m.group().startswith("#"):
            break
        out.append(Tok(m.group(), m.start() + 1))
    return out


def _int(tok: Tok, what: str, least: int = -MAX_VALUE, most: int = MAX_VALUE, hint: str = "") -> int:
    """The integer literal ``tok`` (decimal, or with a base prefix), within [least, most]."""
    if len(tok.text) > MAX_INT_DIGITS:
        raise _Fail(
            tok.col,
            f"expected {what} (an integer), got a literal of {len(tok.text)} characters",
            f"integers have at most {MAX_INT_DIGITS} characters and are 64-bit",
        )
    try:
        value = int(tok.text, 0)
    except ValueError:
        raise _Fail(
            tok.col, f"expected {what} (an integer), got '{_q(tok.text)}'", "write a number such as 7 or 0x10"
        ) from None
    if not least <= value <= most:
        side = f"at least {least}" if value < least else f"at most {most}"
        raise _Fail(tok.col, f"{what} must be {side}, got {tok.text}", hint or _range_hint(least, most))
    return value


def _range_hint(least: int, most: int) -> str:
    if least == -MAX_VALUE and most == MAX_VALUE:
        return "values are signed 64-bit integers"
    return f"from {least} to {most}; docs/format.md lists the limits"


def _kv(tok: Tok) -> tuple[str, str]:
    key, sep, value = tok.text.partition("=")
    if not sep or not key or not value:
        raise _Fail(tok.col, f"expected key=value, got '{_q(tok.text)}'", "no spaces around '='")
    return key, value


def _name(tok: Tok, what: str) -> str:
    if not _NAME.match(tok.text):
        raise _Fail(
            tok.col, f"expected {what} (a name), got '{_q(tok.text)}'", "names are letters, digits, '_' and '-'"
        )
    return tok.text


def _indexed(tok: Tok) -> tuple[str, int]:
    m = _INDEXED.match(tok.text)
    if m is None:
        raise _Fail(tok.col, f"expected a page as NAME[INDEX], got '{_q(tok.text)}'", "for example A[0]")
    index = _int(
        Tok(m.group(2), tok.col + len(m.group(1)) + 1),
        "a page index",
        0,
        MAX_PAGES - 1,
        f"a mapping has at most {MAX_PAGES} pages",
    )
    return m.group(1), index


def _need(toks: list[Tok], i: int, what: str, end_col: int) -> Tok:
    if i >= len(toks):
        raise _Fail(end_col, f"expected {what}", "the line ends too early")
    return toks[i]


class _Parser:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.diags: list[Diagnostic] = []
        self.title = ""
        self.era: str | None = None
        self.era_pos: Pos | None = None
        self.eras: list[str] = []
        self.eras_pos: Pos | None = None
        self.devices: dict[str, DeviceDecl] = {}
        self.device_pos: dict[str, Pos] = {}
        self.files: dict[str, int] = {}
        self.swap: int | None = None
        self.processes: list[str] = ["P1"]
        self.steps: list[StepLine] = []
        self.expects: list[Expect] = []
        # Static name tracking, so that a typo is reported with its position before anything runs.
        self.alive: set[str] = {"P1"}
        self.labels: dict[str, dict[str, int]] = {"P1": {}}  # process -> mapping name -> pages
        self.refs: set[str] = set()
        self.threads: dict[str, set[str]] = {}  # process -> its tasks beyond T1
        self.busy: dict[tuple[str, str], str] = {}  # (process, task) -> the word of its call in flight
        self.forked: dict[tuple[str, str], str] = {}  # (process, task) -> the child of its fork in flight
        self.points: dict[tuple[str, str], str] = {}  # (process, task) -> the point its call stopped at
        self.released: set[str] = set()  # devices (dev:NAME) released by a step so far
        self.seen_step = False
        self.step_lines = 0  # step lines so far, parsed or not: the step an `expect here` follows
        self.here: list[Pos] = []  # where each `expect here` says `here`
        self.explore: ExploreSpec | None = None
        self.explore_pos: Pos | None = None
        self.late_checks: list[tuple[int, str, str, int]] = []
        self.current_line = 0
        self.bug_fields: dict[str, tuple[str, Pos]] = {}  # key -> (value, where) of the `bug` lines
        self.bug_lists: dict[str, list[tuple[str, Pos]]] = {"url": [], "pending": []}
        self.bug_pos: Pos | None = None
        self.bug_bad = False  # a `bug` line was bad (reported where it went wrong)

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.diags.append(Diagnostic(self.path, line, col, message, hint))

    def parse(self) -> Scenario:
        text = self.text.removeprefix(BOM)  # a UTF-8 byte order mark, as some editors write
        lines = _LINE_END.split(text)
        if lines and lines[-1] == "":
            lines.pop()
        for n, raw in enumerate(lines, start=1):
            self.current_line = n
            try:
                bad = _control(raw)
                if bad is not None:
                    raise _Fail(
                        bad[0],
                        f"control character {ascii(bad[1])[1:-1]} in the line",
                        "scenarios are plain text: remove it",
                    )
                toks = _tokens(raw)
                if not toks:
                    continue
                for tok in toks:
                    if tok.text.startswith('"') and (len(tok.text) == 1 or not tok.text.endswith('"')):
                        raise _Fail(tok.col, "unterminated quoted string", 'close it with "')
                self.statement(n, raw, toks)
            except _Fail as f:
                self.error(n, f.col, f.message, f.hint)
        # Expectations are judged on the final state, so a mapping named in one may be mapped further down.
        for col, proc, name, line in self.late_checks:
            if name not in self.labels.get(proc, {}):
                known = sorted(self.labels.get(proc, {}))
                self.error(
                    line,
                    col,
                    f"{proc} never maps '{_q(name)}'",
                    _suggest(name, known) if known else f"{proc} maps nothing in this scenario",
                )
        for pos in self.here if self.explore is not None else ():
            self.error(
                pos.line,
                pos.col,
                "'expect here' in a check",
                "a check judges only final `expect violation` and `expect no violations` lines",
            )
        bug = self.bug_info()
        self.diags.sort(key=lambda d: (d.line, d.col))
        if self.diags:
            raise ScenarioError(self.diags)
        setup = Setup(
            devices=tuple(self.devices.values()),
            files=tuple(self.files.items()),
            swap_pages=self.swap,
            processes=tuple(self.processes),
        )
        return Scenario(
            self.path,
            self.title,
            self.era,
            self.era_pos,
            setup,
            tuple(self.steps),
            tuple(self.expects),
            tuple(self.device_pos.items()),
            tuple(self.eras),
            self.eras_pos,
            self.explore,
            self.explore_pos,
            self.text,
            bug,
        )

    # -- statements ------------------------------------------------------------------------------------

    def statement(self, n: int, raw: str, toks: list[Tok]) -> None:
        head = toks[0].text
        end = len(raw.rstrip()) + 1
        if head in HEADERS:
            if self.seen_step and head != "title":
                raise _Fail(
                    toks[0].col, f"'{_q(head)}' must come before the first step", "move the declaration to the top"
                )
            getattr(self, "h_" + head)(n, toks, end)
        elif head == "expect":
            self.expect(n, raw, toks, end)
        elif head == "explore":
            self.explore_line(n, toks, end)
        elif head in A.STATEMENTS:
            self.step_lines += 1
            self.action_step(n, raw, toks, "", head, end)
        elif head.endswith(":") and len(head) > 1:
            self.step_lines += 1
            self.subject_step(n, raw, toks, end)
        else:
            words = [*HEADERS, "expect", *A.STATEMENTS]
            raise _Fail(
                toks[0].col,
                f"unknown statement '{_q(head)}'",
                _suggest(head, words) + "; a step starts with 'PROCESS:' or 'DEVICE:'",
            )

    def h_title(self, n: int, toks: list[Tok], end: int) -> None:
        _need(toks, 1, "a quoted title", end)
        self.title = " ".join(t.text for t in toks[1:]).strip('"')

    def h_era(self, n: int, toks: list[Tok], end: int) -> None:
        tok = _need(toks, 1, "an era name after 'era'", end)
        self.era, self.era_pos = tok.text, Pos(n, tok.col)

    def h_eras(self, n: int, toks: list[Tok], end: int) -> None:
        _need(toks, 1, "the eras the scenario is about: names, or ranges such as 2.6.19..2.6.23", end)
        names = {e.name for e in ERAS}
        for tok in toks[1:]:
            lo, dots, hi = tok.text.partition("..")
            parts = ((lo, tok.col), (hi, tok.col + len(lo) + 2)) if dots else ((lo, tok.col),)
            for part, col in parts:
                if (part or not dots) and part not in names and parse_version(part) is None:
                    raise _Fail(col, f"unknown era '{_q(part)}'", "an era is " + VALID_FORMS)
            self.eras.append(tok.text)
        self.eras_pos = Pos(n, toks[0].col)

    def h_bug(self, n: int, toks: list[Tok], end: int) -> None:
        """One `bug` line: KEY=VALUE metadata of a bug file (scenarios/bugs/); several lines add up."""
        self.bug_pos = self.bug_pos or Pos(n, toks[0].col)
        bad_before, self.bug_bad = self.bug_bad, True  # a bad line does not also count as missing keys
        _need(toks, 1, "KEY=VALUE metadata after 'bug'", end)
        for tok in toks[1:]:
            key, value = _kv(tok)
            vcol = tok.col + len(key) + 1
            if key not in BUG_KEYS:
                raise _Fail(tok.col, f"unknown bug key '{_q(key)}'", _suggest(key, BUG_KEYS))
            if key in self.bug_lists:
                for item in value.split(",") if key == "pending" else [value]:
                    self.bug_value(key, item, vcol)
                    self.bug_lists[key].append((item, Pos(n, vcol)))
                continue
            if key in self.bug_fields:
                first = self.bug_fields[key][1]
                raise _Fail(tok.col, f"bug key '{key}' given twice (first at line {first.line})", "keep one")
            self.bug_value(key, value, vcol)
            self.bug_fields[key] = (value, Pos(n, vcol))
        self.bug_bad = bad_before

    @staticmethod
    def bug_value(key: str, value: str, col: int) -> None:
        """Check one `bug` value against its key's form."""
        if key == "name" and not _SLUG.match(value):
            raise _Fail(col, f"a bug name is lower-case letters, digits, '.', '+' and '-', got '{_q(value)}'")
        if key == "cve" and not _CVE.match(value):
            raise _Fail(col, f"expected a CVE id, got '{_q(value)}'", "for example cve=CVE-2015-3288")
        if key in ("introduced", "fixed") and not (_SHA.match(value) or value == "unknown"):
            hint = "7 to 40 lower-case hex digits, or 'unknown' (say in docs/bugs.md why)"
            raise _Fail(col, f"expected a commit id after {key}=, got '{_q(value)}'", hint)
        if key in ("buggy", "fixed-in") and parse_version(value) is None:
            raise _Fail(col, f"expected a kernel release after {key}=, got '{_q(value)}'", "such as 4.1 or 2.6.15-rc5")
        if key == "invariant" and value not in INVARIANT_IDS:
            raise _Fail(col, f"unknown invariant '{_q(value)}'", _suggest(value, INVARIANT_IDS))
        if key == "url" and not _URL.match(value):
            raise _Fail(col, f"expected an http(s) URL, got '{_q(value)}'", "a source: a commit, a mail, an advisory")
        if key == "pending" and value not in BUG_PENDING:
            raise _Fail(col, f"unknown missing capability '{_q(value)}'", _suggest(value, tuple(BUG_PENDING)))

    def bug_info(self) -> BugInfo | None:
        """The file's bug metadata, once every line is read: every required key, releases in order, and a
        bug file's shape (no `era` or `expect` line; a check or steps unless it is pending)."""
        if self.bug_pos is None or self.bug_bad:
            return None
        pos, f = self.bug_pos, self.bug_fields
        missing = [k for k in BUG_REQUIRED if not (f.get(k) or self.bug_lists.get(k))]
        pending = tuple(dict.fromkeys(v for v, _ in self.bug_lists["pending"]))
        if not pending and "invariant" not in f:
            missing.append("invariant")
        if missing:
            self.error(pos.line, pos.col, "the bug lines lack " + ", ".join(k + "=" for k in missing), BUG_HINT)
            return None
        buggy, fixed_in = (parse_version(f[k][0]) or () for k in ("buggy", "fixed-in"))
        if fixed_in < buggy or f["fixed-in"][0] == f["buggy"][0]:
            where = f["fixed-in"][1]
            self.error(
                where.line,
                where.col,
                f"fixed-in={f['fixed-in'][0]} is not after buggy={f['buggy'][0]}",
                "buggy= is the last release with the bug, fixed-in= the first without it",
            )
        for what, line_pos in (("era", self.era_pos), ("eras", self.eras_pos)):
            if line_pos is not None:
                self.error(
                    line_pos.line,
                    line_pos.col,
                    f"a bug file has no '{what}' line",
                    "the zoo runs it under its buggy= and fixed-in= releases",
                )
        for e in self.expects:
            self.error(
                e.pos.line,
                e.pos.col,
                "a bug file has no 'expect' line",
                "its invariant= is what the zoo expects before the fix and not after",
            )
        if not pending and self.explore is None and not self.steps:
            self.error(
                pos.line, pos.col, "a bug file needs an 'explore' line or steps", "or mark it pending=CAPABILITY"
            )
        return BugInfo(
            name=f["name"][0],
            fixed=f["fixed"][0],
            buggy=f["buggy"][0],
            fixed_in=f["fixed-in"][0],
            invariant=f.get("invariant", ("", pos))[0],
            urls=tuple(v for v, _ in self.bug_lists["url"]),
            cve=f.get("cve", ("", pos))[0],
            introduced=f.get("introduced", ("", pos))[0],
            pending=pending,
            pos=pos,
        )

    def new_process(self, tok: Tok) -> str:
        """A name for a process that `process` or `fork` creates: new, and not a device's."""
        name = _name(tok, "a process name")
        if name in self.alive:
            raise _Fail(tok.col, f"process {name} already exists", "pick a new name such as P2")
        if name in self.devices:
            raise _Fail(tok.col, f"{name} is the name of a device", "names of processes and devices must differ")
        if len(self.alive) >= MAX_PROCESSES:
            raise _Fail(
                tok.col,
                f"too many processes: at most {MAX_PROCESSES} may be alive at once",
                "let some exit first; docs/format.md lists the limits",
            )
        return name

    def h_process(self, n: int, toks: list[Tok], end: int) -> None:
        name = self.new_process(_need(toks, 1, "a process name", end))
        self.processes.append(name)
        self.alive.add(name)
        self.labels[name] = {}

    def h_swap(self, n: int, toks: list[Tok], end: int) -> None:
        if self.swap is not None:
            raise _Fail(
                toks[0].col, "swap is declared twice", "the model has one swap device: keep one 'swap pages=N' line"
            )
        tok = _need(toks, 1, "pages=N after 'swap'", end)
        key, value = _kv(tok)
        if key != "pages":
            raise _Fail(tok.col, f"unknown swap key '{_q(key)}'", "swap takes pages=N")
        if len(toks) > 2:
            raise _Fail(toks[2].col, f"unexpected '{_q(toks[2].text)}' after pages=N", "swap takes pages=N only")
        self.swap = _int(
            Tok(value, tok.col + 6),
            "a number of swap pages",
            1,
            MAX_SWAP_PAGES,
            f"from 1 to {MAX_SWAP_PAGES}; without a swap line there is no swap",
        )

    def h_file(self, n: int, toks: list[Tok], end: int) -> None:
        name = _name(_need(toks, 1, "a file name", end), "a file name")
        if name in self.files:
            raise _Fail(toks[1].col, f"file {name} is declared twice")
        pages = 1
        for tok in toks[2:]:
            key, value = _kv(tok)
            if key != "pages":
                raise _Fail(tok.col, f"unknown file key '{_q(key)}'", "file takes pages=N")
            pages = _int(Tok(value, tok.col + len(key) + 1), "a number of pages", 0, MAX_PAGES)
        self.files[name] = pages

    def h_device(self, n: int, toks: list[Tok], end: int) -> None:
        name = _name(_need(toks, 1, "a device name", end), "a device name")
        if name in self.devices:
            raise _Fail(toks[1].col, f"device {name} is declared twice")
        opts: dict[str, tuple[str, Tok]] = {}
        for tok in toks[2:]:
            key, value = _kv(tok)
            opts[key] = (value, tok)
        known = ("preset", "pages", "fault", "memory", "flags", "private")
        for key, (_, tok) in opts.items():
            if key not in known:
                raise _Fail(tok.col, f"unknown device key '{_q(key)}'", _suggest(key, known))
        preset_name = opts.get("preset", ("", toks[1]))[0]
        if preset_name:
            if preset_name not in PRESETS:
                raise _Fail(
                    opts["preset"][1].col + 7,
                    f"unknown preset '{_q(preset_name)}'",
                    _suggest(preset_name, tuple(PRESETS)),
                )
            p = PRESETS[preset_name]
            fault, memory, flags, private_ok, pages = p.fault, p.memory, p.flags, p.private_ok, p.pages
        elif "fault" not in opts:
            raise _Fail(
                toks[1].col, f"device {name} needs preset= or fault=", "for example: device spu preset=spufs pages=2"
            )
        else:
            fault, memory, flags, private_ok, pages = DeviceFault.NOPAGE, DeviceMemory.RAM, 0, True, 1
        for key, (value, tok) in opts.items():
            vcol = tok.col + len(key) + 1
            if key == "pages":
                pages = _int(Tok(value, vcol), "a number of pages", 1, MAX_PAGES)
            elif key == "fault":
                fault = self.enum(DeviceFault, value, vcol, "fault")
            elif key == "memory":
                memory = self.enum(DeviceMemory, value, vcol, "memory")
            elif key == "private":
                if value not in ("allowed", "einval"):
                    raise _Fail(vcol, f"private= takes allowed or einval, got '{_q(value)}'")
                private_ok = value == "allowed"
            elif key == "flags":
                flags = self.vm_flags(value, vcol)
        if memory is DeviceMemory.IO and fault in (
            DeviceFault.NOPAGE,
            DeviceFault.NOPAGE_NOREF,
            DeviceFault.FAULT,
            DeviceFault.FAULT_NOREF,
            DeviceFault.INSERT,
            DeviceFault.INSERT_NOFAULT,
        ):
            raise _Fail(
                toks[1].col,
                f"device {name}: fault={fault.value} needs struct pages, but memory=io has none",
                "use memory=ram or memory=reserved, or fault=nopfn / fault=remap",
            )
        if name in self.alive:
            raise _Fail(toks[1].col, f"device {name} has the name of a process")
        self.devices[name] = DeviceDecl(name, preset_name or "custom", fault, memory, flags, private_ok, pages)
        self.device_pos[name] = Pos(n, toks[1].col)

    @staticmethod
    def enum(kind: type[E], value: str, col: int, key: str) -> E:
        values = [m.value for m in kind]
        if value not in values:
            raise _Fail(col, f"unknown {key} '{_q(value)}'", _suggest(value, values))
        return kind(value)

    @staticmethod
    def vm_flags(value: str, col: int) -> VmFlags:
        flags = 0
        if value == "none":
            return flags
        if "," in value:
            raise _Fail(
                col + value.index(","),
                "VM flags are joined with '|', not ','",
                "for example flags=" + "|".join(p for p in value.split(",") if p),
            )
        for part in value.split("|"):
            if part not in SETTABLE_FLAGS:
                raise _Fail(col, f"unknown VM flag '{_q(part)}'", _suggest(part, tuple(SETTABLE_FLAGS)))
            flags |= SETTABLE_FLAGS[part]
            col += len(part) + 1
        return flags

    # -- steps -----------------------------------------------------------------------------------------

    def add_step(
        self, n: int, raw: str, toks: list[Tok], used: int, action: A.Action, end: int, reads: bool = False
    ) -> None:
        """Record a step; its tail holds `== V` (reads only) and `-> OUTCOME` clauses, each optionally
        limited to eras with `since VERSION` and/or `until VERSION`."""
        outcomes: list[tuple[str, Span]] = []
        values: list[tuple[int, Span]] = []
        i = used
        while i < len(toks):
            tok = toks[i]
            if tok.text == "==" and reads:
                value = _int(_need(toks, i + 1, "a value after '=='", end), "a value")
                span, i = self.span(toks, i + 2, end)
                values.append((value, span))
            elif tok.text == "->":
                otok = _need(toks, i + 1, "an outcome after '->'", end)
                if otok.text not in OUTCOME_NAMES:
                    raise _Fail(otok.col, f"unknown outcome '{_q(otok.text)}'", _suggest(otok.text, OUTCOME_NAMES))
                span, i = self.span(toks, i + 2, end)
                outcomes.append((otok.text, span))
            else:
                hint = (
                    "a step may end with '== VALUE' and '-> OUTCOME'" if reads else "a step may end with '-> OUTCOME'"
                )
                raise _Fail(tok.col, f"unexpected '{_q(tok.text)}'", hint)
        if self.explore is not None:
            raise _Fail(
                toks[0].col, "a step after the explore line", "the steps before explore are the check's fixed prefix"
            )
        if len(self.steps) >= MAX_STEPS:
            raise _Fail(
                toks[0].col, f"too many steps: a scenario has at most {MAX_STEPS}", "split it into several files"
            )
        self.seen_step = True
        self.steps.append(
            StepLine(action, raw.split("#")[0].strip(), Pos(n, toks[0].col), tuple(outcomes), tuple(values))
        )

    def span(self, toks: list[Tok], i: int, end: int) -> tuple[Span, int]:
        """Parse an optional `since VERSION` then an optional `until VERSION` at toks[i]."""
        bounds: dict[str, tuple[int, ...]] = {}
        for word in ("since", "until"):
            if i < len(toks) and toks[i].text == word:
                vtok = _need(toks, i + 1, f"a kernel version after '{_q(word)}'", end)
                version = parse_version(vtok.text)
                if version is None:
                    raise _Fail(
                        vtok.col,
                        f"expected a kernel version after '{_q(word)}', got '{_q(vtok.text)}'",
                        "a release from 2.6.0 to 6.18 such as 2.6.32, 5.8 or 5.9-rc4; bounds are inclusive",
                    )
                bounds[word] = version
                i += 2
                if word == "until" and "since" in bounds and bounds["since"] > version:
                    raise _Fail(
                        vtok.col,
                        f"empty span: since {toks[i - 3].text} is after until {vtok.text}",
                        "bounds are inclusive: since LOW until HIGH",
                    )
        return Span(bounds.get("since"), bounds.get("until")), i

    def explore_line(self, n: int, toks: list[Tok], end: int) -> None:
        if self.explore is not None:
            raise _Fail(toks[0].col, "a check has one explore line", "merge the two")
        vals: dict[str, Any] = {}
        for tok in toks[1:]:
            key, value = _kv(tok)
            vcol = tok.col + len(key) + 1
            if key not in EXPLORE_KEYS:
                raise _Fail(tok.col, f"unknown explore key '{_q(key)}'", _suggest(key, EXPLORE_KEYS))
            if key in EXPLORE_BOUNDS:
                least, most = EXPLORE_BOUNDS[key]
                vals[key] = _int(
                    Tok(value, vcol),
                    f"explore {key}",
                    least,
                    most,
                    f"{key} is from {least} to {most}; docs/format.md lists the limits",
                )
            elif key == "ops":
                ops = tuple(value.split(","))
                for op in ops:
                    if op not in A.EXPLORE_OPS:
                        raise _Fail(vcol, f"unknown explore operation '{_q(op)}'", _suggest(op, A.EXPLORE_OPS))
                vals["ops"] = ops
            elif key == "sources":
                srcs = tuple(value.split(","))
                for src in srcs:
                    kind, _, name = src.partition(":")
                    if not (
                        src in ("anon", "zero")
                        or (kind == "dev" and name in self.devices)
                        or (kind == "file" and name in self.files)
                    ):
                        raise _Fail(vcol, f"unknown source '{_q(src)}'", "anon, zero, or a declared file:F or dev:D")
                vals["sources"] = srcs
            elif key == "shared":
                if value not in ("yes", "no", "both"):
                    raise _Fail(vcol, f"shared= takes yes, no or both, got '{_q(value)}'")
                vals["shared"] = {"yes": (True,), "no": (False,), "both": (True, False)}[value]
            else:
                prots = tuple(value.split(","))
                for prot in prots:
                    if prot not in A.PROTS:
                        raise _Fail(vcol, f"unknown protection '{_q(prot)}'", _suggest(prot, tuple(A.PROTS)))
                vals["prots"] = prots
        if "ops" not in vals:
            raise _Fail(
                end, "explore needs ops=...", "for example: explore procs=2 depth=6 ops=mmap,read,write,fork,exit"
            )
        if "sources" not in vals:
            vals["sources"] = tuple(f"dev:{d}" for d in self.devices) + tuple(f"file:{f}" for f in self.files) or (
                "anon",
            )
        self.explore = ExploreSpec(**vals)
        self.explore_pos = Pos(n, toks[0].col)

    def subject_step(self, n: int, raw: str, toks: list[Tok], end: int) -> None:
        subject, slash, task = toks[0].text[:-1].partition("/")
        if slash:
            self.check_task(toks[0], subject, task)
        op_tok = _need(toks, 1, "an operation after the colon", end)
        op = op_tok.text
        if subject in self.devices:
            if op not in A.DEVICE_OPS:
                raise _Fail(op_tok.col, f"unknown device event '{_q(op)}'", _suggest(op, A.DEVICE_OPS))
        elif op not in A.PROC_OPS:
            if op in A.DEVICE_OPS:
                raise _Fail(
                    toks[0].col,
                    f"unknown device '{_q(subject)}'",
                    _suggest(subject, tuple(self.devices) or ("(none declared)",)),
                )
            raise _Fail(op_tok.col, f"unknown operation '{_q(op)}'", _suggest(op, A.PROC_OPS))
        elif subject not in self.alive:
            hint = "fork it first, or declare it with 'process NAME'"
            if subject in self.labels:
                hint = f"{subject} has exited"
            raise _Fail(toks[0].col, f"unknown process '{_q(subject)}'", hint)
        self.action_step(n, raw, toks, subject, op, end, task or "T1")

    def check_task(self, tok: Tok, proc: str, task: str) -> None:
        """A `PROCESS/TASK:` subject names a live process and one of its tasks."""
        if proc in self.devices:
            raise _Fail(tok.col, f"device {proc} has no tasks", "only a process's steps may name a task")
        if proc not in self.alive:
            raise _Fail(tok.col, f"unknown process '{_q(proc)}'", "fork it first, or declare it with 'process NAME'")
        if not _NAME.match(task):
            raise _Fail(tok.col + len(proc) + 1, f"expected a task name after '{_q(proc)}/'", f"for example {proc}/T2:")
        if task != "T1" and task not in self.threads.get(proc, set()):
            known = sorted(self.threads.get(proc, set()))
            raise _Fail(
                tok.col + len(proc) + 1,
                f"{proc} has no task '{_q(task)}'",
                f"its tasks: T1, {', '.join(known)}" if known else f"create it first: {proc}: thread {task}",
            )

    def action_step(
        self, n: int, raw: str, toks: list[Tok], subject: str, word: str, end: int, task: str = "T1"
    ) -> None:
        """A step of the action table's entry for ``word`` (mmspec/model/actions.py)."""
        who = subject if task == "T1" else f"{subject}/{task}"
        if (subject, task) in self.busy and word != "resume":
            raise _Fail(
                toks[0].col,
                f"{who} is inside its {self.busy[(subject, task)]}, stopped with 'until'",
                f"let it go on first: {who}: resume",
            )
        action, used = A.WORDS[word].parse(_StepArgs(self, subject, n, toks, end, task), word)
        if task != "T1" and not action.TASKED:
            action = A.OnTask(subject, task, action)
        for (proc, other), call in sorted(self.busy.items()):
            forker = proc if other == "T1" else f"{proc}/{other}"
            takes = action.mmap_sem() is not A.Sem.NONE and word != "resume"  # a resumed call takes no new lock
            if call == "fork" and proc == subject and other != task and takes:
                raise _Fail(
                    toks[1].col,
                    f"{word} takes {subject}'s mmap_lock, which {forker}'s fork holds for write while "
                    "it is stopped (only a 'fast' gup runs then)",
                    f"resume it first: {forker}: resume",
                )
            if call == "fork" and self.forked.get((proc, other)) == subject:
                raise _Fail(
                    toks[0].col,
                    f"{subject} does not run until its fork returns",
                    f"resume it first: {forker}: resume",
                )
        if action.mmap_sem() is A.Sem.WRITE:
            for (proc, other), call in sorted(self.busy.items()):
                if proc == subject and other != task and self.points.get((proc, other)) in A.READ_LOCKED:
                    raise _Fail(
                        toks[1].col,
                        f"{word} takes {subject}'s mmap_sem for write, which {proc}/{other}'s {call} holds for "
                        "read while it is stopped",
                        f"resume it first: {proc}/{other}: resume",
                    )
        self.add_step(n, raw, toks, used, action, end, reads=action.reads())

    # -- expectations ----------------------------------------------------------------------------------

    def expect(self, n: int, raw: str, toks: list[Tok], end: int) -> None:
        text = raw.split("#")[0].strip()
        pos = Pos(n, toks[0].col)
        after: int | None = None
        start = 1
        if len(toks) > 1 and toks[1].text == "here":
            self.here.append(Pos(n, toks[1].col))
            if self.step_lines == 0:
                raise _Fail(
                    toks[1].col,
                    "'expect here' before the first step",
                    "it checks the state after the step above it; drop 'here' to check the final state",
                )
            after, start = self.step_lines, 2
        span, first = self.span(toks, start, end)
        toks = toks[:1] + toks[first:]
        tok = _need(toks, 1, "what to expect", end)
        if tok.text == "no":
            if len(toks) != 3 or toks[2].text != "violations":
                raise _Fail(tok.col, "expected 'expect no violations'")
            self.expects.append(Expect("no-violations", text, pos, span, after=after))
            return
        if tok.text == "violation":
            ident = _need(toks, 2, "an invariant id", end)
            if ident.text not in INVARIANT_IDS:
                raise _Fail(ident.col, f"unknown invariant '{_q(ident.text)}'", _suggest(ident.text, INVARIANT_IDS))
            if len(toks) > 3:
                raise _Fail(toks[3].col, f"unexpected '{_q(toks[3].text)}' after the invariant id", "one id per line")
            self.expects.append(Expect("violation", text, pos, span, ident=ident.text, after=after))
            return
        if len(toks) > 2 and toks[2].text == "rss":
            proc = tok.text
            if proc not in self.labels:
                raise _Fail(tok.col, f"unknown process '{_q(proc)}'")
            fields = []
            for ftok in toks[3:]:
                key, value = _kv(ftok)
                if key not in ("file", "anon"):
                    raise _Fail(ftok.col, f"unknown rss counter '{_q(key)}'", "expected file=N or anon=N")
                fields.append((key, str(_int(Tok(value, ftok.col + len(key) + 1), "a count", 0))))
            self.expects.append(Expect("rss", text, pos, span, proc=proc, fields=tuple(fields), after=after))
            return
        target = self.target(tok, now=after is not None)
        fields, flags = [], []
        for ftok in toks[2:]:
            word = ftok.text
            if "=" in word:
                key, value = _kv(ftok)
                if key not in PAGE_FIELDS:
                    raise _Fail(ftok.col, f"unknown page field '{_q(key)}'", _suggest(key, PAGE_FIELDS))
                vcol = ftok.col + len(key) + 1
                if key == "pte":
                    if value not in PTE_STATES:
                        raise _Fail(vcol, f"unknown pte state '{_q(value)}'", _suggest(value, PTE_STATES))
                else:
                    value = str(_int(Tok(value, vcol), f"a {key}"))
                fields.append((key, value))
            else:
                flag = word.lstrip("!")
                if flag not in PAGE_FLAGS:
                    raise _Fail(ftok.col, f"unknown page flag '{_q(flag)}'", _suggest(flag, PAGE_FLAGS))
                flags.append((flag, not word.startswith("!")))
        self.expects.append(
            Expect("page", text, pos, span, target=target, fields=tuple(fields), flags=tuple(flags), after=after)
        )

    def target(self, tok: Tok, now: bool = False) -> PageTarget:
        """The page ``tok`` names; with ``now`` (an `expect here`), a mapping must be mapped by this point."""
        text = tok.text
        if text.startswith("file:"):
            name, index = _indexed(Tok(text[5:], tok.col + 5))
            if name not in self.files:
                raise _Fail(tok.col + 5, f"unknown file '{_q(name)}'")
            return PageTarget("file", name, index)
        proc, sep, rest = text.partition(":")
        if sep:
            if proc not in self.labels:
                raise _Fail(tok.col, f"unknown process '{_q(proc)}'")
            name, index = _indexed(Tok(rest, tok.col + len(proc) + 1))
            if now and name not in self.labels[proc]:
                known = sorted(self.labels[proc])
                raise _Fail(
                    tok.col + len(proc) + 1,
                    f"{proc} has not mapped '{_q(name)}' by this step",
                    _suggest(name, known) if known else f"{proc} maps nothing before this line",
                )
            self.late_checks.append((tok.col + len(proc) + 1, proc, name, self.current_line))
            return PageTarget("mapped", name, index, proc)
        name, index = _indexed(tok)
        if name not in self.devices:
            raise _Fail(
                tok.col,
                f"unknown device '{_q(name)}'",
                "a page expectation names DEVICE[i], PROCESS:MAPPING[i] or file:NAME[i]",
            )
        if index >= self.devices[name].pages:
            raise _Fail(tok.col, f"{name}[{index}] is outside {name}, which has {self.devices[name].pages} pages")
        return PageTarget("dev", name, index)


class _StepArgs:
    """The parser's side of :class:`mmspec.model.actions.Args`: one step line's tokens, read by the action's
    entry in the table, with the parser's name tracking behind them."""

    def __init__(self, parser: _Parser, subject: str, line: int, toks: list[Tok], end: int, task: str = "T1") -> None:
        self.p, self.subject, self.line, self.toks, self.end = parser, subject, line, toks, end
        self.task = task
        self.released = parser.released

    def _tok(self, i: int, what: str) -> Tok:
        return _need(self.toks, i, what, self.end)

    def text(self, i: int) -> str | None:
        return self.toks[i].text if i < len(self.toks) else None

    def word(self, i: int, what: str) -> str:
        return self._tok(i, what).text

    def name(self, i: int, what: str) -> str:
        return _name(self._tok(i, what), what)

    def integer(self, i: int, what: str, skip: int = 0, least: int = -MAX_VALUE, most: int = MAX_VALUE) -> int:
        tok = self._tok(i, what)
        return _int(Tok(tok.text[skip:], tok.col + skip), what, least, most)

    def choice(self, i: int, what: str, options: tuple[str, ...]) -> str:
        noun = what.split(":")[0].split()[-1]
        tok = self._tok(i, what)
        if tok.text not in options:
            raise _Fail(tok.col, f"unknown {noun} '{_q(tok.text)}'", _suggest(tok.text, options))
        return tok.text

    def fail(self, i: int, message: str, hint: str = "", skip: int = 0) -> Exception:
        col = self.toks[i].col + skip if i < len(self.toks) else self.end
        return _Fail(col, message, hint)

    def page(self, i: int) -> tuple[str, int]:
        tok = self._tok(i, "a page such as A[0]")
        name, index = _indexed(tok)
        self._label(tok, name)
        pages = self.p.labels[self.subject][name]
        if index >= pages:
            raise _Fail(
                tok.col + len(name) + 1,
                f"page index {index} is outside {name}, which has {pages} page(s)",
                f"use an index from 0 to {pages - 1}",
            )
        return name, index

    def mapping(self, i: int) -> str:
        tok = self._tok(i, "a mapping name")
        self._label(tok, tok.text)
        return tok.text

    def _label(self, tok: Tok, name: str) -> None:
        proc = self.subject
        if name not in self.p.labels[proc]:
            known = sorted(self.p.labels[proc])
            raise _Fail(
                tok.col,
                f"{proc} has no mapping '{_q(name)}'",
                _suggest(name, known) if known else f"map it first: {proc}: mmap {name} anon pages=1 private rw",
            )

    def ref(self, i: int) -> str:
        tok = self._tok(i, "a reference name")
        if tok.text not in self.p.refs:
            raise _Fail(tok.col, f"unknown reference '{_q(tok.text)}'", "take one first with 'gup A[0] as H'")
        return tok.text

    def new_process(self, i: int) -> str:
        return self.p.new_process(self._tok(i, "the child's process name"))

    def source(self, i: int) -> tuple[Source, str, int | None]:
        tok = self._tok(i, "a source: anon, zero, file:NAME or dev:NAME")
        kind, _, obj_name = tok.text.partition(":")
        if kind in ("anon", "zero") and not obj_name:
            return Source(kind), "", None
        if kind == "file" and obj_name:
            if obj_name not in self.p.files:
                raise _Fail(tok.col + 5, f"unknown file '{_q(obj_name)}'", "declare it with 'file NAME pages=N'")
            return Source.FILE, f"file:{obj_name}", self.p.files[obj_name]
        if kind == "dev" and obj_name:
            devices = self.p.devices
            if obj_name not in devices:
                raise _Fail(
                    tok.col + 4,
                    f"unknown device '{_q(obj_name)}'",
                    _suggest(obj_name, tuple(devices)) if devices else "declare it with 'device NAME preset=...'",
                )
            return Source.DEV, f"dev:{obj_name}", devices[obj_name].pages
        raise _Fail(tok.col, f"unknown source '{_q(tok.text)}'", "expected anon, zero, file:NAME or dev:NAME")

    def define_mapping(self, label: str, pages: int) -> None:
        self.p.labels[self.subject][label] = pages

    def define_ref(self, ref: str) -> None:
        if ref not in self.p.refs and len(self.p.refs) >= MAX_REFS:
            raise _Fail(
                self.end,
                f"too many reference names: a scenario uses at most {MAX_REFS}",
                "reuse a name after its putref",
            )
        self.p.refs.add(ref)

    def fork_process(self, child: str) -> None:
        self.p.alive.add(child)
        self.p.labels[child] = dict(self.p.labels[self.subject])

    def end_process(self) -> None:
        self.p.alive.discard(self.subject)
        self.p.threads.pop(self.subject, None)
        for key in [key for key in self.p.busy if key[0] == self.subject]:
            del self.p.busy[key]  # exit_group() ends the calls in flight (docs/format.md)

    def new_thread(self, i: int) -> str:
        tok = self._tok(i, "the new task's name")
        name = _name(tok, "a task name")
        have = self.p.threads.setdefault(self.subject, set())
        if name == "T1" or name in have:
            raise _Fail(tok.col, f"{self.subject} already has a task {name}", "pick a new name such as T3")
        have.add(name)
        return name

    def end_thread(self) -> None:
        self.p.threads[self.subject].discard(self.task)

    def start_call(self, until: str) -> None:
        self.p.busy[(self.subject, self.task)] = self.toks[1].text
        self.p.points[(self.subject, self.task)] = until
        if self.toks[1].text == "fork":
            self.p.forked[(self.subject, self.task)] = self.toks[2].text

    def resume_call(self, until: str) -> None:
        who = self.subject if self.task == "T1" else f"{self.subject}/{self.task}"
        if (self.subject, self.task) not in self.p.busy:
            raise _Fail(self.toks[1].col, f"{who} has no call in flight to resume", "start one with '... until retry'")
        call, point = self.p.busy[(self.subject, self.task)], self.p.points[(self.subject, self.task)]
        if until and call == "write":
            raise _Fail(
                self.toks[3].col,
                f"{who}'s write stopped at reuse has no later point to stop at",
                f"let it run to its end: {who}: resume",
            )
        if until and until != point:
            raise _Fail(
                self.toks[3].col,
                f"{who}'s {call} stops at {point}, not at {until}",
                f"{who}: resume until {point}" if point in A.AGAIN else f"{who}: resume",
            )
        if not until or until not in A.AGAIN:
            del self.p.busy[(self.subject, self.task)]
            self.p.forked.pop((self.subject, self.task), None)


def parse_text(text: str, path: str = "<string>") -> Scenario:
    """Parse scenario text.

    :raises ScenarioError: with every problem found, each as ``FILE:LINE:COL: message (hint)``
    """
    return _Parser(path, text).parse()


def parse_file(path: str | Path) -> Scenario:
    """Parse a scenario file (see :func:`parse_text` and :func:`read_scenario`)."""
    return parse_text(read_scenario(path), str(path))


def read_scenario(path: str | Path) -> str:
    """The text of a scenario file: a regular file of at most MAX_FILE_BYTES, in UTF-8.  A device such as
    /dev/zero, a FIFO (opened without waiting for a writer) or a directory is refused, not read.

    :raises ScenarioError: one diagnostic at 1:1 saying why the file cannot be read
    """
    name = str(path)

    def fail(message: str, hint: str) -> ScenarioError:
        return ScenarioError([Diagnostic(name, 1, 1, message, hint)])

    try:
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise fail(f"cannot read the file: {os.strerror(errno.EISDIR)}", "check the path")
            if not stat.S_ISREG(st.st_mode):
                raise fail(
                    "cannot read the file: it is not a regular file (a device, a FIFO or a socket)",
                    "give the path of a scenario file",
                )
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise fail(f"cannot read the file: {e.strerror}", "check the path") from None
    return decode_scenario(name, data)


def decode_scenario(name: str, data: bytes) -> str:
    """The text of a scenario's bytes (at most MAX_FILE_BYTES of UTF-8).

    :raises ScenarioError: too large, or not UTF-8
    """
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(
            [
                Diagnostic(
                    name,
                    1,
                    1,
                    f"the file is too large (over {MAX_FILE_BYTES} bytes)",
                    f"scenario files are at most {MAX_FILE_BYTES // 1024} KiB",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(
            [Diagnostic(name, 1, 1, "the file is not UTF-8 text", "scenarios are plain text")]
        ) from None
