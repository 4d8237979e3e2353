package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.memblock.Memblock;

/** Which memory sections hold RAM (mm/sparse.c memblocks_present / memory_present). */
final class Sections {
    final int pfnSectionShift;
    final boolean[] present;

    Sections(int sectionSizeBits, long maxPfn, Memblock mb) {
        pfnSectionShift = sectionSizeBits - 12;            // PFN_SECTION_SHIFT
        int n = (int) ((maxPfn + (1L << pfnSectionShift) - 1) >>> pfnSectionShift);
        present = new boolean[Math.max(n, 1)];
        for (Memblock.Region r : mb.memory()) {
            long s = r.base() >>> 12, e = (r.end() + 4095) >>> 12;
            for (long nr = s >>> pfnSectionShift; nr <= (e - 1) >>> pfnSectionShift && nr < n; nr++) present[(int) nr] = true;
        }
    }

    boolean present(long pfn) {
        long nr = pfn >>> pfnSectionShift;
        return pfn >= 0 && nr < present.length && present[(int) nr];
    }

    int count() {
        int c = 0;
        for (boolean b : present) if (b) c++;
        return c;
    }
}
