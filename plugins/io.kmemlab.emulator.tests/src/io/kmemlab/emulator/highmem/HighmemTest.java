package io.kmemlab.emulator.highmem;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** kmap/pkmap, kmap_atomic/kmap_local and the 2.6 KM_ slots (mm/highmem.c, arch/x86/mm/highmem_32.c). */
class HighmemTest {
    static final Trace N = Trace.NONE;

    static MachineSpec pc32() {
        return new MachineSpec().name("pc32").arch("i386").paging("2-level").ram(0x0, 0x9ffff).ram(0x100000, 0x7fffffffL)
                .config(ConfigOption.HIGHMEM, true);
    }

    static long high(Machine m) { return m.allocPages(Gfp.GFP_HIGHUSER, 0, N); }

    /** last_pkmap_nr is incremented before use: the first kmap after boot gets slot 1. */
    @Test void firstKmapIsSlotOneAndCountsUsers() {
        Machine m = Machine.boot(pc32());
        Highmem h = m.highmem();
        long p = high(m);
        long a = m.kmap(p, N);
        assertEquals(m.layout().pkmapBase() + 4096, a);
        assertEquals(2, h.pkmapCount(1));                                  // mapped + 1 user
        assertEquals(a, m.kmap(p, N));                                     // the hash finds it
        assertEquals(3, h.pkmapCount(1));
        m.kunmap(p, N);
        m.kunmap(p, N);
        assertEquals(1, h.pkmapCount(1));                                  // kept lazily ...
        assertEquals(a, m.pageAddress(p, N));                              // ... and still the page's address
        long q = high(m);
        assertEquals(m.layout().pkmapBase() + 2 * 4096, m.kmap(q, N));
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }

    /** All LAST_PKMAP slots busy: kmap would sleep (reported, NULL); a kunmap makes a slot reclaimable at the next wrap. */
    @Test void allSlotsBusyWouldSleepThenTheFlushReclaims() {
        Machine m = Machine.boot(pc32());
        Highmem h = m.highmem();
        int n = h.lastPkmap();
        long[] pages = new long[n + 1];
        for (int i = 0; i <= n; i++) pages[i] = high(m);
        for (int i = 0; i < n; i++) assertNotEquals(0, m.kmap(pages[i], N), "slot " + i);
        assertEquals(0, h.lastPkmapNr());                                  // slots 1..1023, then slot 0 after the wrap
        Recorder r = new Recorder();
        assertEquals(0, m.kmap(pages[n], r));
        assertTrue(r.has(Diagnostic.Kind.ERROR));
        assertTrue(r.diagnostics().get(0).headline().startsWith("kmap() would sleep"));
        assertEquals(0, m.pageAddress(pages[n], N));
        long freed = m.pageAddress(pages[5], N);
        m.kunmap(pages[5], N);                                            // count 2 -> 1: still mapped
        assertEquals(freed, m.pageAddress(pages[5], N));
        Recorder r2 = new Recorder();
        long a = m.kmap(pages[n], r2);                                    // the scan wraps, flush_all_zero_pkmaps frees slot 6
        assertEquals(freed, a);
        assertEquals(0, m.pageAddress(pages[5], N));                     // set_page_address(page, NULL) by the flush
        assertTrue(r2.toString().contains("flush_all_zero_pkmaps"), r2::toString);
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }

    @Test void kunmapWithoutKmapIsABug() {
        Machine m = Machine.boot(pc32());
        long p = high(m);
        Recorder r = new Recorder();
        m.kunmap(p, r);
        assertTrue(r.has(Diagnostic.Kind.BUG));
        m.kmap(p, N);
        m.kunmap(p, N);
        Recorder r2 = new Recorder();
        m.kunmap(p, r2);                                                  // count would drop to 0
        assertTrue(r2.has(Diagnostic.Kind.BUG));
        assertTrue(m.highmem().invariants().isEmpty());
    }

