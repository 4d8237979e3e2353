package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.process.Vma;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.interpreter.port.Args;
import io.kmemlab.interpreter.port.KernelPort;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.types.Kind;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;

/**
 * {@code p->field} on the structures the language shows: struct page (through the union
 * variant the page is used as), struct slab, struct zone, struct mm_struct and
 * {@code current}'s task_struct, with the kernel's field names.
 */
final class Fields {
    /** struct page / struct slab fields that hold pointers, with the kind C gives them (include/linux/mm_types.h). */
    private static final Map<String, Kind> POINTERS = Map.of(
            "compound_head", Kind.PAGE, "first_page", Kind.PAGE, "mapping", Kind.VIRT_ADDR, "slab_cache", Kind.VIRT_ADDR,
            "freelist", Kind.VIRT_ADDR, "pt_mm", Kind.MM, "lru.next", Kind.VIRT_ADDR, "lru.prev", Kind.VIRT_ADDR);

    private Fields() { }

    static Value read(KernelPort port, Value target, String field, EObject at, Trace trace) {
        return switch (target.kind()) {
            case PAGE, FOLIO -> page(port, target, field, at, trace);
            case SLAB -> slab(port, target, field, at);
            case ZONE -> zone(target.zone(), field, at);
            case MM -> mm(port, target.bits(), field, at);
            case TASK -> task(port, target.task(), field, at);
            default -> throw new EvalException("->" + field + " needs a struct page * (virt_to_page(), pfn_to_page() ...), a struct slab * "
                    + "(page_slab()), a zone, an mm or current; this is " + Args.describe(target), at);
        };
    }

    private static Value page(KernelPort port, Value page, String field, EObject at, Trace trace) {
        if (page.bits() == 0) throw new EvalException("NULL->" + field + ": the struct page pointer is NULL", at);
        Long v = port.guard("page->" + field, () -> port.machine().pageField(page.bits(), field, trace));
        if (v == null) v = port.guard("page->" + field, () -> otherUnionMember(port, page.bits(), field, at));
        return Value.of(POINTERS.getOrDefault(field, Kind.INTEGER), v);
    }

    /**
     * A member of another union view than the one the page is used as: C reads the same bytes
     * under the other name (f->_mapcount of a buddy page is its page_type word), so does this.
     */
    private static long otherUnionMember(KernelPort port, long page, String field, EObject at) {
        PageDescriptor d = port.machine().inspect().pageAt(page);
        if (d == null) throw new EvalException("struct page " + ValueFormat.hex(page) + " is not a struct page of this machine", at);
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (PageDescriptor.View view : d.views()) {
            for (PageDescriptor.FieldValue f : view.fields()) {
                if (f.name().equals(field)) return f.value();
                names.add(f.name());
            }
        }
        throw new EvalException("struct page has no member " + field + " in any union view (" + String.join(" ", names)
                + "; page_raw(page, i) reads word i)", at);
    }

    private static Value slab(KernelPort port, Value slab, String field, EObject at) {
        if (slab.bits() == 0) throw new EvalException("NULL->" + field + ": the struct slab pointer is NULL", at);
        Long v = port.guard("slab->" + field, () -> port.machine().slabField(slab.bits(), field));
        if (v == null) throw new EvalException("struct slab has no field " + field + " (slab_cache, freelist, inuse, objects, frozen)", at);
        return Value.of(POINTERS.getOrDefault(field, Kind.INTEGER), v);
    }

    /** struct zone (include/linux/mmzone.h): zone_start_pfn, spanned_pages ... as /proc/zoneinfo names them. */
    private static Value zone(Zone z, String field, EObject at) {
        if (z == null) throw new EvalException("NULL->" + field + ": the struct zone pointer is NULL", at);
        return switch (field) {
            case "start_pfn", "zone_start_pfn" -> Value.of(Kind.PFN, z.startPfn());
            case "end_pfn" -> Value.of(Kind.PFN, z.endPfn());
            case "spanned", "spanned_pages" -> Value.integer(z.spanned());
            case "present", "present_pages" -> Value.integer(z.present());
            case "managed", "managed_pages" -> Value.integer(z.managed());
            case "free" -> Value.integer(z.free());
            case "node" -> Value.integer(z.nid());
            case "name" -> Value.string(z.name());
            default -> throw new EvalException("struct zone has no field " + field + " here (start_pfn end_pfn spanned present managed free)", at);
        };
    }

    /** struct mm_struct: pgd, map_count (VMAs), total_vm (pages mapped). */
    private static Value mm(KernelPort port, long mm, String field, EObject at) {
        if (mm == 0) throw new EvalException("NULL->" + field + ": the mm is NULL (current->mm of a kernel thread or of the scenario level)", at);
        Machine m = port.machine();
        List<Vma> vmas = port.guard("mm->" + field, () -> m.vmasOfMm(mm));
        return switch (field) {
            case "pgd" -> Value.of(Kind.PGD_PTR, port.guard("mm->pgd", () -> m.mmPgd(mm)));
            case "map_count" -> Value.integer(vmas.size());
            case "total_vm" -> Value.integer(vmas.stream().mapToLong(v -> (v.end() - v.start()) >>> 12).sum());
            default -> throw new EvalException("struct mm_struct has no field " + field + " here (pgd map_count total_vm)", at);
        };
    }

    /** current: mm is NULL outside a process, as in the kernel; active_mm is init_mm there. */
    private static Value task(KernelPort port, Task t, String field, EObject at) {
        return switch (field) {
            case "mm" -> Value.of(Kind.MM, t.mm() == null ? 0 : t.mm().address());
            case "active_mm" -> Value.of(Kind.MM, port.guard("current->active_mm", () -> port.machine().mmOf(t)));
            case "pid" -> Value.integer(t.pid());
            case "stack" -> Value.of(Kind.VIRT_ADDR, t.stack());
            default -> throw new EvalException("current has no field " + field + " here (mm active_mm pid stack)", at);
        };
    }
}
