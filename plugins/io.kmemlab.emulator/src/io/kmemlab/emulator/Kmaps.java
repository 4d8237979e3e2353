package io.kmemlab.emulator;

import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.trace.Trace;

/**
 * kmap, kmap_atomic and kmap_local_page with their unmaps: page_address() for lowmem,
 * the highmem subsystem for highmem pages on 32-bit arches.
 */
final class Kmaps {
    private final Kernel k;
    private final Tasks tasks;
    private final Conversions conversions;
    private final PageState pages;

    Kmaps(Kernel k, Tasks tasks, Conversions conversions, PageState pages) {
        this.k = k;
        this.tasks = tasks;
        this.conversions = conversions;
        this.pages = pages;
    }

    long kmap(long page, Trace t) { return kmap(tasks.kernel(), page, t); }

    void kunmap(long page, Trace t) { kunmap(tasks.kernel(), page, t); }

    long kmapAtomic(long page, Trace t) { return kmapAtomic(tasks.kernel(), page, null, t); }

    void kunmapAtomic(long addr, Trace t) { kunmapAtomic(tasks.kernel(), addr, null, t); }

    long kmapLocalPage(long page, Trace t) { return kmapLocalPage(tasks.kernel(), page, t); }

    void kunmapLocal(long addr, Trace t) { kunmapLocal(tasks.kernel(), addr, t); }

    /** kmap(page) in {@code task}: page_address() for lowmem, a pkmap slot for highmem (may "sleep": NULL + report). */
    long kmap(Task task, long page, Trace t) {
        if (conversions.pageToPfnChecked(page, t) < 0) return 0;
        return k.highmem == null ? conversions.pageAddress(page, t) : k.highmem.kmap(task == null ? tasks.kernel() : task, page, t);
    }

    void kunmap(Task task, long page, Trace t) {
        if (k.highmem != null && conversions.pageToPfnChecked(page, t) >= 0) k.highmem.kunmap(task == null ? tasks.kernel() : task, page, t);
    }

    /** kmap_atomic(page [, KM_xxx]): {@code kmType} selects the fixed slot in kernel 2.6; null = none given. */
    long kmapAtomic(Task task, long page, String kmType, Trace t) {
        if (conversions.pageToPfnChecked(page, t) < 0) return 0;
        return k.highmem == null ? conversions.pageAddress(page, t) : k.highmem.kmapAtomic(task == null ? tasks.kernel() : task, page, kmType, t);
    }

    void kunmapAtomic(Task task, long addr, String kmType, Trace t) {
        if (k.highmem != null) k.highmem.kunmapAtomic(task == null ? tasks.kernel() : task, addr, kmType, t);
    }

    long kmapLocalPage(Task task, long page, Trace t) {
        if (conversions.pageToPfnChecked(page, t) < 0) return 0;
        return k.highmem == null ? conversions.pageAddress(page, t) : k.highmem.kmapLocalPage(task == null ? tasks.kernel() : task, page, t);
    }

    void kunmapLocal(Task task, long addr, Trace t) {
        if (k.highmem != null) k.highmem.kunmapLocal(task == null ? tasks.kernel() : task, addr, t);
    }

    /** The highmem subsystem (null on x86_64 and without HIGHMEM). */
    Highmem highmem() { return k.highmem; }

    boolean pageHighMem(long page, Trace t) { Boolean b = pages.pageFlag("HighMem", page, t); return b != null && b; }
}
