package io.kmemlab.lang.types;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One built-in function of the language: the kernel function or macro of the same name.
 *
 * @param group       the docs/language.md section 5 group ("page allocator", "conversions" ...)
 * @param params      the parameters, optional ones last
 * @param returns     the kind of the result ({@link Kind#VOID} for none)
 * @param meaning     what the kernel function does, one line (docs, hover)
 * @param effects     what it can make the kernel do (oops, warn, sigsegv): what `expect` may wrap
 * @param since       the kernel version that introduced it ("4.11"), or null when every profile has it
 * @param replacement the current API when this name is deprecated, else null
 * @param hints       per kind of a wrong first argument, the call the user most likely meant,
 *                    with %s for the argument ("page_to_phys(%s)" for __pa of a struct page *)
 */
public record Builtin(String name, String group, List<Param> params, Kind returns, String meaning,
        Set<Effect> effects, String since, String replacement, Map<Kind, String> hints) {

    public Builtin {
        params = List.copyOf(params);
        effects = effects.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(effects));
        hints = Map.copyOf(hints);
    }

    public int minArity() {
        return (int) params.stream().filter(p -> !p.optional()).count();
    }

    public int maxArity() {
        return params.size();
    }

    public boolean can(Effect effect) {
        return effects.contains(effect);
    }

    public boolean deprecated() {
        return replacement != null;
    }

    /** "alloc_pages(gfp, order)", optional parameters in brackets: the form docs and messages show. */
    public String signature() {
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (p.optional()) {
                s.append(i == 0 ? "[" : " [, ").append(p.name()).append(']');
            } else {
                s.append(i == 0 ? "" : ", ").append(p.name());
            }
        }
        return s.append(')').toString();
    }

    /** "struct page *alloc_pages(gfp_t gfp, integer order)": the C-like prototype for hovers. */
    public String prototype() {
        StringBuilder s = new StringBuilder(returns.cName());
        if (!returns.cName().endsWith("*")) {
            s.append(' ');
        }
        s.append(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            s.append(i == 0 ? "" : ", ").append(p.optional() ? "[" : "").append(p.kind().cName());
            if (!p.kind().cName().endsWith("*")) {
                s.append(' ');
            }
            s.append(p.name()).append(p.optional() ? "]" : "");
        }
        return s.append(')').toString();
    }
}
