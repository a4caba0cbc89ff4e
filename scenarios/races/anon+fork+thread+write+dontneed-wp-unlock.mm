title "do_wp_page()'s late unlock_page() step by step: a write fault's reused page freed while locked"
# Question: can a page be freed while a write fault still holds it locked?  P1's page is mapped read-only
# with page_count 1 and mapcount 1 (fork write-protected it; the child exited), so P1's store takes
# do_wp_page()'s anon reuse: trylock_page(), the count tests, wp_page_reuse() (the PTE made writable, then
# pte_unmap_unlock()).  T1 stops right after the page-table lock is dropped (docs/model.md, "Interleaving
# points"); it still holds mmap_lock for read.  T2, sharing the mm, runs MADV_DONTNEED (mmap_lock for read
# too): zap_pte_range() clears the PTE and drops the last reference.  T1 resumes.
# 5.9-rc4 … 5.9-rc6 (09854ba94c6a): unlock_page() comes after pte_unmap_unlock(), so the page is still
# locked when T2 frees it: free_pages_check() reports PG_locked (bad-page-state), and T1's unlock_page()
# then writes the freed struct page (page-use-after-free).  Before 5.9-rc4 and from 5.9-rc7 (be068f29034f)
# the page is unlocked before wp_page_reuse(): the same steps free an unlocked page, which is fine.  In every
# era the store is retried after the fault, faults again on the empty PTE and lands in a new zeroed page.
era 5.9-rc6
eras 5.8 5.9-rc4 5.9-rc6 5.9-rc7 6.18

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: exit
expect here P1:A[0] pte=present count=1 mapcount=1 anon !locked
P1: thread T2
P1: write A[0] = 2 until reuse
expect here until 5.8 P1:A[0] pte=present count=1 mapcount=1 !locked
expect here since 5.9-rc4 until 5.9-rc6 P1:A[0] pte=present count=1 mapcount=1 locked
expect here since 5.9-rc7 P1:A[0] pte=present count=1 mapcount=1 !locked
P1/T2: madvise A dontneed
expect here P1:A[0] pte=none
P1: resume
P1: read A[0] == 2

expect since 5.9-rc4 until 5.9-rc6 violation bad-page-state
expect since 5.9-rc4 until 5.9-rc6 violation page-use-after-free
expect until 5.8 no violations
expect since 5.9-rc7 no violations
expect P1:A[0] pte=present count=1 mapcount=1 anon !locked value=2
