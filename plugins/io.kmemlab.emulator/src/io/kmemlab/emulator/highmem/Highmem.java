package io.kmemlab.emulator.highmem;

import io.kmemlab.emulator.arch.Fixmap;
import io.kmemlab.emulator.store.Checkpointable;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Highmem on 32-bit machines: the persistent kmap() area and the per-CPU kmap_atomic /
 * kmap_local slots in the fixmap.
 *
 * <h2>kmap() / kunmap() (mm/highmem.c, include/linux/highmem-internal.h)</h2>
 * kmap() of a lowmem page is page_address(). A highmem page goes through kmap_high(): if the
 * page address hash has an address for the page it is reused, else map_new_virtual() scans the
 * LAST_PKMAP slots starting after last_pkmap_nr (pre-incremented, so the first slot after boot
 * is 1); every wrap to slot 0 runs flush_all_zero_pkmaps(), which unmaps the slots whose
 * pkmap_count is 1 (mapped, unused: the lazily kept mappings), clears their page address and
 * flushes the TLB once. The first slot with count 0 is taken (pte written, count 1, address
 * hashed), then the count is incremented: n >= 2 means n - 1 users. When a whole cycle finds no
 * free slot the task sleeps on pkmap_map_wait: in a single-threaded scenario that is forever,
 * so the emulator reports it and returns NULL. kunmap_high() decrements (0 is a BUG).
 * page_address() of a highmem page is the hashed pkmap address or NULL - kmap_atomic
 * mappings are not in the hash.
 *
 * <h2>kmap_atomic() / kmap_local_page() (6.x: mm/highmem.c __kmap_local_pfn_prot, kunmap_local_indexed)</h2>
 * A per-task stack ({@code current->kmap_ctrl.idx}, KM_INCR 1 or 2 with DEBUG_KMAP_LOCAL);
 * slot {@code idx + KM_MAX_IDX * cpu}, virtual address fix_to_virt(FIX_KMAP_BEGIN + slot);
 * pushing to idx >= KM_MAX_IDX is a BUG, mapping over a non-none pte is a BUG. Unmapping an
 * address that is not the innermost mapping is WARN_ON_ONCE - and the kernel then clears the
 * innermost slot anyway (kmap_get_pte(addr, idx) uses the stack index), leaving the address
 * passed in mapped. Lowmem pages use no slot (page_address()). kmap_atomic() also disables
 * preemption and page faults. On a context switch the outgoing task's slots are cleared and the
 * incoming task's restored from kmap_ctrl.pteval (kmap_local_sched_out / _in).
 *
 * <h2>ARM (arch/arm/include/asm/highmem.h ARCH_NEEDS_KMAP_HIGH_GET, arch/arm/mm/highmem.c)</h2>
 * kmap_atomic / kmap_local_page of a page that already has a pkmap address return that address
 * through kmap_high_get() (pkmap_count++), and unmapping it is kunmap_high().
 *
 * <h2>kernel 2.6 (arch/x86/mm/highmem_32.c, include/asm-generic/kmap_types.h of 2.6.32)</h2>
 * kmap_atomic(page, type) uses the fixed slot {@code type + KM_TYPE_NR * cpu}; mapping a slot
 * whose pte is not none is BUG_ON(!pte_none(*(kmap_pte-idx))); kunmap_atomic(addr, type)
 * clears the pte only when addr is that type's slot. kmap_local_page() does not exist.
 */
public final class Highmem implements Checkpointable<Highmem.State> {
    /** What highmem needs from the machine. */
    public interface Host {
        /** PageHighMem(page) = is_highmem_idx(page_zonenum(page)). */
        boolean pageHighMem(long page);

        /** lowmem_page_address(page) = __va(PFN_PHYS(page_to_pfn(page))). */
        long lowmemPageAddress(long page, Trace t);

        long pageToPfn(long page);

        long pfnToPage(long pfn);

        /** set_pte_at(&init_mm, va, pte, mk_pte(pfn, kmap_prot)). */
        void setKernelPte(long va, long pfn, Trace t);

        /** pte_clear(&init_mm, va, pte). */
        void clearKernelPte(long va, Trace t);

        /** pfn the init_mm pte for {@code va} maps, or -1 when the pte is none. */
        long kernelPtePfn(long va);

        void report(Diagnostic d, Trace t);

        /** A task's comm for reports. */
        String taskName(Object task);

        /** CONFIG_DEBUG_ATOMIC_SLEEP: might_sleep() in atomic context prints a splat. */
        boolean debugAtomicSleep();
    }

