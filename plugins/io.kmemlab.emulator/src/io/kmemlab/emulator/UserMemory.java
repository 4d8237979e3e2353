package io.kmemlab.emulator;

import io.kmemlab.emulator.process.Vma;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;

/**
 * Memory accesses by a task and the user-memory calls of a process (mmap, munmap, GUP,
 * swap-out); kernel-mode accesses switch the highmem kmap_local slots to the task.
 */
final class UserMemory {
    private final Kernel k;
    private final Tasks tasks;
    private final Conversions conversions;
    private final PageState pages;

    UserMemory(Kernel k, Tasks tasks, Conversions conversions, PageState pages) {
        this.k = k;
        this.tasks = tasks;
        this.conversions = conversions;
        this.pages = pages;
    }

    long read(Task task, long addr, int size, Trace t) {
        if (k.highmem != null) k.highmem.switchTo(task == null ? tasks.kernel() : task, t);   // kmap_local_sched_out/in
        return k.processes.access(task == null ? tasks.kernel() : task, addr, size, false, 0, t);
    }

    void write(Task task, long addr, int size, long value, Trace t) {
        if (k.highmem != null) k.highmem.switchTo(task == null ? tasks.kernel() : task, t);
        k.processes.access(task == null ? tasks.kernel() : task, addr, size, true, value, t);
    }

    void memset(Task task, long addr, int b, long len, Trace t) {
        if (k.highmem != null) k.highmem.switchTo(task == null ? tasks.kernel() : task, t);
        k.processes.memset(task == null ? tasks.kernel() : task, addr, b, len, t);
    }

    long mmap(Task task, long len, long prot, long flags, Trace t) { return k.processes.mmap(tasks.userTask(task, t), len, prot, flags, t); }

    int munmap(Task task, long addr, long len, Trace t) { return k.processes.munmap(tasks.userTask(task, t), addr, len, t); }

    /** get_user_pages(addr, n, foll): struct page pointers, one reference each; fewer on a fault. */
    long[] getUserPages(Task task, long addr, int n, long foll, Trace t) { return k.processes.gup(tasks.userTask(task, t), addr, n, foll, false, t); }

    /** pin_user_pages(): like GUP with FOLL_PIN (refcount += GUP_PIN_COUNTING_BIAS). */
    long[] pinUserPages(Task task, long addr, int n, long foll, Trace t) { return k.processes.gup(tasks.userTask(task, t), addr, n, foll, true, t); }

    void unpinUserPage(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn >= 0) k.processes.unpin(pages.headPfn(pfn), t);
    }

    /** swap_out(addr): the PTE becomes a swap entry and the frame is freed. False if nothing to swap. */
    boolean swapOut(Task task, long addr, Trace t) { return k.processes.swapOut(tasks.userTask(task, t), addr, t); }

    List<Vma> vmas(Task task) { return task == null || task.mm() == null ? List.of() : task.mm().vmas(); }
}
