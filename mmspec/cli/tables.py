"""Tables that fit the console: a grid of labelled rows and columns split into as many tables as the width
needs, each repeating the row labels, and no label or cell ever cut with an ellipsis (a cell that does not
fit wraps, a word longer than its column folds).

The safety matrix (`mmspec check`) and the era matrix (`mmspec run --era all`) have a label column and one
column per era: 15 columns do not fit in 80.  Rather than shrink every column to ``2…``, the columns are
laid out in groups that fit, in order, so each era keeps its full name above its own cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.table import Column, Table
from rich.text import Text

# What a column costs beside its content in a boxed table: one space of padding each side and a rule.
_COLUMN_FRAME = 3
_EDGE = 1


def _plain(markup: str) -> Text:
    return Text.from_markup(markup)


def _words(markup: str) -> int:
    """The widest word of a cell (the narrowest the cell can wrap to without folding a word)."""
    text = _plain(markup).plain
    return max((Text(w).cell_len for w in text.split()), default=0)


def column_widths(header: str, cells: Sequence[str]) -> tuple[int, int]:
    """(narrowest, natural) width of a column: its header and every word whole, or every cell on one line."""
    natural = max([_plain(header).cell_len] + [_plain(c).cell_len for c in cells])
    narrow = max([_words(header)] + [_words(c) for c in cells])
    return narrow, natural


def _allot(widths: list[tuple[int, int]], room: int) -> list[int]:
    """Widths between each column's narrowest and natural width, using at most ``room``: the narrowest
    first, then the spare room to the columns in order, each up to its natural width."""
    out = [lo for lo, _ in widths]
    spare = room - sum(out)
    for i, (lo, hi) in enumerate(widths):
        grow = max(0, min(hi - lo, spare))
        out[i] += grow
        spare -= grow
    return out


def grid(
    title: str,
    corner: str,
    labels: Sequence[str],
    columns: Sequence[tuple[str, Sequence[str]]],
    width: int,
    justify: str = "center",
) -> list[Text | Table]:
    """What to print for a grid: its title, then the tables of rows ``labels`` and ``columns`` as (header,
    one markup cell per row), in groups of columns that fit in ``width`` (each says which part it is)."""
    label_lo, label_hi = column_widths(corner, labels)
    # keep labels on one line when they are not most of the width, so that rows read as they are named
    label_w = label_hi if label_hi <= max(label_lo, width // 3) else max(label_lo, width // 3)
    measured = [column_widths(h, cells) for h, cells in columns]
    groups: list[list[int]] = [[]]
    used = _EDGE + label_w + _COLUMN_FRAME
    for i, (lo, _) in enumerate(measured):
        if groups[-1] and used + lo + _COLUMN_FRAME > width:
            groups.append([])
            used = _EDGE + label_w + _COLUMN_FRAME
        groups[-1].append(i)
        used += lo + _COLUMN_FRAME
    tables: list[Text | Table] = [Text.from_markup(title)]
    for n, group in enumerate(groups):
        room = width - _EDGE - (label_w + _COLUMN_FRAME) - _COLUMN_FRAME * len(group)
        widths = _allot([measured[i] for i in group], room)
        part = None if len(groups) == 1 else f"({n + 1}/{len(groups)})"
        t = Table(
            Column(corner, width=label_w, overflow="fold", no_wrap=False),
            *[
                Column(columns[i][0], width=w, justify=justify, overflow="fold", no_wrap=False)  # type: ignore[arg-type]
                for i, w in zip(group, widths, strict=True)
            ],
            title=part,
            title_justify="left",
        )
        for r, label in enumerate(labels):
            t.add_row(Text(label), *[columns[i][1][r] for i in group])
        tables.append(t)
    return tables


def wrap_flags(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` cells, broken at spaces or after a ``|`` of a flag list, so that
    ``referenced|dirty|swapcache`` wraps between flags, never inside one (a longer word is left to fold)."""
    if width <= 0 or len(text) <= width:
        return text
    tokens = [t for t in re.split(r"(?<=\|)|(?<= )", text) if t]
    lines, line = [], ""
    for tok in tokens:
        if line and len(line) + len(tok.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += tok
    lines.append(line.rstrip())
    return "\n".join(lines)
