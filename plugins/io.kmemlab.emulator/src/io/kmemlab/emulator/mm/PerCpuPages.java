package io.kmemlab.emulator.mm;

import java.util.Arrays;

/** struct per_cpu_pages for order 0: a LIFO list of free pfns, count, batch, high (mm/page_alloc.c). */
public final class PerCpuPages {
    long[] list = new long[64];
    int count;

    PerCpuPages copy() {
        PerCpuPages p = new PerCpuPages();
        p.list = list.clone();
        p.count = count;
        return p;
    }

    void push(long pfn) {
        if (count == list.length) list = Arrays.copyOf(list, count * 2);
        list[count++] = pfn;
    }

    long pop() { return list[--count]; }

    /** Oldest entry (the tail the kernel drains first). */
    long removeOldest() {
        long v = list[0];
        System.arraycopy(list, 1, list, 0, --count);
        return v;
    }

    public int count() { return count; }

    public boolean contains(long pfn) {
        for (int i = 0; i < count; i++) if (list[i] == pfn) return true;
        return false;
    }

    public long[] pfns() { return Arrays.copyOf(list, count); }
}
