"""The operation tables between mm/ and the drivers (issue 8, part 4): mm/ imports no driver and calls
through vm_operations/file_operations; a driver's ->mmap checks follow its strategy; mm/ returns explicit
outcomes; the era messages read the switch table; mmspec's exceptions share one root."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import STOCK

from mmspec.drivers.presets import era_problem
from mmspec.era import ERAS, REAL_ERAS, Nopage, Pin, Reserved, UnknownEra, resolve_era
from mmspec.era.history import foll_pin_problem, related, since
from mmspec.errors import MmspecError
from mmspec.mm.mm_types import VM, DeviceFault, Ops
from mmspec.mm.ops import VmOperations, register_vm_ops, vm_ops
from mmspec.mm.outcome import KernelBug, Kind, Outcome
from mmspec.runner.run import execute
from mmspec.scenario.parse import parse_text


def test_mm_memory_imports_no_driver() -> None:
    code = (
        "import sys, mmspec.mm.memory, mmspec.mm.mmap, mmspec.mm.gup, mmspec.mm.vmscan\n"
        "print(sorted(m for m in sys.modules if m.startswith('mmspec.drivers') or m.startswith('mmspec.scenario')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_mm_calls_the_driver_through_its_registered_tables() -> None:
    import mmspec.drivers.chardev as chardev

    vma_of = {ops: vm_ops(type("V", (), {"ops": ops})()) for ops in Ops if ops is not Ops.NONE}  # type: ignore[arg-type]
    assert vma_of[Ops.DRIVER_NOPFN] is chardev.CHARDEV_NOPFN_VM_OPS
    assert vma_of[Ops.DRIVER_FAULT].fault is not None and vma_of[Ops.DRIVER_FAULT].nopage is None
    assert vma_of[Ops.NOFAULT] == VmOperations("chardev_nofault_vm_ops")
    register_vm_ops(Ops.DRIVER_NOPFN, chardev.CHARDEV_NOPFN_VM_OPS)  # again: a no-op
    with pytest.raises(MmspecError):
        register_vm_ops(Ops.DRIVER_NOPFN, VmOperations("impostor"))


MSPEC_LIKE = "era 2.6.19\ndevice d fault=nopfn memory=ram flags=VM_IO|VM_PFNMAP pages=2\n"


@pytest.mark.parametrize("device", [MSPEC_LIKE, "era 2.6.19\ndevice d preset=nopfn pages=2\n"])
@pytest.mark.parametrize(
    "mmap,expected",
    [
        ("P1: mmap A dev:d pages=1 offset=1 shared rw", "EINVAL"),  # mspec_mmap(): offset 0 only
        ("P1: mmap A dev:d pages=1 shared r", "EPERM"),  # mspec_mmap(): writable only
        ("P1: mmap A dev:d pages=1 shared rw", "ok"),
    ],
)
def test_nopfn_strategy_gets_mspec_mmap_checks(device: str, mmap: str, expected: str) -> None:
    result = execute(parse_text(device + mmap + "\n"), STOCK)
    assert result.steps[0].outcome.name == expected


def test_nopfn_checks_follow_the_strategy_not_the_preset_name() -> None:
    text = "era 2.6.21\ndevice d preset=nopfn fault=nopfn-insert memory=io pages=2\nP1: mmap A dev:d pages=1 offset=1 shared r\n"
    result = execute(parse_text(text), resolve_era("2.6.21"))
    assert result.steps[0].outcome.name == "ok"


def test_outcomes_are_explicit() -> None:
    result = execute(
        parse_text("P1: mmap A anon pages=1 private r\nP1: mprotect A rw\nP1: madvise A dontneed\n"), STOCK
    )
    assert all(isinstance(s.outcome, Outcome) and s.outcome.kind is Kind.OK for s in result.steps)


def test_era_messages_come_from_the_switch_table() -> None:
    assert (since(Nopage.REMOVED).version, since(Nopage.REMOVED).commit) == ("2.6.26", "3c18ddd160d1")
    assert related(Reserved)[0].commit == "0103bd16fb90"
    assert "0103bd16fb90" in (era_problem(DeviceFault.REMAP, VM.VM_DONTDUMP, STOCK) or "")
    assert era_problem(DeviceFault.NOPAGE, 0, resolve_era("2.6.26")) == (
        '->nopage was removed in 2.6.26 by commit 3c18ddd160d1 ("mm: remove nopage"); '
        "a driver returns its page from ->fault instead (fault=fault, preset fault-page)"
    )
    for era in ERAS:
        problem = foll_pin_problem(era)
        assert (problem is None) == (era.pin is Pin.PIN_BIAS)
    assert foll_pin_problem(REAL_ERAS[0]) == (
        "FOLL_PIN does not exist in era 2.6.19: pin_user_pages() arrived in 5.6 (eddb1c228f79) with its refcount "
        "bias in 5.7 (3faa52c03f44)"
    )
    assert foll_pin_problem(resolve_era("5.6")) == (
        "the model's pin needs FOLL_PIN's refcount bias, which arrived in 5.7 (3faa52c03f44); in 5.6 "
        "pin_user_pages() (eddb1c228f79, 5.6) counts like get_user_pages()"
    )
    assert foll_pin_problem(resolve_era("5.7")) is None


def test_exceptions_share_the_root() -> None:
    assert issubclass(KernelBug, MmspecError)
    assert issubclass(UnknownEra, MmspecError) and issubclass(UnknownEra, ValueError)
    with pytest.raises(MmspecError):
        resolve_era("9.99")
