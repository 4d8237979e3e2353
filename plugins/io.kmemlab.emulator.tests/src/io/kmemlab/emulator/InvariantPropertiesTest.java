package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.*;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random operation sequences on a small machine; after every operation: buddy lists
 * consistent, no frame both free and used, free + used = managed, refcounts never
 * negative, every present user PTE points to a used frame (Machine.invariants()).
 */
class InvariantPropertiesTest {
    static final Trace N = Trace.NONE;

    @Property(tries = 25)
    void invariantsHoldAfterEveryOperation(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 9999) Integer> script) {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("p");
        List<long[]> pages = new ArrayList<>();     // {page, order}
        List<Long> objs = new ArrayList<>(), vm = new ArrayList<>(), maps = new ArrayList<>(), gup = new ArrayList<>();
        Checkpoint cp = null;
        int step = 0;
        for (int x : script) {
            int op = x % 13, arg = x / 13;
            String what;
            switch (op) {
                case 0 -> { int order = arg % 4; long gfp = (arg & 4) != 0 ? Gfp.GFP_DMA : Gfp.GFP_KERNEL | ((arg & 8) != 0 ? Gfp.__GFP_COMP : 0);
                            long pg = m.allocPages(gfp, order, N); if (pg != 0) pages.add(new long[]{pg, order}); what = "alloc_pages order " + order; }
                case 1 -> { if (!pages.isEmpty()) { long[] pg = pages.remove(arg % pages.size()); m.freePages(pg[0], (int) pg[1], N); } what = "__free_pages"; }
                case 2 -> { long o = m.kmalloc(1 + arg % 12000, Gfp.GFP_KERNEL, N); if (o != 0) objs.add(o); what = "kmalloc"; }
                case 3 -> { if (!objs.isEmpty()) m.kfree(objs.remove(arg % objs.size()), N); what = "kfree"; }
                case 4 -> { long v = m.vmalloc(1 + arg % 40000, N); if (v != 0) vm.add(v); what = "vmalloc"; }
                case 5 -> { if (!vm.isEmpty()) m.vfree(vm.remove(arg % vm.size()), N); what = "vfree"; }
                case 6 -> { long a = m.mmap(p, 4096L * (1 + arg % 8), PROT_READ | PROT_WRITE, (arg & 16) != 0 ? MAP_POPULATE : 0, N);
                            if (a != -1) maps.add(a); what = "mmap"; }
                case 7 -> { if (!maps.isEmpty()) { long a = maps.get(arg % maps.size()); m.write(p, a + (arg % 4096), 1, arg, N); } what = "write"; }
                case 8 -> { if (!maps.isEmpty()) { long a = maps.get(arg % maps.size()); m.read(p, a, 8, N); } what = "read"; }
                case 9 -> { if (!maps.isEmpty()) { long a = maps.remove(arg % maps.size()); m.munmap(p, a, 4096L * 8, N); } what = "munmap"; }
                case 10 -> { if (!maps.isEmpty()) { long a = maps.get(arg % maps.size()); for (long g : m.getUserPages(p, a, 1, FOLL_WRITE, N)) gup.add(g); }
                             if (!gup.isEmpty() && (arg & 1) != 0) m.putPage(gup.remove(0), N); what = "gup/put_page"; }
                case 11 -> { if (!maps.isEmpty()) m.swapOut(p, maps.get(arg % maps.size()), N); what = "swap_out"; }
                default -> {
                    if (cp == null || (arg & 1) == 0) { cp = m.checkpoint(); what = "checkpoint"; }
                    else { m.restore(cp); pages.clear(); objs.clear(); vm.clear(); maps.clear(); gup.clear();
                           for (var v : m.vmas(p)) maps.add(v.start()); what = "restore"; }
                }
            }
            step++;
            List<String> errors = m.invariants();
            if (!errors.isEmpty()) throw new AssertionError("after step " + step + " (" + what + "): " + errors);
            for (Diagnostic d : m.diagnostics().all())
                if (d.kind() == Diagnostic.Kind.BUG || d.kind() == Diagnostic.Kind.OOPS)
                    throw new AssertionError("after step " + step + " (" + what + "): unexpected " + d.text());
        }
    }
}
