package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link PageDescriptor}s: raw words from {@link RawPage}, the union view in use from the
 * facade's decoding ({@link StructPage#variant()}), page->flags fields from {@link PageFlags}.
 */
final class PageDecoder {
    private final InspectHost h;
    private final KernelProfile profile;
    private final StructPageLayout layout;
    private final RawPage raw;

    PageDecoder(InspectHost h) {
        this.h = h;
        this.profile = h.profile();
        this.layout = StructPageLayout.of(profile, h.arch().wordBytes());
        this.raw = new RawPage(layout, profile, pfn -> h.model().pfnToPage(pfn, Trace.NONE));
    }

    StructPageLayout layout() { return layout; }

    RawPage raw() { return raw; }

    /** The free lists of the live zones, for {@link RawPage}. */
    static RawPage.FreeLists freeLists(List<Zone> zones) {
        return new RawPage.FreeLists() {
            // the spans of zones of different nodes overlap when the nodes' ranges interleave: the
            // zone whose lists hold the pfn, else the first that spans it
            private Zone zone(long pfn) {
                Zone spanning = null;
                for (Zone z : zones) if (z.spanned() > 0 && z.contains(pfn) && z.freeArea() != null) {
                    if (z.freeArea().orderOf(pfn) >= 0) return z;
                    if (spanning == null) spanning = z;
                }
                return spanning;
            }
            @Override public int orderOf(long pfn) { Zone z = zone(pfn); return z == null ? -1 : z.freeArea().orderOf(pfn); }
            @Override public long nextOf(long pfn) { Zone z = zone(pfn); return z == null ? -1 : z.freeArea().nextOf(pfn); }
            @Override public long prevOf(long pfn) { Zone z = zone(pfn); return z == null ? -1 : z.freeArea().prevOf(pfn); }
        };
    }

    RawPage.FreeLists liveFreeLists() { return h.alloc() == null ? RawPage.FreeLists.NONE : freeLists(h.alloc().zones()); }

    /** The descriptor of {@code pfn}; null when the pfn has none or struct pages are not initialised yet. */
    PageDescriptor decode(long pfn) {
        if (pfn < 0 || pfn >= h.storePfns() || h.model() == null || !h.model().pfnValid(pfn)) return null;
        StructPage sp = h.decode(pfn);
        if (sp == null) return null;
        PageStore store = h.store();
        RawPage.FreeLists free = liveFreeLists();
        long[] r = raw.words(store, free, pfn);
        int w = layout.wordBytes();
        List<PageDescriptor.View> views = new ArrayList<>();
        for (StructPageLayout.View v : layout.views()) views.add(decodeView(v, r));
        long flags = layout.views().get(0).fields().get(0).read(r, w);
        PageDescriptor.Compound compound = compound(pfn, free);
        PageDescriptor.Folio folio = compound == null || layout.legacy() ? null : folio(compound, free);
        boolean folioPage1 = !layout.legacy() && profile.orderInFlags1() && compound != null && compound.index() == 1;
        String viewInUse = viewInUse(sp.variant(), compound);
        int refcount = (int) read(r, layout.refcountOffset());
        int mapcountRaw = (int) read(r, layout.mapcountOffset());
        String pageType = pageType(flags, mapcountRaw);
        // page_mapcount(): 0 for a typed page (6.12); 6.1 adds 1 to _mapcount whatever it holds
        // (a free buddy page's page_type 0xffffff7f gives -128, include/linux/mm.h at v6.1)
        int mapcount = pageType != null && !layout.legacy() && !profile.invertedPageTypes() ? 0 : mapcountRaw + 1;
        if (folio != null) mapcount += folio.entireMapcount() + 1;           // folio_entire_mapcount()
        PageFlags pf = h.pageFlags();
        int order = free.orderOf(pfn);
        String slabCache = null;
        if (viewInUse.equals("slab")) {
            Long cache = views.get(layout.views().indexOf(layout.view("slab"))).get(layout.legacy() ? "slab" : "slab_cache");
            KmemCache c = cache == null ? null : h.slabCache(cache);
            slabCache = c == null ? null : c.name();
        }
        Zone z = h.alloc() == null ? null : h.alloc().zoneOf(pfn);
        return new PageDescriptor(pfn, h.model().pfnToPage(pfn, Trace.NONE), layout.size(), w, r, viewInUse, views, flags,
                flagsFields(flags, folioPage1), pgFlags(flags, folioPage1), pageType, refcount, mapcountRaw, mapcount,
                store.owner(pfn), pf == null ? 0 : pf.node(store.flags(pfn)), z == null ? "-" : z.name(),
                compound, folio, slabCache, order >= 0 ? pfn ^ (1L << order) : -1,
                z == null || z.pageblocks() == null ? null : h.alloc().migrateTypes().name(z.pageblocks().get(pfn)));
    }

