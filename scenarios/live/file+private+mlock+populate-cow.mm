title "mlock of a private writable file mapping populates with write faults: every page becomes a private anon copy"
# populate_vma_page_range() adds FOLL_WRITE when the VMA is writable and not shared ("touch writable
# mappings with a write fault in order to break COW"), so mlock COWs each file page into an exclusive,
# mlocked anon page; the page cache is no longer mapped by this VMA.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap S file:data shared rw
P1: write S[0] = 3
P1: mmap F file:data private rw
P1: mlock F
P1: read F[0] == 3
P1: write S[0] = 4
P1: read F[0] == 3

expect P1:F[0] count=1 mapcount=1 anon exclusive value=3
expect P1:F[1] count=1 mapcount=1 anon exclusive value=0
expect P1:S[0] mapcount=1 !anon value=4
expect no violations
