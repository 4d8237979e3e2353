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
        // a read-only mapping: no L_PTE_WRITE; APX would be set, and for a user pte it is cleared again with AP0 (AP 0b010)
        long b = m.mmap(p, 4096, UserFlags.PROT_READ, 0, N);
        assertEquals(0, m.read(p, b, 4, N));
        WalkResult r = m.walk(p, b, N);
        assertEquals(0, r.last().raw() & write);
        long hwr = m.kernelState().phys.read(r.last().entryPa() - 2048, 4) & 0xffffffffL;
        assertEquals(ap1, hwr & (apx | ap1 | ap0), Long.toHexString(hwr));
    }

    /**
     * 2.6.32 arch/arm/include/asm/pgtable.h: __SWP_TYPE_SHIFT 3 (L_PTE_FILE is bit 2), __SWP_TYPE_BITS 6,
     * __SWP_OFFSET_SHIFT = __SWP_TYPE_BITS + __SWP_TYPE_SHIFT; no exclusive marker. The first slot is offset 1.
     */
    @Test void swapPteEncoding() {
        Machine m = Machine.boot(Machines32.board().kernel("2.6"));
        Task p = m.process("app");
        long a = m.mmap(p, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
        m.write(p, a, 4, 0x77, N);
        assertTrue(m.swapOut(p, a, N));
        int typeShift = 3, typeBits = 6, offsetShift = typeBits + typeShift;
        assertEquals((0L << typeShift) | (1L << offsetShift), m.walk(p, a, N).last().raw() & 0xffffffffL);
        assertEquals(0x77, m.read(p, a, 4, N));
    }

    /**
     * 2.6.32 cpu_v7_set_pte_ext (arch/arm/mm/proc-v7.S): a L_PTE_USER pte whose APX got set (not WRITE or not
     * DIRTY) has APX and AP0 cleared again ("tst r1, #L_PTE_USER; orrne AP1; tstne r3, #APX; bicne APX | AP0"):
     * AP = 0b010, user read-only. The zero page a read fault maps is such a pte.
     */
    @Test void userReadOnlyHardwarePteIsAp010() {
        Machine m = Machine.boot(Machines32.board().kernel("2.6"));
        Task p = m.process("app");
        long b = m.mmap(p, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
        assertEquals(0, m.read(p, b, 4, N));                                  // the zero page, read-only
        WalkResult r = m.walk(p, b, N);
        long linux = r.last().raw() & 0xffffffffL;
        long hw = m.kernelState().phys.read(r.last().entryPa() - 2048, 4) & 0xffffffffL;
        long apx = 1 << 9, ap1 = 1 << 5, ap0 = 1 << 4, xn = 1, small = 2, ng = 1 << 11, tex1 = 1 << 6;
        long expected = (linux & ~0x3f0L & ~3L) | ng | small | ((linux & (1 << 4)) != 0 ? tex1 : 0) | ap1 | xn;
        assertEquals(expected, hw, () -> Long.toHexString(hw));
        assertEquals(0, hw & (apx | ap0));
    }

    /**
     * 2.6.32 arch/arm/mm/mmu.c: lowmem is mapped MT_MEMORY (PMD_TYPE_SECT | PMD_SECT_AP_WRITE, no PMD_SECT_XN)
     * and pgprot_kernel = L_PTE_PRESENT | YOUNG | DIRTY | WRITE | EXEC | kern_pgprot, so PAGE_KERNEL ptes
     * (kmap_prot, arch/arm/include/asm/highmem.h) carry L_PTE_EXEC (bit 9).
     */
    @Test void kernelMappingsAreExecutable() {
        Machine m = Machine.boot(new io.kmemlab.emulator.spec.MachineSpec().arch("arm").kernel("2.6").ramSize(0, 2L << 30)
                .config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM, true));
        long pmdSectXn = 1 << 4, pmdTypeSect = 2;
        for (long va : new long[]{0xC0000000L, 0xC0000000L + (256L << 20)}) {          // the image's section and one far from it
            WalkResult w = m.walk(m.kernel(), va, N);
            long sect = w.last().raw() & 0xffffffffL;
            assertEquals(pmdTypeSect, sect & 3, () -> Long.toHexString(sect));
            assertEquals(0, sect & pmdSectXn, () -> Long.toHexString(va) + ": " + Long.toHexString(sect));
        }
        long page = m.allocPages(io.kmemlab.emulator.mm.Gfp.GFP_HIGHUSER, 0, N);
        long k = m.kmap(page, N);
        long pte = m.walk(m.kernel(), k, N).last().raw() & 0xffffffffL;
        long present = 1, young = 1 << 1, dirty = 1 << 6, write = 1 << 7, exec = 1 << 9;
        assertEquals(present | young | dirty | write | exec, pte & (present | young | dirty | write | exec), () -> Long.toHexString(pte));
    }

    /**
     * 2.6.32 arch/arm/mm/mmu.c sanity_check_meminfo: banks above VMALLOC_MIN = VMALLOC_END - vmalloc_reserve
     * (SZ_128M) are highmem; with VMALLOC_END 0xff000000 lowmem ends at __pa(VMALLOC_MIN - 1) + 1.
     */
    @Test void lowmemEndsAtVmallocMin() {
        Machine m = Machine.boot(new io.kmemlab.emulator.spec.MachineSpec().arch("arm").kernel("2.6").ramSize(0x60000000L, 2L << 30)
                .config(io.kmemlab.emulator.spec.ConfigOption.HIGHMEM, true));
        long vmallocMin = 0xff000000L - (128L << 20);
        long limit = vmallocMin - 1 - 0xC0000000L + 0x60000000L + 1;
        assertEquals(limit, m.arch().lowmemEnd());
        assertEquals(limit >>> 12, m.inspect().zones().stream().filter(z -> z.name().equals("Normal")).findFirst().orElseThrow().endPfn());
    }
}
