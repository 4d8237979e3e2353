package io.kmemlab.emulator.process;

import io.kmemlab.emulator.Kernel;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User address spaces and memory access: mm creation (pgd_alloc sharing the kernel half,
 * arch/x86/mm/pgtable.c), mmap/munmap (mm/mmap.c, top-down get_unmapped_area), demand
 * faults (mm/memory.c do_anonymous_page with the zero page for reads, do_wp_page,
 * do_swap_page), hugetlb (mm/hugetlb.c pool of 2 MiB folios, PMD leaves), GUP and FOLL_PIN
 * (mm/gup.c, in Gup), swap-out to a SwapDevice (mm/swapfile.c, x86 swap PTE encoding), and the
 * kernel's reports for bad accesses (arch/x86/mm/fault.c).
 */
public final class Processes {
    static final long HPAGE = 2L << 20;
    private final Kernel k;
    private final EntryFormat fmt;
    private Map<Long, MmStruct> mms = new LinkedHashMap<>();
    private final HugetlbPool huge;
    private final SwapDevice swap;
    private final Gup gupImpl;
    private long[] lruBatch;          // per-CPU LRU add batch (cpu 0): pfns holding a reference
    private int lruCount;

    public Processes(Kernel k) {
        this.k = k;
        this.fmt = k.arch.paging().format();
        this.huge = new HugetlbPool(k);
        this.swap = new SwapDevice(k.spec.swapBytes());
        this.gupImpl = new Gup(k, this);
        this.lruBatch = new long[Math.max(1, k.profile.lruBatch())];
    }

    public long initMmAddress() { return k.symbols.get("init_mm"); }

    public MmStruct mmAt(long address) { return mms.get(address); }

    public List<MmStruct> mms() { return List.copyOf(mms.values()); }

    // ------------------------------------------------------------------ hugetlb pool (see HugetlbPool)
    public void initHugetlb(int pages, Trace t) { huge.init(pages, t); }

    public long hugePagesFree() { return huge.available(); }

    public long hugePagesTotal() { return huge.total(); }

