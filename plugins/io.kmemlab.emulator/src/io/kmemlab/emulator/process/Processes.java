package io.kmemlab.emulator.process;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.paging.Walker;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.Checkpointable;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * User address spaces: the mm registry and mm creation (pgd_alloc sharing the kernel half,
 * arch/x86/mm/pgtable.c), with the work done by {@link Mappings} (mmap, munmap, swap-out),
 * {@link Faults} (demand faults, COW, swap-in, hugetlb), {@link Accesses} (reads and writes
 * and their reports), {@link Gup} (get/pin_user_pages), {@link HugetlbPool}, {@link SwapDevice}
 * and {@link Lru}. The machine is reached only through {@link Host}.
 */
public final class Processes implements Checkpointable<Processes.State> {
    static final long HPAGE = 2L << 20;

    /** What the process subsystem needs from the machine. */
    public interface Host {
        /** alloc_pages(gfp, order) on node 0: the first pfn, or -1. */
        long allocPages(long gfp, int order, FrameOwner owner, Trace t);

        /** __free_pages(pfn, order). */
        void freePages(long pfn, int order, Trace t);

        /** PageHead(). */
        boolean isHead(long pfn);

        /** Where the profile keeps a compound page's pincount (folio _pincount / compound_pincount). */
        io.kmemlab.emulator.mm.CompoundFields compoundFields();
        /** CONFIG_MEM_SOFT_DIRTY on an arch with HAVE_ARCH_SOFT_DIRTY: pte_mkdirty() also sets _PAGE_SOFT_DIRTY. */
        default boolean memSoftDirty() { return false; }

        /** pfn_to_page(). */
        long pfnToPage(long pfn);

        /** kmalloc(size, gfp) for the mm's own structures (mm_struct, anon_vma). */
        long kmalloc(long size, long gfp);

        /** pte_alloc_one() and friends: page-table pages from the buddy allocator. */
        PageTables.TableSource tableAllocator();

        /** Address of init_mm (the symbol). */
        long initMm();

        /** Physical address of init_mm's pgd (swapper_pg_dir / init_top_pgt). */
        long initPgd();

        /** empty_zero_page's pfn. */
        long zeroPagePfn();

        void report(Diagnostic d, Trace t);

        /** Oopses and general protection faults reported so far: the next one is number n + 1. */
        int oopsCount();
    }

    private final Env env;
    private Map<Long, MmStruct> mms = new LinkedHashMap<>();
    private final HugetlbPool huge;
    private final SwapDevice swap;
    private final Lru lru;
    private final Faults faults;
    private final Mappings mappings;
    private final Accesses accesses;
    private final Gup gup;

    public Processes(Host host, Arch arch, KernelProfile profile, PhysMem phys, PageStore store, PageTables tables, Walker walker, long swapBytes) {
        this.env = new Env(host, arch, profile, phys, store, tables, walker);
        this.huge = new HugetlbPool(env);
        this.swap = new SwapDevice(swapBytes);
        this.lru = new Lru(env);
        this.faults = new Faults(env, lru, huge, swap);
        this.mappings = new Mappings(env, faults, lru, huge, swap);
        this.accesses = new Accesses(env, faults);
        this.gup = new Gup(env, faults);
    }

    public long initMmAddress() { return env.host.initMm(); }

    public MmStruct mmAt(long address) { return mms.get(address); }

    public List<MmStruct> mms() { return List.copyOf(mms.values()); }

    // ------------------------------------------------------------------ hugetlb pool (see HugetlbPool)
    public void initHugetlb(int pages, Trace t) { huge.init(pages, t); }

    public long hugePagesFree() { return huge.available(); }

    public long hugePagesTotal() { return huge.total(); }

