package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * The struct page array per memory section, in the layout of crash's {@code kmem -n}
 * (dump_mem_sections() in crash's memory.c): NR, CODED_MEM_MAP, MEM_MAP, STATE, PFN, and what
 * crash cannot show in one line, the pfns the section covers and the physical frames that hold
 * its struct pages. The encoding follows mm/sparse.c (v6.12): sparse_encode_mem_map() stores
 * mem_map - section_nr_to_pfn(nr), so with SPARSEMEM_VMEMMAP every section's coded map is the
 * vmemmap base; STATE letters are SECTION_MARKED_PRESENT (P), SECTION_HAS_MEM_MAP (M),
 * SECTION_IS_ONLINE (O, since 4.13) and SECTION_IS_EARLY (E, since 5.x; boot memory). FLATMEM
 * has no sections: one row for the node's mem_map.
 */
public final class MemmapText {
    private MemmapText() { }

    /** One section's row. */
    public record Section(long nr, long startPfn, long endPfn, long codedMemMap, long memMap, String state, List<long[]> backing) { }

    /** The rows of {@code m}: every present section, or the one mem_map of FLATMEM. */
    public static List<Section> sections(Machine m) {
        Inspector in = m.inspect();
        MemoryModelKind kind = m.kernelState().model.kind();
        int size = in.structPageLayout().size();
        long frames = in.frames();
        List<Section> out = new ArrayList<>();
        if (kind == MemoryModelKind.FLATMEM) {
            long memMap = m.memMap();
            out.add(new Section(-1, 0, frames, memMap, memMap, "", backing(m, memMap, frames * size)));
            return out;
        }
        int shift = m.arch().sectionSizeBits() - 12;
        long perSection = 1L << shift;
        boolean modern = m.profile().pageTypes();
        for (long nr = 0; nr << shift < frames; nr++) {
            long start = nr << shift;
            if (!m.pfnValid(start, Trace.NONE)) continue;
            long memMap = m.pfnToPage(start, Trace.NONE);
            // sparse_encode_mem_map(): mem_map - section_nr_to_pfn(pnum), in struct pages
            long coded = memMap - start * size;
            out.add(new Section(nr, start, Math.min(start + perSection, frames), coded, memMap, modern ? "PMOE" : "PM",
                    backing(m, memMap, perSection * size)));
        }
        return out;
    }

    /** The physical blocks behind [va, va + bytes): runs of contiguous frames found by walking init_mm. */
    static List<long[]> backing(Machine m, long va, long bytes) {
        Inspector in = m.inspect();
        List<long[]> runs = new ArrayList<>();
        long p = va;
        while (Long.compareUnsigned(p, va + bytes) < 0) {
            Translation t = in.walk(p);
            long step = t != null && t.mapped() ? t.leafSize() - (p & (t.leafSize() - 1)) : 4096 - (p & 4095);
            step = Math.min(step, va + bytes - p);
            if (t != null && t.mapped()) {
                long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last[1] == t.pa()) last[1] += step;
                else runs.add(new long[]{t.pa(), t.pa() + step});
            }
            p += step;
        }
        return runs;
    }

    /** The table as text. */
    public static String of(Machine m) {
        List<Section> rows = sections(m);
        int w = m.inspect().structPageLayout().wordBytes(), vw = 2 * w;
        StringBuilder sb = new StringBuilder();
        MemoryModelKind kind = m.kernelState().model.kind();
        sb.append(String.format("memory model %s, sizeof(struct page) = %d%s%n", kind.dslName, m.inspect().structPageLayout().size(),
                kind == MemoryModelKind.FLATMEM ? "" : String.format(", SECTION_SIZE_BITS %d (%d pages a section)",
                        m.arch().sectionSizeBits(), 1L << (m.arch().sectionSizeBits() - 12))));
        if (kind == MemoryModelKind.FLATMEM) {
            Section s = rows.get(0);
            sb.append(String.format("mem_map %s covers pfn %#x-%#x%n", Long.toHexString(s.memMap()), s.startPfn(), s.endPfn() - 1));
            sb.append("  backing frames: ").append(runs(s.backing())).append('\n');
            return sb.toString();
        }
        int cw = Math.max(vw, "CODED_MEM_MAP".length());
        sb.append(String.format("NR  %s  %s  %s PFN        COVERS PFN         BACKING FRAMES (phys)%n",
                PageText.center("CODED_MEM_MAP", cw, false), PageText.center("MEM_MAP", vw, false), "STATE"));
        for (Section s : rows) {
            sb.append(String.format("%2d  %s  %s  %s %-10s %-18s %s%n", s.nr(), right(Long.toHexString(s.codedMemMap()), cw),
                    right(Long.toHexString(s.memMap()), vw), PageText.center(s.state(), 5, false), Long.toHexString(s.startPfn()),
                    String.format("%x-%x", s.startPfn(), s.endPfn() - 1), runs(s.backing())));
        }
        return sb.toString();
    }

    private static String right(String s, int w) { return String.format("%" + w + "s", s); }

    private static String runs(List<long[]> runs) {
        if (runs.isEmpty()) return "none mapped";
        List<String> parts = new ArrayList<>();
        for (long[] r : runs) parts.add(String.format("%#x-%#x (%d frames)", r[0], r[1] - 1, (r[1] - r[0] + 4095) >>> 12));
        return String.join(", ", parts);
    }
}
