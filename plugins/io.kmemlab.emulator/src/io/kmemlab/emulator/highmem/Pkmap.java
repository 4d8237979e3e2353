package io.kmemlab.emulator.highmem;

import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistent kmap area (mm/highmem.c): LAST_PKMAP slots from PKMAP_BASE with their
 * pkmap_count, the page address hash (page_address_htable), kmap_high / map_new_virtual /
 * flush_all_zero_pkmaps / kunmap_high, and ARM's kmap_high_get.
 */
final class Pkmap {
    private final Highmem.Host host;
    private final long pkmapBase;
    private final int lastPkmap;
    private final boolean oldHash;        // 2.6 hash_long: GOLDEN_RATIO_PRIME_32 0x9e370001
    private final boolean kmapHighGet;    // ARM: ARCH_NEEDS_KMAP_HIGH_GET
    private int[] pkmapCount;
    private int lastPkmapNr;
    private Map<Long, Long> pageAddress = new LinkedHashMap<>();   // page -> pkmap vaddr (page_address_htable)

    Pkmap(Highmem.Host host, long pkmapBase, int lastPkmap, boolean oldHash, boolean kmapHighGet) {
        this.host = host;
        this.pkmapBase = pkmapBase;
        this.lastPkmap = lastPkmap;
        this.oldHash = oldHash;
        this.kmapHighGet = kmapHighGet;
        this.pkmapCount = new int[lastPkmap];
    }

    /** PKMAP_ADDR(nr) = PKMAP_BASE + nr * PAGE_SIZE. */
    long pkmapAddr(int nr) { return pkmapBase + ((long) nr << 12); }

    /** PKMAP_NR(va) = (va - PKMAP_BASE) >> PAGE_SHIFT. */
    int pkmapNr(long va) { return (int) ((va - pkmapBase) >>> 12); }

    boolean inPkmap(long va) {
        return Long.compareUnsigned(va, pkmapBase) >= 0 && Long.compareUnsigned(va, pkmapAddr(lastPkmap)) < 0;
    }

    int lastPkmap() { return lastPkmap; }

    long pkmapBase() { return pkmapBase; }

    int pkmapCount(int nr) { return pkmapCount[nr]; }

    int lastPkmapNr() { return lastPkmapNr; }

    /** hash_ptr(page, Highmem.PA_HASH_ORDER) on 32-bit: the page_address_htable bucket. */
    int bucket(long page) {
        int v = (int) page;
        int h = oldHash ? v * 0x9e370001 : v * 0x61C88647;
        return h >>> (32 - Highmem.PA_HASH_ORDER);
    }

    /** page_address() for a highmem page: the pkmap address found in the hash, or 0 (NULL). */
    long highPageAddress(long page, Trace t) {
        Long v = pageAddress.get(page);
        if (t.enabled()) t.formula(String.format("page_address(0x%x): highmem page, page_address_htable[hash_ptr(page, %d) = %d] -> %s",
                page, Highmem.PA_HASH_ORDER, bucket(page), v == null ? "not kmapped: NULL" : String.format("0x%x", v)));
        return v == null ? 0 : v;
    }

    /** kmap_high(). */
    long kmapHigh(long page, Trace t) {
        Long v = pageAddress.get(page);
        long vaddr;
        if (v != null) {
            vaddr = v;
            if (t.enabled()) t.formula(String.format("kmap_high: page already has pkmap address 0x%x (slot %d, pkmap_count %d)", vaddr, pkmapNr(vaddr), pkmapCount[pkmapNr(vaddr)]));
        } else {
            vaddr = mapNewVirtual(page, t);
            if (vaddr == 0) return 0;
        }
        int nr = pkmapNr(vaddr);
        pkmapCount[nr]++;
        if (t.enabled()) t.formula(String.format("kmap_high: pkmap_count[%d]++ -> %d (%d user%s); PKMAP_ADDR(%d) = PKMAP_BASE 0x%x + %d * PAGE_SIZE = 0x%x",
                nr, pkmapCount[nr], pkmapCount[nr] - 1, pkmapCount[nr] == 2 ? "" : "s", nr, pkmapBase, nr, vaddr));
        return vaddr;
    }

