"""Kernel releases: every mainline release a version string can name, in order, and their sort keys.

A release is a final mainline release (``2.6.32``, ``4.19``) or a named release candidate (``5.9-rc4``).
Its key, ``(major, minor, patch, rc)``, orders candidates before their release (``5.9-rc4`` < ``5.9``); a
stable release (``2.6.32.5``, ``5.10.3``) has its base release's key, because the model does not follow
backports.  The 3.x and later third number is the stable sublevel, so ``6.18.0`` is ``6.18``.
"""

from __future__ import annotations

import re

# The rc of a final release: after every release candidate of it.
FINAL = 1 << 16

# The last patch or minor number of each series (2.6.0 … 2.6.39, 3.0 … 3.19, 4.0 … 4.20, 5.0 … 5.19,
# 6.0 … 6.18): the releases that exist, up to the newest the model describes.
SERIES: tuple[tuple[str, int], ...] = (("2.6", 39), ("3", 19), ("4", 20), ("5", 19), ("6", 18))

# The oldest release whose rules are modelled, and the newest.
FIRST_MODELLED = "2.6.0"
LAST_MODELLED = "6.18"

# Every part at most 9 digits (int() refuses literals of over 4300 digits; no kernel needs more than 3).
_RE = re.compile(r"^v?([0-9]{1,9})\.([0-9]{1,9})(?:\.([0-9]{1,9}))?(?:\.([0-9]{1,9}))?(?:-rc([0-9]{1,9}))?$")

Key = tuple[int, int, int, int]


def final_releases() -> tuple[str, ...]:
    """Every final release from 2.6.0 to 6.18, oldest first."""
    out: list[str] = []
    for series, last in SERIES:
        out += [f"{series}.{n}" for n in range(last + 1)]
    return tuple(out)


def release_key(text: str) -> Key | None:
    """The sort key of a version string (``2.6.19``, ``v5.8``, ``6.18.35``, ``2.6.20-rc3``), or None when it is
    not of that form.  The key does not say whether the release exists (:func:`base_exists`)."""
    m = _RE.match(text)
    if m is None:
        return None
    major, minor, third, fourth, rc = m.groups()
    rc_n = FINAL if rc is None else int(rc)
    if major == "2":
        # 2.6.PATCH[.STABLE]: the stable number is dropped.
        return None if third is None else (2, int(minor), int(third), rc_n)
    if fourth is not None:
        return None  # 3.x and later have MAJOR.MINOR[.STABLE] only
    return (int(major), int(minor), 0, rc_n)


def release_name(key: tuple[int, ...]) -> str:
    """The name of the release a key belongs to: ``(5, 9, 0, 4)`` is ``5.9-rc4``."""
    major, minor, patch, rc = key
    base = f"{major}.{minor}.{patch}" if major == 2 else f"{major}.{minor}"
    return base if rc == FINAL else f"{base}-rc{rc}"


_FINAL_KEYS = frozenset(k for k in (release_key(r) for r in final_releases()) if k is not None)


def base_exists(key: Key) -> bool:
    """Whether the final release a key belongs to (its candidate's release) is one of 2.6.0 … 6.18."""
    return (*key[:3], FINAL) in _FINAL_KEYS
