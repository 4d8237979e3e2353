package io.kmemlab.lang.types;

/**
 * The kinds of value a kmem expression has, named as the kernel names the C types behind
 * them. A kind is what the validator compares when a value is passed to a built-in, and
 * what the interpreter and the debugger print next to a value.
 */
public enum Kind {
    /** A kernel or user virtual address ({@code void *} or {@code unsigned long addr}). */
    VIRT_ADDR("virtual address", Category.POINTER),
    /** {@code phys_addr_t}: an integer type in C, so it mixes with integers silently. */
    PHYS_ADDR("physical address", Category.INTEGER),
    /** A page frame number ({@code unsigned long pfn}). */
    PFN("pfn", Category.INTEGER),
    PAGE("struct page *", Category.POINTER),
    /**
     * {@code struct folio *} (include/linux/mm_types.h, 5.16+): a folio overlays its head page's
     * struct page, so its address is the head's struct page * and it passes where a page is
     * expected; a page where a folio is expected needs page_folio().
     */
    FOLIO("struct folio *", Category.POINTER),
    PGD("pgd_t", Category.ENTRY),
    P4D("p4d_t", Category.ENTRY),
    PUD("pud_t", Category.ENTRY),
    PMD("pmd_t", Category.ENTRY),
    PTE("pte_t", Category.ENTRY),
    PGD_PTR("pgd_t *", Category.POINTER),
    P4D_PTR("p4d_t *", Category.POINTER),
    PUD_PTR("pud_t *", Category.POINTER),
    PMD_PTR("pmd_t *", Category.POINTER),
    PTE_PTR("pte_t *", Category.POINTER),
    INTEGER("integer", Category.INTEGER),
    /** {@code gfp_t}: a sparse __bitwise type, so mixing it with plain integers is suspicious. */
    GFP("gfp_t", Category.INTEGER),
    /** {@code enum zone_type}: ZONE_DMA, ZONE_NORMAL... and page_zonenum(). */
    ZONE_TYPE("enum zone_type", Category.INTEGER),
    /** {@code enum km_type} of 2.6 kernels: KM_USER0... */
    KM_TYPE("enum km_type", Category.INTEGER),
    BOOL("bool", Category.INTEGER),
    STRING("string", Category.OTHER),
    /** The pages get_user_pages() and pin_user_pages() fill in ({@code struct page **}). */
    LIST("list of struct page *", Category.OTHER),
    /** {@code struct zone *}: a zone name, zone(NAME) or page_zone(). Compares by identity. */
    ZONE("struct zone *", Category.POINTER),
    SLAB("struct slab *", Category.POINTER),
    /**
     * {@code struct mem_section *} of SPARSEMEM (include/linux/mmzone.h): what __pfn_to_section()
     * returns. The language knows it by its section number; it is read through
     * __section_mem_map_addr() and __section_nr().
     */
    MEM_SECTION("struct mem_section *", Category.OTHER),
    MM("struct mm_struct *", Category.POINTER),
    /** {@code current}, the task_struct of the running process or kthread. */
    TASK("struct task_struct *", Category.POINTER),
    /** The name of a kmem process (walk ... in PROCESS, show vmas PROCESS). */
    PROCESS("process", Category.OTHER),
    /** The name of a {@code symbol} clause of the machine (symbol(NAME)). */
    SYMBOL("kernel symbol", Category.OTHER),
    /** {@code NULL}: converts to every pointer kind, as ((void *)0) does in C. */
    NULL("NULL", Category.POINTER),
    /** What a function returning nothing gives. */
    VOID("void", Category.OTHER),
    /** A parameter that takes a value of any kind (print). */
    ANY("any value", Category.OTHER),
    /** The kind of something that did not resolve; never reported twice. */
    UNKNOWN("unknown", Category.OTHER);

    /** How C treats the kind when converting: pointers, integers, page-table entries (structs), others. */
    public enum Category {
        POINTER, INTEGER, ENTRY, OTHER
    }

    private final String cName;
    private final Category category;

    Kind(String cName, Category category) {
        this.cName = cName;
        this.category = category;
    }

    /** The name a kernel developer reads: "struct page *", "pfn", "pte_t *". */
    public String cName() {
        return cName;
    }

    public Category category() {
        return category;
    }

    public boolean isPointer() {
        return category == Category.POINTER;
    }

    public boolean isInteger() {
        return category == Category.INTEGER;
    }

    public boolean isEntry() {
        return category == Category.ENTRY;
    }

    /** pgd_t * → pgd_t: what unary * reads. */
    public Kind pointee() {
        return switch (this) {
            case PGD_PTR -> PGD;
            case P4D_PTR -> P4D;
            case PUD_PTR -> PUD;
            case PMD_PTR -> PMD;
            case PTE_PTR -> PTE;
            default -> null;
        };
    }

    /** pte_t → pte_t *. */
    public Kind pointerTo() {
        return switch (this) {
            case PGD -> PGD_PTR;
            case P4D -> P4D_PTR;
            case PUD -> PUD_PTR;
            case PMD -> PMD_PTR;
            case PTE -> PTE_PTR;
            default -> null;
        };
    }

    /** The page-table level of an entry or entry pointer ("pgd" ... "pte"), or null. */
    public String level() {
        Kind entry = isEntry() ? this : pointee();
        return entry == null ? null : entry.cName.substring(0, 3);
    }

    @Override
    public String toString() {
        return cName;
    }
}
