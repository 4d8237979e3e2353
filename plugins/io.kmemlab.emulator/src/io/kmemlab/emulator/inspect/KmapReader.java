package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.TaskContext;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/** Reads pkmap and kmap slots: the counts from {@link Highmem}, the mapped frames from init_mm's ptes. */
final class KmapReader {
    private final InspectHost h;

    KmapReader(InspectHost h) { this.h = h; }

    KmapState read() {
        Highmem hm = h.highmem();
        if (hm == null) return KmapState.NONE;
        List<KmapState.PkmapSlot> pkmap = new ArrayList<>(hm.lastPkmap());
        for (int nr = 0; nr < hm.lastPkmap(); nr++) {
            long va = hm.pkmapAddr(nr), pfn = ptePfn(va);
            pkmap.add(new KmapState.PkmapSlot(nr, va, hm.pkmapCount(nr), pfn, page(pfn)));
        }
        List<KmapState.CpuSlots> cpus = new ArrayList<>();
        for (int cpu = 0; cpu < hm.fixmap().cpus(); cpu++) {
            List<KmapState.Slot> slots = new ArrayList<>(hm.kmMaxIdx());
            for (int i = 0; i < hm.kmMaxIdx(); i++) {
                long va = hm.slotVa(i, cpu), pfn = ptePfn(va);
                slots.add(new KmapState.Slot(i, va, pfn, page(pfn)));
            }
            cpus.add(new KmapState.CpuSlots(cpu, nameOf(hm.currentTask(cpu)), slots));
        }
        List<KmapState.KmapStack> stacks = new ArrayList<>();
        for (InspectHost.TaskRef t : h.tasks()) {
            Highmem.KmapCtrlView v = hm.kmapCtrl(t.key());
            if (v == null || (v.idx() == 0 && v.atomic() == 0)) continue;
            List<Long> pfns = new ArrayList<>();
            for (long p : v.slotPfns()) pfns.add(p);
            stacks.add(new KmapState.KmapStack(t.name(), v.cpu(), v.idx(), v.atomic(), pfns));
        }
        return new KmapState(hm.pkmapBase(), hm.lastPkmapNr(), pkmap, cpus, stacks, hm.kmTypes());
    }

    /** The name of the task the subsystems know by {@code key}, or null. */
    private static String nameOf(TaskContext task) { return task == null ? null : task.name(); }

    private long ptePfn(long va) {
        WalkResult w = h.walk(h.initPgd(), va);
        return w != null && w.mapped() ? w.pa() >>> 12 : -1;
    }

    private long page(long pfn) { return pfn < 0 || h.model() == null ? 0 : h.model().pfnToPage(pfn, Trace.NONE); }
}
