package io.kmemlab.emulator.process;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/**
 * Demand faults in anonymous VMAs (mm/memory.c): do_anonymous_page with the zero page for
 * reads, do_swap_page, do_wp_page (reuse or copy-on-write), and hugetlb faults (mm/hugetlb.c).
 */
final class Faults {
    private final Env env;
    private final Lru lru;
    private final HugetlbPool huge;
    private final SwapDevice swap;

    Faults(Env env, Lru lru, HugetlbPool huge, SwapDevice swap) {
        this.env = env;
        this.lru = lru;
        this.huge = huge;
        this.swap = swap;
    }

    /**
     * handle_mm_fault() for an anonymous VMA. Returns true when the access can now proceed,
     * false for SIGSEGV (no VMA or permission) - the caller reports.
     */
    boolean fault(TaskContext task, long addr, boolean write, Trace t) {
        MmStruct mm = task.mm();
        Vma v = mm.find(addr);
        if (v == null || (write && !v.writable()) || (!write && !v.readable() && !v.writable())) return false;
        if (v.hugetlb()) return hugetlbFault(mm, v, addr, t);
        long ptep = env.tables.ensure(mm.pgd, addr, PagingMode.PTE, env.host.tableAllocator());
        if (ptep < 0) return false;
        long pte = env.tables.readEntry(ptep, PagingMode.PTE);
        int prot = Prot.USER | Prot.ACCESSED | (v.executable() ? Prot.EXEC : 0);
        if (pte == 0) {
            if (!write) {                                              // do_anonymous_page(): map the zero page
                env.tables.writeEntry(ptep, PagingMode.PTE, env.fmt.makeLeaf(PagingMode.PTE, env.host.zeroPagePfn() << 12, prot | Prot.SPECIAL));
                if (t.enabled()) t.note(String.format("read fault at 0x%x: zero page mapped read-only (pte_special)", addr));
                return true;
            }
            long pfn = newAnonPage(mm, v, addr, t);
            if (pfn < 0) return false;
            env.tables.writeEntry(ptep, PagingMode.PTE, env.fmt.makeLeaf(PagingMode.PTE, pfn << 12, prot | Prot.WRITE | env.mkdirty()));
            if (t.enabled()) t.note(String.format("write fault at 0x%x: do_anonymous_page -> pfn 0x%x", addr, pfn));
            return true;
        }
        if (!env.fmt.present(PagingMode.PTE, pte)) {                       // do_swap_page()
            long off = env.fmt.swapOffset(pte);
            long pfn = newAnonPage(mm, v, addr, t);
            if (pfn < 0) return false;
            env.phys.loadFrame(pfn, swap.load(off));
            int p = prot | (write ? Prot.WRITE | env.mkdirty() : (v.writable() ? Prot.WRITE : 0));
            // do_swap_page: pte_swp_soft_dirty(orig_pte) -> pte_mksoft_dirty(pte)
            if (env.fmt.swpSoftDirty(pte)) p |= Prot.SOFT_DIRTY;
            env.tables.writeEntry(ptep, PagingMode.PTE, env.fmt.makeLeaf(PagingMode.PTE, pfn << 12, p));
            if (t.enabled()) t.note(String.format("swap-in at 0x%x: swap offset 0x%x -> pfn 0x%x", addr, off, pfn));
            return true;
        }
        if (write && !env.fmt.writable(PagingMode.PTE, pte)) {              // do_wp_page()
            long old = env.fmt.leafPhys(PagingMode.PTE, pte) >>> 12;
            boolean special = env.specialPte(pte);
            // wp_can_reuse_anon_folio(): a folio not yet on the LRU may be pinned by the LRU
            // batch only, so drain it before looking at the reference count
            int lruBit = env.profile.bit("lru");
            if (!special && env.store.refcount(old) <= 3 && lruBit >= 0 && (env.store.flags(old) & (1L << lruBit)) == 0) lru.drain(t);
            if (!special && env.store.refcount(old) == 1 && env.store.mapcount(old) == 0) {   // reuse an exclusive page
                env.tables.writeEntry(ptep, PagingMode.PTE, env.fmt.makeLeaf(PagingMode.PTE, old << 12, prot | Prot.WRITE | env.mkdirty()));
                if (t.enabled()) t.note("write-protect fault: page is exclusive, reused");
                return true;
            }
            long pfn = newAnonPage(mm, v, addr, t);
            if (pfn < 0) return false;
            if (!special) { env.phys.copyFrame(old, pfn); env.unmapPage(mm, old, t); }
            env.tables.writeEntry(ptep, PagingMode.PTE, env.fmt.makeLeaf(PagingMode.PTE, pfn << 12, prot | Prot.WRITE | env.mkdirty()));
            if (t.enabled()) t.note(String.format("copy-on-write at 0x%x: %s -> pfn 0x%x", addr, special ? "zero page" : "pfn 0x" + Long.toHexString(old), pfn));
            return true;
        }
        return true;
    }

