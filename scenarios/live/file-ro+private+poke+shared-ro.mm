title "A /proc/self/mem write into a read-only private mapping of a read-only file COWs; the file is unchanged"
# mem_rw() → access_remote_vm() → get_user_pages(FOLL_FORCE|FOLL_WRITE): the VMA has VM_MAYWRITE (MAP_PRIVATE
# asks only FMODE_READ), the write fault copies the page-cache page, and the kernel's store goes to the anon
# copy (can_follow_write_pte(): an AnonExclusive anon page, 6.0+).  A shared mapping of the read-only file
# cannot be writable (EACCES), and a read-only one has no VM_MAYWRITE: the forced write fails (EIO).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap S file:data shared r open=r
P1: mmap F file:data private r open=r
P1: mmap W file:data shared rw open=r -> EACCES
P1: read F[0] == 0
P1: poke F[0] = 7
P1: read F[0] == 7
P1: read S[0] == 0
P1: poke S[0] = 8 -> EIO
P1: read S[0] == 0

expect P1:F[0] anon mapcount=1
expect no violations