    // ------------------------------------------------------------------ mm lifecycle
    /** mm_alloc() + pgd_alloc(): a new PGD whose kernel half is copied from swapper_pg_dir. */
    public MmStruct newMm(String name, int pid, Trace t) {
        long mmAddr = env.host.kmalloc(1024, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
        long pfn = env.host.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, env.arch.pgdOrder(), FrameOwner.PAGE_TABLE, t);
        if (env.profile.pageTypes()) env.types.set(env.store, pfn, PageTypes.Type.TABLE);
        env.store.setWord(pfn, 3, mmAddr);                          // pgd_set_mm(): ptdesc->pt_mm
        long pgd = pfn << 12;
        int entries = env.arch.paging().level(PagingMode.PGD).ptrs();
        int eb = env.arch.paging().level(PagingMode.PGD).entryBytes();
        long initPgd = env.host.initPgd();
        for (int i = env.arch.kernelPgdBoundary(); i < entries; i++) {  // clone_pgd_range(KERNEL_PGD_BOUNDARY ..)
            long v = env.tables.readEntry(initPgd + (long) i * eb, PagingMode.PGD);
            if (v != 0) env.tables.writeEntry(pgd + (long) i * eb, PagingMode.PGD, v);
        }
        // pgd_alloc -> preallocate_pmds, pgd_prepopulate_pmd (arch/x86/mm/pgtable.c)
        long pgdSpan = env.arch.paging().level(PagingMode.PGD).entrySpan();
        for (int i = 0; i < env.arch.preallocatedPmds(); i++) env.tables.ensure(pgd, i * pgdSpan, PagingMode.PMD, env.host.tableAllocator());
        MmStruct mm = new MmStruct(name, pid, mmAddr, pgd);
        mms.put(mmAddr, mm);
        return mm;
    }

    // ------------------------------------------------------------------ the work (see the parts)
    public long mmap(TaskContext task, long len, long prot, long flags, Trace t) { return mappings.mmap(task, len, prot, flags, t); }

    public int munmap(TaskContext task, long addr, long len, Trace t) { return mappings.munmap(task, addr, len, t); }

    /** swap_out(addr): a private anonymous page goes to the swap device; its PTE becomes a swap entry. */
    public boolean swapOut(TaskContext task, long addr, Trace t) { return mappings.swapOut(task, addr, t); }

    public long swapSlotsUsed() { return swap.slotsUsed(); }

    /**
     * A read or write of {@code size} bytes by {@code task}: user-mode for processes
     * (faults handled, SIGSEGV on failure), kernel-mode otherwise (oops on failure).
     */
    public long access(TaskContext task, long addr, int size, boolean write, long value, Trace t) {
        return accesses.access(task, addr, size, write, value, t);
    }

    public void memset(TaskContext task, long addr, int b, long len, Trace t) { accesses.memset(task, addr, b, len, t); }

    public long[] gup(TaskContext task, long addr, int n, long foll, boolean pin, Trace t) { return gup.gup(task, addr, n, foll, pin, t); }

    public void unpin(long head, Trace t) { gup.unpin(head, t); }

    /** put_page() of the last reference to a user page: nothing to undo here (the rmap went with the unmap). */
    public void releaseUserPage(long pfn, Trace t) { }

    /** lru_add_drain(): every queued folio goes on its LRU list (PG_lru) and loses the batch's reference. */
    public void lruAddDrain(Trace t) { lru.drain(t); }

    /** Pages waiting in the per-CPU LRU batch. */
    public int lruBatchCount() { return lru.count(); }

    // ------------------------------------------------------------------ checkpoint
    record MmState(MmStruct mm, List<Vma> vmas, long rss) { }

    /** The mms with copies of their VMAs, the hugetlb pool, the swap device and the LRU batch. */
    public record State(List<MmState> mms, HugetlbPool.State huge, SwapDevice.State swap, Lru.State lru) { }

    @Override public State save() {
        List<MmState> l = new ArrayList<>();
        for (MmStruct m : mms.values()) {
            List<Vma> vs = new ArrayList<>();
            for (Vma v : m.vmas.values()) vs.add(v.copy());
            l.add(new MmState(m, vs, m.rssAnon));
        }
        return new State(l, huge.save(), swap.save(), lru.save());
    }

    @Override public void load(State s) {
        mms = new LinkedHashMap<>();
        for (MmState ms : s.mms()) {
            ms.mm().vmas = new TreeMap<>();
            for (Vma v : ms.vmas()) ms.mm().vmas.put(v.start, v.copy());
            ms.mm().rssAnon = ms.rss();
            mms.put(ms.mm().address, ms.mm());
        }
        huge.load(s.huge());
        swap.restore(s.swap());
        lru.load(s.lru());
    }
}
