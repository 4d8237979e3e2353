package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.BootPhase;

/**
 * The facade operations that need the boot to have reached a phase, and that phase: the one
 * table of boot gating, read by {@link Gate}. An operation works from the phase that creates
 * what it touches - the memmap for conversions, the page tables for walks, struct pages for
 * page state, the buddy allocator for page allocations, the late subsystems (slab, vmalloc,
 * processes, highmem) for everything else.
 */
enum Op {
    // ---- MEMBLOCK
    MEMBLOCK_ALLOC("memblockAlloc", BootPhase.MEMBLOCK),
    // ---- PAGE_TABLES
    VMALLOC_TO_PAGE("vmallocToPage", BootPhase.PAGE_TABLES),
    VMALLOC_TO_PFN("vmallocToPfn", BootPhase.PAGE_TABLES),
    PGD_OFFSET("pgdOffset", BootPhase.PAGE_TABLES),
    PGD_OFFSET_K("pgdOffsetK", BootPhase.PAGE_TABLES),
    READ_ENTRY("readEntry", BootPhase.PAGE_TABLES),
    P4D_OFFSET("p4dOffset", BootPhase.PAGE_TABLES),
    PUD_OFFSET("pudOffset", BootPhase.PAGE_TABLES),
    PMD_OFFSET("pmdOffset", BootPhase.PAGE_TABLES),
    PTE_OFFSET_KERNEL("pteOffsetKernel", BootPhase.PAGE_TABLES),
    PTE_OFFSET_MAP("pteOffsetMap", BootPhase.PAGE_TABLES),
    PTE_PAGE("ptePage", BootPhase.PAGE_TABLES),
    LOOKUP_ADDRESS("lookupAddress", BootPhase.PAGE_TABLES),
    WALK("walk", BootPhase.PAGE_TABLES),
    // ---- MEMMAP
    VIRT_TO_PAGE("virtToPage", BootPhase.MEMMAP),
    PAGE_ADDRESS("pageAddress", BootPhase.MEMMAP),
    PAGE_TO_VIRT("pageToVirt", BootPhase.MEMMAP),
    PAGE_TO_PFN("pageToPfn", BootPhase.MEMMAP),
    PFN_TO_PAGE("pfnToPage", BootPhase.MEMMAP),
    PAGE_TO_PHYS("pageToPhys", BootPhase.MEMMAP),
    PFN_VALID("pfnValid", BootPhase.MEMMAP),
    VIRT_ADDR_VALID("virtAddrValid", BootPhase.MEMMAP),
    PFN_TO_SECTION_NR("pfnToSectionNr", BootPhase.MEMMAP),
    MEM_MAP("memMap", BootPhase.MEMMAP),
    NODE_MEM_MAP("nodeMemMap", BootPhase.MEMMAP),
    MEMMAP("memmap", BootPhase.MEMMAP),
    // ---- ZONES
    ZONE("zone", BootPhase.ZONES),
    ZONES("zones", BootPhase.ZONES),
    NODES("nodes", BootPhase.ZONES),
    // ---- STRUCT_PAGES
    PAGE_ZONE("pageZone", BootPhase.STRUCT_PAGES),
    PAGE_ZONENUM("pageZonenum", BootPhase.STRUCT_PAGES),
    PAGE_TO_NID("pageToNid", BootPhase.STRUCT_PAGES),
    PAGE_COUNT("pageCount", BootPhase.STRUCT_PAGES),
    PAGE_REF_COUNT("pageRefCount", BootPhase.STRUCT_PAGES),
    PAGE_MAPCOUNT("pageMapcount", BootPhase.STRUCT_PAGES),
    PAGE_FLAG("pageFlag", BootPhase.STRUCT_PAGES),
    SET_PAGE_FLAG("setPageFlag", BootPhase.STRUCT_PAGES),
    COMPOUND_HEAD("compoundHead", BootPhase.STRUCT_PAGES),
    COMPOUND_ORDER("compoundOrder", BootPhase.STRUCT_PAGES),
    FRAME_OWNER("frameOwner", BootPhase.STRUCT_PAGES),
    FRAMES_OWNED_BY("framesOwnedBy", BootPhase.STRUCT_PAGES),
    PAGE("page", BootPhase.STRUCT_PAGES),
    PAGE_FIELD("pageField", BootPhase.STRUCT_PAGES),
    // ---- BUDDY
    ALLOC_PAGES("allocPages", BootPhase.BUDDY),
    ALLOC_PAGE("allocPage", BootPhase.BUDDY),
    ALLOC_PAGES_NODE("allocPagesNode", BootPhase.BUDDY),
    GET_FREE_PAGES("getFreePages", BootPhase.BUDDY),
    GET_ZEROED_PAGE("getZeroedPage", BootPhase.BUDDY),
    FREE_PAGES("freePages", BootPhase.BUDDY),
    FREE_PAGES_ADDR("freePagesAddr", BootPhase.BUDDY),
    GET_PAGE("getPage", BootPhase.BUDDY),
    PUT_PAGE("putPage", BootPhase.BUDDY),
    PAGE_CACHE_RELEASE("pageCacheRelease", BootPhase.BUDDY),
    BUDDY_ORDER("buddyOrder", BootPhase.BUDDY),
    DMA_ALLOC_COHERENT("dmaAllocCoherent", BootPhase.BUDDY),
    BUDDYINFO("buddyinfo", BootPhase.BUDDY),
    PAGETYPEINFO("pagetypeinfo", BootPhase.BUDDY),
    ZONEINFO("zoneinfo", BootPhase.BUDDY),
    INVARIANTS("invariants", BootPhase.BUDDY),
    // ---- BOOTED
    KTHREAD("kthread", BootPhase.BOOTED),
    PROCESS("process", BootPhase.BOOTED),
    STACK_BUFFER("stackBuffer", BootPhase.BOOTED),
    KMALLOC("kmalloc", BootPhase.BOOTED),
    KZALLOC("kzalloc", BootPhase.BOOTED),
    KFREE("kfree", BootPhase.BOOTED),
    PAGE_SLAB("pageSlab", BootPhase.BOOTED),
    VIRT_TO_SLAB("virtToSlab", BootPhase.BOOTED),
    SLAB_FIELD("slabField", BootPhase.BOOTED),
    KMEM_CACHE("kmemCache", BootPhase.BOOTED),
    SLABINFO("slabinfo", BootPhase.BOOTED),
    VMALLOC("vmalloc", BootPhase.BOOTED),
    VZALLOC("vzalloc", BootPhase.BOOTED),
    VFREE("vfree", BootPhase.BOOTED),
    INIT_MM("initMm", BootPhase.BOOTED),
    MM_OF("mmOf", BootPhase.BOOTED),
    MM_PGD("mmPgd", BootPhase.BOOTED),
    VMAS_OF_MM("vmasOfMm", BootPhase.BOOTED),
    READ("read", BootPhase.BOOTED),
    WRITE("write", BootPhase.BOOTED),
    MEMSET("memset", BootPhase.BOOTED),
    MMAP("mmap", BootPhase.BOOTED),
    MUNMAP("munmap", BootPhase.BOOTED),
    GET_USER_PAGES("getUserPages", BootPhase.BOOTED),
    PIN_USER_PAGES("pinUserPages", BootPhase.BOOTED),
    UNPIN_USER_PAGE("unpinUserPage", BootPhase.BOOTED),
    SWAP_OUT("swapOut", BootPhase.BOOTED),
    VMAS("vmas", BootPhase.BOOTED),
    KMAP("kmap", BootPhase.BOOTED),
    KUNMAP("kunmap", BootPhase.BOOTED),
    KMAP_ATOMIC("kmapAtomic", BootPhase.BOOTED),
    KUNMAP_ATOMIC("kunmapAtomic", BootPhase.BOOTED),
    KMAP_LOCAL_PAGE("kmapLocalPage", BootPhase.BOOTED),
    KUNMAP_LOCAL("kunmapLocal", BootPhase.BOOTED),
    PAGE_HIGH_MEM("pageHighMem", BootPhase.BOOTED);

    /** The facade method's name, as the diagnostics name it. */
    final String method;
    /** The first phase in which the operation works. */
    final BootPhase phase;

    Op(String method, BootPhase phase) {
        this.method = method;
        this.phase = phase;
    }
}
