title "A /proc/PID/mem write into a read-only private file mapping, with no race: the write COWs, the file stays"
# Question: what does FOLL_FORCE do without the race?  get_user_pages(FOLL_FORCE|FOLL_WRITE) on a
# PROT_READ MAP_PRIVATE mapping of a file opened O_RDONLY passes the VMA check through VM_MAYWRITE, and its
# write fault copies the page (do_wp_page() on the read-only page-cache PTE).  In every era the store goes
# to the anonymous copy: the task reads its own value, the page cache is unchanged.  A MAP_SHARED mapping
# of the same file cannot be writable (-EACCES), and a shared read-only one loses VM_MAYWRITE, so a forced
# write into it fails (-EIO from mem_rw()).
era 6.18
eras 2.6.19..
file f pages=1

P1: mmap A file:f pages=1 private r open=r
P1: read A[0] == 0
P1: poke A[0] = 7
P1: read A[0] == 7
P1: mmap S file:f pages=1 shared rw open=r -> EACCES
P1: mmap R file:f pages=1 shared r open=r
P1: poke R[0] = 8 -> EIO
P1: read R[0] == 0

expect file:f[0] value=0
expect P1:A[0] anon mapcount=1
expect no violations
