package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.ShowPageGoldenTest.output;
import static io.kmemlab.interpreter.tests.ShowPageGoldenTest.run;
import static io.kmemlab.interpreter.tests.ShowPageGoldenTest.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Session;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code walk} in crash's vtop layout, checked against the x86_64 4-level formulas rather than
 * against the emulator: each entry sits at table + index * 8 with index = (va >> shift) & 511
 * (pgd 39, pud 30, pmd 21, pte 12; arch/x86/include/asm/pgtable_64_types.h), each table is the
 * previous entry's value & PTE_PFN_MASK (bits 12..51), the direct map is va - PAGE_OFFSET
 * (0xffff888000000000, Documentation/arch/x86/x86_64/mm.rst), and the walk ends with the kmem -p
 * line of the struct page (vmemmap + pfn * 64).
 */
class WalkGoldenTest {
    private static final int FIRST = Kmem.FIRST_BODY_LINE;
    private static final Pattern ENTRY = Pattern.compile("^ +(PGD|P4D|PUD|PMD|PTE): ([0-9a-f]+) => ([0-9a-f]+)", Pattern.MULTILINE);
    private static final long PTE_PFN_MASK = 0x000f_ffff_ffff_f000L;

    private static int shift(String level) {
        return switch (level) {
            case "PGD" -> 39;
            case "PUD" -> 30;
            case "PMD" -> 21;
            default -> 12;
        };
    }

    @Test
    void aDirectMapWalkShowsEveryEntryAndEndsWithThePageLine() {
        Session s = run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                let va = page_address(p)
                let pfn = page_to_pfn(p)
                let flags = p->flags
                walk va
                """);
        long va = var(s, "va"), pfn = var(s, "pfn"), flags = var(s, "flags");
        long pa = va - 0xffff888000000000L;
        assertEquals(pfn << 12, pa, "page_address() of a lowmem page is __va(pfn << PAGE_SHIFT)");
        String out = output(s, FIRST + 4);
        List<String> lines = out.lines().toList();
        int at = lines.indexOf("VIRTUAL           PHYSICAL");
        assertTrue(at >= 0, out);
        assertEquals(String.format("%-16x  %x", va, pa), lines.get(at + 1), out);

        Matcher m = ENTRY.matcher(out);
        long table = -1;
        String leaf = null;
        long leafValue = 0;
        int n = 0;
        while (m.find()) {
            long entry = Long.parseUnsignedLong(m.group(2), 16), value = Long.parseUnsignedLong(m.group(3), 16);
            long index = (va >>> shift(m.group(1))) & 511;
            if (table >= 0) assertEquals(table + index * 8, entry, () -> "entry address of " + out);
            else assertEquals(index * 8, entry & 0xfff, () -> "pgd entry offset of " + out);
            table = value & PTE_PFN_MASK;
            leaf = m.group(1);
            leafValue = value;
            n++;
        }
        assertTrue(n >= 2, out);
        // the leaf is a pte, or a pmd / pud with _PAGE_PSE (bit 7)
        long size = leaf.equals("PTE") ? 4096 : 1L << shift(leaf);
        if (!leaf.equals("PTE")) assertTrue((leafValue & 0x80) != 0, out);
        String sizeLabel = size == 4096 ? "" : size == (2 << 20) ? "  (2MB)" : "  (1GB)";
        assertTrue(lines.contains(String.format("  PAGE: %x%s", pa & -size, sizeLabel)), out);
        String pageLine = String.format("%-16x %8x %16x %8x %2d %x", 0xffffea0000000000L + pfn * 64, pfn << 12, 0, 0, 1, flags);
        assertEquals(pageLine, lines.get(lines.size() - 1), out);
        assertEquals("      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS", lines.get(lines.size() - 2), out);
    }

    @Test
    void aProcessWalkAndItsPageTables() {
        // a block's variables end with the block: the walk and the listing run inside it, as the process
        Session s = run("pc64", """
                process app {
                    let u = mmap(8K, PROT_READ | PROT_WRITE)
                    write8(u, 1)
                    print u
                    walk u
                    show pagetables
                }
                """);
        long u = printed(s, FIRST + 3);
        String walk = output(s, FIRST + 4);
        assertTrue(walk.contains("mm of app"), walk);
        Matcher m = ENTRY.matcher(walk);
        String last = null;
        while (m.find()) last = m.group(1);
        assertEquals("PTE", last, walk);
        String tables = output(s, FIRST + 5);
        assertTrue(tables.startsWith("page tables of app"), tables);
        // the written page is mapped by one pte covering [u, u + 4096); the untouched second page by none
        assertTrue(tables.contains(String.format("va %#x-%#x -> phys", u, u + 4095)), tables);
        assertTrue(!tables.contains(String.format("va %#x-", u + 4096)), tables);
    }

    /** The value a `print` on {@code line} printed: "(kind) 0x...". */
    static long printed(Session s, int line) {
        Matcher m = Pattern.compile("0x([0-9a-f]+)").matcher(output(s, line));
        assertTrue(m.find(), () -> "nothing printed on line " + line);
        return Long.parseUnsignedLong(m.group(1), 16);
    }
}
