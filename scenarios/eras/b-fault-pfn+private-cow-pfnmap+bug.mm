title "vm_insert_pfn() into a MAP_PRIVATE (COW) VM_PFNMAP VMA is a BUG, even with PROT_READ"
# Question: a driver whose ->fault calls vm_insert_pfn() but whose ->mmap accepts MAP_PRIVATE. A shared
# mapping works; what does the first fault of a private one do? vm_insert_pfn() BUG_ON(VM_PFNMAP &&
# is_cow_mapping()) (2.6.21 e0dc0d8f4a32, kept in vmf_insert_pfn_prot() to 6.18). is_cow_mapping() is
# VM_MAYWRITE without VM_SHARED, so PROT_READ on a read-write file is COW too. ->fault on PFNMAP exists
# from 2.6.26 (42172d751b45): earlier eras cannot run this device.
era 2.6.26
device d fault=fault-pfn memory=io flags=VM_IO|VM_PFNMAP private=allowed pages=1

# shared: vm_insert_pfn() is fine: raw/special PTE, no counts
P1: mmap S dev:d shared rw
P1: write S[0] = 2
# private read-only: do_mmap_pgoff() adds VM_MAYWRITE (fd opened O_RDWR) -> is_cow_mapping()
P1: mmap A dev:d private r
# __do_fault() -> ->fault -> vm_insert_pfn(): BUG_ON((vma->vm_flags & VM_PFNMAP) && is_cow_mapping(...))
P1: read A[0] -> BUG

expect violation kernel-bug
expect P1:A[0] pte=none
expect P1:S[0] pte=present
expect d[0] value=2
expect P1 rss file=0 anon=0
