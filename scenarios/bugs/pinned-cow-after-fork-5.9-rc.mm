title "5.9-rc4..rc7: page_count reuse COWs a pinned page after fork (the RDMA regression)"
# Between 09854ba94c6a (5.9-rc4) and 70e806e4e645 (5.9 final) fork write-protected pinned pages and the
# owner's next write copied them (page_count > 1).  The model's 5.9 era has the fix; a release candidate
# era would show the bug (scenarios/bugs/pin-fork-wrong-cow.mm is the same path from 5.8).
bug name=pinned-cow-after-fork-5.9-rc
bug introduced=09854ba94c6a fixed=70e806e4e645 buggy=5.9-rc7 fixed-in=5.9 invariant=pin-incoherent
bug pending=rc-releases
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=70e806e4e645019102d0e09d4933654fb5fb58ce
bug url=https://lore.kernel.org/r/20200914143829.GA1424636@nvidia.com
