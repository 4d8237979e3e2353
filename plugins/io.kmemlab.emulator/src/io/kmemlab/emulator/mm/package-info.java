/**
 * struct page decoding, page->flags layout, page types, zones and nodes, the buddy allocator with per-CPU lists, memory models, /proc/buddyinfo and /proc/zoneinfo (mm/page_alloc.c, mm/mm_init.c, mm/sparse*.c, include/linux/mm_types.h, page-flags*.h).
 */
package io.kmemlab.emulator.mm;
