package io.kmemlab.emulator.inspect;

import java.util.List;

/**
 * Highmem mappings (mm/highmem.c): the persistent kmap (pkmap) slots and the per-CPU
 * kmap_atomic / kmap_local slots in the fixmap with the per-task stacks behind them. Empty on a
 * machine without highmem. An immutable snapshot.
 *
 * @param pkmapBase   PKMAP_BASE (0 without highmem)
 * @param lastPkmapNr last_pkmap_nr: where map_new_virtual() resumes its scan
 * @param pkmap       every pkmap slot, LAST_PKMAP of them
 * @param cpus        per CPU: its kmap slots as the page tables hold them now
 * @param stacks      per task that used kmap_atomic / kmap_local: its current->kmap_ctrl
 * @param kmTypes     true for 2.6's fixed KM_ type slots (then the stacks are empty)
 */
public record KmapState(long pkmapBase, int lastPkmapNr, List<PkmapSlot> pkmap, List<CpuSlots> cpus, List<KmapStack> stacks,
                        boolean kmTypes) {
    public static final KmapState NONE = new KmapState(0, 0, List.of(), List.of(), List.of(), false);

    public KmapState {
        pkmap = List.copyOf(pkmap);
        cpus = List.copyOf(cpus);
        stacks = List.copyOf(stacks);
    }

    /**
     * pkmap slot {@code nr} at PKMAP_ADDR(nr).
     *
     * @param count pkmap_count[nr]: 0 free, 1 mapped but unused (flushed lazily), n >= 2: n - 1 users
     * @param pfn   the frame its pte maps, -1 for pte_none
     * @param page  struct page * of that frame, 0 for none
     */
    public record PkmapSlot(int nr, long va, int count, long pfn, long page) { }

    /** One fixmap kmap slot: FIX_KMAP_BEGIN + idx + KM_MAX_IDX * cpu. */
    public record Slot(int idx, long va, long pfn, long page) { }

    /**
     * @param current the task whose slots are live on this CPU, null for none
     * @param slots   KM_MAX_IDX (2.6: KM_TYPE_NR) slots
     */
    public record CpuSlots(int cpu, String current, List<Slot> slots) {
        public CpuSlots { slots = List.copyOf(slots); }
    }

    /**
     * current->kmap_ctrl of a task.
     *
     * @param idx      kmap_ctrl.idx (nesting x KM_INCR)
     * @param atomic   kmap_atomic nesting (preemption and page faults disabled)
     * @param pfns     kmap_ctrl.pteval per stack slot below idx, -1 for pte_none
     */
    public record KmapStack(String task, int cpu, int idx, int atomic, List<Long> pfns) {
        public KmapStack { pfns = List.copyOf(pfns); }
    }
}
