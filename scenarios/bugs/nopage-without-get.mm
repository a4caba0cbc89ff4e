title "A ->nopage handler that returns its page without a reference (snd-usb-usx2y), exposed by 2.6.15's refcounting"
# snd_usX2Y_hwdep_pcm_vm_nopage() returned a driver buffer page without get_page().  Harmless while
# put_page() ignored PG_reserved pages (<= 2.6.14) and while zap skipped VM_RESERVED VMAs (2.6.15-rc1/rc2);
# once the unpaged series made zap drop a reference per PTE, munmap took the driver's own reference and
# freed a page the driver still used.  Hugh Dickins' "[PATCH 03/11] unpaged: sound nopage get_page" added
# the missing get_page() in the same series (2.6.15-rc3; commit id not identified).  The model's
# `fault=nopage-noref` is this driver, and the model runs it under 2.6.15-rc2 (hidden: VM_RESERVED
# "never touch") and rc3 (freed-while-mapped); what is pending is the pair: the fix is the driver's
# get_page(), in the same release as the core change that exposed the bug, and a model driver has no version.
# Trigger: device fault=nopage-noref memory=ram; mmap shared; read; munmap: the driver's page is freed.
bug name=nopage-without-get
bug introduced=unknown fixed=unknown buggy=2.6.15-rc2 fixed-in=2.6.15-rc3 invariant=freed-while-mapped
bug pending=driver-fix
bug url=https://lore.kernel.org/r/Pine.LNX.4.61.0511171930090.4563@goblin.wat.veritas.com
