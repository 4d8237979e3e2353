package io.kmemlab.emulator;

import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.mm.PerCpuPages;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a struct page through its union variant (include/linux/mm_types.h struct page,
 * struct slab in mm/slab.h, struct folio, struct ptdesc), 64-bit offsets.
 */
final class PageInspector {
    private final Kernel k;

    PageInspector(Kernel k) { this.k = k; }

    StructPage inspect(long pfn, long address) {
        PageStore s = k.store;
        Map<String, Long> f = new LinkedHashMap<>();
        long flags = s.flags(pfn);
        boolean legacy = !k.profile.pageTypes();                            // 2.6: PG_buddy / PG_slab bits
        if (legacy && k.alloc.buddyOrder(pfn) >= 0 && k.profile.bit("buddy") >= 0) flags |= 1L << k.profile.bit("buddy");
        f.put("flags", flags);
        Zone z = k.alloc.zoneOf(pfn);
        String variant;
        int buddyOrder = k.alloc.buddyOrder(pfn);
        int mc = s.mapcount(pfn);
        if (buddyOrder >= 0) {
            variant = "buddy";
            long next = z.freeArea().nextOf(pfn), prev = z.freeArea().prevOf(pfn);
            f.put("lru.next", next < 0 ? 0 : k.pfnToPage(next) + 8);
            f.put("lru.prev", prev < 0 ? 0 : k.pfnToPage(prev) + 8);
            f.put("mapping", 0L);
            f.put("index", 0L);
            f.put("private", (long) buddyOrder);
            f.put(legacy ? "_mapcount" : "page_type", legacy ? -1L : (long) PageTypes.value(k.profile, PageTypes.Type.BUDDY) & 0xffffffffL);
            f.put("_refcount", (long) s.refcount(pfn));
        } else if (k.types.has(s, pfn, PageTypes.Type.SLAB)) {
            variant = "slab";
            long counters = s.word(pfn, 4);
            if (legacy) {
                // 2.6 SLUB in struct page: inuse/objects overlay _mapcount, slab overlays mapping,
                // freelist overlays index
                f.put("_count", (long) s.refcount(pfn));
                f.put("inuse", counters & 0xffff);
                f.put("objects", (counters >>> 16) & 0xffff);
                f.put("slab", s.word(pfn, 0));
                f.put("slab_cache", s.word(pfn, 0));
                f.put("freelist", s.word(pfn, 3));
                f.put("lru.next", s.word(pfn, 1));
                f.put("lru.prev", s.word(pfn, 2));
                return finish(pfn, address, "slab", z, flags, f);
            }
            f.put("slab_cache", s.word(pfn, 0));
            f.put("slab_list.next", s.word(pfn, 1));
            f.put("slab_list.prev", s.word(pfn, 2));
            f.put("freelist", s.word(pfn, 3));
            f.put("counters", counters);
            f.put("inuse", counters & 0xffff);
            f.put("objects", (counters >>> 16) & 0x7fff);
            f.put("frozen", (counters >>> 31) & 1);
            f.put(k.profile.invertedPageTypes() ? "__unused" : "page_type", (long) mc & 0xffffffffL);
            f.put("_refcount", (long) s.refcount(pfn));
        } else if ((s.word(pfn, 0) & 1) != 0) {
            variant = "compound-tail";
            long head = s.word(pfn, 0) - 1;
            long headPfn = k.pageToPfn(head);
            if (legacy) {                                                    // 2.6: first_page, PG_tail
                f.put("_count", (long) s.refcount(pfn));
                f.put("_mapcount", (long) mc);
                f.put("first_page", head);
                f.put("index", s.word(pfn, 3));
                f.put("lru.next", s.word(pfn, 0));
                f.put("lru.prev", s.word(pfn, 1));
                return finish(pfn, address, "compound-tail", z, flags, f);
            }
            f.put("compound_head", s.word(pfn, 0));
            if (pfn == headPfn + 1 && !k.profile.orderInFlags1()) {   // 6.1: first tail page
                io.kmemlab.emulator.mm.CompoundFields cf = k.alloc.compoundFields();
                f.put("_flags_1", flags);
                f.put("__head", s.word(pfn, 0));
                f.put("_folio_dtor", (long) cf.dtor(s, pfn));
                f.put("_folio_order", (long) cf.order(s, pfn));
                f.put("_total_mapcount", (long) (int) (s.word(pfn, 1) >>> 32));
                f.put("_pincount", (long) cf.pincount(s, pfn));
                f.put("_folio_nr_pages", s.word(pfn, 2) >>> 32);
            } else if (pfn == headPfn + 1) {                       // struct folio, second page
                f.put("_flags_1", flags);
                f.put("_folio_order", flags & 0xff);
                f.put("_head_1", s.word(pfn, 0));
                f.put("_large_mapcount", (long) (int) s.word(pfn, 1));
                f.put("_entire_mapcount", (long) (int) (s.word(pfn, 1) >>> 32));
                f.put("_nr_pages_mapped", (long) (int) s.word(pfn, 2));
                f.put("_pincount", (long) (int) (s.word(pfn, 2) >>> 32));
                f.put("_folio_nr_pages", s.word(pfn, 3) & 0xffffffffL);
            } else if (pfn == headPfn + 2 && k.alloc.compoundOrder(headPfn) > 1) {
                f.put("_deferred_list.next", s.word(pfn, 1));
                f.put("_deferred_list.prev", s.word(pfn, 2));
                f.put("mapping", s.word(pfn, 2));
            } else {
                f.put("mapping", s.word(pfn, 2));
                f.put("index", s.word(pfn, 3));
                f.put("private", s.word(pfn, 4));
            }
            f.put("_mapcount", (long) mc);
            f.put("_refcount", (long) s.refcount(pfn));
        } else if (k.types.has(s, pfn, PageTypes.Type.TABLE) || s.owner(pfn) == FrameOwner.PAGE_TABLE) {
            variant = "page-table";
            f.put("pt_list.next", s.word(pfn, 0));
            f.put("pt_list.prev", s.word(pfn, 1));
            f.put("__page_mapping", s.word(pfn, 2));
            f.put("pt_mm", s.word(pfn, 3));
            f.put("ptl", s.word(pfn, 4));
            f.put("page_type", (long) mc & 0xffffffffL);
            f.put("_refcount", (long) s.refcount(pfn));
        } else {
            FrameOwner o = s.owner(pfn);
            boolean onPcp = false;
            if (z != null && o == FrameOwner.FREE) for (int c = 0; c < k.spec.cpus(); c++) {
                PerCpuPages p = z.pcp(c);
                if (p != null && p.contains(pfn)) onPcp = true;
            }
            long mapping = s.word(pfn, 2);
            variant = k.types.has(s, pfn, PageTypes.Type.HUGETLB) ? "hugetlb"
                    : (mapping & 1) != 0 ? "anon" : k.alloc.isHead(pfn) ? "compound-head"
                    : onPcp ? "pcp-free" : o == FrameOwner.FREE ? "free"
                    : (flags & (1L << k.profile.bit("reserved"))) != 0 ? "reserved" : "allocated";
            f.put("lru.next", s.word(pfn, 0));
            f.put("lru.prev", s.word(pfn, 1));
            f.put("mapping", mapping);
            f.put("index", s.word(pfn, 3));
            f.put("private", s.word(pfn, 4));
            f.put(PageTypes.typeOf(k.profile, mc) != null ? "page_type" : "_mapcount", (long) mc);
            f.put("_refcount", (long) s.refcount(pfn));
        }
        if (!legacy) f.put("memcg_data", 0L);
        return finish(pfn, address, variant, z, flags, f);
    }

    private StructPage finish(long pfn, long address, String variant, Zone z, long flags, Map<String, Long> f) {
        PageStore s = k.store;
        List<String> names = new ArrayList<>();
        // in a folio's second page the low byte of _flags_1 is the order (folio_set_order), not PG_ bits
        int first = variant.equals("compound-tail") && f.containsKey("_folio_order") && k.profile.orderInFlags1() ? 8 : 0;
        for (int b = first; b < k.profile.pageFlags().size(); b++) if ((flags & (1L << b)) != 0) names.add("PG_" + k.profile.pageFlags().get(b));
        names.add("zone=" + k.pageFlags.zone(flags));
        if (k.pageFlags.nodesWidth > 0) names.add("node=" + k.pageFlags.node(flags));
        if (k.pageFlags.sectionsWidth > 0) names.add("section=" + k.pageFlags.section(flags));
        if (k.pageFlags.lastCpupidWidth > 0) names.add("lastcpupid=0x" + Long.toHexString(k.pageFlags.lastCpupid(flags)));
        return new StructPage(pfn, address, variant, s.owner(pfn).label, z == null ? "-" : z.name(), names, f);
    }

    static Trace none() { return Trace.NONE; }
}
