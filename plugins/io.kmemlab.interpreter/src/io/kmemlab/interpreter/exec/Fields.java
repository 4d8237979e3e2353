package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.port.EmulatorPort;
import io.kmemlab.interpreter.port.KernelCalls;
import io.kmemlab.interpreter.port.NotSupportedException;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import java.lang.reflect.Method;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;

/**
 * {@code p->field}: struct page fields through the emulator's StructPage view (which knows
 * the union variant the page is used as), struct slab fields through {@code slabField},
 * struct zone fields (start_pfn, spanned, present, managed, free) from the zone object.
 */
final class Fields {
    /** Fields that hold pointers, shown with their C type. */
    private static final Map<String, CType> POINTER_FIELDS = Map.of(
            "compound_head", CType.PAGE, "mapping", CType.VIRT, "slab_cache", CType.VIRT, "freelist", CType.VIRT,
            "start_pfn", CType.PFN, "end_pfn", CType.PFN, "zone_start_pfn", CType.PFN, "pt_mm", CType.MM);

    private Fields() { }

    static Value read(EmulatorPort port, Value target, String field, EObject at) {
        switch (target.type()) {
            case PAGE: return pageField(port, target, field, at);
            case SLAB: return slabField(port, target, field, at);
            case ZONE: return objectField(target.ref(), field, at, "struct zone");
            case MM: if (target.ref() != null) return objectField(target.ref(), field, at, "struct mm_struct");
                     break;
            default: break;
        }
        throw new EvalException("->" + field + " needs a struct page * (virt_to_page(), pfn_to_page() ...), a struct slab * (page_slab()) or a zone; this is "
                + Evaluator.describe(target), at);
    }

    private static Value pageField(EmulatorPort port, Value page, String field, EObject at) {
        if (page.bits() == 0) throw new EvalException("NULL->" + field + ": the struct page pointer is NULL", at);
        if (port.has("pageField")) {
            try {
                Object r = port.call("pageField", page.bits(), field, new TraceSink());
                if (r == null) throw new EvalException("struct page has no field " + field + " in the union variant this page is used as", at);
                return wrap(field, r);
            } catch (NotSupportedException e) {
                throw EvalException.notSupported("p->" + field, at);
            }
        }
        Object view;
        try {
            view = port.call("page", page.bits());
        } catch (NotSupportedException e) {
            throw EvalException.notSupported("p->" + field + " (the emulator has no struct page view yet)", at);
        }
        return objectField(view, field, at, "struct page");
    }

    private static Value slabField(EmulatorPort port, Value slab, String field, EObject at) {
        if (slab.bits() == 0 && slab.ref() == null) throw new EvalException("NULL->" + field + ": the struct slab pointer is NULL", at);
        Object r = null;
        boolean found = false;
        for (Method m : port.methods("slabField")) {
            Object arg = m.getParameterTypes()[0] == long.class ? (Object) slab.bits() : slab.ref();
            if (arg == null) continue;
            try {
                r = port.invoke("slabField", m, new Object[] {arg, field});
                found = true;
                break;
            } catch (NotSupportedException e) {
                throw EvalException.notSupported(e.getMessage(), at);
            } catch (IllegalArgumentException e) {
                throw new EvalException("struct slab has no field " + field + " (slab_cache, freelist, inuse, objects)", at);
            }
        }
        if (!found) {
            if (slab.ref() != null) return objectField(slab.ref(), field, at, "struct slab");
            throw EvalException.notSupported("struct slab fields (the emulator has no slabField yet)", at);
        }
        return wrap(field, r);
    }

    /** Reads {@code field} from an emulator view: {@code field(name)}, or an accessor named like the field. */
    static Value objectField(Object view, String field, EObject at, String what) {
        if (view == null) throw new EvalException(what + " is NULL", at);
        for (String name : new String[] {KernelCalls.camel(field), field, field.replaceFirst("^_+", "")}) {
            try {
                Method m = view.getClass().getMethod(name);
                return wrap(field, m.invoke(view));
            } catch (NoSuchMethodException e) {
                // try the next spelling
            } catch (ReflectiveOperationException e) {
                throw new EvalException("reading " + what + "->" + field + " failed: " + e.getCause(), at);
            }
        }
        try {
            Method m = view.getClass().getMethod("field", String.class);
            return wrap(field, m.invoke(view, field));
        } catch (NoSuchMethodException e) {
            throw new EvalException(what + " has no field " + field, at);
        } catch (ReflectiveOperationException e) {
            Throwable c = e.getCause();
            if (c instanceof UnsupportedOperationException) throw EvalException.notSupported(what + "->" + field, at);
            throw new EvalException(what + "->" + field + ": " + (c == null ? e : c.getMessage()), at);
        }
    }

    private static Value wrap(String field, Object r) {
        if (r instanceof Boolean b) return Value.bool(b);
        if (r instanceof Number n) return Value.of(POINTER_FIELDS.getOrDefault(field, CType.INT), n.longValue());
        if (r instanceof String s) return Value.string(s);
        return r == null ? Value.of(POINTER_FIELDS.getOrDefault(field, CType.VIRT), 0) : Value.object(r);
    }

    /** {@code current->mm}: the mm of the running process (NULL in a kthread or at scenario level, as in the kernel). */
    static Value currentMm(EmulatorPort port, KernelCalls calls, Object task, EObject at) {
        Object t = task != null ? task : calls.kernelTask();
        if (port.has("mmOf")) {
            try {
                return Value.of(CType.MM, ((Number) port.call("mmOf", t)).longValue());
            } catch (NotSupportedException e) {
                throw EvalException.notSupported("current->mm", at);
            }
        }
        Object mm = MachineFacts.invoke(t, "mm");
        if (mm == null && t != null) {
            try {
                mm = port.call("mm", t);
            } catch (NotSupportedException e) {
                mm = null;
            }
        }
        if (mm == null) {
            if (t == null) throw EvalException.notSupported("current->mm (the emulator has no tasks yet)", at);
            return Value.of(CType.MM, 0);
        }
        if (mm instanceof Number n) return Value.of(CType.MM, n.longValue());
        return KernelCalls.toValue("init_mm", Object.class, mm);
    }
}
