package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.process.Vma;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;

/**
 * The page-table helpers of a kernel walk (pgd_offset ... pte_offset_map, *ptr, pmd_bad,
 * lookup_address) and the traced walk of an address.
 */
final class PageTableOps {
    private final Kernel k;
    private final Conversions conversions;

    PageTableOps(Kernel k, Conversions conversions) {
        this.k = k;
        this.conversions = conversions;
    }

    /** init_mm's address (symbol). */
    long initMm() { return k.processes.initMmAddress(); }

    /** mm_struct address of a task (current->mm); init_mm for kernel threads (active_mm). */
    long mmOf(Task task) { return task == null || task.mm() == null ? initMm() : task.mm().address(); }

    /** mm->pgd: the kernel virtual address of the pgd of the mm_struct at {@code mm} (init_mm's pgd for init_mm). */
    long mmPgd(long mm) { return entryVa(pgdPa(mm)); }

    /** The VMAs of the mm_struct at {@code mm}, by address (none for init_mm). */
    List<Vma> vmasOfMm(long mm) {
        MmStruct m = k.processes.mmAt(mm);
        return m == null ? List.of() : m.vmas();
    }

    private long pgdPa(long mm) {
        MmStruct m = k.processes == null ? null : k.processes.mmAt(mm);   // init_mm is static: its pgd exists before any process
        return m == null ? k.initPgd : m.pgd();
    }

    private long entryVa(long entryPa) { return k.arch.va(entryPa, Trace.NONE); }

    private long entryPaOf(long ptr) { return k.arch.pa(ptr, Trace.NONE); }

    /** pgd_offset(mm, addr) = mm->pgd + pgd_index(addr). */
    long pgdOffset(long mm, long addr, Trace t) {
        long pgd = pgdPa(mm);
        int idx = k.arch.paging().level(PagingMode.PGD).index(addr);
        long p = entryVa(pgd) + (long) idx * k.arch.paging().level(PagingMode.PGD).entryBytes();
        if (t.enabled()) t.formula(String.format("pgd_offset(mm, 0x%x) = mm->pgd 0x%x + pgd_index %d * %d = 0x%x", addr, entryVa(pgd), idx,
                k.arch.paging().level(PagingMode.PGD).entryBytes(), p));
        return p;
    }

    long pgdOffsetK(long addr, Trace t) { return pgdOffset(k.symbols.get("init_mm"), addr, t); }

    /** The entry a page-table pointer points to (unary *). */
    long readEntry(long ptr, int level, Trace t) {
        long pa = entryPaOf(ptr);
        long v = k.tables.readEntry(pa, level);
        if (t.enabled()) t.entry(k.arch.paging().level(level).name(), pa & -4096L, (int) ((pa & 4095) / k.arch.paging().level(level).entryBytes()),
                pa, v, k.arch.paging().format().decode(level, v));
        return v;
    }

    /** Generic xxx_offset(parentPtr, addr) for the level below {@code parentLevel}. */
    private long offsetBelow(long parentPtr, int parentLevel, int level, long addr, Trace t) {
        PagingMode pm = k.arch.paging();
        if (pm.level(level).folded()) {
            if (t.enabled()) t.formula(String.format("%s_offset: %s folded, returns the %s pointer 0x%x", pm.level(level).name(),
                    pm.level(level).name(), pm.level(parentLevel).name(), parentPtr));
            return parentPtr;
        }
        int realParent = parentLevel;
        while (pm.level(realParent).folded() && realParent > 0) realParent--;
        long e = k.tables.readEntry(entryPaOf(parentPtr), realParent);
        EntryFormat f = pm.format();
        if (!f.present(realParent, e) && t.enabled())
            t.note(String.format("*%s = 0x%x is not present: the kernel would index a table at __va(0)", pm.level(parentLevel).name(), e));
        if (f.present(realParent, e) && f.leaf(realParent, e) && t.enabled())
            t.note(String.format("*%s = 0x%x is a huge-page leaf: the 'table' is the data page itself", pm.level(parentLevel).name(), e));
        long table = f.tablePhys(realParent, e);
        int idx = pm.level(level).index(addr);
        long p = entryVa(table) + (long) idx * pm.level(level).entryBytes();
        if (t.enabled()) t.formula(String.format("%s_offset(0x%x, 0x%x) = __va(0x%x) + %s_index %d * %d = 0x%x", pm.level(level).name(), parentPtr, addr,
                table, pm.level(level).name(), idx, pm.level(level).entryBytes(), p));
        return p;
    }

