title "MADV_DONTNEED on a pinned page: the PTE goes, the pin keeps the old frame, the next read is the zero page"
# zap_pte_range removes the mapping (mapcount 0) but the FOLL_PIN reference keeps the folio allocated;
# the VMA no longer reaches it, so a read faults in the zero page. After unpin the old frame is freed.
# (This is why DMA buffers must not be MADV_DONTNEED'ed.)
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: gup A[0] write pin longterm as H
P1: madvise A dontneed
P1: read A[0] == 0
P1: putref H
P1: write A[0] = 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
