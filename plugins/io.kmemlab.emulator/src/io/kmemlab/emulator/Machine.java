package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.Arches;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.mm.ProcFs;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Diagnostics;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facade the interpreter, the CLI and the IDE use: one emulated machine. Methods carry
 * the kernel's names (camelCase) and meaning; every one takes a {@link Trace} that
 * receives the formulas used and the page-table entries read ({@link Trace#NONE} for the
 * fast path). Misuse never throws: the kernel's return value comes back and a
 * {@link Diagnostic} is recorded (see {@link #diagnostics()}).
 */
public final class Machine {
    final Kernel k;
    private final Task kernelTask;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private int nextPid = 1;
    private long checkpointIds;
    private io.kmemlab.emulator.inspect.Inspector inspector;    // keeps its page-table index across steps

    private Machine(Kernel k) {
        this.k = k;
        this.kernelTask = new Task("swapper/0", 0, Task.Kind.KERNEL, null);
    }

    /**
     * True when the boot has reached {@code phase}; otherwise a diagnostic names what is missing
     * (a debugger stopped between boot phases can still evaluate expressions safely).
     */
    private boolean need(BootPhase phase, String what, Trace t) {
        BootPhase at = k.phase;
        if (at != null && at.ordinal() >= phase.ordinal()) return true;
        k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, at == null
                ? what + ": this machine cannot boot (see the earlier diagnostics)"
                : what + " needs boot phase " + phase + "; the machine is at " + at), t);
        return false;
    }

    // =================================================================== creation and boot

    /**
     * A machine for {@code spec}, not yet booted. Problems with the spec (unknown arch or
     * kernel, no RAM) are reported in {@link #diagnostics()} and the machine cannot boot.
     */
    public static Machine create(MachineSpec spec) {
        if (spec == null) spec = new MachineSpec();                 // no RAM: reported below
        KernelProfile profile = KernelProfile.byVersion(spec.kernel());
        Arch arch = Arches.create(spec);
        List<String> errors = new ArrayList<>();
        if (profile == null) { errors.add("unknown kernel version '" + spec.kernel() + "' (known: 6.12, 6.14, 2.6)"); profile = KernelProfile.V6_12; }
        if (arch == null) errors.add("arch '" + spec.arch() + "' is not emulated yet");
        if (spec.ram().isEmpty()) errors.add("machine has no RAM");
        if (arch == null) arch = Arches.create(new MachineSpec().ram(0, 0xfffff));
        Kernel k = new Kernel(spec.ram().isEmpty() ? new MachineSpec().ram(0x1000, 0xfffff) : spec, arch, profile);
        Machine m = new Machine(k);
        for (String e : errors) k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, e), Trace.NONE);
        if (!errors.isEmpty()) k.phase = null;
        return m;
    }

    /** create() followed by boot(). */
    public static Machine boot(MachineSpec spec) {
        Machine m = create(spec);
        m.boot();
        return m;
    }

    /** Runs all remaining boot phases. */
    public Machine boot() {
        while (bootStep(Trace.NONE)) { }
        return this;
    }

    /** Runs the next boot phase; false when booted (or when the spec was invalid). */
    public boolean bootStep(Trace t) {
        if (k.phase == null) return false;
        return k.bootStep(t);
    }

    /** Runs phases until {@code phase} is done. */
    public void bootTo(BootPhase phase, Trace t) {
        while (k.phase != null && k.phase.ordinal() < phase.ordinal() && bootStep(t)) { }
    }

    /** The last completed phase (null for a spec that cannot boot). */
    public BootPhase phase() { return k.phase; }

    public boolean booted() { return k.phase == BootPhase.BOOTED; }

    public MachineSpec spec() { return k.spec; }
    public Arch arch() { return k.arch; }
    public KernelProfile profile() { return k.profile; }
    public Layout layout() { return k.arch.layout(); }
    public Diagnostics diagnostics() { return k.diag; }
    /** The wiring of subsystems, for tests and advanced tools. */
    public Kernel kernelState() { return k; }

    /** The language's constants: PAGE_SIZE ... MAX_PAGE_ORDER, MAP_FAILED, GFP/PROT/MAP/FOLL flags, ZONE_xxx. */
    public Long constant(String name) {
        if (name == null) return null;
        Layout l = layout();
        switch (name) {
            case "PAGE_SIZE": return 4096L;
            case "PAGE_SHIFT": return 12L;
            case "PAGE_MASK": return ~4095L;
            case "PAGE_OFFSET": return l.pageOffset();
            case "VMALLOC_START": return l.vmallocStart();
            case "VMALLOC_END": return l.vmallocEnd();
            case "VMEMMAP_START": return l.vmemmapStart();
            case "PKMAP_BASE": return l.pkmapBase();
            case "LAST_PKMAP": return (long) l.lastPkmap();
            case "FIXADDR_START": return l.fixaddrStart();
            case "FIXADDR_TOP": return l.fixaddrTop();
            case "MODULES_VADDR": return l.modulesVaddr();
            case "MODULES_END": return l.modulesEnd();
            case "TASK_SIZE": return l.userTop();
            case "MAX_PAGE_ORDER": return (long) k.profile.maxPageOrder();
            case "NR_PAGE_ORDERS": return (long) k.profile.nrPageOrders();
            case "MAP_FAILED": return -1L;
            case "__START_KERNEL_map": return l.kernelMapStart();
            default: break;
        }
        Long g = Gfp.BY_NAME.get(name);
        if (g != null) return g;
        Long u = io.kmemlab.emulator.process.UserFlags.BY_NAME.get(name);
        if (u != null) return u;
        if (name.startsWith("ZONE_") && k.nodes != null) {
            String zn = name.substring(5);
            for (Zone z : k.nodes.get(0).zones()) if (z.name().equalsIgnoreCase(zn)) return (long) z.index();
            if (zn.equals("MOVABLE")) return (long) k.nodes.get(0).zones().size();
        }
        return null;
    }

    // =================================================================== tasks

    /** The scenario-level context (kernel mode, init_mm). */
    public Task kernel() { return kernelTask; }

    /** A kernel thread (created on first use) with its own kernel stack. */
    public Task kthread(String name) { if (!need(BootPhase.BOOTED, "kthread", Trace.NONE)) return null;
        return tasks.computeIfAbsent("k:" + name, n -> {
            Task t = new Task(name, nextPid++, Task.Kind.KTHREAD, null);
            allocStack(t);
            return t;
        });
    }

    /** A user process (created on first use: mm with its own PGD sharing the kernel half). */
    public Task process(String name) { if (!need(BootPhase.BOOTED, "process", Trace.NONE)) return null;
        return tasks.computeIfAbsent("p:" + name, n -> {
            int pid = nextPid++;
            MmStruct mm = k.processes.newMm(name, pid, Trace.NONE);
            Task t = new Task(name, pid, Task.Kind.PROCESS, mm);
            allocStack(t);
            return t;
        });
    }

    /** alloc_thread_stack_node(): THREAD_SIZE (16 KiB) from vmalloc with VMAP_STACK, else order-2 pages. */
    private void allocStack(Task t) {
        long size = 16384;
        if (k.config(ConfigOption.VMAP_STACK)) {
            t.stack = k.vmalloc.vmallocNode(size, size, false, FrameOwner.STACK, "stack", Trace.NONE);
        } else {
            long pfn = k.alloc.alloc(Gfp.GFP_KERNEL, 2, 0, FrameOwner.STACK, Trace.NONE);
            t.stack = pfn < 0 ? 0 : k.arch.va(pfn << 12, Trace.NONE);
        }
        t.stackCursor = t.stack + size - 256;      // below the top: pt_regs and the current frame
    }

    /** stack_buffer(n): n bytes inside the task's kernel stack (16-byte aligned, growing down). */
    public long stackBuffer(Task task, long n, Trace t) { if (!need(BootPhase.BOOTED, "stackBuffer", t)) return 0;
        Task tk = task == null || task.kind() == Task.Kind.KERNEL ? kthread("swapper") : task;
        long at = (tk.stackCursor - n) & -16L;
        if (at < tk.stack) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.BUG, "BUG: stack guard page was hit (kernel stack overflow) in " + tk.name()), t);
            return 0;
        }
        tk.stackCursor = at;
        if (t.enabled()) t.formula(String.format("stack of %s: 0x%x..0x%x; buffer at 0x%x", tk.name(), tk.stack, tk.stack + 16383, at));
        return at;
    }

    public List<Task> tasks() { return List.copyOf(tasks.values()); }

    // =================================================================== page allocator

    /** alloc_pages(gfp, order): struct page * of the first page, or NULL (0). */
    public long allocPages(long gfp, int order, Trace t) { if (!need(BootPhase.BUDDY, "allocPages", t)) return 0; return allocPagesNode(0, gfp, order, t); }

    public long allocPage(long gfp, Trace t) { if (!need(BootPhase.BUDDY, "allocPage", t)) return 0; return allocPages(gfp, 0, t); }

    public long allocPagesNode(int nid, long gfp, int order, Trace t) { if (!need(BootPhase.BUDDY, "allocPagesNode", t)) return 0;
        long pfn = k.alloc.alloc(gfp, order, nid, FrameOwner.KERNEL, t);
        return pfn < 0 ? 0 : k.model.pfnToPage(pfn, t);
    }

    /** __get_free_pages(): the direct-map address, 0 on failure (never highmem). */
    public long getFreePages(long gfp, int order, Trace t) { if (!need(BootPhase.BUDDY, "getFreePages", t)) return 0;
        long pfn = k.alloc.alloc(gfp & ~Gfp.__GFP_HIGHMEM, order, 0, FrameOwner.KERNEL, t);
        return pfn < 0 ? 0 : k.arch.va(pfn << 12, t);
    }

    public long getZeroedPage(long gfp, Trace t) { if (!need(BootPhase.BUDDY, "getZeroedPage", t)) return 0; return getFreePages(gfp | Gfp.__GFP_ZERO, 0, t); }

    /** __free_pages(page, order). */
    public void freePages(long page, int order, Trace t) { if (!need(BootPhase.BUDDY, "freePages", t)) return;
        if (page == 0) return;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return;
        k.alloc.freePages(pfn, order, t);
    }

    /** free_pages(addr, order). */
    public void freePagesAddr(long addr, int order, Trace t) { if (!need(BootPhase.BUDDY, "freePagesAddr", t)) return;
        if (addr == 0) return;
        if (!k.arch.linearAddress(addr)) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format("BUG: free_pages(0x%x): not a direct-map address (VM_BUG_ON(!virt_addr_valid(addr)))", addr)), t);
            return;
        }
        k.alloc.freePages(k.arch.pa(addr, t) >>> 12, order, t);
    }

    // =================================================================== slab and vmalloc

    public long kmalloc(long size, long gfp, Trace t) { if (!need(BootPhase.BOOTED, "kmalloc", t)) return 0; return k.slub.kmalloc(size, gfp, t); }

    public long kzalloc(long size, long gfp, Trace t) { if (!need(BootPhase.BOOTED, "kzalloc", t)) return 0; return k.slub.kmalloc(size, gfp | Gfp.__GFP_ZERO, t); }

    public void kfree(long addr, Trace t) { if (!need(BootPhase.BOOTED, "kfree", t)) return; k.slub.kfree(addr, t); }

    /** page_slab(page): the struct slab (same address as the head page), or NULL. */
    public long pageSlab(long page, Trace t) { if (!need(BootPhase.BOOTED, "pageSlab", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        long slab = k.slub.slabOf(pfn);
        return slab < 0 ? 0 : k.model.pfnToPage(slab, Trace.NONE);
    }

    /** virt_to_slab(addr). */
    public long virtToSlab(long addr, Trace t) { if (!need(BootPhase.BOOTED, "virtToSlab", t)) return 0;
        if (!virtAddrValid(addr, Trace.NONE)) return 0;
        long slab = k.slub.slabOf(k.arch.pa(addr, t) >>> 12);
        return slab < 0 ? 0 : k.model.pfnToPage(slab, t);
    }

    /** A struct slab field: slab_cache, freelist, inuse, objects, frozen, counters, slab_list. Null if not a slab. */
    public Long slabField(long slab, String field) { if (!need(BootPhase.BOOTED, "slabField", Trace.NONE)) return null;
        long pfn = pageToPfnChecked(slab, Trace.NONE);
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
            case "frozen" -> (counters >>> 31) & 1;
            default -> null;
        };
    }

    public KmemCache kmemCache(long address) { if (!need(BootPhase.BOOTED, "kmemCache", Trace.NONE)) return null; return k.slub.cacheAt(address); }

    public long vmalloc(long size, Trace t) { if (!need(BootPhase.BOOTED, "vmalloc", t)) return 0; return k.vmalloc.vmalloc(size, false, t); }

    public long vzalloc(long size, Trace t) { if (!need(BootPhase.BOOTED, "vzalloc", t)) return 0; return k.vmalloc.vmalloc(size, true, t); }

    public void vfree(long addr, Trace t) { if (!need(BootPhase.BOOTED, "vfree", t)) return; k.vmalloc.vfree(addr, t); }

    // =================================================================== conversions

    /** __pa(x) / virt_to_phys(x); with DEBUG_VIRTUAL a non-linear address is a BUG. */
    public long pa(long va, Trace t) {
        if (!dmaRemapWarning(va, t)) checkLinear(va, "__pa", t);
        return k.arch.pa(va, t);
    }

    public long virtToPhys(long va, Trace t) { return pa(va, t); }

    public long va(long pa, Trace t) { return k.arch.va(pa, t); }

    public long physToVirt(long pa, Trace t) { return k.arch.va(pa, t); }

    public long paSymbol(long va, Trace t) { return k.arch.paSymbol(va, t); }

    private void checkLinear(long va, String fn, Trace t) {
        if (k.arch.paMeaningful(va)) return;
        String what = describe(va);
        if (k.config(ConfigOption.DEBUG_VIRTUAL)) {
            k.diag.report(k.arch.debugVirtual(fn, va, what), t);
        } else {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format(
                    "%s(0x%x): %s address is not in the linear map; the result is what the formula gives, not the page behind it (use vmalloc_to_page)",
                    fn, va, what)), t);
        }
    }

    /** Which region of the address space {@code va} is in (direct map, vmalloc, vmemmap, ...). */
    public String describe(long va) {
        Layout l = layout();
        if (!k.arch.isCanonical(va)) return "non-canonical";
        if (k.arch.isUserAddress(va)) return "user";
        if (l.isVmalloc(va)) return "vmalloc";
        if (l.pkmapBase() != 0 && Long.compareUnsigned(va, l.pkmapBase()) >= 0
                && Long.compareUnsigned(va, l.pkmapBase() + ((long) l.lastPkmap() << 12)) < 0) return "pkmap";
        if (l.vmemmapStart() != 0 && Long.compareUnsigned(va, l.vmemmapStart()) >= 0 && Long.compareUnsigned(va, l.vmemmapStart() + (1L << 40)) < 0) return "vmemmap";
        if (Long.compareUnsigned(va, l.pageOffset()) >= 0 && Long.compareUnsigned(va, l.directMapEnd()) < 0) return "direct-map";
        if (Long.compareUnsigned(va, l.modulesVaddr()) >= 0 && Long.compareUnsigned(va, l.modulesEnd()) < 0) return "module";
        if (Long.compareUnsigned(va, l.fixaddrStart()) >= 0 && Long.compareUnsigned(va, l.fixaddrTop()) <= 0) return "fixmap";
        if (Long.compareUnsigned(va, l.kernelMapStart()) >= 0) return "kernel-image";
        return "unmapped kernel";
    }

    /** virt_to_page(x) = pfn_to_page(__pa(x) >> PAGE_SHIFT): pure arithmetic. */
    public long virtToPage(long va, Trace t) { if (!need(BootPhase.MEMMAP, "virtToPage", t)) return 0;
        checkLinear(va, "virt_to_page", t);
        long pa = k.arch.pa(va, t);
        return k.model.pfnToPage(pa >>> 12, t);
    }

    /** page_to_virt / page_address / lowmem_page_address = __va(PFN_PHYS(page_to_pfn(page))). Highmem: NULL. */
    public long pageAddress(long page, Trace t) { if (!need(BootPhase.MEMMAP, "pageAddress", t)) return 0;
        if (k.highmem != null) {                       // 32-bit: PageHighMem by zone, pkmap address from the hash
            long pfn = pageToPfnChecked(page, t);
            return pfn < 0 ? 0 : k.highmem.pageAddress(page, t);
        }
        long pfn = k.model.pageToPfn(page, t);
        if ((pfn << 12) >= layout().lowmemLimit()) {
            if (t.enabled()) t.note("highmem page: no permanent kernel address (page_address() = NULL)");
            return 0;
        }
        return k.arch.va(pfn << 12, t);
    }

    /**
     * page_to_virt(page) = __va(PFN_PHYS(page_to_pfn(page))) (arch/x86/include/asm/page.h,
     * include/linux/mm.h): arithmetic, also for a frame above the lowmem limit, where the result
     * is not a mapping of the page - reported.
     */
    public long pageToVirt(long page, Trace t) { if (!need(BootPhase.MEMMAP, "pageToVirt", t)) return 0;
        long pfn = k.model.pageToPfn(page, t);
        long va = k.arch.va(pfn << 12, t);
        if ((pfn << 12) >= k.arch.lowmemEnd())
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("page_to_virt(0x%x): pfn 0x%x is above the lowmem limit: __va() gives 0x%x, "
                    + "beyond high_memory 0x%x - not a mapping of this page (use kmap() / kmap_local_page())", page, pfn, va, k.arch.highMemory())), t);
        return va;
    }

    public long pageToPfn(long page, Trace t) { if (!need(BootPhase.MEMMAP, "pageToPfn", t)) return 0; return k.model.pageToPfn(page, t); }

    public long pfnToPage(long pfn, Trace t) { if (!need(BootPhase.MEMMAP, "pfnToPage", t)) return 0; return k.model.pfnToPage(pfn, t); }

    public long pageToPhys(long page, Trace t) { if (!need(BootPhase.MEMMAP, "pageToPhys", t)) return 0;
        long pa = k.model.pageToPfn(page, t) << 12;
        if (t.enabled()) t.formula(String.format("page_to_phys = PFN_PHYS(pfn) = 0x%x", pa));
        return pa;
    }

    public boolean pfnValid(long pfn, Trace t) { if (!need(BootPhase.MEMMAP, "pfnValid", t)) return false;
        boolean v = pfn >= 0 && pfn < k.storePfns && k.model.pfnValid(pfn);
        if (t.enabled()) t.formula(String.format("pfn_valid(0x%x) = %s", pfn, v));
        return v;
    }

    /** virt_addr_valid(): linear (or kernel image) address whose pfn is valid (arch/x86/mm/physaddr.c). */
    public boolean virtAddrValid(long va, Trace t) { if (!need(BootPhase.MEMMAP, "virtAddrValid", t)) return false;
        boolean v = k.arch.linearAddress(va) && pfnValid(k.arch.pa(va, Trace.NONE) >>> 12, Trace.NONE);
        if (t.enabled()) t.formula(String.format("virt_addr_valid(0x%x) = %s (%s address)", va, v, describe(va)));
        return v;
    }

    public boolean isVmallocAddr(long va, Trace t) {
        boolean v = layout().isVmalloc(va);
        if (t.enabled()) t.formula(String.format("is_vmalloc_addr(0x%x): VMALLOC_START 0x%x <= x < VMALLOC_END 0x%x = %s",
                va, layout().vmallocStart(), layout().vmallocEnd(), v));
        return v;
    }

    /** vmalloc_to_page(): walk init_mm; NULL at the first empty level; a huge leaf gives head + index. */
    public long vmallocToPage(long va, Trace t) { if (!need(BootPhase.PAGE_TABLES, "vmallocToPage", t)) return 0;
        WalkResult w = k.walker.walk(k.initPgd, va, t);
        if (!w.mapped()) return 0;
        long pfn = w.pa() >>> 12;
        return k.model.pfnToPage(pfn, t);
    }

    public long vmallocToPfn(long va, Trace t) { if (!need(BootPhase.PAGE_TABLES, "vmallocToPfn", t)) return 0;
        WalkResult w = k.walker.walk(k.initPgd, va, t);
        return w.mapped() ? w.pa() >>> 12 : 0;
    }

    public static long offsetInPage(long addr) { return addr & 4095; }
    public static long pfnDown(long a) { return a >>> 12; }
    public static long pfnUp(long a) { return (a + 4095) >>> 12; }
    public static long pfnPhys(long pfn) { return pfn << 12; }

    /** page_zone(page). */
    public Zone pageZone(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageZone", t)) return null;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return null;
        int zi = pageZonenum(page, t);
        int nid = pageToNid(page, Trace.NONE);
        for (Node n : k.nodes) if (n.nid() == nid && zi < n.zones().size()) return n.zones().get(zi);
        return null;
    }

    /** page_zonenum(): (page->flags >> ZONES_PGOFF) & ZONES_MASK. */
    public int pageZonenum(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageZonenum", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return -1;
        long flags = k.store.flags(pfn);
        int z = k.pageFlags.zone(flags);
        if (t.enabled()) t.formula(String.format("page_zonenum = (flags 0x%x >> ZONES_PGOFF %d) & ZONES_MASK 0x%x = %d",
                flags, k.pageFlags.zonesPgoff, (1 << k.pageFlags.zonesWidth) - 1, z));
        return z;
    }

    public int pageToNid(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageToNid", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return -1;
        int n = k.pageFlags.node(k.store.flags(pfn));
        if (t.enabled()) t.formula(String.format("page_to_nid = (flags >> NODES_PGOFF %d) & NODES_MASK = %d", k.pageFlags.nodesPgoff, n));
        return n;
    }

    public long pfnToSectionNr(long pfn, Trace t) { if (!need(BootPhase.MEMMAP, "pfnToSectionNr", t)) return 0;
        long nr = k.model.pfnToSectionNr(pfn);
        if (t.enabled()) t.formula(String.format("pfn_to_section_nr(0x%x) = pfn >> PFN_SECTION_SHIFT (%d) = %d", pfn, k.arch.sectionSizeBits() - 12, nr));
        return nr;
    }

    /** symbol(name): the address of a kernel symbol, or null. */
    public Long symbol(String name) { return k.symbols.get(name); }

    public Map<String, Long> symbols() { return Map.copyOf(k.symbols); }

    /** pfn of a struct page pointer, or -1 (with a diagnostic) when it describes no frame. */
    long pageToPfnChecked(long page, Trace t) {
        long pfn = k.model.pageToPfn(page, Trace.NONE);
        if (page == 0 || pfn < 0 || pfn >= k.storePfns || !k.model.pfnValid(pfn)) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, String.format("0x%x is not a struct page of this machine (pfn 0x%x)", page, pfn)), t);
            return -1;
        }
        return pfn;
    }

    // =================================================================== page tables

    /** init_mm's address (symbol). */
    public long initMm() { if (!need(BootPhase.BOOTED, "initMm", Trace.NONE)) return 0; return k.processes.initMmAddress(); }

    /** mm_struct address of a task (current->mm); init_mm for kernel threads (active_mm). */
    public long mmOf(Task task) { if (!need(BootPhase.BOOTED, "mmOf", Trace.NONE)) return 0; return task == null || task.mm() == null ? initMm() : task.mm().address(); }

    /** mm->pgd: the kernel virtual address of the pgd of the mm_struct at {@code mm} (init_mm's pgd for init_mm). */
    public long mmPgd(long mm) { if (!need(BootPhase.BOOTED, "mmPgd", Trace.NONE)) return 0; return entryVa(pgdPa(mm)); }

    /** The VMAs of the mm_struct at {@code mm}, by address (none for init_mm). */
    public List<io.kmemlab.emulator.process.Vma> vmasOfMm(long mm) { if (!need(BootPhase.BOOTED, "vmasOfMm", Trace.NONE)) return List.of();
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
    public long pgdOffset(long mm, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "pgdOffset", t)) return 0;
        long pgd = pgdPa(mm);
        int idx = k.arch.paging().level(PagingMode.PGD).index(addr);
        long p = entryVa(pgd) + (long) idx * k.arch.paging().level(PagingMode.PGD).entryBytes();
        if (t.enabled()) t.formula(String.format("pgd_offset(mm, 0x%x) = mm->pgd 0x%x + pgd_index %d * %d = 0x%x", addr, entryVa(pgd), idx,
                k.arch.paging().level(PagingMode.PGD).entryBytes(), p));
        return p;
    }

    public long pgdOffsetK(long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "pgdOffsetK", t)) return 0; return pgdOffset(k.symbols.get("init_mm"), addr, t); }

    /** The entry a page-table pointer points to (unary *). */
    public long readEntry(long ptr, int level, Trace t) { if (!need(BootPhase.PAGE_TABLES, "readEntry", t)) return 0;
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

    public long p4dOffset(long pgdp, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "p4dOffset", t)) return 0; return offsetBelow(pgdp, PagingMode.PGD, PagingMode.P4D, addr, t); }
    public long pudOffset(long p4dp, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "pudOffset", t)) return 0; return offsetBelow(p4dp, PagingMode.P4D, PagingMode.PUD, addr, t); }
    public long pmdOffset(long pudp, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "pmdOffset", t)) return 0; return offsetBelow(pudp, PagingMode.PUD, PagingMode.PMD, addr, t); }

    public long pteOffsetKernel(long pmdp, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "pteOffsetKernel", t)) return 0; return offsetBelow(pmdp, PagingMode.PMD, PagingMode.PTE, addr, t); }

    /** pte_offset_map(): since 6.5 NULL for a none, huge or bad pmd (mm/pgtable-generic.c __pte_offset_map). */
    public long pteOffsetMap(long pmdp, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "pteOffsetMap", t)) return 0;
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
    public void pteUnmap(long ptep, Trace t) {
        if (t.enabled()) t.note("pte_unmap: no-op without CONFIG_HIGHPTE");
    }

    public int index(int level, long addr) { return k.arch.paging().level(level).index(addr); }

    public long ptePfn(long pte) { return k.arch.paging().format().leafPhys(PagingMode.PTE, pte) >>> 12; }

    public long ptePage(long pte, Trace t) { if (!need(BootPhase.PAGE_TABLES, "ptePage", t)) return 0;
        long pfn = ptePfn(pte);
        if (t.enabled()) t.formula(String.format("pte_page(0x%x) = pfn_to_page(pte_pfn = 0x%x)", pte, pfn));
        return k.model.pfnToPage(pfn, t);
    }

    public boolean ptePresent(long pte) { return k.arch.paging().format().present(PagingMode.PTE, pte); }

    public boolean pmdLeaf(long pmd) { EntryFormat f = k.arch.paging().format(); return f.present(PagingMode.PMD, pmd) && f.leaf(PagingMode.PMD, pmd); }

    public boolean pudLeaf(long pud) { EntryFormat f = k.arch.paging().format(); return f.present(PagingMode.PUD, pud) && f.leaf(PagingMode.PUD, pud); }

    public boolean pmdNone(long pmd) { return pmd == 0; }

    /** pmd_bad() of the arch's entry format. */
    public boolean pmdBad(long pmd) { return k.arch.paging().format().pmdBad(pmd); }

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
    public long[] lookupAddress(long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "lookupAddress", t)) return new long[0];
        WalkResult w = k.walker.walk(k.initPgd, addr, t);
        WalkResult.Step s = w.last();
        if (s == null || (!w.mapped() && s.raw() == 0)) return null;
        return new long[]{entryVa(s.entryPa()), s.level()};
    }

    /** The page-table walk for `walk ADDR [in PROCESS]`: every entry read. */
    public WalkResult walk(Task task, long addr, Trace t) { if (!need(BootPhase.PAGE_TABLES, "walk", t)) return null;
        long pgd = task == null || task.mm() == null ? k.initPgd : task.mm().pgd();
        if (!k.arch.isCanonical(addr)) {
            if (t.enabled()) t.note(String.format("0x%x is non-canonical: no walk (#GP)", addr));
            return new WalkResult(addr, List.of(), -1, -1, PagingMode.PGD);
        }
        return k.walker.walk(pgd, addr, t);
    }

    // =================================================================== references

    public void getPage(long page, Trace t) { if (!need(BootPhase.BUDDY, "getPage", t)) return;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return;
        long head = headPfn(pfn);
        int rc = k.store.refcount(head);
        if (rc <= 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("WARNING: get_page() on a page with refcount %d (pfn 0x%x): try_get_page would fail", rc, pfn)), t);
            return;
        }
        k.store.setRefcount(head, rc + 1);
        if (t.enabled()) t.formula(String.format("get_page: folio_get -> _refcount %d -> %d", rc, rc + 1));
    }

    /** put_page(): drop a reference; at zero the page goes back to the allocator. */
    public void putPage(long page, Trace t) { if (!need(BootPhase.BUDDY, "putPage", t)) return;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return;
        long head = headPfn(pfn);
        int rc = k.store.refcount(head);
        if (rc <= 0) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.BUG, String.format(
                    "BUG: Bad page state: put_page() with _refcount %d (pfn 0x%x): VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0) - refcount underflow", rc, head)), t);
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
    public void pageCacheRelease(long page, Trace t) { if (!need(BootPhase.BUDDY, "pageCacheRelease", t)) return;
        k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, "page_cache_release() was removed in 4.6; it is put_page()"), t);
        putPage(page, t);
    }

    public int pageCount(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageCount", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        return pfn < 0 ? 0 : k.store.refcount(headPfn(pfn));
    }

    public int pageRefCount(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageRefCount", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        return pfn < 0 ? 0 : k.store.refcount(pfn);
    }

    /** page_mapcount(): _mapcount + 1 (0 for typed pages). */
    public int pageMapcount(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageMapcount", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        int mc = k.store.mapcount(pfn);
        if (k.profile.pageTypes() && PageTypes.typeOf(mc) != null) return 0;
        return mc + 1;
    }

    long headPfn(long pfn) {
        long w = k.store.word(pfn, 0);
        if ((w & 1) != 0 && !k.alloc.isBuddy(pfn)) return k.model.pageToPfn(w - 1, Trace.NONE);
        return pfn;
    }

    // =================================================================== flags, types, compound

    /**
     * PageXxx(page): a PG_ flag of this kernel profile, a page type (Buddy, Slab, Table,
     * Offline, Hugetlb, Guard) or a derived test (Head, Tail, Compound, HighMem, Anon, LRU ...).
     * Null when this kernel has no such test.
     */
    public Boolean pageFlag(String name, long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageFlag", t)) return null;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0 || name == null) return null;
        String n = name.startsWith("Page") ? name.substring(4) : name;
        switch (n) {
            case "Buddy": return k.alloc.isBuddy(pfn);
            case "Tail": return k.alloc.isTail(pfn);
            case "Head": return k.alloc.isHead(pfn) && !k.alloc.isBuddy(pfn);
            case "Compound": return k.alloc.isTail(pfn) || k.alloc.isHead(pfn);
            case "HighMem": return k.highmem != null ? k.pfnHighMem(pfn) : (pfn << 12) >= layout().lowmemLimit();
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
        boolean v = (k.store.flags(pfn) & (1L << bit)) != 0;
        if (t.enabled()) t.formula(String.format("Page%s: test_bit(PG_%s = %d, &page->flags) = %s", n, flag, bit, v));
        return v;
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
    public boolean setPageFlag(String name, long page, boolean on, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "setPageFlag", t)) return false;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return false;
        int bit = k.profile.bit(pgName(name.startsWith("Page") ? name.substring(4) : name));
        if (bit < 0) return false;
        k.store.setFlagBit(pfn, bit, on);
        return true;
    }

    /** compound_head(page). */
    public long compoundHead(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "compoundHead", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        long w = k.store.word(pfn, 0);
        if ((w & 1) != 0 && !k.alloc.isBuddy(pfn)) {
            if (t.enabled()) t.formula(String.format("compound_head: page->compound_head 0x%x has bit 0 set -> head 0x%x", w, w - 1));
            return w - 1;
        }
        return page;
    }

    /** compound_order(page): folio order from page[1].flags & 0xff for a head, else 0. */
    public int compoundOrder(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "compoundOrder", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return 0;
        int o = k.alloc.compoundOrder(pfn);
        if (t.enabled()) t.formula(String.format("compound_order = PageHead ? page[1].flags & 0xff : 0 = %d", o));
        return o;
    }

    /** buddy_order(page): page->private of a free head, -1 if not PageBuddy. */
    public int buddyOrder(long page, Trace t) { if (!need(BootPhase.BUDDY, "buddyOrder", t)) return 0;
        long pfn = pageToPfnChecked(page, t);
        return pfn < 0 ? -1 : k.alloc.buddyOrder(pfn);
    }

    // =================================================================== memory access

    public long read(Task task, long addr, int size, Trace t) { if (!need(BootPhase.BOOTED, "read", t)) return 0;
        if (k.highmem != null) k.highmem.switchTo(task == null ? kernelTask : task, t);   // kmap_local_sched_out/in
        return k.processes.access(task == null ? kernelTask : task, addr, size, false, 0, t);
    }

    public void write(Task task, long addr, int size, long value, Trace t) { if (!need(BootPhase.BOOTED, "write", t)) return;
        if (k.highmem != null) k.highmem.switchTo(task == null ? kernelTask : task, t);
        k.processes.access(task == null ? kernelTask : task, addr, size, true, value, t);
    }

    public void memset(Task task, long addr, int b, long len, Trace t) { if (!need(BootPhase.BOOTED, "memset", t)) return;
        if (k.highmem != null) k.highmem.switchTo(task == null ? kernelTask : task, t);
        k.processes.memset(task == null ? kernelTask : task, addr, b, len, t);
    }

    // =================================================================== user memory

    public long mmap(Task task, long len, long prot, long flags, Trace t) { if (!need(BootPhase.BOOTED, "mmap", t)) return 0; return k.processes.mmap(userTask(task, t), len, prot, flags, t); }

    public int munmap(Task task, long addr, long len, Trace t) { if (!need(BootPhase.BOOTED, "munmap", t)) return 0; return k.processes.munmap(userTask(task, t), addr, len, t); }

    /** get_user_pages(addr, n, foll): struct page pointers, one reference each; fewer on a fault. */
    public long[] getUserPages(Task task, long addr, int n, long foll, Trace t) { if (!need(BootPhase.BOOTED, "getUserPages", t)) return new long[0]; return k.processes.gup(userTask(task, t), addr, n, foll, false, t); }

    /** pin_user_pages(): like GUP with FOLL_PIN (refcount += GUP_PIN_COUNTING_BIAS). */
    public long[] pinUserPages(Task task, long addr, int n, long foll, Trace t) { if (!need(BootPhase.BOOTED, "pinUserPages", t)) return new long[0]; return k.processes.gup(userTask(task, t), addr, n, foll, true, t); }

    public void unpinUserPage(long page, Trace t) { if (!need(BootPhase.BOOTED, "unpinUserPage", t)) return;
        long pfn = pageToPfnChecked(page, t);
        if (pfn >= 0) k.processes.unpin(headPfn(pfn), t);
    }

    /** swap_out(addr): the PTE becomes a swap entry and the frame is freed. False if nothing to swap. */
    public boolean swapOut(Task task, long addr, Trace t) { if (!need(BootPhase.BOOTED, "swapOut", t)) return false; return k.processes.swapOut(userTask(task, t), addr, t); }

    public List<io.kmemlab.emulator.process.Vma> vmas(Task task) { if (!need(BootPhase.BOOTED, "vmas", Trace.NONE)) return List.of(); return task == null || task.mm() == null ? List.of() : task.mm().vmas(); }

    private Task userTask(Task task, Trace t) {
        if (task == null || task.mm() == null) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, "user-memory operation outside a process block (current->mm is NULL in kernel threads)"), t);
            return null;
        }
        return task;
    }

    // =================================================================== highmem (x86_64: all memory is lowmem)

    // 32-bit with HIGHMEM: io.kmemlab.emulator.highmem.Highmem (pkmap, kmap_atomic / kmap_local slots)

    public long kmap(long page, Trace t) { if (!need(BootPhase.BOOTED, "kmap", t)) return 0; return kmap(kernelTask, page, t); }
    public void kunmap(long page, Trace t) { if (!need(BootPhase.BOOTED, "kunmap", t)) return; kunmap(kernelTask, page, t); }
    public long kmapAtomic(long page, Trace t) { if (!need(BootPhase.BOOTED, "kmapAtomic", t)) return 0; return kmapAtomic(kernelTask, page, null, t); }
    public void kunmapAtomic(long addr, Trace t) { if (!need(BootPhase.BOOTED, "kunmapAtomic", t)) return; kunmapAtomic(kernelTask, addr, null, t); }
    public long kmapLocalPage(long page, Trace t) { if (!need(BootPhase.BOOTED, "kmapLocalPage", t)) return 0; return kmapLocalPage(kernelTask, page, t); }
    public void kunmapLocal(long addr, Trace t) { if (!need(BootPhase.BOOTED, "kunmapLocal", t)) return; kunmapLocal(kernelTask, addr, t); }

    /** kmap(page) in {@code task}: page_address() for lowmem, a pkmap slot for highmem (may "sleep": NULL + report). */
    public long kmap(Task task, long page, Trace t) { if (!need(BootPhase.BOOTED, "kmap", t)) return 0;
        if (pageToPfnChecked(page, t) < 0) return 0;
        return k.highmem == null ? pageAddress(page, t) : k.highmem.kmap(task == null ? kernelTask : task, page, t);
    }

    public void kunmap(Task task, long page, Trace t) { if (!need(BootPhase.BOOTED, "kunmap", t)) return;
        if (k.highmem != null && pageToPfnChecked(page, t) >= 0) k.highmem.kunmap(task == null ? kernelTask : task, page, t);
    }

    /** kmap_atomic(page [, KM_xxx]): {@code kmType} selects the fixed slot in kernel 2.6; null = none given. */
    public long kmapAtomic(Task task, long page, String kmType, Trace t) { if (!need(BootPhase.BOOTED, "kmapAtomic", t)) return 0;
        if (pageToPfnChecked(page, t) < 0) return 0;
        return k.highmem == null ? pageAddress(page, t) : k.highmem.kmapAtomic(task == null ? kernelTask : task, page, kmType, t);
    }

    public void kunmapAtomic(Task task, long addr, String kmType, Trace t) { if (!need(BootPhase.BOOTED, "kunmapAtomic", t)) return;
        if (k.highmem != null) k.highmem.kunmapAtomic(task == null ? kernelTask : task, addr, kmType, t);
    }

    public long kmapLocalPage(Task task, long page, Trace t) { if (!need(BootPhase.BOOTED, "kmapLocalPage", t)) return 0;
        if (pageToPfnChecked(page, t) < 0) return 0;
        return k.highmem == null ? pageAddress(page, t) : k.highmem.kmapLocalPage(task == null ? kernelTask : task, page, t);
    }

    public void kunmapLocal(Task task, long addr, Trace t) { if (!need(BootPhase.BOOTED, "kunmapLocal", t)) return;
        if (k.highmem != null) k.highmem.kunmapLocal(task == null ? kernelTask : task, addr, t);
    }

    /** The highmem subsystem (null on x86_64 and without HIGHMEM). */
    public io.kmemlab.emulator.highmem.Highmem highmem() { return k.highmem; }
    public boolean pageHighMem(long page, Trace t) { if (!need(BootPhase.BOOTED, "pageHighMem", t)) return false; Boolean b = pageFlag("HighMem", page, t); return b != null && b; }

    // =================================================================== boot memory, dma

    /** memblock_alloc(size, align): before BUDDY from memblock; afterwards WARN + kzalloc (mm/memblock.c). */
    public long memblockAlloc(long size, long align, Trace t) { if (!need(BootPhase.MEMBLOCK, "memblockAlloc", t)) return 0;
        if (k.phase.ordinal() >= BootPhase.BUDDY.ordinal()) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, "WARNING: CPU: 0 PID: 1 at mm/memblock.c memblock_alloc_internal: called after slab is available (falls back to kzalloc)"), t);
            return kzalloc(size, Gfp.GFP_NOWAIT, t);
        }
        long pa = k.memblock.alloc(size, Math.max(align, 1), 0, k.allocLimit(), 0, FrameOwner.MEMBLOCK, "memblock_alloc");
        if (pa < 0) return 0;
        if (k.phase.ordinal() >= BootPhase.STRUCT_PAGES.ordinal())     // descriptors exist: mark the frames reserved now
            k.store.setOwnerRange(pa >>> 12, (pa + size + 4095) >>> 12, FrameOwner.MEMBLOCK);
        return k.arch.va(pa, t);
    }

    /** dma_alloc_coherent(size): direct-map pages on x86_64 (the DMA address is the physical one). */
    public long dmaAllocCoherent(long size, Trace t) { if (!need(BootPhase.BUDDY, "dmaAllocCoherent", t)) return 0;
        if (k.arch.dmaCoherentRemap() && k.vmalloc == null) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, "dmaAllocCoherent needs boot phase BOOTED on " + k.arch.name()
                    + " (the buffer is remapped in the vmalloc area); the machine is at " + k.phase), t);
            return 0;
        }
        int order = io.kmemlab.emulator.slab.Slub.getOrder(size);
        long pfn = k.alloc.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, order, 0, FrameOwner.KERNEL, t);
        if (pfn < 0) return 0;
        if (!k.arch.dmaCoherentRemap()) return k.arch.va(pfn << 12, t);
        // ARM (arch/arm/mm/dma-mapping.c __dma_alloc -> __alloc_remap_buffer): the cleared pages are
        // remapped uncached (pgprot_dmacoherent) in the vmalloc area by dma_common_contiguous_remap();
        // the CPU address is not in the linear map
        long n = (size + 4095) >>> 12;
        long[] pfns = new long[(int) n];
        for (int i = 0; i < n; i++) pfns[i] = pfn + i;
        long va = k.vmalloc.vmapPfns(pfns, Prot.KERNEL | Prot.NOCACHE, FrameOwner.KERNEL, "dma_alloc_coherent", t);
        if (t.enabled()) t.note(String.format("dma_alloc_coherent on arm: %d pages at phys 0x%x remapped uncached at 0x%x (vmalloc area): "
                + "virt_to_phys()/__pa() of this address is wrong - the DMA handle is 0x%x", n, pfn << 12, va, pfn << 12));
        return va;
    }

    /** A warning for __pa / virt_to_phys on a dma_alloc_coherent address where it is a remap: the formula is not the buffer's address. */
    private boolean dmaRemapWarning(long va, Trace t) {
        if (!k.arch.dmaCoherentRemap() || k.vmalloc == null) return false;
        io.kmemlab.emulator.vmalloc.Vmalloc.Area a = k.vmalloc.areaOf(va);
        if (a == null || !"dma_alloc_coherent".equals(a.caller()) || ((va - a.addr()) >>> 12) >= a.pfns().length) return false;
        long real = (a.pfns()[(int) ((va - a.addr()) >>> 12)] << 12) + (va & 4095);
        k.diag.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("virt_to_phys(0x%x): a dma_alloc_coherent() address is a vmalloc-area remap, "
                + "not in the linear map: the formula gives 0x%x but the buffer is at phys 0x%x (use the dma_addr_t handle)",
                va, k.arch.pa(va, Trace.NONE), real)), t);
        return true;
    }

    // =================================================================== introspection

    /** FLATMEM's mem_map (0 for the sparse models). */
    public long memMap() { if (!need(BootPhase.MEMMAP, "memMap", Trace.NONE)) return 0; return k.model.memMap(); }

    public long nodeMemMap(int nid) { if (!need(BootPhase.MEMMAP, "nodeMemMap", Trace.NONE)) return 0;
        if (k.model.memMap() == 0) return 0;
        Node n = k.nodes.get(nid);
        return k.model.pfnToPage(n.startPfn(), Trace.NONE);
    }

    public Zone zone(String name, int nid) { if (!need(BootPhase.ZONES, "zone", Trace.NONE)) return null;
        if (k.nodes == null || nid >= k.nodes.size()) return null;
        for (Zone z : k.nodes.get(nid).zones()) if (z.name().equalsIgnoreCase(name)) return z;
        return null;
    }

    public Zone zone(String name) { if (!need(BootPhase.ZONES, "zone", Trace.NONE)) return null; return zone(name, 0); }

    public List<Zone> zones() { if (!need(BootPhase.ZONES, "zones", Trace.NONE)) return List.of(); return k.alloc == null ? List.of() : k.alloc.zones(); }

    public List<Node> nodes() { if (!need(BootPhase.ZONES, "nodes", Trace.NONE)) return List.of(); return k.nodes == null ? List.of() : List.copyOf(k.nodes); }

    /** frame_owner(pfn). */
    public String frameOwner(long pfn) { if (!need(BootPhase.STRUCT_PAGES, "frameOwner", Trace.NONE)) return "";
        if (pfn < 0 || pfn >= k.storePfns || !k.model.pfnValid(pfn)) return FrameOwner.HOLE.label;
        return k.store.owner(pfn).label;
    }

    /** frames_owned_by(owner [, zone]); zone null = all. */
    public long framesOwnedBy(String owner, Zone zone) { if (!need(BootPhase.STRUCT_PAGES, "framesOwnedBy", Trace.NONE)) return 0;
        FrameOwner o = FrameOwner.byLabel(owner);
        if (o == null) return 0;
        long s = zone == null ? 0 : zone.startPfn(), e = zone == null ? k.storePfns : zone.endPfn();
        return k.store.countOwner(s, e, o);
    }

    /** The struct page decoded through the union variant it is used as (`show page`). */
    public io.kmemlab.emulator.mm.StructPage page(long page, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "page", t)) return null;
        long pfn = pageToPfnChecked(page, t);
        if (pfn < 0) return null;
        return new PageInspector(k).inspect(pfn, page);
    }

    /** A field of a struct page through its current union variant; null if the variant has no such field. */
    public Long pageField(long page, String field, Trace t) { if (!need(BootPhase.STRUCT_PAGES, "pageField", t)) return null;
        io.kmemlab.emulator.mm.StructPage sp = page(page, t);
        return sp == null ? null : sp.field(field);
    }

    /** `show memmap`: where the struct page arrays are and how pfns map to them. */
    public String memmap() { if (!need(BootPhase.MEMMAP, "memmap", Trace.NONE)) return "";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("memory model %s, sizeof(struct page) = %d, %d frames (max_pfn 0x%x)%n",
                k.model.kind().dslName, k.arch.structPageSize(), k.maxPfn, k.maxPfn));
        if (k.model.memMap() != 0) sb.append(String.format("mem_map = 0x%x (phys 0x%x)%n", k.model.memMap(), k.arch.pa(k.model.memMap(), Trace.NONE)));
        if (k.model.kind() == io.kmemlab.emulator.spec.MemoryModelKind.SPARSEMEM_VMEMMAP)
            sb.append(String.format("vmemmap = 0x%x: pfn_to_page(pfn) = vmemmap + pfn%n", layout().vmemmapStart()));
        for (var r : k.memblock.reserved())
            if (r.owner() == FrameOwner.MEMMAP || r.name().equals("mem_section"))
                sb.append(String.format("  %-12s phys 0x%x..0x%x (%d frames)%n", r.name(), r.base(), r.end() - 1, (r.size() + 4095) >>> 12));
        sb.append(String.format("frames owned by \"memmap\": %d%n", framesOwnedBy("memmap", null)));
        return sb.toString();
    }

    public String buddyinfo() { if (!need(BootPhase.BUDDY, "buddyinfo", Trace.NONE)) return ""; return ProcFs.buddyinfo(k.nodes, k.profile.nrPageOrders()); }

    public String zoneinfo() { if (!need(BootPhase.BUDDY, "zoneinfo", Trace.NONE)) return "";
        return ProcFs.zoneinfo(k.nodes, k.maxNrZones(), Math.max(1, k.spec.cpus()));
    }

    /**
     * Read-only inspection of this machine: physical map, zones, decoded struct pages, walks,
     * address spaces, kmap slots, regions, and the change set since a checkpoint.
     */
    public io.kmemlab.emulator.inspect.Inspector inspect() {
        if (inspector == null) inspector = new io.kmemlab.emulator.inspect.Inspector(new MachineInspection(this));
        return inspector;
    }

    /**
     * What changed since checkpoint {@code before}: frames, page-table entries, struct page fields
     * and zone counters (a debugger step's change set). Costs in proportion to what was written.
     */
    public io.kmemlab.emulator.inspect.ChangeSet changesSince(Checkpoint before) {
        if (before == null) return io.kmemlab.emulator.inspect.ChangeSet.EMPTY;
        return inspect().changesSince(MachineInspection.baseline(before));
    }

    /** Self-check of the allocator and page tables; empty when consistent (used by property tests). */
    public List<String> invariants() { if (!need(BootPhase.BUDDY, "invariants", Trace.NONE)) return List.of(); return new Invariants(k).check(); }

    // =================================================================== checkpoint / restore

    /** The machine's state now: restore it with {@link #restore(Checkpoint)}, in any later or earlier state. */
    public Checkpoint checkpoint() {
        List<long[]> stacks = new ArrayList<>();
        for (Task tk : tasks.values()) stacks.add(new long[]{tk.stack, tk.stackCursor});
        return new Checkpoint(this, ++checkpointIds, k.phase, k.save(),
                new Checkpoint.Tasks(new LinkedHashMap<>(tasks), nextPid, stacks), k.diag.mark());
    }

    /**
     * Brings the machine back to {@code c}: memory, every subsystem, the tasks, the diagnostics
     * and the boot phase. A checkpoint taken in an earlier boot phase brings the machine back
     * to that phase (subsystems created later are gone; booting on creates them again).
     *
     * @return true when restored; false (with an ERROR diagnostic, nothing changed) when
     *         {@code c} is null, belongs to another machine, or the machine cannot boot
     */
    public boolean restore(Checkpoint c) {
        String why = c == null ? "restore: no checkpoint"
                : c.machine() != this ? "restore: checkpoint " + c.id() + " belongs to another machine"
                : k.phase == null ? "restore: this machine cannot boot (see the earlier diagnostics)" : null;
        if (why != null) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, why), Trace.NONE);
            return false;
        }
        k.load(c.kernel());
        k.diag.reset(c.diagnostics());
        tasks.clear();
        tasks.putAll(c.tasks().byKey());
        nextPid = c.tasks().nextPid();
        int i = 0;
        for (Task tk : tasks.values()) { tk.stack = c.tasks().stacks().get(i)[0]; tk.stackCursor = c.tasks().stacks().get(i)[1]; i++; }
        return true;
    }
}
