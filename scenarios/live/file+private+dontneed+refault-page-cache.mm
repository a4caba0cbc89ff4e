title "Private file mapping: MADV_DONTNEED drops the anon copy, the next read maps the page-cache page again"
# zap_pte_range frees the COW copy (last reference); the refault is a read fault on the file, which maps
# the page-cache page with the file's data (live-kernel-observables 7.12).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap S file:data shared rw
P1: mmap F file:data private rw
P1: write S[0] = 1
P1: write F[0] = 2
P1: madvise F dontneed
P1: read F[0] == 1

expect P1:F[0] mapcount=2 !anon value=1
expect P1 rss file=2 anon=0
expect no violations
