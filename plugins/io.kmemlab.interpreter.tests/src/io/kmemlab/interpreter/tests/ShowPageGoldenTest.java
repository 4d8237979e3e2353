package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code show page} against the kernel's own formats, the expected text built here from them:
 * __dump_folio() in mm/debug.c (v6.12), "page: refcount:%d mapcount:%d mapping:%p index:%#lx
 * pfn:%#lx", "flags: %pGp" (format_page_flags() in lib/vsprintf.c: "0x" hex, then the PG_
 * names and node=/zone= in decimal), print_hex_dump() rows of 32 bytes in words of
 * sizeof(long); bad_page() in mm/page_alloc.c (v2.6.32); crash's kmem -p
 * ("%-16lx %8llx %16lx %8lx %2d %lx", memory.c). The values come from the scenario's own
 * built-ins and the x86 layout (vmemmap at 0xffffea0000000000, Documentation/arch/x86/x86_64/mm.rst).
 */
class ShowPageGoldenTest {
    private static final int FIRST = Kmem.FIRST_BODY_LINE;
    private static final long VMEMMAP = 0xffffea0000000000L;

    static Session run(String machine, String body) {
        Session s = Session.start(Kmem.scenarioOn(machine, body), Limits.defaults());
        s.runToEnd(null);
        List<Problem> errors = s.problems().stream().filter(Problem::isError).toList();
        assertEquals(List.of(), errors, () -> "errors: " + errors);
        return s;
    }

    static String output(Session s, int line) {
        StringBuilder sb = new StringBuilder();
        for (Step st : s.steps()) {
            if (st.kind() == Step.Kind.BOOT || st.location().line() != line) continue;
            for (StepEvent e : st.events()) if (e instanceof StepEvent.Output o) sb.append(o.text());
        }
        return sb.toString();
    }

    static long var(Session s, String name) {
        Value v = s.variables().get(name);
        assertTrue(v != null, () -> "no variable " + name);
        return v.bits();
    }

    static String hex16(long v) { return String.format("%016x", v); }

