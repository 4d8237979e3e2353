package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * Kernel stacks per arch and version (kernel/fork.c alloc_thread_stack_node): THREAD_SIZE =
 * PAGE_SIZE << THREAD_SIZE_ORDER; with CONFIG_VMAP_STACK and HAVE_ARCH_VMAP_STACK a vmalloc area
 * aligned to THREAD_ALIGN, else alloc_pages_node(THREADINFO_GFP, THREAD_SIZE_ORDER) in the direct map.
 */
class KernelStacksTest {
    static final Trace N = Trace.NONE;

    /** Frames newly owned by "stack" after creating one kernel thread, and that thread. */
    private static Task newThread(Machine m, long[] frames) {
        long before = m.framesOwnedBy("stack", null);
        Task t = m.kthread("probe");
        frames[0] = m.framesOwnedBy("stack", null) - before;
        return t;
    }

    /**
     * x86_64 v6.12: THREAD_SIZE_ORDER 2 (arch/x86/include/asm/page_64_types.h, no KASAN) = 16 KiB;
     * HAVE_ARCH_VMAP_STACK if X86_64 (arch/x86/Kconfig): a vmalloc area, THREAD_ALIGN = THREAD_SIZE.
     */
    @Test void x86_64Kernel612() {
        Machine m = Machine.boot(Machines.small().config(ConfigOption.VMAP_STACK, true));
        long[] f = new long[1];
        Task t = newThread(m, f);
        long threadSize = 4096L << 2;
        assertEquals(threadSize / 4096, f[0]);
        assertTrue(m.isVmallocAddr(t.stack(), N));
        assertEquals(0, t.stack() & (threadSize - 1));
        assertEquals("stack", m.frameOwner(m.vmallocToPfn(t.stack() + threadSize - 1, N)));
    }

    /** 2.6.32 x86_64: THREAD_ORDER 1 (8 KiB, arch/x86/include/asm/page_64_types.h); no VMAP_STACK before 4.9. */
    @Test void x86_64Kernel26() {
        Machine m = Machine.boot(Machines.small().kernel("2.6").config(ConfigOption.VMAP_STACK, true));
        long[] f = new long[1];
        Task t = newThread(m, f);
        long threadSize = 4096L << 1;
        assertEquals(threadSize / 4096, f[0]);
        assertFalse(m.isVmallocAddr(t.stack(), N));
        assertTrue(m.virtAddrValid(t.stack(), N));
        assertEquals(0, t.stack() & (threadSize - 1));                  // an order-1 block is 8 KiB aligned
    }

    /**
     * i386 v6.12: THREAD_SIZE_ORDER 1 (arch/x86/include/asm/page_32_types.h) = 8 KiB; HAVE_ARCH_VMAP_STACK is
     * x86_64-only, so VMAP_STACK has no effect: order-1 pages from GFP_KERNEL, lowmem, never HighMem.
     */
    @Test void i386() {
        Machine m = Machine.boot(Machines32.pc32().config(ConfigOption.VMAP_STACK, true));
        long[] f = new long[1];
        Task t = newThread(m, f);
        assertEquals(2, f[0]);
        assertFalse(m.isVmallocAddr(t.stack(), N));
        assertTrue(m.virtAddrValid(t.stack(), N));
        long page = m.pfnToPage(m.pa(t.stack(), N) >>> 12, N);
        assertNotEquals("HighMem", m.pageZone(page, N).name());
        assertEquals("stack", m.frameOwner((m.pa(t.stack(), N) >>> 12) + 1));
    }

    /**
     * ARM v6.12: THREAD_SIZE_ORDER 1 (arch/arm/include/asm/thread_info.h) = 8 KiB; HAVE_ARCH_VMAP_STACK
     * since 5.17, THREAD_ALIGN = 2 * THREAD_SIZE with VMAP_STACK. Without VMAP_STACK: direct-map pages.
     */
    @Test void arm() {
        Machine m = Machine.boot(Machines32.board().config(ConfigOption.VMAP_STACK, true));
        long[] f = new long[1];
        Task t = newThread(m, f);
        long threadSize = 4096L << 1;
        assertEquals(threadSize / 4096, f[0]);
        assertTrue(m.isVmallocAddr(t.stack(), N));
        assertEquals(0, t.stack() & (2 * threadSize - 1));
        Machine off = Machine.boot(Machines32.board().config(ConfigOption.VMAP_STACK, false));
        Task o = newThread(off, f);
        assertEquals(threadSize / 4096, f[0]);
        assertFalse(off.isVmallocAddr(o.stack(), N));
    }

    /** 2.6.32 ARM: 8 KiB (THREAD_SIZE_ORDER 1), never vmalloc. */
    @Test void armKernel26() {
        MachineSpec s = Machines32.board().kernel("2.6").config(ConfigOption.VMAP_STACK, true);
        Machine m = Machine.boot(s);
        long[] f = new long[1];
        Task t = newThread(m, f);
        assertEquals(2, f[0]);
        assertFalse(m.isVmallocAddr(t.stack(), N));
    }
}
