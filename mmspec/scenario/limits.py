"""The sizes a scenario may declare (docs/format.md, "Limits").

Every size in the format has a limit, checked by the parser with a one-line error, so that no input can make
a run or a check take unbounded time or memory.  The model's per-step work follows what exists (the PTEs,
pages and slots in use), not the declared sizes; what legitimately touches every page of a mapping
(mlock's and populate's prefault, fork's copy, remap_pfn_range() at mmap) is bounded by these limits.
"""

from __future__ import annotations

MAX_PAGES = 256  # pages of one mapping, one device, one file (also a truncate's new size)
MAX_OFFSET = 1 << 20  # an mmap offset, in pages (vm_pgoff)
MAX_SWAP_PAGES = 1024  # slots of the swap device
MAX_PROCESSES = 64  # processes alive at once (P1, `process` lines and forks)
MAX_STEPS = 1000  # step lines of one scenario
MAX_REFS = 64  # distinct reference names (`gup ... as REF`)
MAX_INT_DIGITS = 40  # characters of one integer literal, before it is converted
MAX_VALUE = (1 << 63) - 1  # a stored or expected value, a count: a signed 64-bit integer
MAX_FILE_BYTES = 1 << 20  # a scenario file the command line reads (1 MiB)

# The bounds of an `explore` line: (least, most).  depth=0 checks the prefix's state alone and refs=0 takes
# no reference; the others need at least 1 to explore anything.
EXPLORE_BOUNDS = {
    "procs": (1, 8),
    "depth": (0, 64),
    "maps": (1, 8),
    "pages": (1, 16),
    "refs": (0, 8),
    "threads": (1, 4),
}
