title "fork against GUP-fast step by step: a pin taken in fork's write-protect window"
# Question: can a FOLL_PIN taken while another task forks end up on a page that fork shares read-only?
# Since 5.9 (70e806e4e645, reworked by f3c64eda3e50) copy_present_pte() copies a page that may be pinned
# (has_pinned and page_maybe_dma_pinned()) for the child instead of write-protecting it.  The check and
# the write-protect (ptep_set_wrprotect()) run under the page-table locks, and fork holds mmap_lock for
# write, but pin_user_pages_fast() takes neither: T1 stops between the check and the write-protect
# (`until wrprotect`), T2 pins A[0] locklessly.
# 5.9 and 5.10: the PTE T2 reads is still writable, so the pin is taken (count + 1024) and fork, resumed, shares
# the page read-only with P2; P1's write then finds a page with count > 1 and copies it (do_wp_page()),
# and the pin H no longer sees P1's stores: pin-incoherent.  From 5.11 (57efa1fe5957) fork holds
# mm->write_protect_seq odd across copy_page_range(); T2 sees it odd, falls back to get_user_pages() and
# sleeps in mmap_read_lock() until fork returns; its write fault then copies the shared page for P1 and
# pins the copy, which P1's write reuses.  6.18 does the same (the early copy is for AnonExclusive pages).
era 5.10
eras 5.9..

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: thread T2
P1: fork P2 until wrprotect
expect here P1:A[0] pte=present
expect here P1:A[0] count=1
P1/T2: gup A[0] write pin fast as H
expect here until 5.10 P1:A[0] count=1025
expect here since 5.11-rc1 P1:A[0] count=1
P1: resume
expect here until 5.10 P1:A[0] count=1026
expect here since 5.11-rc1 P1:A[0] count=1025
P1: write A[0] = 2
P2: read A[0] == 1
P1: readref H

expect until 5.10 violation pin-incoherent
expect since 5.11-rc1 no violations
expect since 5.11-rc1 P1:A[0] count=1025
