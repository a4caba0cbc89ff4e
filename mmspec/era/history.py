"""The recorded history of the rule switches, for messages that cite it.

Commit ids, subjects and releases live once, in :data:`mmspec.era.switches.SWITCHES`; a message that names
when something arrived or went away reads them here instead of repeating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from mmspec.era import Era, Pin
from mmspec.era.releases import release_key
from mmspec.era.switches import SWITCHES, SwitchDef


@dataclass(frozen=True)
class Change:
    """One recorded commit of a switch: the release it arrived in, its id and its subject."""

    version: str
    commit: str
    subject: str

    @property
    def cited(self) -> str:
        """``<id> ("<subject>")``, the kernel's way of citing a commit."""
        return f'{self.commit} ("{self.subject}")'


def switch_of(kind: type[Enum]) -> SwitchDef:
    """The switch whose values are the Enum ``kind``."""
    for s in SWITCHES:
        if s.kind is kind:
            return s
    raise ValueError(f"{kind.__name__} is not a rule switch")


def since(value: Enum) -> Change:
    """The dated change that brought the rule ``value`` (``since(Nopage.REMOVED)``: 2.6.26, 3c18ddd160d1).

    Refused for a value with no recorded commit (the rule in force at the oldest modelled release, or a
    hypothetical one) rather than guessed at.
    """
    s = switch_of(type(value))
    for d in s.dated:
        if d.value is value and d.commit:
            return Change(d.release, d.commit, d.subject)
    raise ValueError(f"{value} of switch {s.field} has no recorded commit")


def related(kind: type[Enum]) -> tuple[Change, ...]:
    """The companion commits recorded with a switch (``SwitchDef.related``): vm_insert_mixed() beside
    VM_MIXEDMAP, VM_DONTDUMP beside the removal of VM_RESERVED, FOLL_PIN before its refcount bias."""
    return tuple(Change(*c) for c in switch_of(kind).related)


def foll_pin_problem(era: Era) -> str | None:
    """Why a ``pin`` (FOLL_PIN, pin_user_pages()) cannot run in ``era``, or None when the era has it; the
    scenario runner's check_era() reports it like a device's era_problem()."""
    if era.pin is Pin.PIN_BIAS:
        return None
    pin, bias = related(Pin)[0], since(Pin.PIN_BIAS)
    if not era.hypothetical and era.version >= _release_key(pin.version):
        return (
            f"the model's pin needs FOLL_PIN's refcount bias, which arrived in {bias.version} ({bias.commit}); "
            f"in {era.name} pin_user_pages() ({pin.commit}, {pin.version}) counts like get_user_pages()"
        )
    return (
        f"FOLL_PIN does not exist in era {era.name}: pin_user_pages() arrived in {pin.version} ({pin.commit}) "
        f"with its refcount bias in {bias.version} ({bias.commit})"
    )


def _release_key(release: str) -> tuple[int, ...]:
    key = release_key(release)
    assert key is not None, release
    return key
