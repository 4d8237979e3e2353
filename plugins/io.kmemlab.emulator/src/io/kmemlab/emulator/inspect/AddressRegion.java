package io.kmemlab.emulator.inspect;

import java.util.List;

/**
 * A region of the virtual address space (Documentation/arch/x86/x86_64/mm.rst,
 * arch/x86/include/asm/pgtable_32_areas.h, arch/arm/include/asm/memory.h), with the translation
 * helpers that are right and wrong for addresses in it.
 *
 * @param kind  which region
 * @param start first address
 * @param end   first address after it (0 when it runs to the top of the address space)
 */
public record AddressRegion(Kind kind, long start, long end) {
    public enum Kind {
        USER("user", List.of("get_user_pages", "pin_user_pages", "follow_pte"), List.of("__pa", "virt_to_page", "vmalloc_to_page")),
        DIRECT_MAP("direct map", List.of("__pa", "virt_to_phys", "virt_to_page", "virt_to_pfn", "virt_addr_valid"), List.of("vmalloc_to_page")),
        VMALLOC("vmalloc", List.of("vmalloc_to_page", "vmalloc_to_pfn", "is_vmalloc_addr"), List.of("__pa", "virt_to_phys", "virt_to_page")),
        VMEMMAP("vmemmap", List.of("page_to_pfn", "page_to_phys", "page_address"), List.of("__pa", "virt_to_page")),
        KERNEL_TEXT("kernel text", List.of("__pa_symbol", "__pa", "virt_to_page"), List.of("vmalloc_to_page")),
        MODULES("modules", List.of("vmalloc_to_page", "is_vmalloc_or_module_addr"), List.of("__pa", "virt_to_page")),
        FIXMAP("fixmap", List.of("virt_to_fix", "lookup_address", "slow_virt_to_phys"), List.of("__pa", "virt_to_page")),
        PKMAP("pkmap", List.of("kmap_to_page", "kunmap"), List.of("__pa", "virt_to_page")),
        HOLE("unmapped kernel hole", List.of(), List.of("__pa", "virt_to_page", "vmalloc_to_page")),
        NON_CANONICAL("non-canonical", List.of(), List.of("__pa", "virt_to_page", "vmalloc_to_page"));

        public final String label;
        /** Translation helpers that give the right answer for an address in the region. */
        public final List<String> right;
        /** Helpers that give a wrong answer (or BUG) there. */
        public final List<String> wrong;

        Kind(String label, List<String> right, List<String> wrong) {
            this.label = label;
            this.right = right;
            this.wrong = wrong;
        }
    }

    public boolean contains(long va) {
        return Long.compareUnsigned(va, start) >= 0 && (end == 0 || Long.compareUnsigned(va, end) < 0);
    }
}
