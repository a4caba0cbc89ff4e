title "Private and shared mappings of one file: the private one sees shared stores until its own write COWs"
# Before the private mapping writes, its PTE maps the page-cache page, so stores through the shared
# mapping are visible to it. After its write it maps a private anon copy and no longer follows the file.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap S file:data shared rw
P1: mmap F file:data private rw
P1: read F[0] == 0
P1: write S[0] = 1
P1: read F[0] == 1
P1: write F[0] = 2
P1: write S[0] = 3
P1: read F[0] == 2
P1: read S[0] == 3

expect P1:F[0] count=1 mapcount=1 anon exclusive value=2
expect P1:S[0] mapcount=1 !anon value=3
expect no violations
