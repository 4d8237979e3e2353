package io.kmemlab.emulator;

import io.kmemlab.emulator.mm.FlagPolicy;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/**
 * struct page state: references (get_page, put_page, page_count), PageXxx flags and types,
 * compound pages, the buddy order, and a slab's struct slab fields.
 */
final class PageState {
    private final Kernel k;
    private final Conversions conversions;

    PageState(Kernel k, Conversions conversions) {
        this.k = k;
        this.conversions = conversions;
    }

    /** page_slab(page): the struct slab (same address as the head page), or NULL. */
    long pageSlab(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        long slab = k.slub.slabOf(pfn);
        return slab < 0 ? 0 : k.model.pfnToPage(slab, Trace.NONE);
    }

    /** virt_to_slab(addr). */
    long virtToSlab(long addr, Trace t) {
        if (!conversions.virtAddrValid(addr, Trace.NONE)) return 0;
        long slab = k.slub.slabOf(k.arch.pa(addr, t) >>> 12);
        return slab < 0 ? 0 : k.model.pfnToPage(slab, t);
    }

    /** A struct slab field: slab_cache, freelist, inuse, objects, frozen, counters, slab_list. Null if not a slab. */
    Long slabField(long slab, String field) {
        long pfn = conversions.pageToPfnChecked(slab, Trace.NONE);
        if (pfn < 0 || k.slub.slabOf(pfn) != pfn) return null;
        long counters = k.store.word(pfn, 4);
        return switch (field) {
            case "slab_cache" -> k.store.word(pfn, 0);
            case "slab_list", "slab_list.next" -> k.store.word(pfn, 1);
            case "slab_list.prev" -> k.store.word(pfn, 2);
            case "freelist" -> k.store.word(pfn, 3);
            case "counters" -> counters;
            case "inuse" -> counters & 0xffff;
            case "objects" -> (counters >>> 16) & 0x7fff;
            // 2.6.32: PG_slub_frozen = PG_active; 6.x: the frozen bit of counters
            case "frozen" -> k.profile.pageTypes() ? (counters >>> 31) & 1 : (k.store.flags(pfn) >>> k.profile.bit("active")) & 1;
            default -> null;
        };
    }

    KmemCache kmemCache(long address) { return k.slub.cacheAt(address); }

