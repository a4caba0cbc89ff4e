title "mprotect and munmap on anonymous memory: permissions change, counts do not; munmap frees"
# Question: does mprotect change any count? mprotect_fixup/change_protection only rewrite ptes with
# pte_modify. A later write fault on the still-exclusive anon page reuses it (do_wp_page). munmap zaps
# and frees; touching the range afterwards is SIGSEGV.
era 2.6.19

P1: mmap A anon pages=2 private rw
# X 1/1
P1: write A[0] = 2
# ZERO_PAGE mapcount 1
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
expect P1:A[1] mapcount=1 zero
expect P1 rss file=1 anon=1
