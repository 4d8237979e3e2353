package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.memblock.Memblock;
import java.util.ArrayList;
import java.util.List;

/**
 * Which memory sections hold RAM (mm/sparse.c memblocks_present / memory_present), as
 * ascending, disjoint ranges of section numbers: one per stretch of RAM, so a 4 PiB machine
 * (2^27 sections of 128 MiB) costs what a small one does.
 */
final class Sections {
    final int pfnSectionShift;
    private final long[] from, to;             // present section numbers [from[i], to[i])

    Sections(int sectionSizeBits, long maxPfn, Memblock mb) {
        pfnSectionShift = sectionSizeBits - 12;            // PFN_SECTION_SHIFT
        long n = Math.max(1, (maxPfn + (1L << pfnSectionShift) - 1) >>> pfnSectionShift);
        List<long[]> ranges = new ArrayList<>();
        for (Memblock.Region r : mb.memory()) {           // memory regions come sorted by base
            long s = r.base() >>> 12, e = (r.end() + 4095) >>> 12;
            long a = s >>> pfnSectionShift, b = Math.min(n, ((e - 1) >>> pfnSectionShift) + 1);
            if (b <= a) continue;
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && a <= last[1]) last[1] = Math.max(last[1], b);
            else ranges.add(new long[]{a, b});
        }
        from = new long[ranges.size()];
        to = new long[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) { from[i] = ranges.get(i)[0]; to[i] = ranges.get(i)[1]; }
    }

    boolean present(long pfn) {
        if (pfn < 0) return false;
        long nr = pfn >>> pfnSectionShift;
        int lo = 0, hi = from.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (nr < from[mid]) hi = mid - 1;
            else if (nr >= to[mid]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    long count() {
        long c = 0;
        for (int i = 0; i < from.length; i++) c += to[i] - from[i];
        return c;
    }

    /** Number of ranges of present sections. */
    int ranges() { return from.length; }

    long rangeFrom(int i) { return from[i]; }

    long rangeTo(int i) { return to[i]; }
}
