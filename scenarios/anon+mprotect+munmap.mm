title "mprotect and munmap on anonymous memory: permissions change, counts do not; munmap frees"
# Question: does mprotect change any count? mprotect_fixup/change_protection only rewrite ptes with
# pte_modify. A later write fault on the still-exclusive anon page reuses it (do_wp_page). munmap zaps
# and frees; touching the range afterwards is SIGSEGV.
# Across eras: the permission and munmap answers never change. Only the page behind the read of A[1]
# does: a counted ZERO_PAGE until 2.6.23, a private anon page in 2.6.24-2.6.31 (557ed1fa2620 "remove
# ZERO_PAGE"), a special zero PTE that owns nothing from 2.6.32 (a13ea5b75964). The write after
# mprotect(rw) reuses X in every era: mapcount 1 until 5.8, page_count 1 in 5.9 (09854ba94c6a), and
# PageAnonExclusive from 5.19 (6c287605fd56).
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# X 1/1
P1: write A[0] = 2
# ZERO_PAGE mapcount 1 (2.6.24-2.6.31: anon page 1/1; 2.6.32+: special zero PTE)
P1: read A[1] == 0
P1: mprotect A r
P1: write A[0] = 3 -> SIGSEGV
P1: read A[0] == 2
P1: mprotect A none
P1: read A[0] -> SIGSEGV
# private writable vm_page_prot is read-only ("COPY"): the write faults into do_wp_page,
# X is anon with mapcount 1 -> reuse, count unchanged
P1: mprotect A rw
P1: write A[0] = 3
P1: read A[0] == 3
P1: mmap B anon pages=1 private rw
P1: write B[0] = 1
# zap: B's page freed, anon_rss back to 1
P1: munmap B
P1: read B[0] -> SIGSEGV

expect P1:A[0] count=1 mapcount=1 anon
expect until 2.6.23 P1:A[1] mapcount=1 zero
expect until 2.6.23 P1 rss file=1 anon=1
# 2.6.24-2.6.31: no ZERO_PAGE, the read allocated an anon page (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P1:A[1] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
# 2.6.32+: a special zero PTE, never counted (a13ea5b75964)
expect since 2.6.32 P1:A[1] mapcount=0 zero
expect since 2.6.32 P1 rss file=0 anon=1
