package io.kmemlab.emulator.process;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;

/**
 * VMAs and what unmapping does to the page tables (mm/mmap.c, mm/memory.c): mmap with a
 * top-down get_unmapped_area, vma_merge of anonymous neighbours, munmap with zap_pte_range and
 * free_pgtables, and swap-out of a private anonymous page to the swap device (mm/swapfile.c,
 * the arch's swap PTE encoding).
 */
final class Mappings {
    private final Env env;
    private final Faults faults;
    private final Lru lru;
    private final HugetlbPool huge;
    private final SwapDevice swap;

    Mappings(Env env, Faults faults, Lru lru, HugetlbPool huge, SwapDevice swap) {
        this.env = env;
        this.faults = faults;
        this.lru = lru;
        this.huge = huge;
        this.swap = swap;
    }

    long mmap(TaskContext task, long len, long prot, long flags, Trace t) {
        if (task == null) return -1;
        MmStruct mm = task.mm();
        boolean hugetlb = (flags & UserFlags.MAP_HUGETLB) != 0;
        long unit = hugetlb ? Processes.HPAGE : 4096;
        if (len <= 0) return -1;
        long size = (len + unit - 1) & -unit;
        if (hugetlb) {
            long need = size / Processes.HPAGE;
            if (!huge.reserve(need)) {                                // hugetlb_reserve_pages() -> -ENOMEM
                if (t.enabled()) t.note(String.format("MAP_HUGETLB: %d huge pages needed, %d free in the pool -> MAP_FAILED", need, huge.available()));
                return -1;
            }
        }
        long addr = unmappedArea(mm, size, unit);
        if (addr < 0) return -1;
        Vma v = new Vma(addr, addr + size, prot, flags);
        // vma_merge(): an anonymous neighbour with the same protection and flags absorbs the new range
        Vma above = mm.vmas.get(addr + size);
        if (!hugetlb && above != null && above.prot == prot && above.flags == flags && above.anonVma == 0) {
            mm.vmas.remove(above.start);
            above.start = addr;
            above.pgoff = addr >>> 12;
            v = above;
        }
        mm.vmas.put(v.start, v);
        if (t.enabled()) t.formula(String.format("mmap(%d) = 0x%x: get_unmapped_area top-down below mmap_base 0x%x; VMA %s",
                len, addr, env.arch.layout().mmapBase(), v));
        if ((flags & UserFlags.MAP_POPULATE) != 0) {                  // mm_populate(): write faults for private writable
            boolean write = (prot & UserFlags.PROT_WRITE) != 0;
            for (long a = addr; a < addr + size; a += unit) faults.fault(task, a, write, t);
        }
        return addr;
    }

    /** vm_unmapped_area() top-down: the highest gap below mmap_base that fits. */
    private long unmappedArea(MmStruct mm, long size, long align) {
        long high = env.arch.layout().mmapBase();
        long floor = 0x10000;                                       // mmap_min_addr (64 KiB)
        var it = mm.vmas.descendingMap().values().iterator();
        long gapEnd = high;
        while (true) {
            Vma v = null;
            while (it.hasNext()) { Vma c = it.next(); if (c.start < gapEnd) { v = c; break; } }
            long gapStart = v == null ? floor : Math.max(v.end, floor);
            long cand = (gapEnd - size) & -align;
            if (v != null && v.end > gapEnd) { gapEnd = v.start; continue; }
            if (cand >= gapStart && gapEnd - size >= gapStart) return cand;
            if (v == null) return -1;
            gapEnd = v.start;
        }
    }

    int munmap(TaskContext task, long addr, long len, Trace t) {
        if (task == null) return -22;
        MmStruct mm = task.mm();
        if ((addr & 4095) != 0 || len <= 0) return -22;              // -EINVAL
        long end = addr + ((len + 4095) & -4096L);
        lru.drain(t);                                               // unmap_region(): lru_add_drain()
        for (Vma v : new ArrayList<>(mm.vmas.values())) {
            if (v.end <= addr || v.start >= end) continue;
            long s = Math.max(v.start, addr), e = Math.min(v.end, end);
            if (v.hugetlb()) { s = s & -Processes.HPAGE; e = (e + Processes.HPAGE - 1) & -Processes.HPAGE; }
            zapRange(mm, v, s, e, t);
            mm.vmas.remove(v.start);
            if (v.start < s) { Vma lo = v.copy(); lo.end = s; mm.vmas.put(lo.start, lo); }
            if (v.end > e) { Vma hi = v.copy(); hi.start = e; hi.pgoff = v.pgoff + ((e - v.start) >>> 12); mm.vmas.put(hi.start, hi); }
        }
        int freed = freePgtables(mm, addr, end, t);
        if (t.enabled()) t.note(String.format("munmap(0x%x, %d)%s", addr, len, freed > 0 ? ": " + freed + " page-table pages freed" : ""));
        return 0;
    }

