package io.kmemlab.emulator.highmem;

import io.kmemlab.emulator.arch.Fixmap;
import io.kmemlab.emulator.process.TaskContext;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-CPU kmap_atomic / kmap_local slots in the fixmap (6.x: mm/highmem.c
 * __kmap_local_pfn_prot, kunmap_local_indexed, kmap_local_sched_out/in; 2.6: the fixed KM_
 * type slots of arch/x86/mm/highmem_32.c and arch/arm/mm/highmem.c): each task's kmap_ctrl
 * stack, the task on each CPU, and the WARN_ONCEs already given.
 */
final class KmapSlots {
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

    private final Highmem.Host host;
    private final Pkmap pkmap;
    private final Fixmap fixmap;
    private final boolean kmTypes;        // kernel 2.6: KM_ fixed slots
    private final int kmMaxIdx, kmIncr;
    private final long pageOffset;
    private final boolean kmapHighGet;    // ARM: ARCH_NEEDS_KMAP_HIGH_GET
    private final boolean nonLinearPteArray;   // ARM: CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY
    private final List<String> kmTypeNames;    // kernel 2.6: the arch's enum km_type
    private Map<TaskContext, KmapCtrl> ctrl = new HashMap<>();
    private TaskContext[] currentTask;
    private Set<String> warnedOnce = new HashSet<>();

    KmapSlots(Highmem.Host host, Pkmap pkmap, Fixmap fixmap, boolean kmTypes, boolean debugKmapLocal, long pageOffset, boolean kmapHighGet,
               boolean nonLinearPteArray, List<String> kmTypeNames) {
        this.host = host;
        this.pkmap = pkmap;
        this.fixmap = fixmap;
        this.kmTypes = kmTypes;
        this.kmMaxIdx = fixmap.slotsPerCpu();
        this.kmIncr = debugKmapLocal && !kmTypes ? 2 : 1;
        this.pageOffset = pageOffset;
        this.kmapHighGet = kmapHighGet;
        this.nonLinearPteArray = nonLinearPteArray;
        this.kmTypeNames = kmTypeNames;
        this.currentTask = new TaskContext[fixmap.cpus()];
    }

    private KmapCtrl ctrl(TaskContext task) {
        return ctrl.computeIfAbsent(task, k -> new KmapCtrl(kmMaxIdx));
    }

    /** kmap_local_calc_idx(): idx + KM_MAX_IDX * smp_processor_id(). */
    int slotIndex(int idx, int cpu) { return idx + kmMaxIdx * cpu; }

    long slotVa(int idx, int cpu) { return fixmap.kmapSlotVa(slotIndex(idx, cpu)); }

    /** kmap_atomic(page) (6.x) or kmap_atomic(page, type) (2.6); {@code kmType} null = no type given. */
    long kmapAtomic(TaskContext task, long page, String kmType, Trace t) {
        if (kmTypes) return kmapAtomicTyped(task, page, kmType == null ? "KM_USER0" : kmType, kmType == null, t);
        if (kmType != null && t.enabled())
            t.note("kmap_atomic(page, " + kmType + "): the km_type argument no longer exists in this kernel "
                    + "(slots are a per-task stack since 2.6.37; kmap_atomic() takes only the page) - ignored");
        if (kmType != null)
            host.report(Diagnostic.note("kmap_atomic(page, " + kmType + "): the KM_ type argument is gone in kernel "
                    + "profiles after 2.6 - the per-CPU slot stack is used"), t);
        KmapCtrl c = ctrl(task);
        c.atomic++;                                               // preempt_disable(); pagefault_disable()
        long a = kmapLocal(task, page, "kmap_atomic", t);
        if (a == 0) c.atomic--;
        return a;
    }

