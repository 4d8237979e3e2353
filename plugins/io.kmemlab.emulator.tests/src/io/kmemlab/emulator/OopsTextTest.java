package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The oops text per profile. 6.10+ arch/x86/kernel/dumpstack.c __die_header: "Oops: %s: %04lx [#%d]"
 * (page_fault_oops dies with "Oops", die_addr with the GP text). 2.6.32 arch/x86/mm/fault.c no_context:
 * "BUG: unable to handle kernel paging request at %p", dump_pagetable "PGD .. PUD .. PMD .. PTE ..",
 * __die "Oops: %04lx [#%d] SMP"; do_general_protection: "general protection fault: 0000 [#1] SMP".
 */
class OopsTextTest {
    static final Trace N = Trace.NONE;

    @Test void kernel2632PageFault() {
        Machine m = Machine.boot(Machines.small().kernel("2.6"));
        long v = m.vmalloc(4096, N);
        Recorder r = new Recorder();
        m.read(m.kernel(), v + 4096, 8, r);                        // the guard page
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(String.format("BUG: unable to handle kernel paging request at %016x", v + 4096), d.headline());
        assertFalse(d.text().contains("#PF:"), d.text());
        assertFalse(d.text().contains("P4D"), d.text());
        assertFalse(d.text().contains("PTI"), d.text());
        assertTrue(d.text().contains(" PTE 0\nOops: 0000 [#1] SMP"), d.text());
        Recorder z = new Recorder();
        m.read(m.kernel(), 0, 8, z);
        assertEquals("BUG: unable to handle kernel NULL pointer dereference at (null)", z.diagnostics().get(0).headline());
    }

    @Test void kernel2632GeneralProtection() {
        Machine m = Machine.boot(Machines.small().kernel("2.6"));
        Recorder r = new Recorder();
        m.write(m.kernel(), 0xdead000000000000L, 1, 1, r);
        assertEquals("general protection fault: 0000 [#1] SMP", r.diagnostics().get(0).headline());
    }

    @Test void kernel614HasTheOopsPrefix() {
        Machine m = Machine.boot(Machines.small().kernel("6.14"));
        Recorder r = new Recorder();
        m.write(m.kernel(), 0xdead000000000000L, 1, 1, r);
        assertEquals("Oops: general protection fault, probably for non-canonical address 0xdead000000000000: 0000 [#1] PREEMPT SMP NOPTI",
                r.diagnostics().get(0).headline());
    }
}