    long p4dOffset(long pgdp, long addr, Trace t) { return offsetBelow(pgdp, PagingMode.PGD, PagingMode.P4D, addr, t); }

    long pudOffset(long p4dp, long addr, Trace t) { return offsetBelow(p4dp, PagingMode.P4D, PagingMode.PUD, addr, t); }

    long pmdOffset(long pudp, long addr, Trace t) { return offsetBelow(pudp, PagingMode.PUD, PagingMode.PMD, addr, t); }

    long pteOffsetKernel(long pmdp, long addr, Trace t) { return offsetBelow(pmdp, PagingMode.PMD, PagingMode.PTE, addr, t); }

    /** pte_offset_map(): since 6.5 NULL for a none, huge or bad pmd (mm/pgtable-generic.c __pte_offset_map). */
    long pteOffsetMap(long pmdp, long addr, Trace t) {
        if (k.arch.wordBytes() == 4) return pteOffsetMap32(pmdp, addr, t);
        long e = k.tables.readEntry(entryPaOf(pmdp), PagingMode.PMD);
        EntryFormat f = k.arch.paging().format();
        if (k.profile.pteOffsetMapNullOnHuge()) {
            if (e == 0 || !f.present(PagingMode.PMD, e) || f.leaf(PagingMode.PMD, e)) {
                if (t.enabled()) t.formula(String.format("pte_offset_map: pmd 0x%x is %s -> NULL", e, e == 0 ? "none" : f.leaf(PagingMode.PMD, e) ? "a huge-page leaf" : "not present"));
                return 0;
            }
            if (pmdBad(e)) {
                k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("mm/pgtable-generic.c: bad pmd %016x (cleared)", e)), t);
                k.tables.writeEntry(entryPaOf(pmdp), PagingMode.PMD, 0);
                return 0;
            }
        }
        return pteOffsetKernel(pmdp, addr, t);
    }

    /** pte_unmap(): nothing to undo on 64-bit (no kmap_local of page tables). */
    void pteUnmap(long ptep, Trace t) {
        if (t.enabled()) t.note("pte_unmap: no-op without CONFIG_HIGHPTE");
    }

    int index(int level, long addr) { return k.arch.paging().level(level).index(addr); }

    long ptePfn(long pte) { return k.arch.paging().format().leafPhys(PagingMode.PTE, pte) >>> 12; }

    long ptePage(long pte, Trace t) {
        long pfn = ptePfn(pte);
        if (t.enabled()) t.formula(String.format("pte_page(0x%x) = pfn_to_page(pte_pfn = 0x%x)", pte, pfn));
        return k.model.pfnToPage(pfn, t);
    }

    boolean ptePresent(long pte) { return k.arch.paging().format().present(PagingMode.PTE, pte); }

    boolean pmdLeaf(long pmd) { EntryFormat f = k.arch.paging().format(); return f.present(PagingMode.PMD, pmd) && f.leaf(PagingMode.PMD, pmd); }

    boolean pudLeaf(long pud) { EntryFormat f = k.arch.paging().format(); return f.present(PagingMode.PUD, pud) && f.leaf(PagingMode.PUD, pud); }

    boolean pmdNone(long pmd) { return pmd == 0; }

    /** pmd_bad() of the arch's entry format. */
    boolean pmdBad(long pmd) { return k.arch.paging().format().pmdBad(pmd); }

    /**
     * pte_offset_map(pmd, addr) on 32-bit.
     * 6.5+ (mm/pgtable-generic.c __pte_offset_map): NULL for pmd_none; NULL for pmd_trans_huge
     * (x86 PAE with THP); for pmd_bad - an ARM section, an i386 PSE entry without THP -
     * pmd_clear_bad(): pmd_ERROR() prints "bad pmd", pmd_clear() empties the entry (on ARM both
     * words of the pair), NULL. 2.6: no check - pmd_page_vaddr(*pmd) + pte_index(addr), a table
     * address computed from whatever the entry holds.
     */
    private long pteOffsetMap32(long pmdp, long addr, Trace t) {
        long pmdPa = k.arch.pa(pmdp, Trace.NONE);
        EntryFormat f = k.arch.paging().format();
        long span = 1L << k.arch.paging().level(PagingMode.PMD).shift();
        long e = k.tables.readEntry(pmdPa, PagingMode.PMD);
        boolean leaf = e != 0 && f.present(PagingMode.PMD, e) && f.leaf(PagingMode.PMD, e);
        if (!k.profile.pteOffsetMapNullOnHuge()) {
            if (leaf && t.enabled()) t.note(String.format("pte_offset_map: *pmd = 0x%x is %s, not a page table; kernel %s has no check: "
                    + "it indexes pmd_page_vaddr(*pmd) - data, not ptes", e, f.pmdLeafText(e, span), k.profile.version()));
            return pteOffsetKernel(pmdp, addr, t);
        }
        if (e == 0) {
            if (t.enabled()) t.formula("pte_offset_map: pmd_none(*pmd) -> NULL");
            return 0;
        }
        if (leaf && k.arch.thpPmd() && k.config(ConfigOption.THP)) {
            if (t.enabled()) t.formula(String.format("pte_offset_map: pmd_trans_huge(*pmd): *pmd = 0x%x is %s -> NULL", e, f.pmdLeafText(e, span)));
            return 0;
        }
        if (leaf || f.pmdBad(e)) {
            String where = leaf ? f.pmdLeafText(e, span) : "not a page-table entry";
            String line = f.badPmdLine(e);
            k.diag.report(new Diagnostic(Diagnostic.Kind.WARN, line, line + "\npte_offset_map(): pmd_bad(*pmd) - it is " + where
                    + "; pmd_clear_bad() cleared the entry" + (f.pmdPair() ? " (both words of the pair: 2 MiB of mappings gone)" : "")
                    + " and pte_offset_map returned NULL"), t);
            if (f.pmdPair()) k.tables.writeEntry(pmdPa & ~7L, PagingMode.PGD, 0);     // pmd_clear(): pmdp[0] = pmdp[1] = 0
            else k.tables.writeEntry(pmdPa, PagingMode.PMD, 0);
            return 0;
        }
        return pteOffsetKernel(pmdp, addr, t);
    }

    /** lookup_address(addr): pointer to the leaf entry in init_mm and its level, or null. */
    long[] lookupAddress(long addr, Trace t) {
        WalkResult w = k.walker.walk(k.initPgd, addr, t);
        WalkResult.Step s = w.last();
        if (s == null || (!w.mapped() && s.raw() == 0)) return null;
        return new long[]{entryVa(s.entryPa()), s.level()};
    }

    /** The page-table walk for `walk ADDR [in PROCESS]`: every entry read. */
    WalkResult walk(Task task, long addr, Trace t) {
        long pgd = task == null || task.mm() == null ? k.initPgd : task.mm().pgd();
        if (!k.arch.isCanonical(addr)) {
            if (t.enabled()) t.note(String.format("0x%x is non-canonical: no walk (#GP)", addr));
            return new WalkResult(addr, List.of(), -1, -1, PagingMode.PGD);
        }
        return k.walker.walk(pgd, addr, t);
    }
}