    /**
     * A new anonymous folio (vma_alloc_zeroed_movable_folio + folio_add_new_anon_rmap):
     * mapping = anon_vma | PAGE_MAPPING_ANON, index = linear_page_index(), _mapcount 0,
     * PG_swapbacked, PG_uptodate, PageAnonExclusive.
     */
    private long newAnonPage(MmStruct mm, Vma v, long addr, Trace t) {
        if (v.anonVma == 0) v.anonVma = env.host.kmalloc(96, Gfp.GFP_KERNEL);   // anon_vma_prepare()
        long pfn = env.host.allocPages(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, 0, FrameOwner.USER, t);
        if (pfn < 0) {
            env.host.report(Diagnostic.of(Diagnostic.Kind.WARN, "Out of memory: page fault could not allocate a page (VM_FAULT_OOM)"), t);
            return -1;
        }
        PageStore s = env.store;
        s.setWord(pfn, 2, v.anonVma | 1);
        s.setWord(pfn, 3, v.pgoff + ((addr - v.start) >>> 12));
        s.setMapcount(pfn, 0);
        env.setFlag(pfn, "swapbacked");
        env.setFlag(pfn, "uptodate");
        env.setFlag(pfn, env.profile.bit("owner_2") >= 0 ? "owner_2" : "mappedtodisk");   // PG_anon_exclusive
        mm.rssAnon++;
        lru.add(pfn, t);
        return pfn;
    }

    private boolean hugetlbFault(MmStruct mm, Vma v, long addr, Trace t) {
        long a = addr & -Processes.HPAGE;
        long pmdp = env.tables.ensure(mm.pgd, a, PagingMode.PMD, env.host.tableAllocator());
        if (pmdp < 0) return false;
        long pmd = env.tables.readEntry(pmdp, PagingMode.PMD);
        if (pmd != 0) return true;
        long pfn = huge.take();
        if (pfn < 0) return false;                                     // VM_FAULT_SIGBUS in the kernel
        for (long p = pfn; p < pfn + 512; p++) env.phys.clearFrame(p);   // clear_huge_page()
        env.store.setRefcount(pfn, 1);
        env.host.compoundFields().mappedOnceEntirely(env.store, pfn + 1);   // _large_mapcount 0, _entire_mapcount 0
        env.store.setWord(pfn, 2, (v.anonVma == 0 ? (v.anonVma = env.host.kmalloc(96, Gfp.GFP_KERNEL)) : v.anonVma) | 1);
        env.store.setWord(pfn, 3, v.pgoff + ((a - v.start) >>> 12));
        int prot = Prot.USER | Prot.ACCESSED | env.mkdirty() | (v.writable() ? Prot.WRITE : 0) | (v.executable() ? Prot.EXEC : 0);
        env.tables.writeEntry(pmdp, PagingMode.PMD, env.fmt.makeLeaf(PagingMode.PMD, pfn << 12, prot));
        mm.rssAnon += 512;
        if (t.enabled()) t.note(String.format("hugetlb fault at 0x%x: 2M folio pfn 0x%x mapped by a PMD leaf", addr, pfn));
        return true;
    }
}