    /** map_new_virtual(): returns the new address, or 0 when the task would sleep. */
    long mapNewVirtual(long page, Trace t) {
        int count = lastPkmap;
        for (;;) {
            lastPkmapNr = (lastPkmapNr + 1) & (lastPkmap - 1);      // get_next_pkmap_nr()
            if (lastPkmapNr == 0) {                                   // no_more_pkmaps()
                flushAllZeroPkmaps(t);
                count = lastPkmap;
            }
            if (pkmapCount[lastPkmapNr] == 0) break;
            if (--count != 0) continue;
            host.report(new Diagnostic(Diagnostic.Kind.ERROR,
                    String.format("kmap() would sleep: all %d pkmap slots are in use", lastPkmap),
                    String.format("kmap() would sleep: all LAST_PKMAP = %d pkmap slots have pkmap_count >= 2 (in use); "
                            + "map_new_virtual() puts the task on pkmap_map_wait until a kunmap() frees one - with no other "
                            + "task to call kunmap() that is forever (a hung task). kmap returns NULL here.", lastPkmap)), t);
            return 0;
        }
        int nr = lastPkmapNr;
        long vaddr = pkmapAddr(nr);
        host.setKernelPte(vaddr, host.pageToPfn(page), t);
        pkmapCount[nr] = 1;
        pageAddress.put(page, vaddr);                                // set_page_address()
        if (t.enabled()) t.formula(String.format("map_new_virtual: last_pkmap_nr = %d is free -> pte of 0x%x = pfn 0x%x, pkmap_count[%d] = 1, "
                + "set_page_address(page, 0x%x) in bucket %d", nr, vaddr, host.pageToPfn(page), nr, vaddr, bucket(page)));
        return vaddr;
    }

