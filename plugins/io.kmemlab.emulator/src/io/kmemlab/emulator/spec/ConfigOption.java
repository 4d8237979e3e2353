package io.kmemlab.emulator.spec;

/**
 * Kernel config options of the `config { }` block. A switch ({@code on} / {@code off}) or a
 * number ({@code NODES_SHIFT 10}). What a machine gets when its block does not set an option is
 * the distribution default of its arch and profile ({@link DistroConfig}); the switches that
 * existed before numbers keep one default for every machine ({@link #defaultOn}).
 * GBPAGES is X86_DIRECT_GBPAGES (def_bool y, depends on X86_64 in arch/x86/Kconfig; DIRECT_GBPAGES
 * default y in 2.6.32); only x86_64 reads it.
 */
public enum ConfigOption {
    VMAP_STACK(true), THP(true), DEBUG_VIRTUAL(false), HIGHMEM(true), GBPAGES(true),
    DEBUG_KMAP_LOCAL(false), DEBUG_ATOMIC_SLEEP(false), DEBUG_VM(false), MEM_SOFT_DIRTY(false),
    /** CONFIG_NUMA: without it NODES_SHIFT is 0 (include/linux/numa.h). */
    NUMA(Kind.SWITCH),
    /** CONFIG_NUMA_BALANCING: LAST_CPUPID in page->flags (include/linux/page-flags-layout.h, 3.8+). */
    NUMA_BALANCING(Kind.SWITCH),
    /** CONFIG_LRU_GEN: the MGLRU generation and refs fields in page->flags (6.1+). */
    LRU_GEN(Kind.SWITCH),
    /** CONFIG_KASAN_SW_TAGS / KASAN_HW_TAGS: an 8-bit tag in page->flags (arm64 only). */
    KASAN_SW_TAGS(Kind.SWITCH), KASAN_HW_TAGS(Kind.SWITCH),
    /** CONFIG_DEFERRED_STRUCT_PAGE_INIT: struct pages past the first section of a node's last zone are initialised late (mm/mm_init.c). */
    DEFERRED_STRUCT_PAGE_INIT(Kind.SWITCH),
    /** CONFIG_NODES_SHIFT: MAX_NUMNODES = 1 << NODES_SHIFT, the node field of page->flags. */
    NODES_SHIFT(Kind.NUMBER),
    /** CONFIG_NR_CPUS: NR_CPUS_BITS = order_base_2(NR_CPUS) in LAST_CPUPID (kernel/bounds.c). */
    NR_CPUS(Kind.NUMBER),
    /** SLUB: encoded free pointers (4.14+), shuffled free lists (4.8+), kmalloc-cg-* / -rcl-* (5.14+), kmalloc-rnd-* (6.6+). */
    SLAB_FREELIST_HARDENED(false), SLAB_FREELIST_RANDOM(false), MEMCG_KMEM(false), RANDOM_KMALLOC_CACHES(false),
    /** SLUB per-CPU partial lists (3.2+; mm/Kconfig: default y, depends on SMP and !SLUB_TINY). */
    SLUB_CPU_PARTIAL(true);

    /** A switch takes on / off (y / n in a .config); a number takes a value. */
    public enum Kind { SWITCH, NUMBER }

    public final Kind kind;
    /** For the switches whose default is the same on every arch and profile; see {@link DistroConfig}. */
    public final boolean defaultOn;
    /** Whether {@link DistroConfig} decides the default per arch and profile. */
    public final boolean perProfileDefault;

    ConfigOption(boolean defaultOn) { this.kind = Kind.SWITCH; this.defaultOn = defaultOn; this.perProfileDefault = false; }

    ConfigOption(Kind kind) { this.kind = kind; this.defaultOn = false; this.perProfileDefault = true; }

    public static ConfigOption byName(String s) {
        for (ConfigOption o : values()) if (o.name().equalsIgnoreCase(s)) return o;
        // the kernel's own Kconfig names
        if ("TRANSPARENT_HUGEPAGE".equalsIgnoreCase(s)) return THP;
        if ("X86_DIRECT_GBPAGES".equalsIgnoreCase(s) || "DIRECT_GBPAGES".equalsIgnoreCase(s)) return GBPAGES;
        return null;
    }
}
