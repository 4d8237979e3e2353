package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.inspect.AddressRegion;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.emulator.vmalloc.Vmalloc;
import java.util.List;
import java.util.Map;

/**
 * Answers "what is this address?" the way crash's {@code kmem ADDR} and drgn's
 * identify_address() do: the region, the place in it, the frame behind it and who owns that
 * frame. Reads the machine only (no trace, no state change).
 */
public final class Identifier {
    /** THREAD_SIZE on x86_64 and i386 with 4K pages: 16 KiB (arch/x86/include/asm/page_{64,32}_types.h). */
    private static final long THREAD_SIZE = 16384;
    /** Bound on the page tables searched for the owner of a page-table frame. */
    private static final int MAX_TABLES = 20000;

    /** The image's section boundaries (vmlinux.lds.S): a named object at the same address is the better answer. */
    private static final java.util.Set<String> MARKERS = java.util.Set.of("_text", "_sdata", "__bss_start", "_end");

    private final Machine m;
    private final Inspector in;

    private Identifier(Machine m) {
        this.m = m;
        this.in = m.inspect();
    }

    /** {@code va} looked up in {@code space} (null: init_mm). */
    public static Identification identify(Machine m, long va, AddressSpace space) {
        return new Identifier(m).run(va, space);
    }

    private Identification run(long va, AddressSpace given) {
        AddressSpace space = given != null ? given : in.addressSpace("init_mm");
        AddressRegion region = in.regionOf(va);
        Translation t = space == null ? null : in.walk(space, va);
        long pa = t != null && t.mapped() ? t.pa() : -1;
        long pfn = pa < 0 ? -1 : pa >>> 12;
        PageDescriptor d = pfn < 0 ? null : in.page(pfn);
        long describes = describes(va, region);
        String where = where(va, region, space);
        String owner = d == null ? (pa >= 0 ? "no struct page (not RAM the kernel manages)" : "") : owner(pa, d);
        long section = pfn < 0 || m.spec().memoryModel() == null && d == null ? -1 : section(pfn);
        return new Identification(va, space == null ? "init_mm" : space.name(), region, where, region.kind().right,
                region.kind().wrong, pa, pfn, d == null ? 0 : d.address(), owner, d == null ? "" : d.owner().label, describes, section);
    }

