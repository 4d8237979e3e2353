package io.kmemlab.interpreter.port;

import io.kmemlab.interpreter.value.CType;
import java.util.HashMap;
import java.util.Map;

/**
 * The C return type of each kernel function the emulator implements, so that a raw number
 * coming back from the emulator is shown as the kernel declares it (a {@code struct page *}
 * from alloc_pages, a {@code phys_addr_t} from __pa ...). Argument kinds are the language's
 * business (validation in io.kmemlab.lang); this is only what the runtime prints.
 */
public final class ResultTypes {
    private static final Map<String, CType> TYPES = new HashMap<>();

    private static void put(CType t, String... names) {
        for (String n : names) TYPES.put(n, t);
    }

    static {
        put(CType.PAGE, "alloc_pages", "alloc_page", "alloc_pages_node", "virt_to_page", "pfn_to_page",
                "vmalloc_to_page", "pte_page", "compound_head", "mem_map", "node_mem_map");
        put(CType.VIRT, "__get_free_pages", "get_zeroed_page", "kmalloc", "kzalloc", "vmalloc", "vzalloc",
                "page_to_virt", "page_address", "phys_to_virt", "__va", "kmap", "kmap_atomic", "kmap_local_page",
                "mmap", "stack_buffer", "symbol", "memblock_alloc", "dma_alloc_coherent");
        put(CType.PHYS, "virt_to_phys", "__pa", "__pa_symbol", "page_to_phys", "PFN_PHYS");
        put(CType.PFN, "page_to_pfn", "vmalloc_to_pfn", "pte_pfn", "PFN_DOWN", "PFN_UP");
        put(CType.BOOL, "pfn_valid", "virt_addr_valid", "is_vmalloc_addr", "pte_present", "pmd_leaf", "pud_leaf",
                "pmd_none", "pmd_bad");
        put(CType.INT, "offset_in_page", "page_zonenum", "page_to_nid", "pfn_to_section_nr", "pgd_index",
                "p4d_index", "pud_index", "pmd_index", "pte_index", "page_count", "page_ref_count", "page_mapcount",
                "compound_order", "buddy_order", "frames_owned_by", "read8", "read16", "read32", "read64", "swap_out");
        put(CType.ZONE, "page_zone", "zone");
        put(CType.STRING, "frame_owner");
        put(CType.SLAB, "page_slab", "virt_to_slab");
        put(CType.PGD_PTR, "pgd_offset", "pgd_offset_k");
        put(CType.P4D_PTR, "p4d_offset");
        put(CType.PUD_PTR, "pud_offset");
        put(CType.PMD_PTR, "pmd_offset");
        put(CType.PTE_PTR, "pte_offset_map", "pte_offset_kernel", "lookup_address");
        put(CType.MM, "init_mm");
        put(CType.LIST, "get_user_pages", "pin_user_pages");
    }

    private ResultTypes() { }

    /** The return type of {@code function}; PageXxx tests are bool; unknown functions return long. */
    public static CType of(String function) {
        CType t = TYPES.get(function);
        if (t != null) return t;
        if (function.matches("Page[A-Z]\\w*")) return CType.BOOL;
        return CType.INT;
    }

    /** Element type of list results. */
    public static CType elementOf(String function) {
        return switch (function) {
            case "get_user_pages", "pin_user_pages" -> CType.PAGE;
            default -> CType.INT;
        };
    }
}
