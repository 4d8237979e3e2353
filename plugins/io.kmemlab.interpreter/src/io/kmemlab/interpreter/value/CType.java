package io.kmemlab.interpreter.value;

/**
 * The C type a value carries, named as the kernel names it. The emulator returns raw
 * numbers with the kernel's meaning; the interpreter attaches one of these so that the
 * CLI and the debugger can print "struct page *" rather than "long".
 */
public enum CType {
    INT("long", false),
    BOOL("bool", false),
    VIRT("void *", true),
    PHYS("phys_addr_t", true),
    PFN("unsigned long (pfn)", true),
    PAGE("struct page *", true),
    SLAB("struct slab *", true),
    PGD("pgd_t", true), P4D("p4d_t", true), PUD("pud_t", true), PMD("pmd_t", true), PTE("pte_t", true),
    PGD_PTR("pgd_t *", true), P4D_PTR("p4d_t *", true), PUD_PTR("pud_t *", true),
    PMD_PTR("pmd_t *", true), PTE_PTR("pte_t *", true),
    MM("struct mm_struct *", true),
    ZONE("struct zone *", false),
    LIST("list", false),
    STRING("const char *", false),
    /** An emulator object the language has no name for (printed by its toString). */
    OBJECT("object", false),
    VOID("void", false);

    /** The C spelling, as a kernel developer writes it. */
    public final String c;
    /** Printed in hex, as the kernel prints addresses, pfns and entries. */
    public final boolean hex;

    CType(String c, boolean hex) {
        this.c = c;
        this.hex = hex;
    }

    /** The pointer type {@code *p} of an entry pointer reads, or null. */
    public CType pointee() {
        return switch (this) {
            case PGD_PTR -> PGD;
            case P4D_PTR -> P4D;
            case PUD_PTR -> PUD;
            case PMD_PTR -> PMD;
            case PTE_PTR -> PTE;
            default -> null;
        };
    }

    public boolean isEntryPointer() { return pointee() != null; }

    /** Types whose value is a number and compare numerically with any other number. */
    public boolean numeric() {
        return this != ZONE && this != LIST && this != STRING && this != OBJECT && this != VOID;
    }
}
