title "AF_PACKET ring: MADV_DONTFORK keeps it out of the child; mlock skips the VM_MIXEDMAP VMA"
# VM_MIXEDMAP is part of VM_SPECIAL, so mlock_fixup leaves the VMA alone (no VM_LOCKED) and still
# succeeds. MADV_DONTFORK sets VM_DONTCOPY on it (allowed on special VMAs): the child has no ring mapping.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=1

P1: mmap R dev:ring pages=1 shared rw
P1: mlock R
P1: madvise R dontfork
P1: fork P2
P2: read R[0] -> SIGSEGV
P1: read R[0] == 0

expect P1:R[0] mapcount=1 !anon value=0
expect P2:R[0] pte=none
expect no violations