    private PageDescriptor.View decodeView(StructPageLayout.View v, long[] r) {
        List<PageDescriptor.FieldValue> fs = new ArrayList<>(v.fields().size());
        for (StructPageLayout.Field f : v.fields())
            fs.add(new PageDescriptor.FieldValue(f.name(), f.offset(), f.bytes(), f.bit(), f.bits(), f.read(r, layout.wordBytes())));
        return new PageDescriptor.View(v.name(), v.type(), fs);
    }

    private long read(long[] r, int off) { return new StructPageLayout.Field("", off, 4, 0, 32, true).read(r, layout.wordBytes()); }

    /** The union view in use for {@code pfn}, whose facade variant is {@code variant}. */
    String viewInUse(long pfn, String variant) {
        return viewInUse(variant, variant.equals("compound-tail") ? compound(pfn, liveFreeLists()) : null);
    }

    /**
     * The union view for the facade's variant. A folio's second and third pages are tails whose
     * bytes are struct folio's __page_1 / __page_2 (include/linux/mm_types.h 6.12).
     */
    private String viewInUse(String variant, PageDescriptor.Compound c) {
        if (layout.legacy()) return switch (variant) {
            case "buddy", "slab", "tail" -> variant;
            case "compound-tail" -> "tail";
            case "page-table" -> "ptl";
            default -> "page";
        };
        return switch (variant) {
            case "buddy" -> "buddy";
            case "pcp-free" -> "pcp";
            case "slab" -> "slab";
            case "page-table" -> layout.view("ptdesc") != null ? "ptdesc" : "pt";
            case "compound-tail" -> c == null || c.index() > 2 || (c.index() == 2 && c.order() < 2) ? "tail"
                    : c.index() == 1 ? "folio[1]"
                    : layout.view("folio[2]") != null && h.alloc() != null
                            && h.alloc().types().has(h.store(), c.headPfn(), PageTypes.Type.HUGETLB) ? "folio[2]" : "folio[2]a";
            default -> "page";
        };
    }

    /** compound_head() / compound_order() as the emulator stores them (PageAllocator.prepCompound). */
    private PageDescriptor.Compound compound(long pfn, RawPage.FreeLists free) {
        if (free.orderOf(pfn) >= 0) return null;                         // a free head's word 0 is its buddy_list
        PageStore s = h.store();
        long w0 = s.word(pfn, 0);
        long headPfn = (w0 & 1) != 0 ? h.model().pageToPfn(w0 - 1, Trace.NONE) : pfn;
        int headBit = profile.bit("head");
        if (headPfn < 0 || headPfn + 1 >= h.storePfns() || headBit < 0 || (s.flags(headPfn) & (1L << headBit)) == 0) return null;
        // folio_order(): _flags_1 & 0xff (6.6+); 6.1 page[1].compound_order
        int order = h.alloc() != null ? h.alloc().compoundFields().order(s, headPfn + 1) : (int) (s.flags(headPfn + 1) & 0xff);
        if (order == 0 || pfn - headPfn >= (1L << order)) return null;
        return new PageDescriptor.Compound(headPfn, h.model().pfnToPage(headPfn, Trace.NONE), order, 1L << order, pfn - headPfn);
    }

