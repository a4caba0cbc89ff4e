"""Kernel eras: frozen sets of named rule switches, and the registry that resolves version strings.

A real era is named by the first kernel version it describes and is in force until the next one;
``--era 2.6.20`` resolves to ``2.6.19``.  A hypothetical era (``2.6.19+reserved``) is named only by its
exact name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from mmspec.era.switches import SWITCHES, SwitchDef, VnpReserved

__all__ = ["ERAS", "Era", "SWITCHES", "SwitchDef", "UnknownEra", "VnpReserved", "resolve_era"]


@dataclass(frozen=True)
class Era:
    """One rule set.  Every switch field has a value; code branches on these, never on ``name``."""

    name: str
    version: tuple[int, ...]
    hypothetical: bool
    description: str
    vnp_reserved: VnpReserved

    def switch_values(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name).value for f in fields(self) if f.name in _SWITCH_FIELDS}


_SWITCH_FIELDS = frozenset(s.field for s in SWITCHES)

ERA_2_6_19 = Era(
    name="2.6.19",
    version=(2, 6, 19),
    hypothetical=False,
    description="Ben's mail era: ->nopage and ->nopfn, ZERO_PAGE refcounted, VM_RESERVED and VM_INSERTPAGE exist",
    vnp_reserved=VnpReserved.IGNORED,
)

ERA_2_6_19_RESERVED = Era(
    name="2.6.19+reserved",
    version=(2, 6, 19),
    hypothetical=True,
    description="hypothetical: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED VMAs (the 2006 proposal)",
    vnp_reserved=VnpReserved.RETURNS_NULL,
)

ERAS: tuple[Era, ...] = (ERA_2_6_19, ERA_2_6_19_RESERVED)

# The newest version whose rules the real eras above describe; later versions need eras not modelled yet.
MODELLED_UNTIL: tuple[int, ...] = (2, 6, 20)


class UnknownEra(ValueError):
    """A name that is neither an era nor a version string an era covers."""


_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[A-Za-z0-9.]+)?$")


def resolve_era(name: str) -> Era:
    """Return the era named ``name``: an exact era name, or the real era in force at that version."""
    for era in ERAS:
        if era.name == name:
            return era
    m = _VERSION.match(name)
    if m is None:
        raise UnknownEra(f"unknown era '{name}'")
    version = tuple(int(g) for g in m.groups() if g is not None)
    if version[: len(MODELLED_UNTIL)] > MODELLED_UNTIL:
        until = ".".join(map(str, MODELLED_UNTIL))
        raise UnknownEra(f"no era models version {name} yet: the real eras cover up to {until}")
    real = [e for e in ERAS if not e.hypothetical and e.version <= version]
    if not real:
        oldest = min((e for e in ERAS if not e.hypothetical), key=lambda e: e.version)
        raise UnknownEra(f"no era covers version {name}: the oldest modelled era is {oldest.name}")
    return max(real, key=lambda e: e.version)