    /** enum km_type of 2.6.32 (include/asm-generic/kmap_types.h, before KM_KDB), KM_TYPE_NR = 19. */
    public static final List<String> KM_TYPES = List.of("KM_BOUNCE_READ", "KM_SKB_SUNRPC_DATA", "KM_SKB_DATA_SOFTIRQ",
            "KM_USER0", "KM_USER1", "KM_BIO_SRC_IRQ", "KM_BIO_DST_IRQ", "KM_PTE0", "KM_PTE1", "KM_IRQ0", "KM_IRQ1",
            "KM_SOFTIRQ0", "KM_SOFTIRQ1", "KM_SYNC_ICACHE", "KM_SYNC_DCACHE", "KM_UML_USERCOPY", "KM_IRQ_PTE",
            "KM_NMI", "KM_NMI_PTE");
    /** PA_HASH_ORDER (mm/highmem.c): 128 buckets of page_address_htable. */
    static final int PA_HASH_ORDER = 7;

    /** current->kmap_ctrl plus the task's preempt/pagefault-disable depth from kmap_atomic. */
    static final class KmapCtrl {
        int idx;
        long[] pteval;          // pfn + 1 of each stack slot, 0 = pte_none
        int atomic;             // kmap_atomic nesting (preempt_disable + pagefault_disable)
        int cpu;

        KmapCtrl(int n) { pteval = new long[n]; }

        KmapCtrl copy() {
            KmapCtrl c = new KmapCtrl(pteval.length);
            c.idx = idx; c.pteval = pteval.clone(); c.atomic = atomic; c.cpu = cpu;
            return c;
        }
    }

    private final Host host;
    private final long pkmapBase;
    private final int lastPkmap;
    private final Fixmap fixmap;
    private final boolean kmTypes;        // kernel 2.6: KM_ fixed slots
    private final int kmMaxIdx, kmIncr;
    private final long pageOffset;
    private final boolean oldHash;        // 2.6 hash_long: GOLDEN_RATIO_PRIME_32 0x9e370001
    private final boolean kmapHighGet;    // ARM: ARCH_NEEDS_KMAP_HIGH_GET
    // pkmap state
    private int[] pkmapCount;
    private int lastPkmapNr;
    private Map<Long, Long> pageAddress = new LinkedHashMap<>();   // page -> pkmap vaddr (page_address_htable)
    // kmap_local state
    private Map<Object, KmapCtrl> ctrl = new HashMap<>();
    private Object[] currentTask;
    private Set<String> warnedOnce = new HashSet<>();

    /**
     * @param pkmapBase  PKMAP_BASE
     * @param lastPkmap  LAST_PKMAP
     * @param fixmap     the fixmap with the kmap slots
     * @param kmTypes    true for the 2.6 per-type slots
     * @param debugKmapLocal CONFIG_DEBUG_KMAP_LOCAL (KM_INCR 2: every other slot a guard)
     * @param pageOffset PAGE_OFFSET (kunmap_local's WARN_ON_ONCE(addr < PAGE_OFFSET))
     */
    public Highmem(Host host, long pkmapBase, int lastPkmap, Fixmap fixmap, boolean kmTypes, boolean debugKmapLocal, long pageOffset) {
        this(host, pkmapBase, lastPkmap, fixmap, kmTypes, debugKmapLocal, pageOffset, false);
    }

    /**
     * @param kmapHighGet ARM's ARCH_NEEDS_KMAP_HIGH_GET (arch/arm/include/asm/highmem.h, defined unless
     *                    SMP with CPU_TLB_V6): kmap_atomic / kmap_local_page of a page that already has a
     *                    pkmap address reuse it through kmap_high_get() (pkmap_count++), and unmapping
     *                    such an address is kunmap_high(); on 2.6 ARM also no BUG_ON / pte clearing of the
     *                    KM_ slots without CONFIG_DEBUG_HIGHMEM (arch/arm/mm/highmem.c)
     */
    public Highmem(Host host, long pkmapBase, int lastPkmap, Fixmap fixmap, boolean kmTypes, boolean debugKmapLocal, long pageOffset,
                   boolean kmapHighGet) {
        this.kmapHighGet = kmapHighGet;
        this.host = host;
        this.pkmapBase = pkmapBase;
        this.lastPkmap = lastPkmap;
        this.fixmap = fixmap;
        this.kmTypes = kmTypes;
        this.kmMaxIdx = fixmap.slotsPerCpu();
        this.kmIncr = debugKmapLocal && !kmTypes ? 2 : 1;
        this.pageOffset = pageOffset;
        this.oldHash = kmTypes;
        this.pkmapCount = new int[lastPkmap];
        this.currentTask = new Object[fixmap.cpus()];
    }

    // ================================================================== pkmap

    /** PKMAP_ADDR(nr) = PKMAP_BASE + nr * PAGE_SIZE. */
    public long pkmapAddr(int nr) { return pkmapBase + ((long) nr << 12); }

    /** PKMAP_NR(va) = (va - PKMAP_BASE) >> PAGE_SHIFT. */
    public int pkmapNr(long va) { return (int) ((va - pkmapBase) >>> 12); }

