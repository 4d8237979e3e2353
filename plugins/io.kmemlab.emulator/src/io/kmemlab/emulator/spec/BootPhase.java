package io.kmemlab.emulator.spec;

/** Boot as discrete steps a debugger can stop between (see docs/emulator-design.md). */
public enum BootPhase {
    /** Nothing done yet. */
    CREATED,
    /** memblock knows RAM and the reservations (e820__memblock_setup, trim_bios_range, kernel image). */
    MEMBLOCK,
    /** init_mm's kernel page tables: direct map, kernel text map, vmalloc pre-allocation, fixmap. */
    PAGE_TABLES,
    /** struct page arrays allocated in emulated frames (sparse_init / alloc_node_mem_map). */
    MEMMAP,
    /** node and zone sizing (free_area_init: start_pfn, spanned, present). */
    ZONES,
    /** memmap_init: page->flags links, PG_reserved for reserved frames. */
    STRUCT_PAGES,
    /** memblock_free_all: free memory released to the buddy; managed pages; watermarks. */
    BUDDY,
    /** hugetlb pool, kmalloc caches, init task: the machine is up. */
    BOOTED
}
