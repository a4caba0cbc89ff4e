title "fork against GUP-fast, the other order: the PTE read before fork's check, the grab after it"
# Question: what if GUP-fast read the PTE before fork began, and takes its pin inside fork's window?
# T2's pin_user_pages_fast() samples mm->write_protect_seq (5.11+), reads A[0]'s writable PTE and stops
# before try_grab_compound_head() (`until grab`: interrupts off, no lock).  T1 forks and stops between
# the pinned check (the page is not pinned yet) and ptep_set_wrprotect().  T2 grabs the page and rereads
# the PTE: it is still the same, writable.
# 5.10: the pin stands, fork shares the page read-only, P1's write copies it (pin-incoherent).
# 5.11 (57efa1fe5957): fork's raw_write_seqcount_begin() moved the count after T2 sampled it, so
# read_seqcount_retry() fails: T2 unpins (count back to 1), falls back to get_user_pages() and sleeps in
# mmap_read_lock() until fork returns; then its write fault copies the shared page for P1 and pins it.
era 5.10
eras 5.9..

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: thread T2
P1/T2: gup A[0] write pin fast as H until grab
expect here P1:A[0] count=1
P1: fork P2 until wrprotect
P1/T2: resume
expect here until 5.10 P1:A[0] count=1025
expect here since 5.11-rc1 P1:A[0] count=1
P1: resume
P1: write A[0] = 2
P2: read A[0] == 1
P1: readref H

expect until 5.10 violation pin-incoherent
expect since 5.11-rc1 no violations
expect since 5.11-rc1 P1:A[0] count=1025
