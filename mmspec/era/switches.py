"""Rule switches: one per kernel behaviour that changed across eras.

An era (:mod:`mmspec.era`) is a frozen assignment of a value to every switch.  Model code branches on
switch values (``era.vnp_reserved is VnpReserved.RETURNS_NULL``), never on version strings.

Each switch is documented once, here, in the form
``since commit <id> ("<subject>") in vX.Y: new rule; before: old rule``, with the uncertainty
where the reference marks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class VnpReserved(Enum):
    """Does vm_normal_page() (mm/memory.c) look at VM_RESERVED?

    Since commit 6aab341e0a28 ("mm: re-architect the VM_UNPAGED logic") in v2.6.15: IGNORED,
    vm_normal_page() decides "special" from VM_PFNMAP and the vm_pgoff linear rule only; VM_RESERVED
    is left to accounting (reserved_vm), VM_SPECIAL merging and core dumps.  Before: during the
    2.6.15 PageReserved removal, VM_RESERVED/VM_UNPAGED briefly steered what zap freed.

    RETURNS_NULL is hypothetical: the question in Benjamin Herrenschmidt's LKML mail "VM_RESERVED vs
    vm_normal_page()" (13 Dec 2006, https://lkml.iu.edu/hypermail/linux/kernel/0612.1/1500.html),
    "should vm_normal_page() return NULL for VM_RESERVED VMAs?", with nothing else changed.
    """

    IGNORED = "ignored"
    RETURNS_NULL = "returns-null"


@dataclass(frozen=True)
class SwitchDef:
    """Documentation of one switch: its field on :class:`~mmspec.era.Era` and its history."""

    field: str
    kind: type[Enum]
    summary: str
    commit: str
    subject: str
    version: str
    uncertain: str = ""

    @property
    def history(self) -> str:
        return (self.kind.__doc__ or "").strip()


SWITCHES: tuple[SwitchDef, ...] = (
    SwitchDef(
        field="vnp_reserved",
        kind=VnpReserved,
        summary="vm_normal_page() returns NULL for VM_RESERVED VMAs",
        commit="6aab341e0a28",
        subject="mm: re-architect the VM_UNPAGED logic",
        version="2.6.15",
    ),
)