    @Test void lowmemPagesUseNoSlot() {
        Machine m = Machine.boot(pc32());
        long lp = m.allocPage(Gfp.GFP_KERNEL, N);
        assertEquals(m.pageAddress(lp, N), m.kmap(lp, N));
        assertEquals(m.pageAddress(lp, N), m.kmapAtomic(lp, N));
        assertEquals(0, m.highmem().depth(m.kernel()));
        m.kunmapAtomic(m.pageAddress(lp, N), N);
        m.kunmap(lp, N);
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** kmap_local: slot idx + KM_MAX_IDX * cpu at __fix_to_virt(FIX_KMAP_BEGIN + slot); nested mappings take lower addresses. */
    @Test void kmapLocalIsAStack() {
        Machine m = Machine.boot(pc32());
        Highmem h = m.highmem();
        long p1 = high(m), p2 = high(m);
        long a1 = m.kmapLocalPage(p1, N), a2 = m.kmapAtomic(p2, N);
        assertEquals(h.fixmap().kmapSlotVa(0), a1);
        assertEquals(h.fixmap().kmapSlotVa(1), a2);
        assertEquals(a1 - 4096, a2);
        assertTrue(a1 >= m.layout().fixaddrStart() && a1 < m.layout().fixaddrTop());
        assertEquals(0, m.pageAddress(p1, N));                              // kmap_local mappings are not in the hash
        assertEquals(2, h.depth(m.kernel()));
        assertEquals(1, h.atomicDepth(m.kernel()));
        m.kunmapAtomic(a2, N);
        m.kunmapLocal(a1, N);
        assertEquals(0, h.depth(m.kernel()));
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }

    /** Unmapping out of order is WARN_ON_ONCE; the kernel still clears the innermost slot. */
    @Test void outOfOrderUnmapWarnsOnce() {
        Machine m = Machine.boot(pc32());
        Highmem h = m.highmem();
        long p1 = high(m), p2 = high(m);
        long a1 = m.kmapLocalPage(p1, N), a2 = m.kmapLocalPage(p2, N);
        Recorder r = new Recorder();
        m.kunmapLocal(a1, r);
        assertTrue(r.has(Diagnostic.Kind.WARN));
        assertTrue(r.diagnostics().get(0).headline().contains("WARN_ON_ONCE"));
        assertEquals(1, h.depth(m.kernel()));
        assertFalse(m.walk(m.kernel(), a2, N).mapped());                   // the innermost (a2) was cleared ...
        assertTrue(m.walk(m.kernel(), a1, N).mapped());                    // ... a1 stays mapped
        Recorder r2 = new Recorder();
        m.kunmapLocal(a2, r2);                                            // out of order again: the WARN is once only
        assertFalse(r2.has(Diagnostic.Kind.WARN));
        assertEquals(0, h.depth(m.kernel()));
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }

    /**
     * ARM 6.x: HIGHMEM selects KMAP_LOCAL_NON_LINEAR_PTE_ARRAY (arch/arm/Kconfig), so
     * kunmap_local_indexed (mm/highmem.c) clears virt_to_kpte(addr) - the pte of the address
     * passed in - while it still zeroes kmap_ctrl.pteval[idx] of the innermost slot and pops the
     * stack. The innermost slot stays mapped: the next kmap_local_page pushes onto it and hits
     * BUG_ON(!pte_none(*kmap_pte)).
     */
    @Test void armOutOfOrderUnmapClearsTheAddressPassedIn() {
        MachineSpec board = new MachineSpec().arch("arm").paging("short").ramSize(0, 2L << 30).config(ConfigOption.HIGHMEM, true);
        Machine m = Machine.boot(board);
        Highmem h = m.highmem();
        // arch/arm/include/asm/fixmap.h (6.x): FIXADDR_TOP = FIXADDR_END - PAGE_SIZE, FIXADDR_END 0xfff00000;
        // FIX_KMAP_BEGIN = __end_of_permanent_fixed_addresses = 1; __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT)
        long fixaddrTop = 0xfff00000L - 4096;
        long slot0 = fixaddrTop - ((1 + 0) << 12), slot1 = fixaddrTop - ((1 + 1) << 12);
        long p1 = high(m), p2 = high(m), p3 = high(m);
        long a1 = m.kmapLocalPage(p1, N), a2 = m.kmapLocalPage(p2, N);
        assertEquals(slot0, a1);
        assertEquals(slot1, a2);
        Recorder r = new Recorder();
        m.kunmapLocal(a1, r);
        assertTrue(r.has(Diagnostic.Kind.WARN));                           // WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx))
        assertFalse(m.walk(m.kernel(), a1, N).mapped());                   // pte_clear(virt_to_kpte(a1))
        assertTrue(m.walk(m.kernel(), a2, N).mapped());                    // the innermost slot keeps its pte ...
        assertEquals(m.pageToPfn(p2, N), m.walk(m.kernel(), a2, N).pa() >>> 12);
        assertEquals(1, h.depth(m.kernel()));                              // ... but is popped
        assertArrayEquals(new long[]{m.pageToPfn(p1, N)}, h.kmapCtrl(m.kernel()).slotPfns());   // pteval[1] zeroed, pteval[0] kept
        Recorder r2 = new Recorder();
        assertEquals(0, m.kmapLocalPage(p3, r2));                           // push to idx 1 = a2's slot: its pte is not none
        assertTrue(r2.has(Diagnostic.Kind.BUG), r2::toString);
        assertTrue(r2.diagnostics().get(0).headline().contains("pte_none") || r2.toString().contains("pte_none"), r2::toString);
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }

    /** BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX): with KM_MAX_IDX 16 only 15 nested mappings fit. */
    @Test void tooDeepIsABug() {
        Machine m = Machine.boot(pc32());
        for (int i = 0; i < 15; i++) assertNotEquals(0, m.kmapLocalPage(high(m), N));
        Recorder r = new Recorder();
        assertEquals(0, m.kmapLocalPage(high(m), r));
        assertTrue(r.has(Diagnostic.Kind.BUG));
        assertEquals(15, m.highmem().depth(m.kernel()));
        Recorder r2 = new Recorder();
        m.kunmapLocal(0xfffff000L, r2);                                    // not a slot: no unmap
        assertEquals(15, m.highmem().depth(m.kernel()));
    }

    /** DEBUG_KMAP_LOCAL: KM_MAX_IDX 33, KM_INCR 2 - every other slot is an unmapped guard. */
    @Test void debugKmapLocalLeavesGuardSlots() {
        Machine m = Machine.boot(pc32().config(ConfigOption.DEBUG_KMAP_LOCAL, true));
        Highmem h = m.highmem();
        assertEquals(33, h.kmMaxIdx());
        long a = m.kmapLocalPage(high(m), N), b = m.kmapLocalPage(high(m), N);
        assertEquals(h.fixmap().kmapSlotVa(1), a);
        assertEquals(h.fixmap().kmapSlotVa(3), b);
        assertFalse(m.walk(m.kernel(), h.fixmap().kmapSlotVa(2), N).mapped());
    }

    /** kmap_local_sched_out/in: another task on the CPU gets the same slots; the first task's mappings come back. */
    @Test void contextSwitchSavesAndRestoresSlots() {
        Machine m = Machine.boot(pc32());
        Task w = m.kthread("worker");
        long p1 = high(m), p2 = high(m);
        long a1 = m.kmapLocalPage(w, p1, N);
        m.write(w, a1, 4, 0x11111111L, N);
        long a2 = m.kmapLocalPage(m.kernel(), p2, N);                     // switch: worker's slot cleared, reused
        assertEquals(a1, a2);
        m.write(m.kernel(), a2, 4, 0x22222222L, N);
        assertEquals(0x11111111L, m.read(w, a1, 4, N));                   // switch back: worker's pte restored
        assertEquals(0x22222222L, m.kernelState().phys.read(m.pageToPhys(p2, N), 4));
        m.kunmapLocal(w, a1, N);
        m.kunmapLocal(m.kernel(), a2, N);
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    /** Recent profiles: kmap_atomic(page, KM_USER0) warns that the argument is gone and uses the stack. */
    @Test void kmTypeArgumentIsGoneIn612() {
        Machine m = Machine.boot(pc32());
        Recorder r = new Recorder();
        long a = m.kmapAtomic(m.kernel(), high(m), "KM_USER0", r);
        // a second argument would not compile in a 6.x kernel: a kmemlab note, not a kernel WARN
        assertTrue(r.has(Diagnostic.Kind.ERROR));
        assertFalse(r.has(Diagnostic.Kind.WARN));
        assertEquals(m.highmem().fixmap().kmapSlotVa(0), a);
    }

    /** 2.6: kmap_atomic(page, type) -> fixed slot type + KM_TYPE_NR * cpu; a busy slot is BUG_ON(!pte_none). */
    @Test void kernel26FixedKmTypeSlots() {
        Machine m = Machine.boot(pc32().kernel("2.6"));
        Highmem h = m.highmem();
        long p1 = high(m), p2 = high(m);
        long a = m.kmapAtomic(m.kernel(), p1, "KM_USER0", N);
        assertEquals(h.fixmap().fixToVirt(h.fixmap().kmapBegin() + 3), a);   // KM_USER0 = 3
        long b = m.kmapAtomic(m.kernel(), p2, "KM_USER1", N);
        assertEquals(a - 4096, b);
        Recorder r = new Recorder();
        assertEquals(0, m.kmapAtomic(m.kernel(), p2, "KM_USER0", r));      // slot still mapped
        assertTrue(r.has(Diagnostic.Kind.BUG));
        Recorder r2 = new Recorder();
        m.kunmapAtomic(m.kernel(), b, "KM_USER0", r2);                     // wrong type: nothing unmapped
        assertTrue(m.walk(m.kernel(), b, N).mapped());
        assertTrue(r2.toString().contains("KM_USER1"), r2::toString);
        m.kunmapAtomic(m.kernel(), a, "KM_USER0", N);
        m.kunmapAtomic(m.kernel(), b, "KM_USER1", N);
        assertFalse(m.walk(m.kernel(), a, N).mapped());
        assertFalse(m.walk(m.kernel(), b, N).mapped());
        Recorder r3 = new Recorder();
        assertEquals(0, m.kmapLocalPage(p1, r3));                          // no kmap_local in 2.6
        assertTrue(r3.has(Diagnostic.Kind.ERROR));
    }

    @Test void kmapInsideKmapAtomicIsASleepInAtomicSplatWithDebugAtomicSleep() {
        Machine m = Machine.boot(pc32().config(ConfigOption.DEBUG_ATOMIC_SLEEP, true));
        long a = m.kmapAtomic(high(m), N);
        Recorder r = new Recorder();
        m.kmap(high(m), r);
        assertTrue(r.has(Diagnostic.Kind.WARN));
        assertTrue(r.diagnostics().get(0).headline().startsWith("BUG: sleeping function called from invalid context"));
        m.kunmapAtomic(a, N);
    }

    @Test void checkpointRestoresHighmemState() {
        Machine m = Machine.boot(pc32());
        long p = high(m);
        Checkpoint c = m.checkpoint();
        long a = m.kmap(p, N);
        long l = m.kmapLocalPage(high(m), N);
        m.restore(c);
        assertEquals(0, m.pageAddress(p, N));
        assertEquals(0, m.highmem().pkmapCount(m.highmem().pkmapNr(a)));
        assertEquals(0, m.highmem().depth(m.kernel()));
        assertFalse(m.walk(m.kernel(), a, N).mapped());
        assertFalse(m.walk(m.kernel(), l, N).mapped());
        assertTrue(m.highmem().invariants().isEmpty(), () -> m.highmem().invariants().toString());
        assertEquals(a, m.kmap(p, N));
    }

    /**
     * ARM: pkmap below PAGE_OFFSET (PKMAP_BASE = PAGE_OFFSET - 2 MiB, 512 slots); kmap_local of a page
     * nobody kmapped takes a fixmap slot; of a kmapped page, ARCH_NEEDS_KMAP_HIGH_GET reuses the pkmap
     * address (pkmap_count++) and kunmap_local of it is kunmap_high().
     */
    @Test void armHighmem() {
        MachineSpec board = new MachineSpec().arch("arm").paging("short").ramSize(0, 2L << 30).config(ConfigOption.HIGHMEM, true);
        Machine m = Machine.boot(board);
        Highmem h = m.highmem();
        long p = high(m), q = high(m);
        assertTrue(m.pageHighMem(p, N));
        long lq = m.kmapLocalPage(q, N);
        assertEquals(0xffefe000L, lq);                                      // __fix_to_virt(FIX_KMAP_BEGIN 1 + 0)
        long a = m.kmap(p, N);
        assertEquals(0xBFE00000L + 4096, a);
        assertEquals(2, h.pkmapCount(1));
        m.write(m.kernel(), a, 4, 0xabcdL, N);
        Recorder r = new Recorder();
        long l = m.kmapLocalPage(p, r);
        assertEquals(a, l);                                                  // kmap_high_get()
        assertEquals(3, h.pkmapCount(1));
        assertEquals(1, h.depth(m.kernel()));                                // no slot pushed for it
        assertTrue(r.toString().contains("kmap_high_get"), r::toString);
        m.kunmapLocal(l, N);                                                 // kmap_high_unmap_local -> kunmap_high
        assertEquals(2, h.pkmapCount(1));
        m.kunmapLocal(lq, N);
        m.kunmap(p, N);
        assertEquals(1, h.pkmapCount(1));
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }

    /** ARM 2.6 (arch/arm/mm/highmem.c): KM_ slots counting up from 0xfff00000, no BUG_ON and no clearing without DEBUG_HIGHMEM. */
    @Test void arm26KmapAtomic() {
        Machine m = Machine.boot(new MachineSpec().arch("arm").kernel("2.6").ramSize(0, 2L << 30).config(ConfigOption.HIGHMEM, true));
        long p1 = high(m), p2 = high(m);
        long a = m.kmapAtomic(m.kernel(), p1, "KM_USER0", N);
        assertEquals(0xfff00000L + 3 * 4096, a);                             // FIXADDR_START + (KM_USER0 3 << PAGE_SHIFT)
        m.kunmapAtomic(m.kernel(), a, "KM_USER0", N);
        assertTrue(m.walk(m.kernel(), a, N).mapped());                      // left mapped
        Recorder r = new Recorder();
        assertEquals(a, m.kmapAtomic(m.kernel(), p2, "KM_USER0", r));      // overwritten, no BUG
        assertFalse(r.has(Diagnostic.Kind.BUG));
        assertEquals(m.pageToPfn(p2, N), m.walk(m.kernel(), a, N).pa() >>> 12);
        long k = m.kmap(p1, N);
        assertEquals(k, m.kmapAtomic(m.kernel(), p1, "KM_USER1", N));       // kmap_high_get
        assertEquals(3, m.highmem().pkmapCount(m.highmem().pkmapNr(k)));
        m.kunmapAtomic(m.kernel(), k, "KM_USER1", N);
        assertEquals(2, m.highmem().pkmapCount(m.highmem().pkmapNr(k)));
    }

    /**
     * 2.6.32 arch/arm/include/asm/kmap_types.h: ARM's own enum km_type, KM_BOUNCE_READ .. KM_SOFTIRQ1, KM_L2_CACHE,
     * KM_TYPE_NR = 14 (KM_NMI only as -1 with DEBUG_HIGHMEM); arch/arm/mm/highmem.c: idx = type + KM_TYPE_NR *
     * smp_processor_id(), vaddr = __fix_to_virt(FIX_KMAP_BEGIN + idx) = FIXADDR_START (0xfff00000) + (idx << PAGE_SHIFT).
     */
    @Test void arm26HasItsOwnKmTypes() {
        Machine m = Machine.boot(new MachineSpec().arch("arm").kernel("2.6").cpus(2).ramSize(0, 2L << 30).config(ConfigOption.HIGHMEM, true));
        Highmem h = m.highmem();
        int kmTypeNr = 14, kmL2Cache = 13;
        assertEquals(kmTypeNr, h.fixmap().slotsPerCpu());
        assertEquals(kmTypeNr * 2, h.fixmap().kmapEnd() - h.fixmap().kmapBegin() + 1);
        assertEquals(0xfff00000L + ((long) (kmL2Cache + kmTypeNr * 0) << 12), m.kmapAtomic(m.kernel(), high(m), "KM_L2_CACHE", N));
        Recorder r = new Recorder();
        assertEquals(0, m.kmapAtomic(m.kernel(), high(m), "KM_NMI", r));
        assertTrue(r.has(Diagnostic.Kind.ERROR), r::toString);
    }
}