    private long section(long pfn) {
        try {
            return m.pfnToSectionNr(pfn, Trace.NONE);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ where in the region

    /** For an address inside the struct page array: the pfn whose descriptor it is (vmemmap or FLATMEM's mem_map). */
    private long describes(long va, AddressRegion region) {
        int size = in.structPageLayout().size();
        long base = region.kind() == AddressRegion.Kind.VMEMMAP ? m.layout().vmemmapStart() : m.memMap();
        if (base == 0 || Long.compareUnsigned(va, base) < 0) return -1;
        long pfn = (va - base) / size;
        return pfn < in.frames() ? pfn : -1;
    }

    private String where(long va, AddressRegion region, AddressSpace space) {
        var l = m.layout();
        String image = image(va);
        return switch (region.kind()) {
            case VMALLOC, MODULES -> {
                String stack = stack(va);
                String area = vmallocArea(va);
                yield stack.isEmpty() ? area : area + "; " + stack;
            }
            case VMEMMAP -> {
                long pfn = describes(va, region);
                int size = in.structPageLayout().size();
                yield pfn < 0 ? "beyond the last pfn" : String.format("struct page of pfn %#x, byte %d of %d", pfn,
                        (va - l.vmemmapStart()) % size, size);
            }
            case PKMAP -> String.format("pkmap slot %d (PKMAP_NR = (addr - PKMAP_BASE) >> PAGE_SHIFT)", (va - l.pkmapBase()) >>> 12);
            case FIXMAP -> String.format("fixmap slot %d (virt_to_fix = (FIXADDR_TOP - addr) >> PAGE_SHIFT)", (l.fixaddrTop() - (va & -4096L)) >>> 12);
            case USER -> vma(va, space);
            case KERNEL_TEXT -> image;
            case DIRECT_MAP -> {
                StringBuilder sb = new StringBuilder(image);
                long pa = va - l.pageOffset();
                if (Long.compareUnsigned(pa, l.lowmemLimit()) >= 0 || in.page(pa >>> 12) == null) {
                    append(sb, String.format("__pa() gives %#x, which no struct page describes (not RAM the direct map covers)", pa));
                }
                long pfn = describes(va, region);
                if (pfn >= 0 && m.memMap() != 0) append(sb, String.format("mem_map[%#x] (struct page of pfn %#x)", pfn, pfn));
                append(sb, stack(va));
                yield sb.toString();
            }
            default -> "";
        };
    }

    private static void append(StringBuilder sb, String s) {
        if (s.isEmpty()) return;
        if (!sb.isEmpty()) sb.append("; ");
        sb.append(s);
    }

    /** symbol+0xoff in .text/.data/.bss of the kernel image, "" outside it. */
    private String image(long va) {
        Map<String, Long> syms = m.symbols();
        Long text = syms.get("_text"), sdata = syms.get("_sdata"), bss = syms.get("__bss_start"), end = syms.get("_end");
        if (text == null || end == null || Long.compareUnsigned(va, text) < 0 || Long.compareUnsigned(va, end) >= 0) return "";
        String section = sdata != null && Long.compareUnsigned(va, sdata) < 0 ? ".text"
                : bss != null && Long.compareUnsigned(va, bss) < 0 ? ".data" : ".bss";
        String best = null;
        long bestAt = 0;
        for (Map.Entry<String, Long> e : syms.entrySet()) {
            long at = e.getValue();
            boolean marker = MARKERS.contains(e.getKey());
            boolean better = best == null || Long.compareUnsigned(at, bestAt) > 0 || at == bestAt && MARKERS.contains(best) && !marker;
            if (Long.compareUnsigned(at, va) <= 0 && better) {
                best = e.getKey();
                bestAt = at;
            }
        }
        return String.format("%s+%#x in %s of the kernel image", best, va - bestAt, section);
    }

    private String vmallocArea(long va) {
        Vmalloc v = m.kernelState().vmalloc();
        Vmalloc.Area a = v == null ? null : v.areaOf(va);
        if (a == null) return "no vmalloc area (unmapped; vmalloc_to_page() gives NULL)";
        long off = va - a.addr();
        if (off >= a.usableSize()) {
            return String.format("guard page of the vmalloc area %#x-%#x (caller %s): never mapped", a.addr(), a.addr() + a.size() - 1, a.caller());
        }
        return String.format("vmalloc area %#x-%#x (%d pages + guard, caller %s), page %d offset %#x", a.addr(), a.addr() + a.size() - 1,
                a.usableSize() >>> 12, a.caller(), off >>> 12, off & 4095);
    }

    /** "kernel stack of NAME (pid N), offset 0x..." when {@code va} is in a task's stack. */
    private String stack(long va) {
        for (Task t : m.tasks()) {
            long s = t.stack();
            if (s != 0 && Long.compareUnsigned(va, s) >= 0 && Long.compareUnsigned(va, s + THREAD_SIZE) < 0) {
                return String.format("kernel stack of %s (pid %d), offset %#x of THREAD_SIZE %#x", t.name(), t.pid(), va - s, THREAD_SIZE);
            }
        }
        return "";
    }

    private static String vma(long va, AddressSpace space) {
        if (space == null || space.kernel()) return "user address, looked up in init_mm (which has no VMAs): say `in PROCESS`";
        for (AddressSpace.VmaInfo v : space.vmas()) {
            if (v.contains(va)) {
                return String.format("VMA %#x-%#x %s of %s, page %d%s", v.start(), v.end(), v.perms(), space.name(),
                        (va - v.start()) >>> 12, v.hugetlb() ? " (hugetlb)" : "");
            }
        }
        return "no VMA of " + space.name() + " (an access faults: SIGSEGV)";
    }

    // ------------------------------------------------------------------ who owns the frame

    private String owner(long pa, PageDescriptor d) {
        String free = freeBlock(d.pfn());
        if (!free.isEmpty()) return free;
        PageDescriptor.Compound c = d.compound();
        PageDescriptor head = c == null || c.isHead() ? d : in.page(c.headPfn());
        if (head != null && "slab".equals(head.viewInUse())) return slab(pa, head);
        return switch (d.owner()) {
            case PAGE_TABLE -> pageTable(d.pfn());
            case VMALLOC, STACK -> vmallocFrame(d.pfn(), d.owner().label);
            case MEMMAP -> "struct page storage (memmap): holds descriptors of other frames";
            case USER -> "user page" + (d.view("page").get("mapping") != null && (d.view("page").get("mapping") & 1) != 0 ? " (anonymous)" : "");
            default -> d.owner().label + (c == null ? "" : String.format(", page %d of a compound page of order %d (head pfn %#x)",
                    c.index(), c.order(), c.headPfn()));
        };
    }

    /** A free page: the head of the free block that contains it and the block's order (PageBuddy + buddy_order()). */
    private String freeBlock(long pfn) {
        int maxOrder = 10;
        for (int o = 0; o <= maxOrder; o++) {
            long head = pfn & -(1L << o);
            PageDescriptor h = in.page(head);
            if (h == null || !"buddy".equals(h.pageType())) continue;
            Long order = h.view("buddy").get("private");
            if (order != null && order >= o && pfn < head + (1L << order)) {
                return String.format("free in the buddy allocator: block of order %d from pfn %#x (zone %s)%s", order, head, h.zone(),
                        head == pfn ? "" : String.format(", page %d of it", pfn - head));
            }
        }
        return "";
    }

    /**
     * A slab page: the cache by name, the object index and the offset in it: objects start at
     * the slab's first byte, s->size apart (obj_to_index() = (addr - slab_address) / s->size, mm/slub.c).
     */
    private String slab(long pa, PageDescriptor head) {
        PageDescriptor.View v = head.view("slab");
        Long cacheAddr = v == null ? null : v.get(v.get("slab_cache") != null ? "slab_cache" : "slab");
        KmemCache cache = cacheAddr == null ? null : m.kmemCache(cacheAddr);
        if (cache == null) return "slab page (cache unknown)";
        long off = pa - (head.pfn() << 12);
        int size = cache.objectSize();
        String obj = off / size < cache.objects()
                ? String.format("object %d at offset %#x", off / size, off % size)
                : String.format("the slab's unused tail (%d objects of %d bytes end at %#x)", cache.objects(), size, (long) cache.objects() * size);
        return String.format("slab cache %s (s->size %d, %d objects per slab), slab head pfn %#x, %s", cache.name(), size,
                cache.objects(), head.pfn(), obj);
    }

    /** A page-table frame: which address space's table, at which level (searched from each pgd). */
    private String pageTable(long pfn) {
        long pa = pfn << 12;
        int[] budget = {MAX_TABLES};
        for (AddressSpace s : in.addressSpaces()) {
            if (s.pgd() == pa) return "page table: the pgd of " + s.name();
            String lvl = find(s.pgd(), 0, pa, budget);
            if (lvl != null) return "page table: a " + lvl + " table of " + s.name();
            if (budget[0] <= 0) break;
        }
        return "page table (not reached from any pgd)";
    }

    private String find(long tablePa, int level, long wanted, int[] budget) {
        if (--budget[0] <= 0) return null;
        List<Translation.Level> entries = in.table(tablePa, level, false);
        if (entries == null) return null;
        int child = in.childLevel(level);
        if (child < 0) return null;
        for (Translation.Level e : entries) {
            if (e.kind() != Translation.EntryKind.TABLE) continue;
            if (e.target() == wanted) {
                List<Translation.Level> below = in.table(wanted, child, true);
                return below == null || below.isEmpty() ? "page" : below.get(0).name();
            }
            String r = find(e.target(), child, wanted, budget);
            if (r != null) return r;
        }
        return null;
    }

    private String vmallocFrame(long pfn, String label) {
        Vmalloc v = m.kernelState().vmalloc();
        if (v != null) {
            for (Vmalloc.Area a : v.areas()) {
                long[] pfns = a.pfns();
                for (int i = 0; i < pfns.length; i++) {
                    if (pfns[i] == pfn) {
                        return String.format("%s: page %d of the vmalloc area %#x (caller %s)%s", label, i, a.addr(), a.caller(),
                                label.equals("stack") ? stackOwner(a.addr()) : "");
                    }
                }
            }
        }
        return label;
    }

    private String stackOwner(long stack) {
        for (Task t : m.tasks()) if (t.stack() == stack) return String.format(", the kernel stack of %s (pid %d)", t.name(), t.pid());
        return "";
    }
}
