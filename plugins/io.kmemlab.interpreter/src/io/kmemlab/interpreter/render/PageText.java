package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A struct page as text, the same for the CLI's {@code show page} and the views' "Copy as text".
 *
 * <p>{@link #dumpPage} prints what the profile's kernel prints for dump_page(): on 6.x,
 * __dump_folio() of mm/debug.c (v6.12): the "page:" line, the "head:" line of a large folio,
 * "memcg:", "[anon |ksm ]flags: %pGp", "page_type: %x(%s)", the "raw:" hex dump of the struct
 * page and the "head:" hex dump of the folio's first two struct pages; on 2.6.32, the line of
 * bad_page() in mm/page_alloc.c (dump_page() itself came in 2.6.33). Pointers print as %p does
 * with no_hash_pointers (the kernel hashes them by default). After the kernel's lines come what
 * the kernel cannot print: the page->flags fields with their bits, the compound page, the slab
 * cache by name, and every union view of the same bytes, one line each.
 *
 * <p>{@link #kmemLines} prints crash's {@code kmem -p} layout, one line per page
 * (dump_mem_map_SPARSEMEM() in crash's memory.c).
 */
public final class PageText {
    private PageText() { }

    /** The 6.x struct page has struct folio's views; the 2.6.32 one has none. */
    static boolean modern(PageDescriptor d) { return d.view("folio[1]") != null; }

    /** 6.1's first tail page has compound_dtor / compound_order (struct folio _folio_dtor, _folio_order). */
    static boolean v61(PageDescriptor d) { return modern(d) && d.view("folio[1]").get("_total_mapcount") != null; }

    // ------------------------------------------------------------------ dump_page

    /** dump_page() of {@code page}, its head and second page looked up in {@code in} for a compound page. */
    public static String dumpPage(Inspector in, PageDescriptor page) {
        PageDescriptor.Compound c = page.compound();
        PageDescriptor head = c == null ? null : c.isHead() ? page : in.page(c.headPfn());
        PageDescriptor second = c == null ? null : in.page(c.headPfn() + 1);
        return dumpPage(page, head, second);
    }

    /**
     * dump_page() of {@code page}; {@code head} and {@code second} are its folio's first two
     * pages (null when it is not part of a compound page).
     */
    public static String dumpPage(PageDescriptor page, PageDescriptor head, PageDescriptor second) {
        StringBuilder sb = new StringBuilder(kernelDump(page, head, second));
        details(sb, page);
        return sb.toString();
    }

    /** Only the lines the kernel's dump_page() prints (what the dump_page() built-in logs). */
    public static String kernelDump(Inspector in, PageDescriptor page) {
        PageDescriptor.Compound c = page.compound();
        return kernelDump(page, c == null ? null : c.isHead() ? page : in.page(c.headPfn()), c == null ? null : in.page(c.headPfn() + 1));
    }

    static String kernelDump(PageDescriptor page, PageDescriptor head, PageDescriptor second) {
        StringBuilder sb = new StringBuilder();
        if (v61(page)) dumpPage61(sb, page, head == null ? page : head, second);
        else if (modern(page)) dumpFolio(sb, page, head == null ? page : head, second);
        else legacyBadPage(sb, page);
        return sb.toString();
    }

    /** __dump_folio() (mm/debug.c, v6.12). */
    private static void dumpFolio(StringBuilder sb, PageDescriptor page, PageDescriptor folio, PageDescriptor second) {
        PageDescriptor.View fp = folio.view("page");
        long mapping = fp.get("mapping");
        // folio_mapping(): NULL for slab pages and when PAGE_MAPPING_ANON / _MOVABLE bits are set
        boolean flagged = (mapping & 3) != 0;
        long shownMapping = flagged || "slab".equals(folio.pageType()) ? 0 : mapping;
        long idx = page.compound() == null ? 0 : page.compound().index();
        boolean large = page.folio() != null || (page.compound() != null && page.compound().order() > 0);
        // mapcount = page_mapcount_is_type(mapcount) ? 0 : _mapcount + 1, of the precise page
        int mapcount = page.pageType() != null ? 0 : page.mapcountRaw() + 1;
        sb.append(String.format("page: refcount:%d mapcount:%d mapping:%s index:%#x pfn:%#x%n",
                folio.refcount(), mapcount, ptr(shownMapping, page.wordBytes()), fp.get("index") + idx, page.pfn()));
        PageDescriptor.Folio f = page.folio();
        if (large && f != null) {
            // folio_has_pincount(): any large folio on 64-bit, order > 1 on 32-bit
            int pincount = page.wordBytes() == 8 || f.order() > 1 ? f.pincount() : 0;
            sb.append(String.format("head: order:%d mapcount:%d entire_mapcount:%d nr_pages_mapped:%d pincount:%d%n",
                    f.order(), f.mapcount(), f.entireMapcount() + 1, f.nrPagesMapped(), pincount));
        }
        Long memcg = fp.get("memcg_data");
        if (memcg != null && memcg != 0) sb.append("memcg:").append(Long.toHexString(memcg)).append('\n');
        String type = (mapping & 3) == 3 ? "ksm " : (mapping & 1) != 0 ? "anon " : "";
        sb.append(type).append("flags: ").append(pGp(folio)).append('\n');
        if (folio.pageType() != null) {
            sb.append(String.format("page_type: %x(%s)%n", (folio.mapcountRaw() >>> 24) & 0xff, folio.pageType()));
        }
        hexDump(sb, "raw: ", page.raw(), page.wordBytes());
        if (large && second != null) {
            long[] h = folio.raw(), s = second.raw();
            long[] both = new long[h.length + s.length];
            System.arraycopy(h, 0, both, 0, h.length);
            System.arraycopy(s, 0, both, h.length, s.length);
            hexDump(sb, "head: ", both, page.wordBytes());
        }
    }

    /**
     * __dump_page() of mm/debug.c at v6.1: "page:%p refcount:%d mapcount:%d mapping:%p index:%#lx
     * pfn:%#lx", for a compound page "head:%p order:%u compound_mapcount:%d compound_pincount:%d",
     * "memcg:", "[anon |ksm ]flags: %pGp", the "raw:" dump of the page and, for a tail, the
     * "head:" dump of the head page alone. mapcount = PageSlab(head) ? 0 : page_mapcount(page),
     * which is _mapcount + 1 whatever _mapcount holds (a free page's page_type gives -128), plus
     * compound_mapcount + 1 for a page of an anonymous or hugetlb compound page (__page_mapcount,
     * mm/util.c at v6.1).
     */
    private static void dumpPage61(StringBuilder sb, PageDescriptor page, PageDescriptor head, PageDescriptor second) {
        int w = page.wordBytes();
        PageDescriptor.View hp = head.view("page");
        long mapping = hp.get("mapping");
        boolean slab = "slab".equals(head.pageType());
        boolean anon = (mapping & 1) != 0;
        boolean compound = page.compound() != null && page.compound().order() > 0;
        PageDescriptor.View f1 = compound && second != null ? second.view("folio[1]") : null;
        boolean huge = f1 != null && f1.get("_folio_dtor") == 2;                 // HUGETLB_PAGE_DTOR
        int mapcount = slab ? 0 : page.mapcountRaw() + 1;
        if (!slab && f1 != null && (anon || huge)) mapcount += (int) (long) f1.get("_total_mapcount") + 1;
        // page_mapping(): NULL for anonymous (PAGE_MAPPING_ANON) and slab pages
        long shownMapping = (mapping & 3) != 0 || slab ? 0 : mapping;
        long idx = page.compound() == null ? 0 : page.compound().index();
        sb.append(String.format("page:%s refcount:%d mapcount:%d mapping:%s index:%#x pfn:%#x%n", ptr(page.address(), w),
                head.refcount(), mapcount, ptr(shownMapping, w), hp.get("index") + idx, page.pfn()));
        if (f1 != null) {
            sb.append(String.format("head:%s order:%d compound_mapcount:%d compound_pincount:%d%n", ptr(head.address(), w),
                    page.compound().order(), (int) (long) f1.get("_total_mapcount") + 1, (int) (long) f1.get("_pincount")));
        }
        Long memcg = hp.get("memcg_data");
        if (memcg != null && memcg != 0) sb.append("memcg:").append(Long.toHexString(memcg)).append('\n');
        String type = (mapping & 3) == 3 ? "ksm " : anon ? "anon " : "";
        sb.append(type).append("flags: ").append(pGp(head)).append('\n');
        hexDump(sb, "raw: ", page.raw(), w);
        if (head.pfn() != page.pfn()) hexDump(sb, "head: ", head.raw(), w);
    }

    /** bad_page()'s line in mm/page_alloc.c at v2.6.32: "page:%p flags:%p count:%d mapcount:%d mapping:%p index:%lx". */
    private static void legacyBadPage(StringBuilder sb, PageDescriptor page) {
        PageDescriptor.View p = page.view("page");
        int w = page.wordBytes();
        sb.append(String.format("page:%s flags:%s count:%d mapcount:%d mapping:%s index:%x%n",
                ptr26(page.address(), w), ptr26(page.flags(), w), page.refcount(), page.mapcountRaw() + 1,
                ptr26(p.get("mapping"), w), p.get("index")));
        hexDump(sb, "raw: ", page.raw(), w);
    }

    /**
     * %pGp (format_page_flags(), lib/vsprintf.c v6.12): the word in hex with 0x, then in
     * parentheses the PG_ names of the main area and the fields section, node, zone,
     * lastcpupid, kasantag that have bits (section, node and zone in decimal, the others in hex).
     */
    public static String pGp(PageDescriptor d) {
        List<String> parts = new ArrayList<>(PageFlagNames.ordered(d, true));
        String main = String.join("|", parts);
        List<String> fields = new ArrayList<>();
        for (String name : List.of("section", "node", "zone", "last_cpupid", "kasantag")) {
            for (PageDescriptor.FlagsField f : d.flagsFields()) {
                if (!f.name().equals(name) || f.width() == 0) continue;
                boolean dec = !name.equals("last_cpupid") && !name.equals("kasantag");
                fields.add((name.equals("last_cpupid") ? "lastcpupid" : name) + "=" + (dec ? Long.toString(f.value()) : "0x" + Long.toHexString(f.value())));
            }
        }
        StringBuilder sb = new StringBuilder("0x").append(Long.toHexString(d.flags())).append('(').append(main);
        for (String f : fields) {
            if (sb.charAt(sb.length() - 1) != '(') sb.append('|');
            sb.append(f);
        }
        return sb.append(')').toString();
    }

    /**
     * print_hex_dump(..., DUMP_PREFIX_NONE, 32, sizeof(unsigned long), ..., false): 32 bytes a
     * row, each word as zero-padded hex of its width, separated by one space.
     */
    static void hexDump(StringBuilder sb, String prefix, long[] words, int wordBytes) {
        int perRow = 32 / wordBytes;
        for (int i = 0; i < words.length; i += perRow) {
            sb.append(prefix);
            for (int j = i; j < Math.min(words.length, i + perRow); j++) {
                if (j > i) sb.append(' ');
                sb.append(word(words[j], wordBytes));
            }
            sb.append('\n');
        }
    }

    /** A word zero-padded to its size in hex digits (%016lx, %08lx). */
    static String word(long v, int wordBytes) {
        String h = Long.toHexString(wordBytes == 8 ? v : v & 0xffff_ffffL);
        return "0".repeat(Math.max(0, 2 * wordBytes - h.length())) + h;
    }

    /** %p of 6.x with no_hash_pointers (pointer_string(): zero-padded to 2 * sizeof(void *) digits, NULL included). */
    static String ptr(long v, int wordBytes) { return word(v, wordBytes); }

    /** %p of 2.6.32 (pointer() in lib/vsprintf.c): "(null)" for 0, else zero-padded hex. */
    static String ptr26(long v, int wordBytes) { return v == 0 ? "(null)" : word(v, wordBytes); }

    // ------------------------------------------------------------------ what dump_page cannot say

    private static void details(StringBuilder sb, PageDescriptor d) {
        sb.append(String.format("struct page %s: pfn %#x, phys %#x, node %d, zone %s, sizeof(struct page) %d, union in use: %s%n",
                hex(d.address()), d.pfn(), d.pfn() << 12, d.nid(), d.zone(), d.size(), d.viewInUse()));
        StringBuilder ff = new StringBuilder("page->flags fields:");
        for (PageDescriptor.FlagsField f : d.flagsFields()) {
            ff.append(' ').append(f.name()).append("[").append(f.highBit()).append(':').append(f.lowBit()).append("]=")
                    .append(hex(f.value()));
        }
        sb.append(ff).append('\n');
        List<String> names = new ArrayList<>(d.pgFlags());
        sb.append("PG_ flags: ").append(names.isEmpty() ? "none" : String.join(" ", names)).append('\n');
        sb.append(String.format("refcount %d, mapcount %d (_mapcount %s), page type %s%n", d.refcount(), d.mapcount(),
                hex(d.mapcountRaw() & 0xffff_ffffL), d.pageType() == null ? "none" : d.pageType()));
        PageDescriptor.Compound c = d.compound();
        if (c != null) {
            sb.append(String.format("compound: head pfn %#x (struct page %s), order %d, %d pages, this is page %d%n",
                    c.headPfn(), hex(c.head()), c.order(), c.nrPages(), c.index()));
        }
        PageDescriptor.Folio f = d.folio();
        if (f != null) {
            sb.append(String.format("folio: order %d, nr_pages %d, _large_mapcount %d, _entire_mapcount %d, _nr_pages_mapped %d, _pincount %d, _deferred_list %s/%s%n",
                    f.order(), f.nrPages(), f.largeMapcount(), f.entireMapcount(), f.nrPagesMapped(), f.pincount(),
                    hex(f.deferredNext()), hex(f.deferredPrev())));
        }
        if (d.slabCache() != null) sb.append("slab cache: ").append(d.slabCache()).append('\n');
        if (d.buddyPfn() >= 0) sb.append(String.format("free block's buddy: pfn %#x%n", d.buddyPfn()));
        if (d.migratetype() != null) sb.append("pageblock migratetype: ").append(d.migratetype()).append('\n');
        sb.append("union views of the same ").append(d.size()).append(" bytes:\n");
        for (PageDescriptor.View v : d.views()) sb.append(viewLine(d, v)).append('\n');
    }

    /** One union view on one line: "* page  flags=0x... lru.next=0x..." (the star marks the view in use). */
    public static String viewLine(PageDescriptor d, PageDescriptor.View v) {
        StringBuilder sb = new StringBuilder(v.name().equals(d.viewInUse()) ? "* " : "  ");
        sb.append(String.format("%-11s", v.name()));
        for (PageDescriptor.FieldValue f : v.fields()) {
            long mask = f.bits() >= 64 ? -1L : (1L << f.bits()) - 1;
            sb.append(' ').append(f.name()).append('=').append(hex(f.value() & mask));
        }
        return sb.toString();
    }

    static String hex(long v) { return "0x" + Long.toHexString(v); }

    // ------------------------------------------------------------------ crash kmem -p

    /** crash's PADDR_PRLEN: hex digits of max_mapnr * PAGE_SIZE (memory.c vm_init()), at least strlen("PHYSICAL"). */
    public static int paddrWidth(Inspector in) {
        return Math.max(Long.toHexString(in.frames() << 12).length(), "PHYSICAL".length());
    }

    /** crash's MINSPACE: one space where VADDR_PRLEN is 16, two where it is 8 (tools.c space()). */
    static String minspace(int wordBytes) { return wordBytes == 8 ? " " : "  "; }

    /** The header of kmem -p: PAGE centred, PHYSICAL right-justified, MAPPING and INDEX centred to the right. */
    public static String kmemHeader(int wordBytes, int paddrWidth) {
        int vw = 2 * wordBytes;
        String sp = minspace(wordBytes);
        return center("PAGE", vw, false) + sp + " ".repeat(Math.max(0, paddrWidth - 8)) + "PHYSICAL" + sp
                + center("MAPPING", vw, true) + sp + center("INDEX", 8, true) + "CNT FLAGS";
    }

    /** mkstring(CENTER [| RJUST]): an odd padding puts the extra space on the left when right-justifying. */
    static String center(String s, int width, boolean rjust) {
        int extra = width - s.length();
        if (extra <= 0) return s;
        int left = extra / 2, right = extra / 2;
        if (extra % 2 != 0) {
            if (rjust) left++;
            else right++;
        }
        return " ".repeat(left) + s + " ".repeat(right);
    }

    /**
     * One page as kmem -p prints it: "%-16lx %Nllx %16lx %8lx %2d %lx[ name,name]" with the
     * struct's own mapping, index and _refcount words (crash reads them at their offsets,
     * whatever union member is in use) and the PG_ names in pageflag_names[] order.
     */
    public static String kmemLine(PageDescriptor d, int paddrWidth) {
        int w = d.wordBytes(), vw = 2 * w;
        String sp = minspace(w);
        PageDescriptor.View p = d.view("page");
        long mapping = p.get("mapping"), index = p.get("index");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + vw + "s", Long.toHexString(d.address()))).append(sp);
        sb.append(String.format("%" + paddrWidth + "s", Long.toHexString(d.pfn() << 12))).append(sp);
        sb.append(String.format("%" + vw + "s", Long.toHexString(mapping))).append(sp);
        sb.append(String.format("%8s", Long.toHexString(index))).append(' ');
        sb.append(String.format("%2d", d.refcount())).append(' ');
        sb.append(Long.toHexString(d.flags()));
        List<String> names = PageFlagNames.ordered(d, modern(d));
        if (d.flags() != 0 && !names.isEmpty()) sb.append(' ').append(String.join(",", names));
        return sb.toString();
    }

    /** kmem -p for {@code count} consecutive pages from {@code pfn}; pages without a struct page are skipped. */
    public static String kmemLines(Inspector in, long pfn, long count) {
        int pw = paddrWidth(in);
        StringBuilder sb = new StringBuilder();
        for (long p = pfn; p < pfn + count; p++) {
            PageDescriptor d = in.page(p);
            if (d == null) continue;
            if (sb.isEmpty()) sb.append(kmemHeader(d.wordBytes(), pw)).append('\n');
            sb.append(kmemLine(d, pw)).append('\n');
        }
        return sb.toString();
    }
}
