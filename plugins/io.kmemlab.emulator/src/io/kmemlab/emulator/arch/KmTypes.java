package io.kmemlab.emulator.arch;

import java.util.List;

/**
 * 2.6.32's {@code enum km_type}: the fixed kmap_atomic slot types; slot {@code type + KM_TYPE_NR * cpu}.
 * Each arch has its own enum.
 */
public final class KmTypes {
    private KmTypes() { }

    /** include/asm-generic/kmap_types.h of 2.6.32 (x86 includes it): KM_TYPE_NR = 19. */
    public static final List<String> GENERIC = List.of("KM_BOUNCE_READ", "KM_SKB_SUNRPC_DATA", "KM_SKB_DATA_SOFTIRQ",
            "KM_USER0", "KM_USER1", "KM_BIO_SRC_IRQ", "KM_BIO_DST_IRQ", "KM_PTE0", "KM_PTE1", "KM_IRQ0", "KM_IRQ1",
            "KM_SOFTIRQ0", "KM_SOFTIRQ1", "KM_SYNC_ICACHE", "KM_SYNC_DCACHE", "KM_UML_USERCOPY", "KM_IRQ_PTE",
            "KM_NMI", "KM_NMI_PTE");

    /**
     * arch/arm/include/asm/kmap_types.h of 2.6.32, "the bare minimum": KM_TYPE_NR = 14, ending in KM_L2_CACHE;
     * KM_NMI, KM_NMI_PTE and KM_IRQ_PTE exist only as -1 with CONFIG_DEBUG_HIGHMEM.
     */
    public static final List<String> ARM = List.of("KM_BOUNCE_READ", "KM_SKB_SUNRPC_DATA", "KM_SKB_DATA_SOFTIRQ",
            "KM_USER0", "KM_USER1", "KM_BIO_SRC_IRQ", "KM_BIO_DST_IRQ", "KM_PTE0", "KM_PTE1", "KM_IRQ0", "KM_IRQ1",
            "KM_SOFTIRQ0", "KM_SOFTIRQ1", "KM_L2_CACHE");
}
