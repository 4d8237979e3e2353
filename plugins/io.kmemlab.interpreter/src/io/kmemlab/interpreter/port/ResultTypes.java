package io.kmemlab.interpreter.port;

import io.kmemlab.interpreter.value.CType;
import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;
import io.kmemlab.lang.types.Kind;

/**
 * The C type a kernel function's result (or a constant) carries at run time, read from the
 * language's built-in table ({@link Builtins}): the validator, the editor, the docs and the
 * interpreter share one table of kernel functions, so a function added there is typed here
 * too. The interpreter keeps its own {@link CType} only because a runtime value needs a few
 * kinds the static table does not (an emulator object, a void result).
 */
public final class ResultTypes {
    private ResultTypes() { }

    /** The return type of {@code function} (or the kind of a global such as mem_map); INT when the table does not know it. */
    public static CType of(String function) {
        Builtin b = Builtins.function(function);
        if (b != null) return of(b.returns());
        Constant c = Builtins.constant(function);
        return c == null ? CType.INT : of(c.kind());
    }

    /** Element type of list results: the table's only list is get/pin_user_pages' struct page **. */
    public static CType elementOf(String function) {
        Builtin b = Builtins.function(function);
        return b != null && b.returns() == Kind.LIST ? CType.PAGE : CType.INT;
    }

    /** The runtime type of a value of kind {@code k}. */
    public static CType of(Kind k) {
        return switch (k) {
            case VIRT_ADDR, NULL -> CType.VIRT;
            case PHYS_ADDR -> CType.PHYS;
            case PFN -> CType.PFN;
            case PAGE -> CType.PAGE;
            case PGD -> CType.PGD;
            case P4D -> CType.P4D;
            case PUD -> CType.PUD;
            case PMD -> CType.PMD;
            case PTE -> CType.PTE;
            case PGD_PTR -> CType.PGD_PTR;
            case P4D_PTR -> CType.P4D_PTR;
            case PUD_PTR -> CType.PUD_PTR;
            case PMD_PTR -> CType.PMD_PTR;
            case PTE_PTR -> CType.PTE_PTR;
            case BOOL -> CType.BOOL;
            case STRING, PROCESS, SYMBOL -> CType.STRING;
            case LIST -> CType.LIST;
            case ZONE -> CType.ZONE;
            case SLAB -> CType.SLAB;
            case MM -> CType.MM;
            case TASK -> CType.OBJECT;
            case VOID -> CType.VOID;
            // gfp_t, enum zone_type, enum km_type: integers as C prints them
            case INTEGER, GFP, ZONE_TYPE, KM_TYPE, ANY, UNKNOWN -> CType.INT;
        };
    }
}
