package io.kmemlab.emulator.inspect;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Change sets and queries across every boot phase and after, on each arch and profile. */
class BootStepsTest {
    static final Trace N = Trace.NONE;

    static List<MachineSpec> machines() { return List.of(Specs.pc24g(), Specs.pc24gSparse(), Specs.pc32(), Specs.pc32old(), Specs.board()); }

    /**
     * Each boot step's change set, applied to the physical map before the step, gives the
     * physical map after it; init_mm's page tables written at PAGE_TABLES are entries of known
     * level in init_mm's tree.
     */
    @ParameterizedTest @MethodSource("machines")
    void everyBootStepHasAConsistentChangeSet(MachineSpec spec) {
        Machine m = Machine.create(spec);
        while (m.phase() != BootPhase.BOOTED) {
            PhysicalMap before = m.inspect().physicalMap();
            Checkpoint c = m.checkpoint();
            BootPhase from = m.phase();
            assertTrue(m.bootStep(N));
            ChangeSet cs = m.changesSince(c);
            PhysicalMap after = m.inspect().physicalMap();
            for (ChangeSet.OwnerChange o : cs.owners()) {
                assertEquals(o.before(), before.runAt(o.startPfn()).owner(), spec.name() + " " + from + " " + o);
                assertEquals(o.after(), after.runAt(o.endPfn() - 1).owner(), spec.name() + " " + from + " " + o);
            }
            for (FrameOwner o : FrameOwner.values()) {
                long delta = 0;
                for (ChangeSet.OwnerChange x : cs.owners()) delta += (x.after() == o ? x.count() : 0) - (x.before() == o ? x.count() : 0);
                assertEquals(after.count(o) - before.count(o), delta, spec.name() + " " + from + " " + o.label);
            }
            if (m.phase() == BootPhase.PAGE_TABLES) {
                assertFalse(cs.entries().isEmpty(), spec.name());
                long pgd = m.inspect().addressSpace("init_mm").pgd();
                for (ChangeSet.EntryChange e : cs.entries()) {
                    assertTrue(e.level() >= 0, spec.name() + " " + e);
                    assertEquals(pgd, e.pgd(), spec.name() + " " + e);
                }
            }
        }
    }

    /** After boot: a process, a fault and a free, each step's change set explains its owner changes. */
    @ParameterizedTest @MethodSource("machines")
    void stepsAfterBootOnEveryArch(MachineSpec spec) {
        Machine m = Machine.boot(spec);
        Checkpoint c = m.checkpoint();
        Task p = m.process("app");
        long va = m.mmap(p, 8 * 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, va, 4, 5, N);
        ChangeSet cs = m.changesSince(c);
        Translation t = m.inspect().walk(m.inspect().addressSpace("app"), va);
        assertTrue(t.mapped(), spec.name());
        assertTrue(cs.owners().stream().anyMatch(o -> o.contains(t.pfn()) && o.after() == FrameOwner.USER), spec.name());
        assertTrue(cs.entries().stream().anyMatch(e -> e.entryPa() == t.last().entryPa() && e.level() >= 0), () -> spec.name() + " " + cs.entries());
        Checkpoint c2 = m.checkpoint();
        long page = m.allocPages(Gfp.GFP_KERNEL, 1, N);
        m.freePages(page, 1, N);
        ChangeSet none = m.changesSince(c2);
        assertTrue(none.owners().isEmpty(), () -> spec.name() + " " + none.owners());
        PageDescriptor d = m.inspect().page(t.pfn());
        assertEquals(FrameOwner.USER, d.owner());
        assertEquals(m.pageRefCount(m.pfnToPage(t.pfn(), N), N), d.refcount(), spec.name());
        assertEquals(1, d.mapcount(), spec.name());                        // one pte maps it: _mapcount 0, page_mapcount() 1
    }
}
