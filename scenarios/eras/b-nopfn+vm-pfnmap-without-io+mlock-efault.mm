title "mlock() of a VM_PFNMAP VMA without VM_IO (->nopfn, 2.6.19-2.6.26): VM_LOCKED is set, the prefault's get_user_pages() fails: EFAULT"
# Question: mlock_fixup() skips the prefault only for VM_IO. A ->nopfn driver that sets VM_PFNMAP but
# not VM_IO gets VM_LOCKED and make_pages_present(), whose get_user_pages() refuses VM_PFNMAP on the
# first page: mlock() returns that -EFAULT (make_pages_present() passes a negative result through until
# 2.6.26; a477097d9c turned it into -ENOMEM in 2.6.27, when ->nopfn was already gone: 0d71d10a4252).
era 2.6.21
device p fault=nopfn memory=io flags=VM_PFNMAP pages=2

P1: mmap A dev:p shared rw
# mlock_fixup() (LOCK_ALL until 2.6.27): vm_flags |= VM_LOCKED; not VM_IO -> make_pages_present() ->
# get_user_pages(): VM_IO|VM_PFNMAP -> -EFAULT at the first page, returned as is
P1: mlock A -> EFAULT
# nothing was faulted in
P1: read A[1] == 0
# do_no_pfn(): the handler's pfn gets a raw PTE, no counts; VM_LOCKED stays until munlock
P1: write A[0] = 4
# madvise_dontneed(): VM_LOCKED|VM_PFNMAP -> -EINVAL
P1: madvise A dontneed -> EINVAL
P1: munlock A
# copy_page_range(): VM_PFNMAP -> copied verbatim, no counts; the child has no VM_LOCKED
P1: fork P2
P2: read A[0] == 4

expect p[0] value=4
expect P2:A[1] pte=present
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
expect no violations