    /** struct folio's fields of a large folio, from its second (and third) page. */
    private PageDescriptor.Folio folio(PageDescriptor.Compound c, RawPage.FreeLists free) {
        int w = layout.wordBytes();
        long[] p1 = raw.words(h.store(), free, c.headPfn() + 1);
        StructPageLayout.View f1 = layout.view("folio[1]"), f2 = layout.view("folio[2]a");
        boolean v61 = f1.field("_total_mapcount") != null;
        long next = 0, prev = 0;
        if (c.order() > 1) {
            long[] p2 = raw.words(h.store(), free, c.headPfn() + 2);
            String list = v61 ? "deferred_list" : "_deferred_list";
            next = f2.field(list + ".next").read(p2, w);
            prev = f2.field(list + ".prev").read(p2, w);
        }
        if (v61) {
            // 6.1: compound_mapcount (folio_entire_mapcount() - 1) and compound_pincount; no
            // _large_mapcount or _nr_pages_mapped yet
            int total = (int) f1.field("_total_mapcount").read(p1, w);
            return new PageDescriptor.Folio(c.headPfn(), c.order(), c.nrPages(), total, total, 0,
                    (int) f1.field("_pincount").read(p1, w), next, prev);
        }
        return new PageDescriptor.Folio(c.headPfn(), c.order(), c.nrPages(),
                (int) f1.field("_large_mapcount").read(p1, w), (int) f1.field("_entire_mapcount").read(p1, w),
                (int) f1.field("_nr_pages_mapped").read(p1, w), (int) f1.field("_pincount").read(p1, w), next, prev);
    }

    /** 6.x: the PGTY_ type in the top byte of page_type; 2.6: PG_buddy / PG_slab. */
    private String pageType(long flags, int pageTypeWord) {
        if (profile.invertedPageTypes()) {
            int slab = profile.bit("slab");                                  // 6.1: PG_slab is still a flag
            if (slab >= 0 && (flags & (1L << slab)) != 0) return "slab";
        }
        if (profile.pageTypes()) {
            PageTypes.Type t = PageTypes.typeOf(profile, pageTypeWord);
            return t == null ? null : t.name().toLowerCase();
        }
        for (String n : new String[]{"buddy", "slab"}) {
            int b = profile.bit(n);
            if (b >= 0 && (flags & (1L << b)) != 0) return n;
        }
        return null;
    }

    /**
     * page->flags fields, highest first:
     * | SECTION | NODE | ZONE | LAST_CPUPID | KASAN_TAG | LRU_GEN | LRU_REFS | ... | PG_ flags |
     * (include/linux/page-flags-layout.h; each field only where the configuration gives it
     * bits, see {@link PageFlags}). In a folio's second page the low byte of _flags_1 is the
     * order (folio_set_order()).
     */
    List<PageDescriptor.FlagsField> flagsFields(long flags, boolean folioPage1) {
        PageFlags pf = h.pageFlags();
        int nr = profile.pageFlags().size();
        List<PageDescriptor.FlagsField> out = new ArrayList<>();
        if (pf == null) {
            out.add(field("flags", 0, nr, flags));
            return out;
        }
        if (pf.sectionsWidth > 0) out.add(field("section", pf.sectionsPgoff, pf.sectionsWidth, flags));
        if (pf.nodesWidth > 0) out.add(field("node", pf.nodesPgoff, pf.nodesWidth, flags));
        if (pf.zonesWidth > 0) out.add(field("zone", pf.zonesPgoff, pf.zonesWidth, flags));
        if (pf.lastCpupidWidth > 0) out.add(field("last_cpupid", pf.lastCpupidPgoff, pf.lastCpupidWidth, flags));
        if (pf.kasanTagWidth > 0) out.add(field("kasantag", pf.kasanTagPgoff, pf.kasanTagWidth, flags));
        if (pf.lruGenWidth > 0) out.add(field("lru_gen", pf.lruGenPgoff, pf.lruGenWidth, flags));
        if (pf.lruRefsWidth > 0) out.add(field("lru_refs", pf.lruRefsPgoff, pf.lruRefsWidth, flags));
        int low = pf.lowestFieldBit();
        if (low > nr) out.add(field("unused", nr, low - nr, flags));
        if (folioPage1) {
            out.add(field("flags", 8, nr - 8, flags));
            out.add(field("folio_order", 0, 8, flags));
        } else {
            out.add(field("flags", 0, nr, flags));
        }
        return out;
    }

    private static PageDescriptor.FlagsField field(String name, int low, int width, long flags) {
        long mask = width >= 64 ? -1L : (1L << width) - 1;
        return new PageDescriptor.FlagsField(name, low, width, (flags >>> low) & mask);
    }

    private List<String> pgFlags(long flags, boolean folioPage1) {
        List<String> names = new ArrayList<>();
        List<String> all = profile.pageFlags();
        for (int b = folioPage1 ? 8 : 0; b < all.size(); b++) if ((flags & (1L << b)) != 0) names.add("PG_" + all.get(b));
        return names;
    }
}