    /** kmap_local_page(page). */
    long kmapLocalPage(TaskContext task, long page, Trace t) {
        if (kmTypes) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kmap_local_page() does not exist in kernel 2.6 (added in 5.11); use kmap_atomic(page, KM_USER0)"), t);
            return 0;
        }
        return kmapLocal(task, page, "kmap_local_page", t);
    }

    /** __kmap_local_page_prot() / __kmap_local_pfn_prot(). */
    long kmapLocal(TaskContext task, long page, String fn, Trace t) {
        if (!host.pageHighMem(page)) {
            long a = host.lowmemPageAddress(page, t);
            if (t.enabled()) t.note(fn + ": not a highmem page -> page_address(), no fixmap slot used");
            return a;
        }
        long high = pkmap.kmapHighGet(page, fn, t);                      // arch_kmap_local_high_get()
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
    void kunmapAtomic(TaskContext task, long addr, String kmType, Trace t) {
        if (kmTypes) { kunmapAtomicTyped(task, addr, kmType == null ? "KM_USER0" : kmType, t); return; }
        kunmapLocalIndexed(task, addr, "kunmap_atomic", t);
        KmapCtrl c = ctrl(task);
        if (c.atomic > 0) c.atomic--;
        else if (t.enabled()) t.note("kunmap_atomic without kmap_atomic: preempt_count would underflow");
    }

    /** kunmap_local(addr). */
    void kunmapLocal(TaskContext task, long addr, Trace t) {
        if (kmTypes) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kunmap_local() does not exist in kernel 2.6 (added in 5.11)"), t);
            return;
        }
        kunmapLocalIndexed(task, addr, "kunmap_local", t);
    }

    /** kunmap_local_indexed(). */
    void kunmapLocalIndexed(TaskContext task, long vaddr, String fn, Trace t) {
        long addr = vaddr & ~0xfffL;
        if (!fixmap.inKmapSlots(addr)) {
            if (kmapHighGet && pkmap.inPkmap(addr)) {                     // kmap_high_unmap_local(): an address from kmap_high_get()
                pkmap.kunmapHighAt(addr, fn, t);
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
        // kmap_get_pte(addr, idx) (mm/highmem.c, 6.x): virt_to_kpte(addr) with KMAP_LOCAL_NON_LINEAR_PTE_ARRAY,
        // else &__kmap_pte[-idx], the pte of the innermost stack slot
        long cleared = nonLinearPteArray ? addr : top;
        if (addr != top) {
            int passed = fixmap.slotOf(addr);
            warnOnce("kunmap_local order", String.format("WARNING: CPU: 0 at mm/highmem.c kunmap_local_indexed: WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx)): "
                    + "%s(0x%x) is not the innermost mapping 0x%x (slot %d) - kmap_local/kmap_atomic must be unmapped in reverse order", fn, vaddr, top, slot), t);
            if (t.enabled()) t.note(nonLinearPteArray
                    ? String.format("out of order: kmap_get_pte() is virt_to_kpte(addr) here (KMAP_LOCAL_NON_LINEAR_PTE_ARRAY): the pte of 0x%x (slot %d) "
                            + "is cleared, but the stack pops the innermost slot %d (0x%x), which stays mapped with no kmap_ctrl.pteval recording it",
                            addr, passed, slot, top)
                    : String.format("out of order: the kernel clears the innermost slot %d (0x%x) and pops it; 0x%x (slot %d) stays mapped until it is popped",
                            slot, top, addr, passed));
        }
        host.clearKernelPte(cleared, t);                          // pte_clear(&init_mm, addr, kmap_pte)
        c.pteval[idx] = 0;                                         // current->kmap_ctrl.pteval[kmap_local_idx()] = __pte(0)
        c.idx -= kmIncr;                                           // kmap_local_idx_pop()
        if (t.enabled()) t.formula(String.format("%s: pte of 0x%x cleared; kmap_ctrl.pteval[%d] = 0; kmap_ctrl.idx %d -> %d",
                fn, cleared, idx, c.idx + kmIncr, c.idx));
    }

    private int kmTypeIndex(String type) {
        String tname = type.startsWith("KM_") ? type : "KM_" + type;
        return kmTypeNames.indexOf(tname.toUpperCase());
    }

    long kmapAtomicTyped(TaskContext task, long page, String type, boolean defaulted, Trace t) {
        int ti = kmTypeIndex(type);
        if (ti < 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kmap_atomic: unknown km_type " + type + " (2.6.32 on this arch has " + String.join(", ", kmTypeNames) + ")"), t);
            return 0;
        }
        if (defaulted && t.enabled()) t.note("kmap_atomic(page) in kernel 2.6 needs a km_type: KM_USER0 assumed");
        KmapCtrl c = ctrl(task);
        c.atomic++;                                                // pagefault_disable() (debug_kmap_atomic)
        if (!host.pageHighMem(page)) {
            if (t.enabled()) t.note("kmap_atomic: not a highmem page -> page_address(), no fixmap slot used");
            return host.lowmemPageAddress(page, t);
        }
        long high = pkmap.kmapHighGet(page, "kmap_atomic", t);            // ARM: kmap_high_get()
        if (high != 0) return high;
        int idx = ti + kmTypeNames.size() * c.cpu;                    // type + KM_TYPE_NR * smp_processor_id()
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
                + "vaddr = __fix_to_virt(FIX_KMAP_BEGIN %d + %d) = 0x%x; pte = pfn 0x%x", type, ti, kmTypeNames.size(), c.cpu, idx, fixmap.kmapBegin(), idx, vaddr, pfn));
        return vaddr;
    }

    void kunmapAtomicTyped(TaskContext task, long kvaddr, String type, Trace t) {
        int ti = kmTypeIndex(type);
        KmapCtrl c = ctrl(task);
        if (c.atomic > 0) c.atomic--;
        if (ti < 0) {
            host.report(Diagnostic.of(Diagnostic.Kind.ERROR, "kunmap_atomic: unknown km_type " + type), t);
            return;
        }
        long vaddr = kvaddr & ~0xfffL;
        int idx = ti + kmTypeNames.size() * c.cpu;
        long slotVa = fixmap.fixToVirt(fixmap.kmapBegin() + idx);
        if (kmapHighGet) {                                         // arch/arm/mm/highmem.c of 2.6
            if (pkmap.inPkmap(vaddr)) pkmap.kunmapHighAt(vaddr, "kunmap_atomic", t);
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
                            kmTypeNames.get(other % kmTypeNames.size()), type, slotVa, kmTypeNames.get(other % kmTypeNames.size()))
                    : String.format("kunmap_atomic(0x%x, %s): not a kmap_atomic slot (lowmem page_address()): nothing to unmap", kvaddr, type));
        }
    }

    /**
     * The statement runs in {@code task} on CPU 0: if another task was current there, switch
     * (kmap_local_sched_out of the old task: its slot ptes cleared; kmap_local_sched_in of the
     * new one: restored from kmap_ctrl.pteval). Leaving a task inside kmap_atomic is
     * "scheduling while atomic".
     */
    void switchTo(TaskContext task, Trace t) {
        int cpu = 0;
        TaskContext cur = currentTask[cpu];
        if (cur == task) return;
        if (cur != null) {
            KmapCtrl old = ctrl.get(cur);
            if (old != null) {
                if (old.atomic > 0)
                    host.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG: scheduling while atomic: %s/%d (left a kmap_atomic section without kunmap_atomic)",
                            cur.name(), old.atomic)), t);
                if (!kmTypes) for (int i = 0; i < old.idx; i++) if (old.pteval[i] != 0) host.clearKernelPte(slotVa(i, old.cpu), Trace.NONE);
            }
        }
        currentTask[cpu] = task;
        KmapCtrl nc = ctrl.get(task);
        if (nc != null && !kmTypes) {
            for (int i = 0; i < nc.idx; i++) if (nc.pteval[i] != 0) host.setKernelPte(slotVa(i, nc.cpu), nc.pteval[i] - 1, Trace.NONE);
            if (nc.idx > 0 && t.enabled()) t.note("context switch: kmap_local_sched_in restored " + nc.idx + " kmap_local slot(s) of " + task.name());
        }
    }

    private void warnOnce(String key, String text, Trace t) {
        if (warnedOnce.add(key)) host.report(Diagnostic.of(Diagnostic.Kind.WARN, text), t);
        else if (t.enabled()) t.note("(WARN_ON_ONCE already fired) " + text);
    }

    /** kmap_ctrl.idx of a task (nesting depth x KM_INCR). */
    int depth(TaskContext task) { KmapCtrl c = ctrl.get(task); return c == null ? 0 : c.idx / kmIncr; }

    /** kmap_atomic nesting (preempt/pagefault disabled) of a task. */
    int atomicDepth(TaskContext task) { KmapCtrl c = ctrl.get(task); return c == null ? 0 : c.atomic; }

    int kmMaxIdx() { return kmMaxIdx; }

    /** Self-check: the kmap_local slots of the task on each CPU vs its stack depth. */
    void invariants(List<String> bad) {
        if (!kmTypes) {
            for (int cpu = 0; cpu < currentTask.length; cpu++) {
                TaskContext cur = currentTask[cpu];
                KmapCtrl c = cur == null ? null : ctrl.get(cur);
                int depth = c == null ? 0 : c.idx;
                if (depth < 0 || depth >= kmMaxIdx + kmIncr) bad.add("kmap_ctrl.idx out of range: " + depth);
                for (int i = 0; i < kmMaxIdx; i++) {
                    long pfn = host.kernelPtePfn(slotVa(i, cpu));
                    // with a non-linear pte array an out-of-order kunmap_local leaves the popped slot mapped (as the kernel does)
                    if (i >= depth && pfn >= 0 && !nonLinearPteArray) bad.add("kmap slot " + i + " of cpu " + cpu + " mapped above the stack depth " + depth);
                    if (i < depth && c != null && c.pteval[i] != 0 && pfn != c.pteval[i] - 1 && !(pfn < 0)) bad.add("kmap slot " + i + " pte differs from kmap_ctrl.pteval");
                }
            }
        }
    }

    /** The kmap_ctrl of {@code task} as a copy, or null when it never used a slot. */
    Highmem.KmapCtrlView kmapCtrl(TaskContext task) {
        KmapCtrl c = ctrl.get(task);
        if (c == null) return null;
        long[] pfns = new long[Math.max(0, Math.min(c.idx, c.pteval.length))];
        for (int i = 0; i < pfns.length; i++) pfns[i] = c.pteval[i] - 1;
        return new Highmem.KmapCtrlView(c.cpu, c.idx, c.atomic, pfns);
    }

    /** The task whose kmap slots are live on {@code cpu} (the last one that ran there), or null. */
    TaskContext currentTask(int cpu) { return cpu >= 0 && cpu < currentTask.length ? currentTask[cpu] : null; }

    boolean kmTypes() { return kmTypes; }

    /** Every task's kmap_ctrl, the task on each CPU, the WARN_ONCEs given. */
    record State(Map<TaskContext, KmapCtrl> ctrl, TaskContext[] currentTask, Set<String> warnedOnce) { }

    State save() {
        Map<TaskContext, KmapCtrl> cc = new HashMap<>();
        for (Map.Entry<TaskContext, KmapCtrl> e : ctrl.entrySet()) cc.put(e.getKey(), e.getValue().copy());
        return new State(cc, currentTask.clone(), new HashSet<>(warnedOnce));
    }

    void load(State s) {
        ctrl = new HashMap<>();
        for (Map.Entry<TaskContext, KmapCtrl> e : s.ctrl().entrySet()) ctrl.put(e.getKey(), e.getValue().copy());
        currentTask = s.currentTask().clone();
        warnedOnce = new HashSet<>(s.warnedOnce());
    }
}
