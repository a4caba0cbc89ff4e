title "After fork, mprotect RW does not make a shared anon page writable: the write still copies"
# can_change_pte_writable only restores write permission on AnonExclusive pages; a page shared by fork
# keeps its write-protected PTE, so the parent's write after mprotect r/rw goes through do_wp_page and
# copies (refcount 2). The child keeps the old data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P1: mprotect A r
P1: mprotect A rw
P1: write A[0] = 2
P2: read A[0] == 1

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] count=1 mapcount=1 anon !exclusive value=1
expect no violations
