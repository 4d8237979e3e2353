package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kmemlab.emulator.spec.KernelProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * enum pageflags of include/linux/page-flags.h is compiled per config: PG_young and PG_idle need
 * CONFIG_64BIT, PG_arch_2 needs CONFIG_64BIT (6.1) or ARCH_USES_PG_ARCH_2 (6.12, selected by
 * x86's X86_PAT, not by 32-bit ARM), PG_uncached needs ARCH_USES_PG_UNCACHED (X86_PAT only) and
 * PG_hwpoison needs MEMORY_FAILURE (not supported on 32-bit ARM). The enums are written out
 * here in each version's order with those bits left out, and NR_PAGEFLAGS is their count.
 */
class ThirtyTwoBitPageFlagsTest {
    private static final List<String> I386_6_12 = List.of("locked", "writeback", "referenced", "uptodate", "dirty",
            "lru", "head", "waiters", "active", "workingset", "owner_priv_1", "owner_2", "arch_1", "reserved",
            "private", "private_2", "reclaim", "swapbacked", "unevictable", "mlocked", "hwpoison", "arch_2");
    private static final List<String> ARM_6_12 = I386_6_12.subList(0, 20);          // up to PG_mlocked
    private static final List<String> I386_6_1 = List.of("locked", "referenced", "uptodate", "dirty", "lru",
            "active", "workingset", "waiters", "error", "slab", "owner_priv_1", "arch_1", "reserved", "private",
            "private_2", "writeback", "head", "mappedtodisk", "reclaim", "swapbacked", "unevictable", "mlocked",
            "uncached", "hwpoison");
    private static final List<String> ARM_6_1 = I386_6_1.subList(0, 22);            // up to PG_mlocked

    private static Machine i386(String kernel) { return Machine.boot(Machines32.pc32().kernel(kernel)); }

    private static Machine arm(String kernel) { return Machine.boot(Machines32.board().kernel(kernel)); }

    @Test void i386HasNoIdleBitsButKeepsArch2From612() {
        Machine m = i386("6.12");
        assertEquals(I386_6_12, m.profile().pageFlags());
        assertEquals(I386_6_12.size(), m.kernelState().pageFlags.nrPageflags);
        assertEquals(21, m.profile().bit("PG_arch_2"));
        assertEquals(-1, m.profile().bit("PG_young"));
    }

    @Test void armHasNeitherIdleBitsNorArch2NorHwpoison() {
        Machine m = arm("6.12");
        assertEquals(ARM_6_12, m.profile().pageFlags());
        assertEquals(20, m.kernelState().pageFlags.nrPageflags);
        assertEquals(-1, m.profile().bit("PG_hwpoison"));
    }

    @Test void sixOneOn32BitHasNoArch2AndArmNoUncached() {
        assertEquals(I386_6_1, i386("6.1").profile().pageFlags());
        assertEquals(ARM_6_1, arm("6.1").profile().pageFlags());
    }

    @Test void twoSixOnArmLosesUncachedAndHwpoison() {
        List<String> x86 = KernelProfile.V2_6.pageFlags();
        List<String> expected = x86.stream().filter(f -> !f.equals("uncached") && !f.equals("hwpoison")).toList();
        assertEquals(expected, arm("2.6").profile().pageFlags());
        assertEquals(x86, Machine.boot(Machines32.pc32old()).profile().pageFlags());
    }

    @Test void x86_64KeepsTheFullList() {
        assertEquals(KernelProfile.V6_12.pageFlags(), Machine.boot(Machines.small()).profile().pageFlags());
    }
}
