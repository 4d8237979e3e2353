package io.kmemlab.lang.types;

/**
 * Whether a value of one kind may be passed where another is expected, judged as C would
 * (docs/language.md section 4, "Passing arguments"): a conversion C refuses without a cast is an {@link Verdict#ERROR},
 * one C accepts silently but that is a classic mistake is a {@link Verdict#WARNING}. Both
 * name the call the user most likely meant, with %s standing for the argument's text and %a for
 * the text of the call's own address argument (a walk one level down goes to the same address).
 */
public final class Compatibility {

    public enum Verdict {
        OK, WARNING, ERROR
    }

    /** @param conversion what to write instead ("pfn_to_page(%s)"), or null when there is no single fix */
    public record Result(Verdict verdict, String conversion) {
        static final Result OK = new Result(Verdict.OK, null);

        static Result error(String conversion) {
            return new Result(Verdict.ERROR, conversion);
        }

        static Result warning(String conversion) {
            return new Result(Verdict.WARNING, conversion);
        }
    }

    private Compatibility() {
    }

    public static Result check(Kind expected, Kind actual) {
        if (expected == actual || expected == Kind.ANY || actual == Kind.UNKNOWN || expected == Kind.UNKNOWN) {
            return Result.OK;
        }
        if (actual == Kind.NULL) {
            return expected.isPointer() ? Result.OK : Result.error(null);
        }
        return switch (expected) {
            case PAGE -> switch (actual) {
                case PFN -> Result.error("pfn_to_page(%s)");
                case PHYS_ADDR -> Result.error("pfn_to_page(PHYS_PFN(%s))");
                case INTEGER -> Result.error("pfn_to_page(%s)");
                // void * converts to struct page * silently in C: the classic mistake.
                case VIRT_ADDR -> Result.warning("virt_to_page(%s)");
                case PTE -> Result.error("pte_page(%s)");
                case PTE_PTR -> Result.error("pte_page(*%s)");
                case LIST -> Result.error("%s[0]");
                // &folio->page is the head page: the folio's own address (include/linux/mm_types.h)
                case FOLIO -> Result.OK;
                default -> Result.error(null);
            };
            case FOLIO -> switch (actual) {
                // a struct page * is no struct folio *: C needs page_folio() (include/linux/page-flags.h)
                case PAGE -> Result.warning("page_folio(%s)");
                case PFN, INTEGER -> Result.error("page_folio(pfn_to_page(%s))");
                case PHYS_ADDR -> Result.error("page_folio(pfn_to_page(PHYS_PFN(%s)))");
                case VIRT_ADDR -> Result.error("virt_to_folio(%s)");
                case LIST -> Result.error("page_folio(%s[0])");
                default -> Result.error(null);
            };
            case VIRT_ADDR -> switch (actual) {
                case INTEGER, BOOL -> Result.OK;
                // struct page * converts to void * silently: the descriptor's address, not the memory's.
                case PAGE -> Result.warning("page_address(%s)");
                case FOLIO -> Result.warning("folio_address(%s)");
                case PHYS_ADDR -> Result.error("__va(%s)");
                case PFN -> Result.error("page_address(pfn_to_page(%s))");
                case SLAB, ZONE, MM, TASK, PGD_PTR, P4D_PTR, PUD_PTR, PMD_PTR, PTE_PTR -> Result.warning(null);
                case SYMBOL -> Result.error("symbol(%s)");
                default -> Result.error(null);
            };
            case PFN -> switch (actual) {
                case INTEGER, BOOL -> Result.OK;
                case PAGE -> Result.error("page_to_pfn(%s)");
                case FOLIO -> Result.error("folio_pfn(%s)");
                // Both are unsigned longs in C: it compiles and is off by PAGE_SHIFT bits.
                case PHYS_ADDR -> Result.warning("PHYS_PFN(%s)");
                case VIRT_ADDR -> Result.warning("PHYS_PFN(__pa(%s))");
                case PTE -> Result.error("pte_pfn(%s)");
                case PTE_PTR -> Result.error("pte_pfn(*%s)");
                default -> Result.error(null);
            };
            case PHYS_ADDR -> switch (actual) {
                case INTEGER, BOOL -> Result.OK;
                case PAGE -> Result.error("page_to_phys(%s)");
                case FOLIO -> Result.error("PFN_PHYS(folio_pfn(%s))");
                case PFN -> Result.warning("PFN_PHYS(%s)");
                case VIRT_ADDR -> Result.warning("__pa(%s)");
                default -> Result.error(null);
            };
            case INTEGER -> switch (actual) {
                case PFN, PHYS_ADDR, BOOL, ZONE_TYPE, KM_TYPE, VIRT_ADDR -> Result.OK;
                // gfp_t is __bitwise: sparse flags it, and it usually means swapped arguments.
                case GFP -> Result.warning(null);
                default -> Result.error(null);
            };
            case GFP -> switch (actual) {
                case INTEGER -> Result.warning(null);
                default -> Result.error(null);
            };
            case BOOL -> Result.OK;
            case ZONE -> Result.error(null);
            case KM_TYPE -> actual == Kind.INTEGER ? Result.OK : Result.error(null);
            case PGD, P4D, PUD, PMD, PTE -> {
                if (actual.pointee() == expected) {
                    yield Result.error("*%s");
                }
                yield Result.error(null);
            }
            case P4D_PTR -> actual == Kind.PGD_PTR ? Result.error("p4d_offset(%s, %a)") : Result.error(null);
            case PUD_PTR -> switch (actual) {
                case PGD_PTR -> Result.error("pud_offset(p4d_offset(%s, %a), %a)");
                default -> Result.error(null);
            };
            case PMD_PTR -> actual == Kind.PUD_PTR ? Result.error("pmd_offset(%s, %a)") : Result.error(null);
            case PTE_PTR -> actual == Kind.PMD_PTR ? Result.error("pte_offset_map(%s, %a)") : Result.error(null);
            case MM -> actual == Kind.TASK ? Result.error("%s->mm") : Result.error(null);
            default -> Result.error(null);
        };
    }
}
