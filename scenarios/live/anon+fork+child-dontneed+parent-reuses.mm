title "After fork the child discards a shared page with MADV_DONTNEED: the parent's write then reuses it"
# The child's zap drops its mapcount and reference; the parent's page is left with mapcount 1,
# refcount 1 and AnonExclusive clear, so the parent's write fault reuses it (wp_can_reuse_anon_folio).
# The child's next read is a new anonymous read fault: the zero page, not the parent's data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: madvise A dontneed
P2: read A[0] == 0
P1: write A[0] = 2
P2: read A[0] == 0

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] zero pte=present
expect no violations
