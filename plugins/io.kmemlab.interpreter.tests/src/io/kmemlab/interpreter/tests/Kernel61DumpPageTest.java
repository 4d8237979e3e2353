package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static io.kmemlab.interpreter.tests.Sessions.output;
import static io.kmemlab.interpreter.tests.Sessions.runOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `kernel 6.1` through the language: dump_page() prints __dump_page() of mm/debug.c at v6.1, the
 * page_type of a free page is the inverted PG_buddy bit, and %pGp walks 6.1's pageflag_names.
 */
class Kernel61DumpPageTest {
    private static final String MACHINE = """
            machine lts {
                arch x86_64
                kernel 6.1
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            """;
    /** include/asm-generic/memory_model.h: vmemmap + pfn; VMEMMAP_START 0xffffea0000000000, sizeof(struct page) 64. */
    private static final long VMEMMAP = 0xffffea0000000000L;

    private static Session run(String body) {
        return runOn(MACHINE, "lts", body);
    }

    /**
     * A tail of a compound page: "page:%p refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx",
     * then "head:%p order:%u compound_mapcount:%d compound_pincount:%d" (folio_entire_mapcount() =
     * compound_mapcount + 1 = 0, compound_pincount 0), the head's flags, and raw: / head: dumps.
     */
    @Test
    void dumpPageOfATailPage() {
        Session s = run("""
                let p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                show page p + 1
                """);
        assertEquals(List.of(), errors(s));
        long head = s.variables().get("p").bits();
        long pfn = (head - VMEMMAP) / 64 + 1;
        String out = output(s);
        // the tail's own _mapcount is -1; the compound page is neither anonymous nor hugetlb, so
        // __page_mapcount() (mm/util.c at v6.1) is _mapcount + 1 = 0; index = head->index + 1
        assertTrue(out.startsWith(String.format("page:%016x refcount:1 mapcount:0 mapping:0000000000000000 index:0x1 pfn:%#x%n", head + 64, pfn)), out);
        assertTrue(out.contains(String.format("%nhead:%016x order:2 compound_mapcount:0 compound_pincount:0%n", head)), out);
        // PG_head is bit 16 (include/linux/page-flags.h at v6.1), and %pGp prints it as "head"
        assertTrue(out.matches("(?s).*\\nflags: 0x[0-9a-f]*1[0-9a-f]{4}\\(head\\|.*"), out);
        assertTrue(out.contains("\nraw: "), out);
        assertTrue(out.contains("\nhead: "), out);
        assertFalse(out.contains("entire_mapcount:"), out);                       // the 6.12 line
    }

    /** A free block's page_type is 0xffffff7f (__SetPageBuddy clears PG_buddy 0x80), so page_mapcount() is -128. */
    @Test
    void dumpPageOfAFreeBlock() {
        Session s = run("""
                let p = alloc_pages(GFP_KERNEL, 10)
                __free_pages(p, 10)
                show page p
                """);
        assertEquals(List.of(), errors(s));
        // an order-10 block (MAX_ORDER - 1 in 6.1) cannot merge further: p stays the head of a free block
        String out = output(s);
        assertTrue(out.contains(" refcount:0 mapcount:-128 "), out);
        assertTrue(out.contains("(_mapcount 0xffffff7f)"), out);
    }
}