    /** flush_all_zero_pkmaps(): the lazy unmapping of slots whose count dropped to 1. */
    void flushAllZeroPkmaps(Trace t) {
        int n = 0;
        for (int i = 0; i < lastPkmap; i++) {
            if (pkmapCount[i] != 1) continue;
            pkmapCount[i] = 0;
            long va = pkmapAddr(i);
            long pfn = host.kernelPtePfn(va);
            if (pfn < 0) {
                host.report(Diagnostic.of(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c! (flush_all_zero_pkmaps: BUG_ON(pte_none(ptent)))"), t);
                continue;
            }
            long page = host.pfnToPage(pfn);
            host.clearKernelPte(va, t);
            pageAddress.remove(page);                               // set_page_address(page, NULL)
            n++;
        }
        if (t.enabled()) t.note(n == 0 ? "flush_all_zero_pkmaps: wrapped to slot 0, no slot with pkmap_count 1"
                : String.format("flush_all_zero_pkmaps: wrapped to slot 0, unmapped %d lazily kept slot%s (pkmap_count 1 -> 0), "
                        + "flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(LAST_PKMAP))", n, n == 1 ? "" : "s"));
    }

    /** kunmap_high(): one kmap() user less; the mapping stays until the next flush_all_zero_pkmaps. */
    void kunmapHigh(long page, Trace t) {
        Long v = pageAddress.get(page);
        if (v == null) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kunmap_high: BUG_ON(!vaddr) - page 0x%x has no pkmap address (kunmap without kmap)", page)), t);
            return;
        }
        int nr = pkmapNr(v);
        if (pkmapCount[nr] - 1 == 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kunmap_high: pkmap_count[%d] would drop to 0 - page 0x%x is mapped but has no kmap() user "
                            + "(unbalanced kunmap)", nr, page)), t);
            return;
        }
        pkmapCount[nr]--;
        if (t.enabled()) t.formula(String.format("kunmap_high: pkmap_count[%d]-- -> %d%s", nr, pkmapCount[nr],
                pkmapCount[nr] == 1 ? " (mapping kept lazily until the next flush_all_zero_pkmaps; waiters woken)" : ""));
    }

    /** kmap_high_get() (mm/highmem.c): the page's pkmap address with pkmap_count++, or 0. */
    long kmapHighGet(long page, String fn, Trace t) {
        if (!kmapHighGet) return 0;
        Long v = pageAddress.get(page);
        if (v == null) return 0;
        int nr = pkmapNr(v);
        pkmapCount[nr]++;
        if (t.enabled()) t.formula(String.format("%s: arm kmap_high_get(): the page is kmapped at 0x%x - reused, pkmap_count[%d]++ -> %d (no fixmap slot)",
                fn, v, nr, pkmapCount[nr]));
        return v;
    }

    /** kunmap_high(pte_page(pkmap_page_table[PKMAP_NR(vaddr)])) for an address that came from kmap_high_get(). */
    void kunmapHighAt(long vaddr, String fn, Trace t) {
        long pfn = host.kernelPtePfn(vaddr);
        if (pfn < 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! %s(0x%x): the pkmap slot is not mapped (kunmap_high: BUG_ON(!vaddr))", fn, vaddr)), t);
            return;
        }
        long page = host.pfnToPage(pfn);
        if (t.enabled()) t.note(String.format("%s(0x%x): a pkmap address (from kmap_high_get) -> kunmap_high()", fn, vaddr));
        Long v = pageAddress.get(page);
        int nr = pkmapNr(vaddr);
        if (v == null || pkmapCount[nr] - 1 <= 0) {
            host.report(new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at mm/highmem.c!",
                    String.format("kernel BUG at mm/highmem.c! kunmap_high: pkmap_count[%d] would drop to 0 (%s of an address that has no user)", nr, fn)), t);
            return;
        }
        pkmapCount[nr]--;
    }

    /** Pages with a pkmap address (the page address hash), page -> address. */
    Map<Long, Long> pkmapped() { return Map.copyOf(pageAddress); }

    /** Self-check: pkmap counts vs ptes vs the hash. */
    void invariants(List<String> bad) {
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < lastPkmap; i++) {
            int cnt = pkmapCount[i];
            long pfn = host.kernelPtePfn(pkmapAddr(i));
            if (cnt < 0) bad.add("pkmap_count[" + i + "] < 0");
            if (cnt > 0 && pfn < 0) bad.add("pkmap slot " + i + " counted but its pte is none");
            if (cnt == 0 && pfn >= 0) bad.add("pkmap slot " + i + " free but its pte maps pfn 0x" + Long.toHexString(pfn));
            if (cnt > 0 && pfn >= 0) {
                long page = host.pfnToPage(pfn);
                Long a = pageAddress.get(page);
                if (a == null || a != pkmapAddr(i)) bad.add("pkmap slot " + i + " maps page 0x" + Long.toHexString(page) + " but the hash says " + a);
                Integer prev = seen.put(page, i);
                if (prev != null) bad.add("page 0x" + Long.toHexString(page) + " in pkmap slots " + prev + " and " + i);
            }
        }
        for (Map.Entry<Long, Long> e : pageAddress.entrySet()) {
            if (!inPkmap(e.getValue())) { bad.add("hash address outside pkmap: 0x" + Long.toHexString(e.getValue())); continue; }
            if (pkmapCount[pkmapNr(e.getValue())] == 0) bad.add("hashed page 0x" + Long.toHexString(e.getKey()) + " has a free slot");
        }
    }

    /** pkmap_count, last_pkmap_nr and the page address hash. */
    record State(int[] pkmapCount, int lastPkmapNr, Map<Long, Long> pageAddress) { }

    State save() { return new State(pkmapCount.clone(), lastPkmapNr, new LinkedHashMap<>(pageAddress)); }

    void load(State s) {
        pkmapCount = s.pkmapCount().clone();
        lastPkmapNr = s.lastPkmapNr();
        pageAddress = new LinkedHashMap<>(s.pageAddress());
    }
}
