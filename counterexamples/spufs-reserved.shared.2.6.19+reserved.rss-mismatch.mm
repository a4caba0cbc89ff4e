# Counterexample for rss-mismatch, found by `mmspec check matrix/spufs-reserved.shared.mm --era 2.6.19+reserved`:
# the shortest path within the bounds (2 steps after the prefix).
era 2.6.19+reserved
title "spufs-reserved shared under 2.6.19+reserved"
device d preset=spufs-reserved pages=1

P1: mmap M0 dev:d pages=1 shared rw
P1: read M0[0]

expect violation rss-mismatch
# also broken on the way:
expect violation mapcount-mismatch