    void getPage(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return;
        long head = headPfn(pfn);
        int rc = k.store.refcount(head);
        if (rc <= 0) {
            // folio_get(): VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow(folio)) - CONFIG_DEBUG_VM only
            k.diag.report(k.alloc.debugVm()
                    ? new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at include/linux/mm.h!", String.format(
                            "kernel BUG at include/linux/mm.h! get_page: VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow(folio)) - refcount %d (pfn 0x%x)", rc, pfn))
                    : Diagnostic.note(String.format("get_page() on a page with refcount %d (pfn 0x%x): a page nobody holds; the kernel"
                            + " checks this only with CONFIG_DEBUG_VM; the reference is not taken here", rc, pfn)), t);
            return;
        }
        k.store.setRefcount(head, rc + 1);
        if (t.enabled()) t.formula(String.format("get_page: folio_get -> _refcount %d -> %d", rc, rc + 1));
    }

    /** put_page(): drop a reference; at zero the page goes back to the allocator. */
    void putPage(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return;
        long head = headPfn(pfn);
        int rc = k.store.refcount(head);
        if (rc <= 0) {
            // folio_put_testzero(): VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0) - CONFIG_DEBUG_VM only
            k.diag.report(k.alloc.debugVm()
                    ? new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at include/linux/mm.h!", String.format(
                            "kernel BUG at include/linux/mm.h! put_page: VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0) - refcount underflow (pfn 0x%x)", head))
                    : Diagnostic.note(String.format("put_page() with _refcount %d (pfn 0x%x): a refcount underflow; the kernel checks this only with"
                            + " CONFIG_DEBUG_VM (it would free the page twice); ignored here", rc, head)), t);
            return;
        }
        if (t.enabled()) t.formula(String.format("put_page: _refcount %d -> %d%s", rc, rc - 1, rc == 1 ? " -> freed" : ""));
        if (rc == 1) {
            if (k.store.owner(head) == FrameOwner.USER) k.processes.releaseUserPage(head, t);
            int order = k.alloc.isHead(head) ? k.alloc.compoundOrder(head) : 0;
            k.alloc.freePages(head, order, t);
        } else {
            k.store.setRefcount(head, rc - 1);
        }
    }

    /** page_cache_release(): the old name of put_page, accepted with a warning. */
    void pageCacheRelease(long page, Trace t) {
        k.diag.report(Diagnostic.note("page_cache_release() was removed in 4.6 (a kernel build would fail); it is put_page()"), t);
        putPage(page, t);
    }

    int pageCount(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        return pfn < 0 ? 0 : k.store.refcount(headPfn(pfn));
    }

    int pageRefCount(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        return pfn < 0 ? 0 : k.store.refcount(pfn);
    }

    /** page_mapcount(): _mapcount + 1 (0 for typed pages in 6.12; 6.1 adds 1 to whatever _mapcount holds). */
    int pageMapcount(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        int mc = k.store.mapcount(pfn);
        if (!k.profile.invertedPageTypes() && PageTypes.typeOf(k.profile, mc) != null) return 0;
        return mc + 1;
    }

    long headPfn(long pfn) {
        long w = k.store.word(pfn, 0);
        if ((w & 1) != 0 && !k.alloc.isBuddy(pfn)) return k.model.pageToPfn(w - 1, Trace.NONE);
        return pfn;
    }

    /**
     * PageXxx(page): a PG_ flag of this kernel profile, a page type (Buddy, Slab, Table,
     * Offline, Hugetlb, Guard) or a derived test (Head, Tail, Compound, HighMem, Anon, LRU ...).
     * Null when this kernel has no such test.
     */
    Boolean pageFlag(String name, long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0 || name == null) return null;
        String n = name.startsWith("Page") ? name.substring(4) : name;
        switch (n) {
            case "Buddy": return k.alloc.isBuddy(pfn);
            case "Tail": return k.alloc.isTail(pfn);
            case "Head": return k.alloc.isHead(pfn) && !k.alloc.isBuddy(pfn);
            case "Compound": return k.alloc.isTail(pfn) || k.alloc.isHead(pfn);
            case "HighMem": return k.highmem != null ? k.pfnHighMem(pfn) : (pfn << 12) >= k.arch.layout().lowmemLimit();
            case "Anon": return (k.store.word(headPfn(pfn), 2) & 1) != 0;
            case "Slab": return k.types.has(k.store, headPfn(pfn), PageTypes.Type.SLAB);
            // PageHuge = folio_test_hugetlb(page_folio(page)): the hugetlb page type of the head (6.12)
            case "Huge": return k.types.has(k.store, headPfn(pfn), PageTypes.Type.HUGETLB);
            // PageTransHuge: VM_BUG_ON_PAGE(PageTail) then PageHead with CONFIG_TRANSPARENT_HUGEPAGE, else false
            case "TransHuge": return k.config(ConfigOption.THP) && k.alloc.isHead(pfn) && !k.alloc.isBuddy(pfn);
            default: break;
        }
        if (k.profile.pageTypes()) {
            for (PageTypes.Type ty : PageTypes.Type.values()) {
                if (ty.name().equalsIgnoreCase(n)) return k.types.has(k.store, pfn, ty);
            }
        }
        String flag = pgName(n);
        int bit = k.profile.bit(flag);
        if (bit < 0) return null;
        long at = policyPfn(n, flag, pfn);
        boolean v = (k.store.flags(at) & (1L << bit)) != 0;
        // 6.x folio_test_swapcache(): PG_swapcache only counts on a swap-backed folio
        if (v && n.equals("SwapCache") && k.profile.bit("swapcache") < 0)
            v = (k.store.flags(at) & (1L << k.profile.bit("swapbacked"))) != 0;
        if (t.enabled()) t.formula(at == pfn
                ? String.format("Page%s: test_bit(PG_%s = %d, &page->flags) = %s", n, flag, bit, v)
                : String.format("Page%s: test_bit(PG_%s = %d, &compound_head(page)->flags) = %s (head pfn 0x%x)", n, flag, bit, v, at));
        return v;
    }

    /** The pfn whose flags word accessor PageXxx uses for PG_flag: the head for PF_HEAD/PF_NO_TAIL tests on a tail. */
    private long policyPfn(String accessor, String flag, long pfn) {
        if (FlagPolicy.of(accessor, flag, k.profile) == FlagPolicy.PAGE || k.alloc == null || !k.alloc.isTail(pfn)) return pfn;
        return headPfn(pfn);
    }

    /**
     * The PG_ bit behind PageXxx for Xxx (include/linux/page-flags.h): the lower-case name,
     * or the bit an alias shares (PG_swapcache and PG_pinned are PG_owner_priv_1 in 6.x).
     */
    private String pgName(String n) {
        return switch (n) {
            case "LRU" -> "lru";
            case "SwapBacked" -> "swapbacked";
            case "SwapCache" -> k.profile.bit("swapcache") >= 0 ? "swapcache" : "owner_priv_1";
            case "Pinned" -> "owner_priv_1";                  // PG_pinned = PG_owner_priv_1 (Xen page tables)
            case "MappedToDisk" -> k.profile.bit("mappedtodisk") >= 0 ? "mappedtodisk" : "owner_2";
            case "Private2" -> "private_2";
            case "HWPoison" -> "hwpoison";
            default -> camelToSnake(n);
        };
    }

    private static String camelToSnake(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(s.charAt(i - 1))) sb.append('_');
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** SetPageXxx / ClearPageXxx for PG_ flag bits. False when this kernel has no such flag. */
    boolean setPageFlag(String name, long page, boolean on, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return false;
        String n = name.startsWith("Page") ? name.substring(4) : name;
        String flag = pgName(n);
        int bit = k.profile.bit(flag);
        if (bit < 0) return false;
        k.store.setFlagBit(policyPfn(n, flag, pfn), bit, on);   // SetPageDirty(tail) sets the head's bit (PF_HEAD)
        return true;
    }

    /** compound_head(page). */
    long compoundHead(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        long w = k.store.word(pfn, 0);
        if ((w & 1) != 0 && !k.alloc.isBuddy(pfn)) {
            if (t.enabled()) t.formula(String.format("compound_head: page->compound_head 0x%x has bit 0 set -> head 0x%x", w, w - 1));
            return w - 1;
        }
        return page;
    }

    /** compound_order(page): folio order from page[1].flags & 0xff (6.1: page[1].compound_order) for a head, else 0. */
    int compoundOrder(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        int o = k.alloc.compoundOrder(pfn);
        if (t.enabled()) t.formula(String.format("compound_order = PageHead ? %s : 0 = %d",
                k.alloc.compoundFields().orderInFlags() ? "page[1].flags & 0xff" : "page[1].compound_order", o));
        return o;
    }

    /** buddy_order(page): page->private of a free head, -1 if not PageBuddy. */
    int buddyOrder(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        return pfn < 0 ? -1 : k.alloc.buddyOrder(pfn);
    }
}
