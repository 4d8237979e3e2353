package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    static final Trace N = Trace.NONE;

    @Test void restoreUndoesEverything() {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("app");
        long a = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, a, 8, 1, N);
        String buddy = m.buddyinfo();
        long free = m.zone("DMA32").free();
        Checkpoint c = m.checkpoint();
        for (int i = 0; i < 3; i++) {
            m.write(p, a, 8, 99, N);
            long k = m.kmalloc(5000, Gfp.GFP_KERNEL, N);
            m.allocPages(Gfp.GFP_KERNEL, 3, N);
            long b = m.mmap(p, 8192, PROT_READ | PROT_WRITE, MAP_POPULATE, N);
            m.swapOut(p, a, N);
            m.process("other");
            m.freePages(m.allocPages(Gfp.GFP_KERNEL, 0, N), 0, N);
            m.freePages(m.allocPages(Gfp.GFP_KERNEL, 0, N), 0, N);
            m.freePages(m.allocPages(Gfp.GFP_KERNEL, 0, N), 0, N);
            m.freePages(m.allocPages(Gfp.GFP_KERNEL, 0, N), 0, N);
            m.kfree(k, N);
            m.restore(c);
            assertEquals(1, m.read(p, a, 8, N));
            assertEquals(buddy, m.buddyinfo());
            assertEquals(free, m.zone("DMA32").free());
            assertEquals(1, m.vmas(p).size());
            assertEquals(1, m.tasks().size());
            assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
            assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
        }
    }
}