    public boolean inPkmap(long va) {
        return Long.compareUnsigned(va, pkmapBase) >= 0 && Long.compareUnsigned(va, pkmapAddr(lastPkmap)) < 0;
    }

    public int lastPkmap() { return lastPkmap; }

    public long pkmapBase() { return pkmapBase; }

    public int pkmapCount(int nr) { return pkmapCount[nr]; }

    public int lastPkmapNr() { return lastPkmapNr; }

    /** hash_ptr(page, PA_HASH_ORDER) on 32-bit: the page_address_htable bucket. */
    int bucket(long page) {
        int v = (int) page;
        int h = oldHash ? v * 0x9e370001 : v * 0x61C88647;
        return h >>> (32 - PA_HASH_ORDER);
    }

    /** page_address() for a highmem page: the pkmap address found in the hash, or 0 (NULL). */
    public long highPageAddress(long page, Trace t) {
        Long v = pageAddress.get(page);
        if (t.enabled()) t.formula(String.format("page_address(0x%x): highmem page, page_address_htable[hash_ptr(page, %d) = %d] -> %s",
                page, PA_HASH_ORDER, bucket(page), v == null ? "not kmapped: NULL" : String.format("0x%x", v)));
        return v == null ? 0 : v;
    }

    /** page_address(): lowmem_page_address for lowmem, the hash for highmem. */
    public long pageAddress(long page, Trace t) {
        if (!host.pageHighMem(page)) return host.lowmemPageAddress(page, t);
        return highPageAddress(page, t);
    }

    /** kmap(page) (include/linux/highmem-internal.h): might_sleep(), page_address() or kmap_high(). */
    public long kmap(Object task, long page, Trace t) {
        switchTo(task, t);
        mightSleep(task, "kmap", t);
        if (!host.pageHighMem(page)) {
            long a = host.lowmemPageAddress(page, t);
            if (t.enabled()) t.note("kmap: not a highmem page -> page_address(), no pkmap slot used");
            return a;
        }
        return kmapHigh(page, t);
    }

    /** kmap_high(). */
    long kmapHigh(long page, Trace t) {
        Long v = pageAddress.get(page);
        long vaddr;
        if (v != null) {
            vaddr = v;
            if (t.enabled()) t.formula(String.format("kmap_high: page already has pkmap address 0x%x (slot %d, pkmap_count %d)", vaddr, pkmapNr(vaddr), pkmapCount[pkmapNr(vaddr)]));
        } else {
            vaddr = mapNewVirtual(page, t);
            if (vaddr == 0) return 0;
        }
        int nr = pkmapNr(vaddr);
        pkmapCount[nr]++;
        if (t.enabled()) t.formula(String.format("kmap_high: pkmap_count[%d]++ -> %d (%d user%s); PKMAP_ADDR(%d) = PKMAP_BASE 0x%x + %d * PAGE_SIZE = 0x%x",
                nr, pkmapCount[nr], pkmapCount[nr] - 1, pkmapCount[nr] == 2 ? "" : "s", nr, pkmapBase, nr, vaddr));
        return vaddr;
    }

    /** map_new_virtual(): returns the new address, or 0 when the task would sleep. */
    long mapNewVirtual(long page, Trace t) {
        int count = lastPkmap;
        for (;;) {
            lastPkmapNr = (lastPkmapNr + 1) & (lastPkmap - 1);      // get_next_pkmap_nr()
            if (lastPkmapNr == 0) {                                   // no_more_pkmaps()
                flushAllZeroPkmaps(t);
                count = lastPkmap;
            }
            if (pkmapCount[lastPkmapNr] == 0) break;
            if (--count != 0) continue;
            host.report(new Diagnostic(Diagnostic.Kind.ERROR,
                    String.format("kmap() would sleep: all %d pkmap slots are in use", lastPkmap),
                    String.format("kmap() would sleep: all LAST_PKMAP = %d pkmap slots have pkmap_count >= 2 (in use); "
                            + "map_new_virtual() puts the task on pkmap_map_wait until a kunmap() frees one - with no other "
                            + "task to call kunmap() that is forever (a hung task). kmap returns NULL here.", lastPkmap)), t);
            return 0;
        }
        int nr = lastPkmapNr;
        long vaddr = pkmapAddr(nr);
        host.setKernelPte(vaddr, host.pageToPfn(page), t);
        pkmapCount[nr] = 1;
        pageAddress.put(page, vaddr);                                // set_page_address()
        if (t.enabled()) t.formula(String.format("map_new_virtual: last_pkmap_nr = %d is free -> pte of 0x%x = pfn 0x%x, pkmap_count[%d] = 1, "
                + "set_page_address(page, 0x%x) in bucket %d", nr, vaddr, host.pageToPfn(page), nr, vaddr, bucket(page)));
        return vaddr;
    }