    /**
     * free_pgtables() / free_pgd_range() (mm/memory.c): page-table pages whose whole span no
     * longer meets any VMA are freed, bottom level first (pte tables, then pmd, pud, p4d).
     * The pgd stays with the mm.
     */
    private int freePgtables(MmStruct mm, long start, long end, Trace t) {
        int freed = 0;
        int[] real = env.tables.realLevels();
        for (int j = real.length - 1; j >= 1; j--) {
            int tableLevel = real[j];                      // the level whose tables may go
            int parent = real[j - 1];                      // entries pointing to them
            long span = env.arch.paging().level(parent).entrySpan();
            long lo = start & -span, hi = (end + span - 1) & -span;
            if (hi <= lo) hi = lo + span;
            for (long a = lo; a < hi && Long.compareUnsigned(a, env.arch.layout().userTop()) < 0; a += span) {
                if (vmaMeets(mm, a, a + span)) continue;
                long entryPa = env.tables.lookup(mm.pgd, a, parent);
                if (entryPa < 0) continue;
                long e = env.tables.readEntry(entryPa, parent);
                if (e == 0 || !env.fmt.present(parent, e) || env.fmt.leaf(parent, e)) continue;
                long table = env.fmt.tablePhys(parent, e) >>> 12;
                env.tables.writeEntry(entryPa, parent, 0);
                env.types.clear(env.store, table, PageTypes.Type.TABLE);
                env.host.freePages(table, 0, t);
                freed++;
                if (t.enabled()) t.note(String.format("%s table at pfn 0x%x freed (no VMA in 0x%x..0x%x)",
                        env.arch.paging().level(tableLevel).name(), table, a, a + span - 1));
            }
        }
        return freed;
    }

    private static boolean vmaMeets(MmStruct mm, long s, long e) {
        for (Vma v : mm.vmas.values()) if (v.start < e && v.end > s) return true;
        return false;
    }

    /** zap_pte_range(): drop the mapping of every page, free swap slots. */
    private void zapRange(MmStruct mm, Vma v, long s, long e, Trace t) {
        if (v.hugetlb()) {
            for (long a = s; a < e; a += Processes.HPAGE) {
                long pmdp = env.tables.lookup(mm.pgd, a, PagingMode.PMD);
                long pmd = pmdp < 0 ? 0 : env.tables.readEntry(pmdp, PagingMode.PMD);
                if (pmd != 0 && env.fmt.present(PagingMode.PMD, pmd)) {
                    long pfn = env.fmt.leafPhys(PagingMode.PMD, pmd) >>> 12;
                    env.tables.writeEntry(pmdp, PagingMode.PMD, 0);
                    env.host.compoundFields().unmappedEntirely(env.store, pfn + 1);   // _entire_mapcount back to -1
                    env.store.setRefcount(pfn, 0);                            // free_huge_folio(): back to the pool
                    huge.giveBack(pfn);
                    mm.rssAnon -= 512;
                } else {
                    huge.unreserve(1);                                      // never faulted: drop its reservation
                }
            }
            return;
        }
        for (long a = s; a < e; a += 4096) {
            long ptep = env.tables.lookup(mm.pgd, a, PagingMode.PTE);
            if (ptep < 0) continue;
            long pte = env.tables.readEntry(ptep, PagingMode.PTE);
            if (pte == 0) continue;
            env.tables.writeEntry(ptep, PagingMode.PTE, 0);
            if (!env.fmt.present(PagingMode.PTE, pte)) {                    // swap entry: swap_free()
                swap.free(env.fmt.swapOffset(pte));
                continue;
            }
            if (env.specialPte(pte)) continue;                           // pte_special: the zero page
            long pfn = env.fmt.leafPhys(PagingMode.PTE, pte) >>> 12;
            env.unmapPage(mm, pfn, t);
        }
    }

    /** swap_out(addr): a private anonymous page goes to the swap device; its PTE becomes a swap entry. */
    boolean swapOut(TaskContext task, long addr, Trace t) {
        if (task == null) return false;
        MmStruct mm = task.mm();
        lru.drain(t);                                               // reclaim starts with lru_add_drain()
        long ptep = env.tables.lookup(mm.pgd, addr, PagingMode.PTE);
        if (ptep < 0) { Env.note(t, "swap_out: no page table here"); return false; }
        long pte = env.tables.readEntry(ptep, PagingMode.PTE);
        if (!env.fmt.present(PagingMode.PTE, pte) || env.specialPte(pte)) { Env.note(t, "swap_out: nothing mapped (or the zero page)"); return false; }
        long pfn = env.fmt.leafPhys(PagingMode.PTE, pte) >>> 12;
        if (env.store.refcount(pfn) > 1) {
            Env.note(t, String.format("swap_out: pfn 0x%x has extra references (refcount %d): reclaim keeps it", pfn, env.store.refcount(pfn)));
            return false;
        }
        long off = swap.store(env.phys.frameCopy(pfn));
        if (off < 0) {
            env.host.report(Diagnostic.note("swap_out: the swap device is full (the kernel says nothing; reclaim moves on)"), t);
            return false;
        }
        long swp = env.fmt.makeSwap(0, off);
        // try_to_unmap_one (mm/rmap.c): an anon-exclusive page (every private anonymous page here: no
        // fork) sets _PAGE_SWP_EXCLUSIVE (5.19+); a soft-dirty pte keeps the bit in the swap entry
        if (env.profile.atLeast(5, 19)) swp = env.fmt.swpMkExclusive(swp);
        if (env.fmt.softDirty(pte)) swp = env.fmt.swpMkSoftDirty(swp);
        env.tables.writeEntry(ptep, PagingMode.PTE, swp);
        env.unmapPage(mm, pfn, t);
        if (t.enabled()) t.formula(String.format("swap_out(0x%x): pfn 0x%x -> swap type 0 offset 0x%x; pte = __swp_entry(0, 0x%x) = 0x%x",
                addr, pfn, off, off, swp));
        return true;
    }
}
