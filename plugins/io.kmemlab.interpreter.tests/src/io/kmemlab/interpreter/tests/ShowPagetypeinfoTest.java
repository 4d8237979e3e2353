package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code show pagetypeinfo}: /proc/pagetypeinfo as mm/vmstat.c pagetypeinfo_show() prints it
 * (v6.12 and v2.6.32). The numbers come from the kernel's rules: pageblock_order = HPAGE_SHIFT
 * 21 - PAGE_SHIFT 12 = 9 on x86_64 (include/linux/pageblock-flags.h), the block table samples
 * every pageblock_nr_pages pfns from zone_start_pfn (ceil(spanned / 512) per zone), and an
 * UNMOVABLE allocation of order MAX_PAGE_ORDER 10 on MOVABLE memory claims the block's
 * 1 << (10 - 9) pageblocks (mm/page_alloc.c steal_suitable_fallback()).
 */
class ShowPagetypeinfoTest {
    private static final int FIRST = Kmem.FIRST_BODY_LINE;

    private static String output(Session s, int line) {
        StringBuilder sb = new StringBuilder();
        for (Step st : s.steps()) {
            if (st.kind() == Step.Kind.BOOT || st.location().line() != line) continue;
            for (StepEvent e : st.events()) if (e instanceof StepEvent.Output o) sb.append(o.text());
        }
        return sb.toString();
    }

    /** The numbers of the "Number of blocks type" row of {@code zone}. */
    private static long[] blocks(String text, String zone) {
        String prefix = String.format("Node 0, zone %8s ", zone);
        int at = text.indexOf(prefix, text.indexOf("Number of blocks type"));
        String row = text.substring(at + prefix.length(), text.indexOf('\n', at)).trim();
        return Arrays.stream(row.split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    @Test
    void theTablesOfA612Machine() {
        Session s = Session.start(Kmem.scenarioOn("pc64", """
                show pagetypeinfo
                let p = alloc_pages(GFP_KERNEL, 10)
                show pagetypeinfo
                """), Limits.defaults());
        s.runToEnd(null);
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String before = output(s, FIRST), after = output(s, FIRST + 2);
        assertTrue(before.startsWith("Page block order: 9\nPages per block:  512\n\n"
                + String.format("%-43s ", "Free pages count per migrate type at order")), before);
        assertTrue(before.contains("Node    0, zone    DMA32, type  Reclaimable "), before);
        assertTrue(before.contains(String.format("%n%-23s%12s %12s %12s %12s %12s %12s %n", "Number of blocks type ",
                "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate")), before);
        // DMA32 spans [0x1000, 0x40000): 0x3f000 pages = 504 pageblocks of 512
        long dma32Blocks = ((0x40000 - 0x1000) + 511) / 512;
        assertEquals(dma32Blocks, Arrays.stream(blocks(before, "DMA32")).sum());
        long[] b = blocks(before, "DMA32"), a = blocks(after, "DMA32");
        int claimed = 1 << (10 - 9);
        assertEquals(b[0] + claimed, a[0], after);               // Unmovable
        assertEquals(b[1] - claimed, a[1], after);               // Movable
    }

    /** show page names the pageblock's type: a claimed block's pages are UNMOVABLE, a GFP_HIGHUSER_MOVABLE page MOVABLE. */
    @Test
    void showPageNamesThePageblocksMigratetype() {
        Session s = Session.start(Kmem.scenarioOn("pc64", """
                let q = alloc_pages(GFP_KERNEL, 10)
                show page q
                let m = alloc_pages(GFP_HIGHUSER_MOVABLE, 0)
                show page m
                """), Limits.defaults());
        s.runToEnd(null);
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        assertTrue(output(s, FIRST + 1).contains("pageblock migratetype: Unmovable\n"), output(s, FIRST + 1));
        assertTrue(output(s, FIRST + 3).contains("pageblock migratetype: Movable\n"), output(s, FIRST + 3));
    }

    @Test
    void kernel2632NamesItsTypesInItsOrder() {
        Session s = Session.start(Kmem.scenario26("show pagetypeinfo\n"), Limits.defaults());
        s.runToEnd(null);
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String text = Sessions.output(s);
        assertTrue(text.contains(String.format("%n%-23s%12s %12s %12s %12s %12s %n", "Number of blocks type ",
                "Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate")), text);
        assertTrue(text.contains("Node    0, zone    DMA32, type      Reserve "), text);
    }
}