    @Test
    void anAllocatedPageIsDumpedAsDumpPageDoes() {
        Session s = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                let pfn = page_to_pfn(p)
                let flags = p->flags
                let zone = page_zonenum(p)
                show page p
                """);
        long pfn = var(s, "pfn"), flags = var(s, "flags"), zone = var(s, "zone");
        String out = output(s, FIRST + 4);
        List<String> lines = out.lines().toList();
        // a page fresh from the buddy allocator: set_page_refcounted() -> 1, _mapcount -1 -> 0, no mapping
        assertEquals(String.format("page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#x", pfn), lines.get(0), out);
        // no PG_ bit set: only the fields; node 0, the zone the page is in, and the last cpupid
        // page_cpupid_reset_last() left all ones: LAST_CPUPID_SHIFT = 8 + order_base_2(NR_CPUS 8192)
        // with the distribution config (NUMA_BALANCING, MAXSMP: NODES_SHIFT 10), so the zone is at
        // 64 - 10 - ZONES_SHIFT 3 and the cpupid below it (include/linux/page-flags-layout.h, v6.12)
        long cpupid = (1L << (8 + 13)) - 1;
        assertEquals((zone << (64 - 10 - 3)) | (cpupid << (64 - 10 - 3 - 21)), flags);
        assertEquals(String.format("flags: 0x%x(node=0|zone=%d|lastcpupid=0x%x)", flags, zone, cpupid), lines.get(1), out);
        // sizeof(struct page) = 64 on x86_64: two rows of four words
        assertTrue(lines.get(2).startsWith("raw: " + hex16(flags) + " "), out);
        // words 4..7: index, private, _mapcount (-1) | _refcount (1) << 32, memcg_data
        assertEquals("raw: " + hex16(0) + " " + hex16(0) + " " + hex16(0x1_ffff_ffffL) + " " + hex16(0), lines.get(3), out);
        assertTrue(out.contains(String.format("struct page 0x%x: pfn %#x, phys %#x", VMEMMAP + pfn * 64, pfn, pfn << 12)), out);
        // every union member over the same bytes, one line each, the one in use starred
        assertTrue(out.contains("\n* page "), out);
        for (String view : List.of("buddy", "pcp", "tail", "folio[1]", "slab", "ptdesc")) {
            assertTrue(out.contains("\n  " + view + " "), () -> view + " missing: " + out);
        }
    }

    @Test
    void aFreeBlockHeadNamesItsPageType() {
        // an order-10 block freed goes straight to the buddy lists (only orders up to
        // PAGE_ALLOC_COSTLY_ORDER go to the per-CPU lists) and cannot merge further:
        // MAX_PAGE_ORDER is 10 (include/linux/mmzone.h v6.12), so q is a free block's head
        Session s = run("pc64", """
                let q = alloc_pages(GFP_KERNEL, 10)
                let pfn = page_to_pfn(q)
                __free_pages(q, 10)
                show page q
                """);
        long pfn = var(s, "pfn");
        String out = output(s, FIRST + 3);
        List<String> lines = out.lines().toList();
        // page_mapcount_is_type(): a typed page shows mapcount 0; a free page has refcount 0
        assertEquals(String.format("page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#x", pfn), lines.get(0), out);
        // PGTY_buddy = 0xf0 (include/linux/page-flags.h v6.12): "page_type: %x(%s)" of page_type >> 24
        assertEquals("page_type: f0(buddy)", lines.get(2), out);
        // word 5 is private = the order (set_buddy_order()); word 6 is page_type 0xf0000000 with _refcount 0 above it
        assertTrue(lines.get(4).startsWith("raw: "), out);
        String[] w = lines.get(4).substring(5).split(" ");
        assertEquals(hex16(10), w[1], out);
        assertEquals(hex16(0xf000_0000L), w[2], out);
        assertTrue(out.contains("\n* buddy "), out);
        assertTrue(out.contains(String.format("free block's buddy: pfn %#x", pfn ^ (1L << 10))), out);
    }

    @Test
    void thirtyTwoBitWordsAreEightDigitsAndOneRow() {
        Session s = run("pc32", """
                let p = alloc_page(GFP_KERNEL)
                let flags = p->flags
                show page p
                """);
        long flags = var(s, "flags");
        List<String> lines = output(s, FIRST + 2).lines().toList();
        // sizeof(struct page) = 32 on i386 (MEMCG off): one row of eight 4-byte words;
        // _mapcount at offset 24 (word 6) = 0xffffffff, _refcount at 28 (word 7) = 1
        assertEquals(String.format("raw: %08x 00000000 00000000 00000000 00000000 00000000 ffffffff 00000001", flags), lines.get(2));
        assertTrue(lines.get(0).contains("mapping:00000000 "), lines.get(0));
    }

    @Test
    void theTwoSixProfilePrintsBadPagesLine() {
        Session s = Session.start(Kmem.scenario26("""
                let p = alloc_page(GFP_KERNEL)
                let flags = p->flags
                let pfn = page_to_pfn(p)
                show page p
                """), Limits.defaults());
        s.runToEnd(null);
        assertTrue(s.problems().stream().noneMatch(Problem::isError), () -> "errors: " + s.problems());
        long flags = var(s, "flags"), page = var(s, "p");
        String out = output(s, Kmem.FIRST_BODY_LINE_26 + 3);
        // %p of 2.6.32 (lib/vsprintf.c pointer()): zero-padded to 16 digits, NULL as "(null)"; index is %lx
        assertEquals(String.format("page:%016x flags:%016x count:1 mapcount:0 mapping:(null) index:0", page, flags),
                out.lines().findFirst().orElse(""), out);
        // struct page of 2.6.32 on 64-bit: flags, then _count (1) and _mapcount (-1) sharing word 1, little-endian
        assertTrue(out.contains("\nraw: " + hex16(flags) + " ffffffff00000001 "), out);
    }

    @Test
    void aCountListsPagesAsKmemP() {
        Session s = run("pc64", """
                let p = alloc_pages(GFP_KERNEL, 1)
                let pfn = page_to_pfn(p)
                let flags = p->flags
                show page p 2
                """);
        long pfn = var(s, "pfn"), flags = var(s, "flags");
        List<String> lines = output(s, FIRST + 3).lines().toList();
        // crash memory.c: mkstring("PAGE", 16, CENTER), PHYSICAL right-justified to PADDR_PRLEN
        // (8 = strlen("40000000"), 1 GiB), MAPPING and INDEX centred to the right, MINSPACE 1
        assertEquals("      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS", lines.get(0));
        assertEquals(String.format("%-16x %8x %16x %8x %2d %x", VMEMMAP + pfn * 64, pfn << 12, 0, 0, 1, flags), lines.get(1));
        assertEquals(3, lines.size(), () -> String.join("\n", lines));
        assertTrue(lines.get(2).startsWith(String.format("%-16x %8x ", VMEMMAP + (pfn + 1) * 64, (pfn + 1) << 12)), lines.get(2));
    }

    @Test
    void sizeofAndRawWordsFollowTheLayout() {
        // struct page on 6.12 x86_64: flags, five union words, _mapcount|_refcount, memcg_data = 8 words;
        // _refcount at offset 52 is the upper half of word 6 (include/linux/mm_types.h v6.12)
        Session s = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                expect sizeof(struct page) == 64
                expect sizeof(struct folio) == 3 * sizeof(struct page)
                expect page_raw(p, 0) == p->flags
                expect page_raw(p, 6) >> 32 == page_ref_count(p)
                expect (page_raw(p, 6) & 0xffffffff) == 0xffffffff
                let q = pfn_to_page(page_to_pfn(p) + 1)
                expect q == p + 1
                """);
        assertTrue(s.problems().stream().noneMatch(Problem::isError), () -> "" + s.problems());
        Session s32 = run("pc32", "expect sizeof(struct page) == 32");
        assertTrue(s32.problems().stream().noneMatch(Problem::isError), () -> "" + s32.problems());
    }

    @Test
    void anotherUnionMemberReadsTheSameBytes() {
        // a free block's head is used as the buddy view; _mapcount shares its 4 bytes with page_type,
        // which __SetPageBuddy() set to PGTY_buddy << 24 (include/linux/page-flags.h v6.12)
        Session s = run("pc64", """
                let q = alloc_pages(GFP_KERNEL, 10)
                __free_pages(q, 10)
                let mc = q->_mapcount
                """);
        assertEquals((long) (int) 0xf000_0000L, var(s, "mc"));
    }
}
