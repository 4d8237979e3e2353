package io.kmemlab.emulator.highmem;

import io.kmemlab.emulator.arch.Fixmap;
import io.kmemlab.emulator.arch.KmTypes;
import io.kmemlab.emulator.process.TaskContext;
import io.kmemlab.emulator.store.Checkpointable;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * address that is not the innermost mapping is WARN_ON_ONCE; the kernel then zeroes the
 * innermost kmap_ctrl.pteval and pops the stack anyway. Which pte it clears depends on
 * kmap_get_pte(addr, idx): on x86 {@code &__kmap_pte[-idx]}, the innermost slot's pte (the
 * address passed in stays mapped); with CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY (ARM)
 * virt_to_kpte(addr), the pte of the address passed in (the innermost slot stays mapped,
 * although the stack no longer records it). Lowmem pages use no slot (page_address()). kmap_atomic() also disables
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

        /** CONFIG_DEBUG_ATOMIC_SLEEP: might_sleep() in atomic context prints a splat. */
        boolean debugAtomicSleep();
    }

    /** enum km_type of 2.6.32 (include/asm-generic/kmap_types.h, x86), KM_TYPE_NR = 19; ARM has its own ({@link KmTypes#ARM}). */
    public static final List<String> KM_TYPES = KmTypes.GENERIC;
    /** PA_HASH_ORDER (mm/highmem.c): 128 buckets of page_address_htable. */
    static final int PA_HASH_ORDER = 7;

    private final Host host;
    private final Fixmap fixmap;
    private final Pkmap pkmap;
    private final KmapSlots slots;

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
        this(host, pkmapBase, lastPkmap, fixmap, kmTypes, debugKmapLocal, pageOffset, kmapHighGet, false);
    }

    /**
     * @param nonLinearPteArray CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY (selected by ARM's HIGHMEM,
     *                          arch/arm/Kconfig): kmap_get_pte(vaddr, idx) is virt_to_kpte(vaddr), so
     *                          kunmap_local clears the pte of the address passed in
     */
    public Highmem(Host host, long pkmapBase, int lastPkmap, Fixmap fixmap, boolean kmTypes, boolean debugKmapLocal, long pageOffset,
                   boolean kmapHighGet, boolean nonLinearPteArray) {
        this(host, pkmapBase, lastPkmap, fixmap, kmTypes, debugKmapLocal, pageOffset, kmapHighGet, nonLinearPteArray, KM_TYPES);
    }

    /** @param kmTypeNames the arch's 2.6.32 enum km_type ({@link KmTypes}), KM_TYPE_NR = its size */
    public Highmem(Host host, long pkmapBase, int lastPkmap, Fixmap fixmap, boolean kmTypes, boolean debugKmapLocal, long pageOffset,
                   boolean kmapHighGet, boolean nonLinearPteArray, List<String> kmTypeNames) {
        this.host = host;
        this.fixmap = fixmap;
        this.pkmap = new Pkmap(host, pkmapBase, lastPkmap, kmTypes, kmapHighGet);
        this.slots = new KmapSlots(host, pkmap, fixmap, kmTypes, debugKmapLocal, pageOffset, kmapHighGet, nonLinearPteArray, kmTypeNames);
    }

    // ================================================================== pkmap (see Pkmap)

    /** PKMAP_ADDR(nr) = PKMAP_BASE + nr * PAGE_SIZE. */
    public long pkmapAddr(int nr) { return pkmap.pkmapAddr(nr); }

    /** PKMAP_NR(va) = (va - PKMAP_BASE) >> PAGE_SHIFT. */
    public int pkmapNr(long va) { return pkmap.pkmapNr(va); }

    public boolean inPkmap(long va) { return pkmap.inPkmap(va); }

    public int lastPkmap() { return pkmap.lastPkmap(); }

    public long pkmapBase() { return pkmap.pkmapBase(); }

    public int pkmapCount(int nr) { return pkmap.pkmapCount(nr); }

    public int lastPkmapNr() { return pkmap.lastPkmapNr(); }

    /** page_address() for a highmem page: the pkmap address found in the hash, or 0 (NULL). */
    public long highPageAddress(long page, Trace t) { return pkmap.highPageAddress(page, t); }

    /** page_address(): lowmem_page_address for lowmem, the hash for highmem. */
    public long pageAddress(long page, Trace t) {
        if (!host.pageHighMem(page)) return host.lowmemPageAddress(page, t);
        return pkmap.highPageAddress(page, t);
    }

    /** kmap(page) (include/linux/highmem-internal.h): might_sleep(), page_address() or kmap_high(). */
    public long kmap(TaskContext task, long page, Trace t) {
        switchTo(task, t);
        mightSleep(task, "kmap", t);
        if (!host.pageHighMem(page)) {
            long a = host.lowmemPageAddress(page, t);
            if (t.enabled()) t.note("kmap: not a highmem page -> page_address(), no pkmap slot used");
            return a;
        }
        return pkmap.kmapHigh(page, t);
    }

    /** kunmap(page): nothing for lowmem; kunmap_high() for highmem. */
    public void kunmap(TaskContext task, long page, Trace t) {
        switchTo(task, t);
        mightSleep(task, "kunmap", t);
        if (!host.pageHighMem(page)) {
            if (t.enabled()) t.note("kunmap: not a highmem page: nothing to do");
            return;
        }
        pkmap.kunmapHigh(page, t);
    }

    /** Pages with a pkmap address (the page address hash), page -> address. */
    public Map<Long, Long> pkmapped() { return pkmap.pkmapped(); }

    // ================================================================== kmap_atomic / kmap_local (see KmapSlots)

    public long slotVa(int idx, int cpu) { return slots.slotVa(idx, cpu); }

    /** kmap_atomic(page) (6.x) or kmap_atomic(page, type) (2.6); {@code kmType} null = no type given. */
    public long kmapAtomic(TaskContext task, long page, String kmType, Trace t) {
        switchTo(task, t);
        return slots.kmapAtomic(task, page, kmType, t);
    }

    /** kmap_local_page(page). */
    public long kmapLocalPage(TaskContext task, long page, Trace t) {
        switchTo(task, t);
        return slots.kmapLocalPage(task, page, t);
    }

    /** kunmap_atomic(addr) (6.x: kunmap_local_indexed + pagefault/preempt enable) or kunmap_atomic(addr, type) (2.6). */
    public void kunmapAtomic(TaskContext task, long addr, String kmType, Trace t) {
        switchTo(task, t);
        slots.kunmapAtomic(task, addr, kmType, t);
    }

    /** kunmap_local(addr). */
    public void kunmapLocal(TaskContext task, long addr, Trace t) {
        switchTo(task, t);
        slots.kunmapLocal(task, addr, t);
    }

    /**
     * The statement runs in {@code task} on CPU 0: if another task was current there, switch
     * (kmap_local_sched_out of the old task: its slot ptes cleared; kmap_local_sched_in of the
     * new one: restored from kmap_ctrl.pteval). Leaving a task inside kmap_atomic is
     * "scheduling while atomic".
     */
    public void switchTo(TaskContext task, Trace t) { slots.switchTo(task, t); }

    /** might_sleep(): a splat with DEBUG_ATOMIC_SLEEP when called inside kmap_atomic. */
    private void mightSleep(TaskContext task, String fn, Trace t) {
        if (slots.atomicDepth(task) > 0 && host.debugAtomicSleep())
            host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("BUG: sleeping function called from invalid context at include/linux/highmem-internal.h "
                    + "(%s() inside kmap_atomic: in_atomic(): 1, pid: %s)", fn, task.name())), t);
    }

    /** kmap_ctrl.idx of a task (nesting depth x KM_INCR). */
    public int depth(TaskContext task) { return slots.depth(task); }

    /** kmap_atomic nesting (preempt/pagefault disabled) of a task. */
    public int atomicDepth(TaskContext task) { return slots.atomicDepth(task); }

    public int kmMaxIdx() { return slots.kmMaxIdx(); }

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
    public KmapCtrlView kmapCtrl(TaskContext task) { return slots.kmapCtrl(task); }

    /** The task whose kmap slots are live on {@code cpu} (the last one that ran there), or null. */
    public TaskContext currentTask(int cpu) { return slots.currentTask(cpu); }

    /** True for the 2.6 profile's fixed KM_ type slots (no per-task stack). */
    public boolean kmTypes() { return slots.kmTypes(); }

    // ================================================================== invariants, checkpoint

    /** Self-check: pkmap counts vs ptes vs the hash; kmap_local slots vs the stack depth. Empty when consistent. */
    public List<String> invariants() {
        List<String> bad = new ArrayList<>();
        pkmap.invariants(bad);
        slots.invariants(bad);
        return bad;
    }

    /** The pkmap area and the kmap slots (the ptes themselves live in PhysMem). */
    public record State(Pkmap.State pkmap, KmapSlots.State slots) { }

    @Override public State save() { return new State(pkmap.save(), slots.save()); }

    @Override public void load(State s) {
        pkmap.load(s.pkmap());
        slots.load(s.slots());
    }
}
