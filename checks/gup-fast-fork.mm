title "fork against GUP-fast: a pin taken in fork's write-protect window, as a check"
# Every interleaving of one task's fork (stopped in copy_present_pte() between its pinned check and its
# write-protect, `until wrprotect`) with the other task's pin_user_pages_fast() (lockless: no mmap_lock,
# no page-table lock; stopped between its PTE read and its grab, `until grab`) and the owner's writes, on
# a private anonymous page.  Depth 7 reaches every state.  In 5.10 some interleaving
# pins the page after fork judged it unpinned, fork then shares it write-protected, and the owner's next
# write copies it away from the pin (pin-incoherent).  From 5.11 (57efa1fe5957, write_protect_seq) the
# pin finds the count odd (or changed, when it read the PTE before fork began), falls back to
# get_user_pages() and waits for fork's mmap_lock; 6.18 likewise.
era 5.10
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: thread T2
explore procs=2 threads=2 depth=7 maps=1 pages=1 refs=1 ops=write,pin-fast,fork
expect until 5.10 violation pin-incoherent
expect since 5.11-rc1 no violations
