/**
 * Highmem on 32-bit machines (mm/highmem.c, include/linux/highmem-internal.h,
 * arch/x86/mm/highmem_32.c of 2.6): the persistent kmap() window (pkmap_count, the page
 * address hash, lazy flushing) and the per-CPU fixmap slots of kmap_atomic() /
 * kmap_local_page() (a per-task stack since 5.11, fixed KM_ types in 2.6). The facade's
 * kmap* methods delegate to {@link io.kmemlab.emulator.highmem.Highmem} (the pkmap window in
 * Pkmap, the fixmap slots in KmapSlots) when the arch has a pkmap area; on x86_64 they return
 * page_address(). The machine is reached only through {@code Highmem.Host}.
 */
package io.kmemlab.emulator.highmem;
