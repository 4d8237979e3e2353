package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nodes whose RAM ranges interleave, written as `node N { ram ... ram ... }`: node 0 has
 * [1M, 256M) and [512M, 768M), node 1 [256M, 512M). memmap_init() gives each struct page its
 * range's node (mm/mm_init.c, 6.12), so page_to_nid() and page_zone() follow the ranges, not the
 * node spans (node 0 spans all of [1M, 768M)); node 0's DMA32 has 192512 pfns spanned
 * ([16M, 768M)) and 126976 present (spanned minus node 1's 65536, __absent_pages_in_range()).
 */
class InterleavedNodesScenarioTest {
    private static final String MACHINE = """
            machine interleaved {
                cpus 1
                kernel-image at 16M size 4M
                node 0 { ram 1M .. 256M - 1   ram 512M .. 768M - 1 }
                node 1 { ram 256M .. 512M - 1 }
            }
            """;

    @Test
    void pagesBelongToTheNodeOfTheirRange() {
        Session s = Sessions.runOn(MACHINE, "interleaved", """
                expect pfn_to_nid(100M >> PAGE_SHIFT) == 0
                expect pfn_to_nid(300M >> PAGE_SHIFT) == 1
                expect page_to_nid(pfn_to_page(600M >> PAGE_SHIFT)) == 0
                let p = alloc_pages_node(1, GFP_KERNEL, 0)
                expect page_to_nid(p) == 1
                expect page_to_pfn(p) >= 256M >> PAGE_SHIFT
                expect page_to_pfn(p) < 512M >> PAGE_SHIFT
                show zoneinfo
                """);
        assertEquals(List.of(), Sessions.errors(s));
        assertTrue(s.passed(), () -> s.problems().toString());
        String out = Sessions.output(s);
        assertTrue(out.contains("192512") && out.contains("126976"), out);
    }
}
