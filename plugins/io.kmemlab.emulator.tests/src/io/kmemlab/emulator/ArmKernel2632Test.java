package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * 2.6.32 ARM Linux ptes (arch/arm/include/asm/pgtable.h v2.6.32): L_PTE_YOUNG 1, L_PTE_DIRTY 6,
 * L_PTE_WRITE 7, L_PTE_USER 8, L_PTE_EXEC 9 (inverted to L_PTE_RDONLY / L_PTE_XN in 3.x); the hardware
 * table sits 2048 bytes below the Linux one, and cpu_v7_set_pte_ext (arch/arm/mm/proc-v7.S) sets APX
 * unless WRITE and DIRTY, XN unless EXEC, AP1 for USER, nG for a user address.
 */
class ArmKernel2632Test {
    static final Trace N = Trace.NONE;

    @Test void userPteUsesWriteAndExecBits() {
        Machine m = Machine.boot(Machines32.board().kernel("2.6"));
        Task p = m.process("app");
        long a = m.mmap(p, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
        m.write(p, a, 4, 7, N);
        WalkResult w = m.walk(p, a, N);
        long pte = w.last().raw() & 0xffffffffL;
        long young = 1 << 1, dirty = 1 << 6, write = 1 << 7, user = 1 << 8, exec = 1 << 9;
        assertEquals(young | dirty | write | user, pte & (young | dirty | write | user | exec));
        long hw = m.kernelState().phys.read(w.last().entryPa() - 2048, 4) & 0xffffffffL;
        long apx = 1 << 9, ap1 = 1 << 5, ap0 = 1 << 4, xn = 1, small = 2, ng = 1 << 11;
        assertEquals(ap1 | ap0 | xn | small | ng, hw & (apx | ap1 | ap0 | xn | small | ng));
        assertEquals(pte & ~0xfffL, hw & ~0xfffL);
        // a read-only mapping: no L_PTE_WRITE, hardware APX
        long b = m.mmap(p, 4096, UserFlags.PROT_READ, 0, N);
        assertEquals(0, m.read(p, b, 4, N));
        WalkResult r = m.walk(p, b, N);
        assertEquals(0, r.last().raw() & write);
        long hwr = m.kernelState().phys.read(r.last().entryPa() - 2048, 4) & 0xffffffffL;
        assertTrue((hwr & apx) != 0, Long.toHexString(hwr));
    }
}