    // ------------------------------------------------------------------ mm lifecycle
    /** mm_alloc() + pgd_alloc(): a new PGD whose kernel half is copied from swapper_pg_dir. */
    public MmStruct newMm(String name, int pid, Trace t) {
        long mmAddr = k.slub().kmalloc(1024, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, Trace.NONE);
        // ARM: the pgd is 16 KiB (__get_free_pages(GFP_KERNEL, 2) in arch/arm/mm/pgd.c)
        int pgdOrder = k.arch.pgdOrder();
        long pfn = k.alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, pgdOrder, 0, FrameOwner.PAGE_TABLE, t);
        if (k.profile.pageTypes()) k.types.set(k.store, pfn, PageTypes.Type.TABLE);
        k.store.setWord(pfn, 3, mmAddr);                            // pgd_set_mm(): ptdesc->pt_mm
        long pgd = pfn << 12;
        int entries = k.arch.paging().level(PagingMode.PGD).ptrs();
        int eb = k.arch.paging().level(PagingMode.PGD).entryBytes();
        for (int i = k.arch.kernelPgdBoundary(); i < entries; i++) {  // clone_pgd_range(KERNEL_PGD_BOUNDARY ..)
            long v = k.tables.readEntry(k.initPgd + (long) i * eb, PagingMode.PGD);
            if (v != 0) k.tables.writeEntry(pgd + (long) i * eb, PagingMode.PGD, v);
        }
        // i386 PAE (arch/x86/mm/pgtable.c pgd_alloc -> preallocate_pmds, pgd_prepopulate_pmd): the CPU
        // loads the four PDPT entries with CR3, so each user entry gets its pmd up front
        // (PREALLOCATED_PMDS = KERNEL_PGD_BOUNDARY while the kernel pmd is shared)
        long pgdSpan = k.arch.paging().level(PagingMode.PGD).entrySpan();
        for (int i = 0; i < k.arch.preallocatedPmds(); i++) k.tables.ensure(pgd, i * pgdSpan, PagingMode.PMD, k.runtimeTables());
        MmStruct mm = new MmStruct(name, pid, mmAddr, pgd);
        mms.put(mmAddr, mm);
        return mm;
    }

    // ------------------------------------------------------------------ mmap / munmap
    public long mmap(Task task, long len, long prot, long flags, Trace t) {
        if (task == null) return -1;
        MmStruct mm = task.mm();
        boolean hugetlb = (flags & UserFlags.MAP_HUGETLB) != 0;
        long unit = hugetlb ? HPAGE : 4096;
        if (len <= 0) return -1;
        long size = (len + unit - 1) & -unit;
        if (hugetlb) {
            long need = size / HPAGE;
            if (!huge.reserve(need)) {                                // hugetlb_reserve_pages() -> -ENOMEM
                if (t.enabled()) t.note(String.format("MAP_HUGETLB: %d huge pages needed, %d free in the pool -> MAP_FAILED", need, hugePagesFree()));
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
                len, addr, k.arch.layout().mmapBase(), v));
        if ((flags & UserFlags.MAP_POPULATE) != 0) {                  // mm_populate(): write faults for private writable
            boolean write = (prot & UserFlags.PROT_WRITE) != 0;
            for (long a = addr; a < addr + size; a += unit) fault(task, a, write, t);
        }
        return addr;
    }

    /** vm_unmapped_area() top-down: the highest gap below mmap_base that fits. */
    private long unmappedArea(MmStruct mm, long size, long align) {
        long high = k.arch.layout().mmapBase();
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

    public int munmap(Task task, long addr, long len, Trace t) {
        if (task == null) return -22;
        MmStruct mm = task.mm();
        if ((addr & 4095) != 0 || len <= 0) return -22;              // -EINVAL
        long end = addr + ((len + 4095) & -4096L);
        lruAddDrain(t);                                               // unmap_region(): lru_add_drain()
        for (Vma v : new ArrayList<>(mm.vmas.values())) {
            if (v.end <= addr || v.start >= end) continue;
            long s = Math.max(v.start, addr), e = Math.min(v.end, end);
            if (v.hugetlb()) { s = s & -HPAGE; e = (e + HPAGE - 1) & -HPAGE; }
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
        int[] real = k.tables.realLevels();
        for (int j = real.length - 1; j >= 1; j--) {
            int tableLevel = real[j];                      // the level whose tables may go
            int parent = real[j - 1];                      // entries pointing to them
            long span = k.arch.paging().level(parent).entrySpan();
            long lo = start & -span, hi = (end + span - 1) & -span;
            if (hi <= lo) hi = lo + span;
            for (long a = lo; a < hi && Long.compareUnsigned(a, k.arch.layout().userTop()) < 0; a += span) {
                if (vmaMeets(mm, a, a + span)) continue;
                long entryPa = k.tables.lookup(mm.pgd, a, parent);
                if (entryPa < 0) continue;
                long e = k.tables.readEntry(entryPa, parent);
                if (e == 0 || !fmt.present(parent, e) || fmt.leaf(parent, e)) continue;
                long table = fmt.tablePhys(parent, e) >>> 12;
                k.tables.writeEntry(entryPa, parent, 0);
                k.types.clear(k.store, table, PageTypes.Type.TABLE);
                k.alloc.freePages(table, 0, t);
                freed++;
                if (t.enabled()) t.note(String.format("%s table at pfn 0x%x freed (no VMA in 0x%x..0x%x)",
                        k.arch.paging().level(tableLevel).name(), table, a, a + span - 1));
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
            for (long a = s; a < e; a += HPAGE) {
                long pmdp = k.tables.lookup(mm.pgd, a, PagingMode.PMD);
                long pmd = pmdp < 0 ? 0 : k.tables.readEntry(pmdp, PagingMode.PMD);
                if (pmd != 0 && fmt.present(PagingMode.PMD, pmd)) {
                    long pfn = fmt.leafPhys(PagingMode.PMD, pmd) >>> 12;
                    k.tables.writeEntry(pmdp, PagingMode.PMD, 0);
                    k.store.setWord(pfn + 1, 1, 0xffffffffffffffffL);      // _entire_mapcount back to -1
                    k.store.setRefcount(pfn, 0);                            // free_huge_folio(): back to the pool
                    huge.giveBack(pfn);
                    mm.rssAnon -= 512;
                } else {
                    huge.unreserve(1);                                      // never faulted: drop its reservation
                }
            }
            return;
        }
        for (long a = s; a < e; a += 4096) {
            long ptep = k.tables.lookup(mm.pgd, a, PagingMode.PTE);
            if (ptep < 0) continue;
            long pte = k.tables.readEntry(ptep, PagingMode.PTE);
            if (pte == 0) continue;
            k.tables.writeEntry(ptep, PagingMode.PTE, 0);
            if (!fmt.present(PagingMode.PTE, pte)) {                    // swap entry: swap_free()
                swap.free(fmt.swapOffset(pte));
                continue;
            }
            if (specialPte(pte)) continue;                           // pte_special: the zero page
            long pfn = fmt.leafPhys(PagingMode.PTE, pte) >>> 12;
            unmapPage(mm, pfn, t);
        }
    }

    /** folio_remove_rmap_pte + folio_put. */
    private void unmapPage(MmStruct mm, long pfn, Trace t) {
        PageStore s = k.store;
        s.setMapcount(pfn, s.mapcount(pfn) - 1);
        mm.rssAnon--;
        int rc = s.refcount(pfn);
        if (rc <= 1) {
            s.setWord(pfn, 2, 0);
            s.setRefcount(pfn, 1);
            k.alloc.freePages(pfn, 0, t);
        } else {
            s.setRefcount(pfn, rc - 1);
        }
    }

    public void releaseUserPage(long pfn, Trace t) { }

    // ------------------------------------------------------------------ faults
    /**
     * handle_mm_fault() for an anonymous VMA. Returns true when the access can now proceed,
     * false for SIGSEGV (no VMA or permission) - the caller reports.
     */
    boolean fault(Task task, long addr, boolean write, Trace t) {
        MmStruct mm = task.mm();
        Vma v = mm.find(addr);
        if (v == null || (write && !v.writable()) || (!write && !v.readable() && !v.writable())) return false;
        if (v.hugetlb()) return hugetlbFault(mm, v, addr, t);
        long ptep = k.tables.ensure(mm.pgd, addr, PagingMode.PTE, k.runtimeTables());
        if (ptep < 0) return false;
        long pte = k.tables.readEntry(ptep, PagingMode.PTE);
        int prot = Prot.USER | Prot.ACCESSED | (v.executable() ? Prot.EXEC : 0);
        if (pte == 0) {
            if (!write) {                                              // do_anonymous_page(): map the zero page
                k.tables.writeEntry(ptep, PagingMode.PTE, fmt.makeLeaf(PagingMode.PTE, k.zeroPagePfn << 12, prot | Prot.SPECIAL));
                if (t.enabled()) t.note(String.format("read fault at 0x%x: zero page mapped read-only (pte_special)", addr));
                return true;
            }
            long pfn = newAnonPage(mm, v, addr, t);
            if (pfn < 0) return false;
            k.tables.writeEntry(ptep, PagingMode.PTE, fmt.makeLeaf(PagingMode.PTE, pfn << 12, prot | Prot.WRITE | Prot.DIRTY));
            if (t.enabled()) t.note(String.format("write fault at 0x%x: do_anonymous_page -> pfn 0x%x", addr, pfn));
            return true;
        }
        if (!fmt.present(PagingMode.PTE, pte)) {                       // do_swap_page()
            long off = fmt.swapOffset(pte);
            long pfn = newAnonPage(mm, v, addr, t);
            if (pfn < 0) return false;
            k.phys.loadFrame(pfn, swap.load(off));
            int p = prot | (write ? Prot.WRITE | Prot.DIRTY : (v.writable() ? Prot.WRITE : 0));
            k.tables.writeEntry(ptep, PagingMode.PTE, fmt.makeLeaf(PagingMode.PTE, pfn << 12, p));
            if (t.enabled()) t.note(String.format("swap-in at 0x%x: swap offset 0x%x -> pfn 0x%x", addr, off, pfn));
            return true;
        }
        if (write && !fmt.writable(PagingMode.PTE, pte)) {              // do_wp_page()
            long old = fmt.leafPhys(PagingMode.PTE, pte) >>> 12;
            boolean special = specialPte(pte);
            // wp_can_reuse_anon_folio(): a folio not yet on the LRU may be pinned by the LRU
            // batch only, so drain it before looking at the reference count
            int lruBit = k.profile.bit("lru");
            if (!special && k.store.refcount(old) <= 3 && lruBit >= 0 && (k.store.flags(old) & (1L << lruBit)) == 0) lruAddDrain(t);
            if (!special && k.store.refcount(old) == 1 && k.store.mapcount(old) == 0) {   // reuse an exclusive page
                k.tables.writeEntry(ptep, PagingMode.PTE, fmt.makeLeaf(PagingMode.PTE, old << 12, prot | Prot.WRITE | Prot.DIRTY));
                if (t.enabled()) t.note("write-protect fault: page is exclusive, reused");
                return true;
            }
            long pfn = newAnonPage(mm, v, addr, t);
            if (pfn < 0) return false;
            if (!special) { k.phys.copyFrame(old, pfn); unmapPage(mm, old, t); }
            k.tables.writeEntry(ptep, PagingMode.PTE, fmt.makeLeaf(PagingMode.PTE, pfn << 12, prot | Prot.WRITE | Prot.DIRTY));
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
        if (v.anonVma == 0) v.anonVma = k.slub().kmalloc(96, Gfp.GFP_KERNEL, Trace.NONE);   // anon_vma_prepare()
        long pfn = k.alloc.alloc(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, 0, 0, FrameOwner.USER, t);
        if (pfn < 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, "Out of memory: page fault could not allocate a page (VM_FAULT_OOM)"), t);
            return -1;
        }
        PageStore s = k.store;
        s.setWord(pfn, 2, v.anonVma | 1);
        s.setWord(pfn, 3, v.pgoff + ((addr - v.start) >>> 12));
        s.setMapcount(pfn, 0);
        setFlag(pfn, "swapbacked");
        setFlag(pfn, "uptodate");
        setFlag(pfn, k.profile.bit("owner_2") >= 0 ? "owner_2" : "mappedtodisk");   // PG_anon_exclusive
        mm.rssAnon++;
        lruAdd(pfn, t);
        return pfn;
    }

    /**
     * folio_add_lru() (mm/swap.c): folio_get() and queue on the per-CPU batch; PG_lru is set
     * when the batch (PAGEVEC_SIZE) is full or drained, and the batch's references are dropped.
     */
    private void lruAdd(long pfn, Trace t) {
        k.store.setRefcount(pfn, k.store.refcount(pfn) + 1);
        lruBatch[lruCount++] = pfn;
        if (lruCount == lruBatch.length) lruAddDrain(t);
    }

    /** lru_add_drain(): every queued folio goes on its LRU list (PG_lru) and loses the batch's reference. */
    public void lruAddDrain(Trace t) {
        int lruBit = k.profile.bit("lru");
        int n = lruCount;
        lruCount = 0;
        for (int i = 0; i < n; i++) {
            long pfn = lruBatch[i];
            if (lruBit >= 0) k.store.setFlagBit(pfn, lruBit, true);
            int rc = k.store.refcount(pfn);
            if (rc <= 1) {                                   // the last reference: folios_put() frees it
                k.store.setFlagBit(pfn, lruBit, false);
                k.alloc.freePages(pfn, 0, t);
            } else {
                k.store.setRefcount(pfn, rc - 1);
            }
        }
        if (n > 0 && t.enabled()) t.note(String.format("lru_add_drain: %d pages put on the LRU (PG_lru), batch references dropped", n));
    }

    /** Pages waiting in the per-CPU LRU batch. */
    public int lruBatchCount() { return lruCount; }

    private void setFlag(long pfn, String name) {
        int b = k.profile.bit(name);
        if (b >= 0) k.store.setFlagBit(pfn, b, true);
    }

    private boolean hugetlbFault(MmStruct mm, Vma v, long addr, Trace t) {
        long a = addr & -HPAGE;
        long pmdp = k.tables.ensure(mm.pgd, a, PagingMode.PMD, k.runtimeTables());
        if (pmdp < 0) return false;
        long pmd = k.tables.readEntry(pmdp, PagingMode.PMD);
        if (pmd != 0) return true;
        long pfn = huge.take();
        if (pfn < 0) return false;                                     // VM_FAULT_SIGBUS in the kernel
        for (long p = pfn; p < pfn + 512; p++) k.phys.clearFrame(p);   // clear_huge_page()
        k.store.setRefcount(pfn, 1);
        k.store.setWord(pfn + 1, 1, 0L);                         // _large_mapcount 0, _entire_mapcount 0
        k.store.setWord(pfn, 2, (v.anonVma == 0 ? (v.anonVma = k.slub().kmalloc(96, Gfp.GFP_KERNEL, Trace.NONE)) : v.anonVma) | 1);
        k.store.setWord(pfn, 3, v.pgoff + ((a - v.start) >>> 12));
        int prot = Prot.USER | Prot.ACCESSED | Prot.DIRTY | (v.writable() ? Prot.WRITE : 0) | (v.executable() ? Prot.EXEC : 0);
        k.tables.writeEntry(pmdp, PagingMode.PMD, fmt.makeLeaf(PagingMode.PMD, pfn << 12, prot));
        mm.rssAnon += 512;
        if (t.enabled()) t.note(String.format("hugetlb fault at 0x%x: 2M folio pfn 0x%x mapped by a PMD leaf", addr, pfn));
        return true;
    }

    // ------------------------------------------------------------------ memory access
    /**
     * A read or write of {@code size} bytes by {@code task}: user-mode for processes
     * (faults handled, SIGSEGV on failure), kernel-mode otherwise (oops on failure).
     */
    public long access(Task task, long addr, int size, boolean write, long value, Trace t) {
        long result = 0;
        for (int i = 0; i < size; ) {
            long a = addr + i;
            int chunk = (int) Math.min(size - i, 4096 - (a & 4095));
            long pa = translate(task, a, write, t);
            if (pa < 0) return 0;
            if (chunk == size && size <= 8 && (pa & (size - 1)) == 0 && size != 3) {
                if (write) k.phys.write(pa, size, value); else result = k.phys.read(pa, size);
                return result;
            }
            for (int j = 0; j < chunk; j++) {
                if (write) k.phys.writeByte(pa + j, (int) (value >>> (8 * (i + j))) & 0xff);
                else result |= (long) k.phys.readByte(pa + j) << (8 * (i + j));
            }
            i += chunk;
        }
        return result;
    }

    public void memset(Task task, long addr, int b, long len, Trace t) {
        long done = 0;
        while (done < len) {
            long a = addr + done;
            int chunk = (int) Math.min(len - done, 4096 - (a & 4095));
            long pa = translate(task, a, true, t);
            if (pa < 0) return;
            for (int j = 0; j < chunk; j++) k.phys.writeByte(pa + j, b);
            done += chunk;
        }
    }

    /** Physical address for an access, after faults; -1 after reporting oops / SIGSEGV. */
    private long translate(Task task, long addr, boolean write, Trace t) {
        // In a process block, user addresses are the process's own user-mode accesses; a
        // kernel-half address is accessed in kernel mode through the process's page tables (the
        // kernel half is shared), as the kernel does on the process's behalf - so seed000's
        // read8(page_address(pte_page(*ptep)) + 0x10) reads the frame through the direct map.
        boolean user = task.userMode() && (k.arch.isUserAddress(addr) || !k.arch.isCanonical(addr));
        if (task.userMode() && !user && t.enabled())
            t.note(String.format("0x%x is a kernel address: accessed in kernel mode on behalf of %s", addr, task.name()));
        long pgd = task.mm() == null ? k.initPgd : task.mm().pgd();
        if (!k.arch.isCanonical(addr)) {
            if (user) sigsegv(task, addr, 0, "general protection fault", t);
            else gp(addr, t);
            return -1;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            WalkResult w = k.walker.walk(pgd, addr, attempt == 0 ? t : Trace.NONE);
            if (w.mapped()) {
                int lvl = w.leafLevel();
                boolean okUser = true, okWrite = true;
                for (WalkResult.Step s : w.steps()) {
                    okUser &= fmt.user(s.level(), s.raw());
                    okWrite &= fmt.writable(s.level(), s.raw());
                }
                if (user && !okUser) { sigsegv(task, addr, 1 | (write ? 2 : 0) | 4, null, t); return -1; }
                if (write && !okWrite) {
                    if (!user && !k.arch.isUserAddress(addr)) { oops(task, addr, write, w, 3, t); return -1; }
                    if (user && fault(task, addr, true, t)) continue;
                    if (user) { sigsegv(task, addr, 1 | 2 | 4, null, t); return -1; }
                    oops(task, addr, write, w, 3, t);
                    return -1;
                }
                WalkResult.Step leaf = w.last();
                k.tables.writeEntry(leaf.entryPa(), lvl, fmt.touch(lvl, leaf.raw(), write));   // A and D bits
                return w.pa();
            }
            if (user && k.arch.isUserAddress(addr) && fault(task, addr, write, t)) continue;
            if (user) { sigsegv(task, addr, (write ? 2 : 0) | 4, null, t); return -1; }
            oops(task, addr, write, w, write ? 2 : 0, t);
            return -1;
        }
        return -1;
    }

    /** The arch's oops text for a kernel-mode fault, with the page-table dump of the walk. */
    private void oops(Task task, long addr, boolean write, WalkResult w, int errorCode, Trace t) {
        String[] o = k.arch.kernelOops(addr, write, errorCode, 1 + countOops(), w.steps(), pa -> k.phys.read(pa, 4));
        k.diag.report(new Diagnostic(Diagnostic.Kind.OOPS, o[0], o[1]), t);
    }

    private int countOops() {
        int n = 0;
        for (Diagnostic d : k.diag.all()) if (d.kind() == Diagnostic.Kind.OOPS || d.kind() == Diagnostic.Kind.GENERAL_PROTECTION) n++;
        return n;
    }

    private void gp(long addr, Trace t) {
        String head = String.format("general protection fault, probably for non-canonical address 0x%x: 0000 [#%d] PREEMPT SMP NOPTI", addr, 1 + countOops());
        k.diag.report(Diagnostic.of(Diagnostic.Kind.GENERAL_PROTECTION, head), t);
    }

    /** show_signal_msg(): "NAME[PID]: segfault at ADDR ip IP sp SP error CODE". */
    private void sigsegv(Task task, long addr, int error, String gpText, Trace t) {
        String head = gpText != null
                ? String.format("traps: %s[%d] general protection fault ip:401000 sp:7ffffffde000 error:0", task.name(), task.pid())
                : String.format("%s[%d]: segfault at %x ip 0000000000401000 sp 00007ffffffde000 error %x", task.name(), task.pid(), addr, error);
        k.diag.report(Diagnostic.of(Diagnostic.Kind.SIGSEGV, head), t);
    }

    // ------------------------------------------------------------------ GUP (see Gup)
    public long[] gup(Task task, long addr, int n, long foll, boolean pin, Trace t) { return gupImpl.gup(task, addr, n, foll, pin, t); }

    public void unpin(long head, Trace t) { gupImpl.unpin(head, t); }

    // ------------------------------------------------------------------ swap
    /** swap_out(addr): a private anonymous page goes to the swap device; its PTE becomes a swap entry. */
    public boolean swapOut(Task task, long addr, Trace t) {
        if (task == null) return false;
        MmStruct mm = task.mm();
        lruAddDrain(t);                                               // reclaim starts with lru_add_drain()
        long ptep = k.tables.lookup(mm.pgd, addr, PagingMode.PTE);
        if (ptep < 0) { note(t, "swap_out: no page table here"); return false; }
        long pte = k.tables.readEntry(ptep, PagingMode.PTE);
        if (!fmt.present(PagingMode.PTE, pte) || specialPte(pte)) { note(t, "swap_out: nothing mapped (or the zero page)"); return false; }
        long pfn = fmt.leafPhys(PagingMode.PTE, pte) >>> 12;
        if (k.store.refcount(pfn) > 1) {
            note(t, String.format("swap_out: pfn 0x%x has extra references (refcount %d): reclaim keeps it", pfn, k.store.refcount(pfn)));
            return false;
        }
        long off = swap.store(k.phys.frameCopy(pfn));
        if (off < 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, "swap_out: swap device full"), t);
            return false;
        }
        long swp = fmt.makeSwap(0, off);
        k.tables.writeEntry(ptep, PagingMode.PTE, swp);
        unmapPage(mm, pfn, t);
        if (t.enabled()) t.formula(String.format("swap_out(0x%x): pfn 0x%x -> swap type 0 offset 0x%x; pte = __swp_entry(0, 0x%x) = 0x%x",
                addr, pfn, off, off, swp));
        return true;
    }

    private static void note(Trace t, String s) { if (t.enabled()) t.note(s); }

    /** pte_special() or, where the format has no such bit (ARM 2-level), vm_normal_page()'s is_zero_pfn(). */
    private boolean specialPte(long pte) {
        return fmt.special(PagingMode.PTE, pte) || (fmt.leafPhys(PagingMode.PTE, pte) >>> 12) == k.zeroPagePfn;
    }

    public long swapSlotsUsed() { return swap.slotsUsed(); }

    // ------------------------------------------------------------------ checkpoint
    record MmState(MmStruct mm, List<Vma> vmas, long rss) { }

    record State(List<MmState> mms, Object huge, Object swap, long[] lru, int lruCount) { }

    public Object save() {
        List<MmState> l = new ArrayList<>();
        for (MmStruct m : mms.values()) {
            List<Vma> vs = new ArrayList<>();
            for (Vma v : m.vmas.values()) vs.add(v.copy());
            l.add(new MmState(m, vs, m.rssAnon));
        }
        return new State(l, huge.save(), swap.save(), lruBatch.clone(), lruCount);
    }

    public void load(Object o) {
        State s = (State) o;
        mms = new LinkedHashMap<>();
        for (MmState ms : s.mms) {
            ms.mm.vmas = new java.util.TreeMap<>();
            for (Vma v : ms.vmas) ms.mm.vmas.put(v.start, v.copy());
            ms.mm.rssAnon = ms.rss;
            mms.put(ms.mm.address, ms.mm);
        }
        huge.load(s.huge);
        swap.restore(s.swap);
        lruBatch = s.lru.clone();
        lruCount = s.lruCount;
    }
}
