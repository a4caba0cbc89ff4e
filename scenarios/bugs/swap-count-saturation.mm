title "Swap slot counts saturate and the slot leaks"
# swap_map counted in a small field; once full, the count stopped and the slot became permanent (and
# swapoff could miss a user).  Swap count continuations (570a335b8e22, v2.6.33) made the count exact.
# Trigger: swap a page out, fork 2^W children (W the counter width), all exit: the slot is never freed.
bug name=swap-count-saturation
bug introduced=unknown fixed=570a335b8e22 buggy=2.6.32 fixed-in=2.6.33 invariant=swap-count-mismatch
bug pending=counter-width
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=570a335b8e22579e2a51a68136d2b1f907a20eec
