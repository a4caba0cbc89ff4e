title "vmsplice before fork: FOLL_GET is not a pin, fork shares the page, the parent's write copies away from the pipe"
# A FOLL_GET reference (refcount 2) is far below the pin bias and the mm has no MMF_HAS_PINNED, so fork
# shares the page COW. The parent's write sees refcount 3: copy. Pipe and child keep the old data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: gup A[0] read as H
P1: fork P2
P1: write A[0] = 2
P1: readref H == 1
P2: read A[0] == 1
P1: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] count=2 mapcount=1 anon !exclusive value=1
expect no violations