    /** flush_all_zero_pkmaps(): the lazy unmapping of slots whose count dropped to 1. */
    void flushAllZeroPkmaps(Trace t) {
        int n = 0;
        for (int i = 0; i < lastPkmap; i++) {
            if (pkmapCount[i] != 1) continue;
            pkmapCount[i] = 0;
            long va = pkmapAddr(i);
            long pfn = host.kernelPtePfn(va);
            if (pfn < 0) {
                host.report(Diagnostic.of(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c! (flush_all_zero_pkmaps: BUG_ON(pte_none(ptent)))"), t);
                continue;
            }
            long page = host.pfnToPage(pfn);
            host.clearKernelPte(va, t);
            pageAddress.remove(page);                               // set_page_address(page, NULL)
            n++;
        }
        if (t.enabled()) t.note(n == 0 ? "flush_all_zero_pkmaps: wrapped to slot 0, no slot with pkmap_count 1"
                : String.format("flush_all_zero_pkmaps: wrapped to slot 0, unmapped %d lazily kept slot%s (pkmap_count 1 -> 0), "
                        + "flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(LAST_PKMAP))", n, n == 1 ? "" : "s"));
    }

    /** kunmap(page): nothing for lowmem; kunmap_high() for highmem. */
    public void kunmap(Object task, long page, Trace t) {
        switchTo(task, t);
        mightSleep(task, "kunmap", t);
        if (!host.pageHighMem(page)) {
            if (t.enabled()) t.note("kunmap: not a highmem page: nothing to do");
            return;
        }
        Long v = pageAddress.get(page);
        if (v == null) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kunmap_high: BUG_ON(!vaddr) - page 0x%x has no pkmap address (kunmap without kmap)", page)), t);
            return;
        }
        int nr = pkmapNr(v);
        if (pkmapCount[nr] - 1 == 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kunmap_high: pkmap_count[%d] would drop to 0 - page 0x%x is mapped but has no kmap() user "
                            + "(unbalanced kunmap)", nr, page)), t);
            return;
        }
        pkmapCount[nr]--;
        if (t.enabled()) t.formula(String.format("kunmap_high: pkmap_count[%d]-- -> %d%s", nr, pkmapCount[nr],
                pkmapCount[nr] == 1 ? " (mapping kept lazily until the next flush_all_zero_pkmaps; waiters woken)" : ""));
    }

    // ================================================================== kmap_atomic / kmap_local

    private KmapCtrl ctrl(Object task) {
        return ctrl.computeIfAbsent(task, k -> new KmapCtrl(kmMaxIdx));
    }

    /** kmap_local_calc_idx(): idx + KM_MAX_IDX * smp_processor_id(). */
    int slotIndex(int idx, int cpu) { return idx + kmMaxIdx * cpu; }

    public long slotVa(int idx, int cpu) { return fixmap.kmapSlotVa(slotIndex(idx, cpu)); }

    /** kmap_atomic(page) (6.x) or kmap_atomic(page, type) (2.6); {@code kmType} null = no type given. */
    public long kmapAtomic(Object task, long page, String kmType, Trace t) {
        switchTo(task, t);
        if (kmTypes) return kmapAtomicTyped(task, page, kmType == null ? "KM_USER0" : kmType, kmType == null, t);
        if (kmType != null && t.enabled())
            t.note("kmap_atomic(page, " + kmType + "): the km_type argument no longer exists in this kernel "
                    + "(slots are a per-task stack since 2.6.37; kmap_atomic() takes only the page) - ignored");
        if (kmType != null)
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, "kmap_atomic(page, " + kmType + "): the KM_ type argument is gone in kernel "
                    + "profiles after 2.6 - the per-CPU slot stack is used"), t);
        KmapCtrl c = ctrl(task);
        c.atomic++;                                               // preempt_disable(); pagefault_disable()
        long a = kmapLocal(task, page, "kmap_atomic", t);
        if (a == 0) c.atomic--;
        return a;
    }

    /** kmap_local_page(page). */
    public long kmapLocalPage(Object task, long page, Trace t) {
        switchTo(task, t);
        if (kmTypes) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kmap_local_page() does not exist in kernel 2.6 (added in 5.11); use kmap_atomic(page, KM_USER0)"), t);
            return 0;
        }
        return kmapLocal(task, page, "kmap_local_page", t);
    }

    /** __kmap_local_page_prot() / __kmap_local_pfn_prot(). */
    long kmapLocal(Object task, long page, String fn, Trace t) {
        if (!host.pageHighMem(page)) {
            long a = host.lowmemPageAddress(page, t);
            if (t.enabled()) t.note(fn + ": not a highmem page -> page_address(), no fixmap slot used");
            return a;
        }
        long high = kmapHighGet(page, fn, t);                      // arch_kmap_local_high_get()
        if (high != 0) return high;
        KmapCtrl c = ctrl(task);
        int newIdx = c.idx + kmIncr;                              // kmap_local_idx_push()
        if (newIdx >= kmMaxIdx) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kmap_local_idx_push: BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX): "
                            + "%s would be nesting level %d, only %d per-CPU slots (KM_MAX_IDX %d)", fn, newIdx, (kmMaxIdx - 1) / kmIncr, kmMaxIdx)), t);
            return 0;
        }
        int idx = newIdx - 1;
        int slot = slotIndex(idx, c.cpu);
        long vaddr = fixmap.kmapSlotVa(slot);
        if (host.kernelPtePfn(vaddr) >= 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! __kmap_local_pfn_prot: BUG_ON(!pte_none(*kmap_pte)) - slot %d (0x%x) is still mapped", slot, vaddr)), t);
            return 0;
        }
        c.idx = newIdx;
        long pfn = host.pageToPfn(page);
        host.setKernelPte(vaddr, pfn, t);
        c.pteval[idx] = pfn + 1;                                  // current->kmap_ctrl.pteval[idx]
        if (t.enabled()) t.formula(String.format("%s: kmap_ctrl.idx %d -> %d; slot = idx %d + KM_MAX_IDX %d * cpu %d = %d; "
                + "vaddr = __fix_to_virt(FIX_KMAP_BEGIN %d + %d) = 0x%x; pte = pfn 0x%x",
                fn, newIdx - kmIncr, newIdx, idx, kmMaxIdx, c.cpu, slot, fixmap.kmapBegin(), slot, vaddr, pfn));
        return vaddr;
    }

    /** kunmap_atomic(addr) (6.x: kunmap_local_indexed + pagefault/preempt enable) or kunmap_atomic(addr, type) (2.6). */
    public void kunmapAtomic(Object task, long addr, String kmType, Trace t) {
        switchTo(task, t);
        if (kmTypes) { kunmapAtomicTyped(task, addr, kmType == null ? "KM_USER0" : kmType, t); return; }
        kunmapLocalIndexed(task, addr, "kunmap_atomic", t);
        KmapCtrl c = ctrl(task);
        if (c.atomic > 0) c.atomic--;
        else if (t.enabled()) t.note("kunmap_atomic without kmap_atomic: preempt_count would underflow");
    }

    /** kunmap_local(addr). */
    public void kunmapLocal(Object task, long addr, Trace t) {
        switchTo(task, t);
        if (kmTypes) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kunmap_local() does not exist in kernel 2.6 (added in 5.11)"), t);
            return;
        }
        kunmapLocalIndexed(task, addr, "kunmap_local", t);
    }

    /** kunmap_local_indexed(). */
    void kunmapLocalIndexed(Object task, long vaddr, String fn, Trace t) {
        long addr = vaddr & ~0xfffL;
        if (!fixmap.inKmapSlots(addr)) {
            if (kmapHighGet && inPkmap(addr)) {                     // kmap_high_unmap_local(): an address from kmap_high_get()
                kunmapHighAt(addr, fn, t);
                return;
            }
            // lowmem page (page_address()) or another address
            if (Long.compareUnsigned(addr, pageOffset) < 0) warnOnce("kunmap_local<PAGE_OFFSET",
                    String.format("WARNING: CPU: 0 at mm/highmem.c kunmap_local_indexed: %s(0x%x): WARN_ON_ONCE(addr < PAGE_OFFSET)", fn, vaddr), t);
            else if (t.enabled()) t.note(fn + ": not a kmap slot address (lowmem page_address()): nothing to unmap");
            return;
        }
        KmapCtrl c = ctrl(task);
        if (c.idx <= 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kmap_local_idx_pop: BUG_ON(current->kmap_ctrl.idx < 0) - %s(0x%x) without a matching map", fn, vaddr)), t);
            return;
        }
        int idx = c.idx - 1;                                       // kmap_local_idx()
        int slot = slotIndex(idx, c.cpu);
        long top = fixmap.kmapSlotVa(slot);
        if (addr != top) {
            int passed = fixmap.slotOf(addr);
            warnOnce("kunmap_local order", String.format("WARNING: CPU: 0 at mm/highmem.c kunmap_local_indexed: WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx)): "
                    + "%s(0x%x) is not the innermost mapping 0x%x (slot %d) - kmap_local/kmap_atomic must be unmapped in reverse order", fn, vaddr, top, slot), t);
            if (t.enabled()) t.note(String.format("out of order: the kernel clears the innermost slot %d (0x%x) and pops it; 0x%x (slot %d) stays mapped until it is popped",
                    slot, top, addr, passed));
        }
        host.clearKernelPte(top, t);                              // pte_clear(&init_mm, addr, kmap_pte) of the stack slot
        c.pteval[idx] = 0;
        c.idx -= kmIncr;                                           // kmap_local_idx_pop()
        if (t.enabled()) t.formula(String.format("%s: pte of slot %d (0x%x) cleared; kmap_ctrl.idx %d -> %d", fn, slot, top, c.idx + kmIncr, c.idx));
    }

    // ---- 2.6: fixed per-type slots

    private int kmTypeIndex(String type) {
        String tname = type.startsWith("KM_") ? type : "KM_" + type;
        return KM_TYPES.indexOf(tname.toUpperCase());
    }

    long kmapAtomicTyped(Object task, long page, String type, boolean defaulted, Trace t) {
        int ti = kmTypeIndex(type);
        if (ti < 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kmap_atomic: unknown km_type " + type + " (2.6.32 has " + String.join(", ", KM_TYPES) + ")"), t);
            return 0;
        }
        if (defaulted && t.enabled()) t.note("kmap_atomic(page) in kernel 2.6 needs a km_type: KM_USER0 assumed");
        KmapCtrl c = ctrl(task);
        c.atomic++;                                                // pagefault_disable() (debug_kmap_atomic)
        if (!host.pageHighMem(page)) {
            if (t.enabled()) t.note("kmap_atomic: not a highmem page -> page_address(), no fixmap slot used");
            return host.lowmemPageAddress(page, t);
        }
        long high = kmapHighGet(page, "kmap_atomic", t);            // ARM: kmap_high_get()
        if (high != 0) return high;
        int idx = ti + KM_TYPES.size() * c.cpu;                    // type + KM_TYPE_NR * smp_processor_id()
        long vaddr = fixmap.fixToVirt(fixmap.kmapBegin() + idx);
        if (!kmapHighGet && host.kernelPtePfn(vaddr) >= 0) {       // x86 BUG_ON; ARM only with CONFIG_DEBUG_HIGHMEM
            c.atomic--;
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at arch/x86/mm/highmem_32.c!",
                    String.format("kernel BUG at arch/x86/mm/highmem_32.c! kmap_atomic_prot: BUG_ON(!pte_none(*(kmap_pte-idx))) - the %s slot (0x%x) "
                            + "is still mapped: a kmap_atomic(.., %s) without kunmap_atomic", type, vaddr, type)), t);
            return 0;
        }
        long pfn = host.pageToPfn(page);
        host.setKernelPte(vaddr, pfn, t);
        if (t.enabled()) t.formula(String.format("kmap_atomic(page, %s): idx = type %d + KM_TYPE_NR %d * cpu %d = %d; "
                + "vaddr = __fix_to_virt(FIX_KMAP_BEGIN %d + %d) = 0x%x; pte = pfn 0x%x", type, ti, KM_TYPES.size(), c.cpu, idx, fixmap.kmapBegin(), idx, vaddr, pfn));
        return vaddr;
    }

    void kunmapAtomicTyped(Object task, long kvaddr, String type, Trace t) {
        int ti = kmTypeIndex(type);
        KmapCtrl c = ctrl(task);
        if (c.atomic > 0) c.atomic--;
        if (ti < 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kunmap_atomic: unknown km_type " + type), t);
            return;
        }
        long vaddr = kvaddr & ~0xfffL;
        int idx = ti + KM_TYPES.size() * c.cpu;
        long slotVa = fixmap.fixToVirt(fixmap.kmapBegin() + idx);
        if (kmapHighGet) {                                         // arch/arm/mm/highmem.c of 2.6
            if (inPkmap(vaddr)) kunmapHighAt(vaddr, "kunmap_atomic", t);
            else if (t.enabled() && Long.compareUnsigned(vaddr, fixmap.start()) >= 0)
                t.note("kunmap_atomic (arm, no CONFIG_DEBUG_HIGHMEM): the slot's pte is left as it is; the next kmap_atomic of this type overwrites it");
            return;
        }
        if (vaddr == slotVa) {
            host.clearKernelPte(vaddr, t);                         // kpte_clear_flush(kmap_pte-idx, vaddr)
            if (t.enabled()) t.formula(String.format("kunmap_atomic(0x%x, %s): the %s slot: pte cleared", kvaddr, type, type));
        } else if (t.enabled()) {
            int other = fixmap.inKmapSlots(vaddr) ? fixmap.virtToFix(vaddr) - fixmap.kmapBegin() : -1;
            t.note(other >= 0
                    ? String.format("kunmap_atomic(0x%x, %s): the address is the %s slot, not %s's (0x%x): nothing is unmapped - "
                            + "that slot stays mapped and the next kmap_atomic(.., %s) hits BUG_ON(!pte_none)", kvaddr, type,
                            KM_TYPES.get(other % KM_TYPES.size()), type, slotVa, KM_TYPES.get(other % KM_TYPES.size()))
                    : String.format("kunmap_atomic(0x%x, %s): not a kmap_atomic slot (lowmem page_address()): nothing to unmap", kvaddr, type));
        }
    }

    /** kmap_high_get() (mm/highmem.c): the page's pkmap address with pkmap_count++, or 0. */
    long kmapHighGet(long page, String fn, Trace t) {
        if (!kmapHighGet) return 0;
        Long v = pageAddress.get(page);
        if (v == null) return 0;
        int nr = pkmapNr(v);
        pkmapCount[nr]++;
        if (t.enabled()) t.formula(String.format("%s: arm kmap_high_get(): the page is kmapped at 0x%x - reused, pkmap_count[%d]++ -> %d (no fixmap slot)",
                fn, v, nr, pkmapCount[nr]));
        return v;
    }

    /** kunmap_high(pte_page(pkmap_page_table[PKMAP_NR(vaddr)])) for an address that came from kmap_high_get(). */
    private void kunmapHighAt(long vaddr, String fn, Trace t) {
        long pfn = host.kernelPtePfn(vaddr);
        if (pfn < 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! %s(0x%x): the pkmap slot is not mapped (kunmap_high: BUG_ON(!vaddr))", fn, vaddr)), t);
            return;
        }
        long page = host.pfnToPage(pfn);
        if (t.enabled()) t.note(String.format("%s(0x%x): a pkmap address (from kmap_high_get) -> kunmap_high()", fn, vaddr));
        Long v = pageAddress.get(page);
        int nr = pkmapNr(vaddr);
        if (v == null || pkmapCount[nr] - 1 <= 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kunmap_high: pkmap_count[%d] would drop to 0 (%s of an address that has no user)", nr, fn)), t);
            return;
        }
        pkmapCount[nr]--;
    }

    // ================================================================== context

    /** might_sleep(): a splat with DEBUG_ATOMIC_SLEEP when called inside kmap_atomic. */
    private void mightSleep(Object task, String fn, Trace t) {
        KmapCtrl c = ctrl.get(task);
        if (c != null && c.atomic > 0 && host.debugAtomicSleep())
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("BUG: sleeping function called from invalid context at include/linux/highmem-internal.h "
                    + "(%s() inside kmap_atomic: in_atomic(): 1, pid: %s)", fn, host.taskName(task))), t);
    }

    /**
     * The statement runs in {@code task} on CPU 0: if another task was current there, switch
     * (kmap_local_sched_out of the old task: its slot ptes cleared; kmap_local_sched_in of the
     * new one: restored from kmap_ctrl.pteval). Leaving a task inside kmap_atomic is
     * "scheduling while atomic".
     */
    public void switchTo(Object task, Trace t) {
        int cpu = 0;
        Object cur = currentTask[cpu];
        if (cur == task) return;
        if (cur != null) {
            KmapCtrl old = ctrl.get(cur);
            if (old != null) {
                if (old.atomic > 0)
                    host.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG: scheduling while atomic: %s/%d (left a kmap_atomic section without kunmap_atomic)",
                            host.taskName(cur), old.atomic)), t);
                if (!kmTypes) for (int i = 0; i < old.idx; i++) if (old.pteval[i] != 0) host.clearKernelPte(slotVa(i, old.cpu), Trace.NONE);
            }
        }
        currentTask[cpu] = task;
        KmapCtrl nc = ctrl.get(task);
        if (nc != null && !kmTypes) {
            for (int i = 0; i < nc.idx; i++) if (nc.pteval[i] != 0) host.setKernelPte(slotVa(i, nc.cpu), nc.pteval[i] - 1, Trace.NONE);
            if (nc.idx > 0 && t.enabled()) t.note("context switch: kmap_local_sched_in restored " + nc.idx + " kmap_local slot(s) of " + host.taskName(task));
        }
    }

    private void warnOnce(String key, String text, Trace t) {
        if (warnedOnce.add(key)) host.report(Diagnostic.of(Diagnostic.Kind.WARN, text), t);
        else if (t.enabled()) t.note("(WARN_ON_ONCE already fired) " + text);
    }

    /** kmap_ctrl.idx of a task (nesting depth x KM_INCR). */
    public int depth(Object task) { KmapCtrl c = ctrl.get(task); return c == null ? 0 : c.idx / kmIncr; }

    /** kmap_atomic nesting (preempt/pagefault disabled) of a task. */
    public int atomicDepth(Object task) { KmapCtrl c = ctrl.get(task); return c == null ? 0 : c.atomic; }

    public int kmMaxIdx() { return kmMaxIdx; }

    public Fixmap fixmap() { return fixmap; }

    /**
     * A task's current->kmap_ctrl: its CPU, kmap_ctrl.idx, kmap_atomic nesting, and for each
     * stack slot below idx the pfn of kmap_ctrl.pteval (-1: pte_none, e.g. a guard slot).
     */
    public record KmapCtrlView(int cpu, int idx, int atomic, long[] slotPfns) {
        public KmapCtrlView { slotPfns = slotPfns.clone(); }
        @Override public long[] slotPfns() { return slotPfns.clone(); }
    }

    /** The kmap_ctrl of {@code task}, or null when the task never used a kmap_atomic / kmap_local slot. */
    public KmapCtrlView kmapCtrl(Object task) {
        KmapCtrl c = ctrl.get(task);
        if (c == null) return null;
        long[] pfns = new long[Math.max(0, Math.min(c.idx, c.pteval.length))];
        for (int i = 0; i < pfns.length; i++) pfns[i] = c.pteval[i] - 1;
        return new KmapCtrlView(c.cpu, c.idx, c.atomic, pfns);
    }

    /** The task whose kmap slots are live on {@code cpu} (the last one that ran there), or null. */
    public Object currentTask(int cpu) { return cpu >= 0 && cpu < currentTask.length ? currentTask[cpu] : null; }

    /** True for the 2.6 profile's fixed KM_ type slots (no per-task stack). */
    public boolean kmTypes() { return kmTypes; }

    /** Pages with a pkmap address (the page address hash), page -> address. */
    public Map<Long, Long> pkmapped() { return Map.copyOf(pageAddress); }

    // ================================================================== invariants, checkpoint

    /** Self-check: pkmap counts vs ptes vs the hash; kmap_local slots vs the stack depth. Empty when consistent. */
    public List<String> invariants() {
        List<String> bad = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < lastPkmap; i++) {
            int cnt = pkmapCount[i];
            long pfn = host.kernelPtePfn(pkmapAddr(i));
            if (cnt < 0) bad.add("pkmap_count[" + i + "] < 0");
            if (cnt > 0 && pfn < 0) bad.add("pkmap slot " + i + " counted but its pte is none");
            if (cnt == 0 && pfn >= 0) bad.add("pkmap slot " + i + " free but its pte maps pfn 0x" + Long.toHexString(pfn));
            if (cnt > 0 && pfn >= 0) {
                long page = host.pfnToPage(pfn);
                Long a = pageAddress.get(page);
                if (a == null || a != pkmapAddr(i)) bad.add("pkmap slot " + i + " maps page 0x" + Long.toHexString(page) + " but the hash says " + a);
                Integer prev = seen.put(page, i);
                if (prev != null) bad.add("page 0x" + Long.toHexString(page) + " in pkmap slots " + prev + " and " + i);
            }
        }
        for (Map.Entry<Long, Long> e : pageAddress.entrySet()) {
            if (!inPkmap(e.getValue())) { bad.add("hash address outside pkmap: 0x" + Long.toHexString(e.getValue())); continue; }
            if (pkmapCount[pkmapNr(e.getValue())] == 0) bad.add("hashed page 0x" + Long.toHexString(e.getKey()) + " has a free slot");
        }
        if (!kmTypes) {
            for (int cpu = 0; cpu < currentTask.length; cpu++) {
                Object cur = currentTask[cpu];
                KmapCtrl c = cur == null ? null : ctrl.get(cur);
                int depth = c == null ? 0 : c.idx;
                if (depth < 0 || depth >= kmMaxIdx + kmIncr) bad.add("kmap_ctrl.idx out of range: " + depth);
                for (int i = 0; i < kmMaxIdx; i++) {
                    long pfn = host.kernelPtePfn(slotVa(i, cpu));
                    if (i >= depth && pfn >= 0) bad.add("kmap slot " + i + " of cpu " + cpu + " mapped above the stack depth " + depth);
                    if (i < depth && c != null && c.pteval[i] != 0 && pfn != c.pteval[i] - 1 && !(pfn < 0)) bad.add("kmap slot " + i + " pte differs from kmap_ctrl.pteval");
                }
            }
        }
        return bad;
    }

    /** pkmap counts and hash, every task's kmap_ctrl, the task on each CPU, the WARN_ONCEs given (the ptes live in PhysMem). */
    public record State(int[] pkmapCount, int lastPkmapNr, Map<Long, Long> pageAddress, Map<Object, KmapCtrl> ctrl,
                        Object[] currentTask, Set<String> warnedOnce) { }

    @Override public State save() {
        Map<Object, KmapCtrl> cc = new HashMap<>();
        for (Map.Entry<Object, KmapCtrl> e : ctrl.entrySet()) cc.put(e.getKey(), e.getValue().copy());
        return new State(pkmapCount.clone(), lastPkmapNr, new LinkedHashMap<>(pageAddress), cc, currentTask.clone(), new HashSet<>(warnedOnce));
    }

    @Override public void load(State s) {
        pkmapCount = s.pkmapCount().clone();
        lastPkmapNr = s.lastPkmapNr();
        pageAddress = new LinkedHashMap<>(s.pageAddress());
        ctrl = new HashMap<>();
        for (Map.Entry<Object, KmapCtrl> e : s.ctrl().entrySet()) ctrl.put(e.getKey(), e.getValue().copy());
        currentTask = s.currentTask().clone();
        warnedOnce = new HashSet<>(s.warnedOnce());
    }
}
