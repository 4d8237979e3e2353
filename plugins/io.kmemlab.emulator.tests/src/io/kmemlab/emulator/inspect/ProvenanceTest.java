package io.kmemlab.emulator.inspect;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** "Which step last wrote this?" from the change sets of a run of steps. */
class ProvenanceTest {
    static final Trace N = Trace.NONE;

    /** Runs each statement as one step, recording its change set under its line number. */
    static final class Run {
        final Machine m;
        final Provenance<Integer> prov = new Provenance<>();
        final List<Integer> marks = new ArrayList<>();
        final List<Checkpoint> checkpoints = new ArrayList<>();

        Run(Machine m) { this.m = m; }

        void step(int line, Consumer<Machine> statement) {
            Checkpoint c = m.checkpoint();
            checkpoints.add(c);
            marks.add(prov.mark());
            statement.accept(m);
            prov.record(m.changesSince(c), line);
        }

        void back() {
            int i = checkpoints.size() - 1;
            m.restore(checkpoints.remove(i));
            prov.rollback(marks.remove(i));
        }
    }

    @Test void lastWriterOfFramesEntriesFieldsAndCounters() {
        Run r = new Run(Machine.boot(Specs.tiny()));
        long[] pages = new long[2];
        long[] va = new long[1];
        r.step(10, m -> pages[0] = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, N));
        r.step(11, m -> m.process("app"));
        r.step(12, m -> va[0] = m.mmap(m.process("app"), 4096, PROT_READ | PROT_WRITE, 0, N));
        r.step(13, m -> m.write(m.process("app"), va[0], 8, 5, N));
        r.step(14, m -> m.getPage(pages[0], N));
        r.step(15, m -> pages[1] = m.allocPages(Gfp.GFP_KERNEL, 0, N));
        Machine m = r.m;
        Inspector in = m.inspect();
        long head = m.pageToPfn(pages[0], N);
        assertEquals(10, r.prov.frame(head + 3));
        assertEquals(14, r.prov.field(head, 52, 4));                       // _refcount: get_page
        assertEquals(10, r.prov.field(head + 1, 8, 8));                    // _head_1: prep_compound_page
        assertEquals(10, r.prov.field(head + 3, 8, 8));                    // compound_head of a tail
        Translation t = in.walk(in.addressSpace("app"), va[0]);
        assertEquals(13, r.prov.entry(t.last().entryPa()));                 // the pte: the fault of the first write
        assertEquals(13, r.prov.frame(t.pfn()));
        assertEquals(15, r.prov.counter(0, "DMA32", "nr_free_pages"));
        assertNull(r.prov.frame(0x10));                                     // never written
        assertNull(r.prov.entry(12345));

        r.back();                                                           // undo line 15
        assertEquals(13, r.prov.frame(t.pfn()));
        assertNotEquals(Integer.valueOf(15), r.prov.counter(0, "DMA32", "nr_free_pages"));
        r.back();                                                           // undo line 14
        assertEquals(10, r.prov.field(head, 52, 4));                        // set_page_refcounted in alloc
        r.back();
        r.back();                                                           // back before the fault
        assertNull(r.prov.entry(t.last().entryPa()));
        assertNull(r.prov.frame(t.pfn()));
    }

    /** Boot steps stamp whole ranges: the memmap_init step wrote every descriptor, a later step one field. */
    @Test void bootRangesAreIntervals() {
        Machine m = Machine.create(Specs.tiny());
        Run r = new Run(m);
        m.bootTo(BootPhase.ZONES, N);
        r.step(1, x -> x.bootStep(N));                                     // STRUCT_PAGES
        r.step(2, x -> x.bootStep(N));                                     // BUDDY
        m.bootTo(BootPhase.BOOTED, N);
        long[] p = new long[1];
        r.step(3, x -> p[0] = x.allocPages(Gfp.GFP_KERNEL, 0, N));
        long pfn = m.pageToPfn(p[0], N);
        assertEquals(3, r.prov.field(pfn, 52, 4));
        assertEquals(1, r.prov.field(0x10, 0, 8));                          // flags of a reserved frame: memmap_init
        assertEquals(1, r.prov.frame(16L << 20 >> 12));                     // the kernel image frames got their owner
        assertEquals(3, r.prov.frame(pfn));
    }

    /** A debugger that keeps a bounded history forgets the undo records of older steps; answers and later marks stay right. */
    @Test void forgettingOldMarksKeepsAnswersAndLaterRollbacks() {
        Run r = new Run(Machine.boot(Specs.tiny()));
        long[] pages = new long[40];
        for (int i = 0; i < 40; i++) {
            int k = i;
            r.step(100 + i, m -> pages[k] = m.allocPage(Gfp.GFP_KERNEL, N));
        }
        Machine m = r.m;
        long first = m.pageToPfn(pages[0], N), last = m.pageToPfn(pages[39], N);
        for (int i = 0; i < 30; i++) r.prov.forget(r.marks.get(i));     // steps 100..129 can no longer be undone
        assertEquals(100, r.prov.frame(first));
        assertEquals(139, r.prov.frame(last));
        r.back();                                                           // undo line 139: its mark was kept
        assertNull(r.prov.frame(last));
        assertEquals(100, r.prov.frame(first));
        assertThrows(IllegalArgumentException.class, () -> r.prov.rollback(r.marks.get(0)), "a forgotten mark cannot be rolled back to");
    }
}
