package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Layout;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.ProcFs;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import java.util.Map;

/**
 * What the machine looks like: zones and nodes, memmap placement,
 * frame owners, decoded struct pages, /proc/buddyinfo and /proc/zoneinfo, self-checks.
 */
final class Introspection {
    private final Kernel k;
    private final Gate gate;
    private final Conversions conversions;

    Introspection(Kernel k, Gate gate, Conversions conversions) {
        this.k = k;
        this.gate = gate;
        this.conversions = conversions;
    }

    /** symbol(name): the address of a kernel symbol, or null. */
    Long symbol(String name) { return k.symbols.get(name); }

    Map<String, Long> symbols() { return Map.copyOf(k.symbols); }

    /** FLATMEM's mem_map (0 for the sparse models). */
    long memMap() { return k.model.memMap(); }

    long nodeMemMap(int nid) {
        if (k.model.memMap() == 0) return 0;
        Node n = k.nodes.get(nid);
        return k.model.pfnToPage(n.startPfn(), Trace.NONE);
    }

    Zone zone(String name, int nid) {
        if (k.nodes == null || nid >= k.nodes.size()) return null;
        for (Zone z : k.nodes.get(nid).zones()) if (z.name().equalsIgnoreCase(name)) return z;
        return null;
    }

    Zone zone(String name) { return zone(name, 0); }

    List<Zone> zones() { return k.alloc == null ? List.of() : k.alloc.zones(); }

    List<Node> nodes() { return k.nodes == null ? List.of() : List.copyOf(k.nodes); }

    /** frame_owner(pfn). */
    String frameOwner(long pfn) {
        if (pfn < 0 || pfn >= k.storePfns || !k.model.pfnValid(pfn)) return FrameOwner.HOLE.label;
        return k.store.owner(pfn).label;
    }

    /** frames_owned_by(owner [, zone]); zone null = all. */
    long framesOwnedBy(String owner, Zone zone) {
        FrameOwner o = FrameOwner.byLabel(owner);
        if (o == null) return 0;
        long s = zone == null ? 0 : zone.startPfn(), e = zone == null ? k.storePfns : zone.endPfn();
        return k.store.countOwner(s, e, o);
    }

    /** The struct page decoded through the union variant it is used as (`show page`). */
    StructPage page(long page, Trace t) {
        long pfn = conversions.pageToPfnChecked(page, t);
        if (pfn < 0) return null;
        return new PageInspector(k).inspect(pfn, page);
    }

    /** A field of a struct page through its current union variant; null if the variant has no such field. */
    Long pageField(long page, String field, Trace t) {
        StructPage sp = page(page, t);
        return sp == null ? null : sp.field(field);
    }

    /** `show memmap`: where the struct page arrays are and how pfns map to them. */
    String memmap() {
        StringBuilder sb = new StringBuilder();
        // max_pfn is one past the highest RAM frame (arch/x86/kernel/e820.c e820__end_of_ram_pfn()): it spans the
        // holes too, so the RAM frames are counted from memblock.memory, as memblock_phys_mem_size() does
        long ramFrames = 0;
        for (var r : k.memblock.memory()) ramFrames += Math.max(0, (r.end() >>> 12) - ((r.base() + 4095) >>> 12));   // PFN_DOWN(end) - PFN_UP(base)
        sb.append(String.format("memory model %s, sizeof(struct page) = %d, %d frames of RAM, max_pfn 0x%x (%d pfns spanned, holes included)%n",
                k.model.kind().dslName, k.arch.structPageSize(), ramFrames, k.maxPfn, k.maxPfn));
        if (k.model.memMap() != 0) sb.append(String.format("mem_map = 0x%x (phys 0x%x)%n", k.model.memMap(), k.arch.pa(k.model.memMap(), Trace.NONE)));
        if (k.model.kind() == MemoryModelKind.SPARSEMEM_VMEMMAP)
            sb.append(String.format("vmemmap = 0x%x: pfn_to_page(pfn) = vmemmap + pfn%n", k.arch.layout().vmemmapStart()));
        for (var r : k.memblock.reserved())
            if (r.owner() == FrameOwner.MEMMAP || r.name().equals("mem_section"))
                sb.append(String.format("  %-12s phys 0x%x..0x%x (%d frames)%n", r.name(), r.base(), r.end() - 1, (r.size() + 4095) >>> 12));
        sb.append(String.format("frames owned by \"memmap\": %d%n", gate.open(Op.FRAMES_OWNED_BY, Trace.NONE) ? framesOwnedBy("memmap", null) : 0));
        return sb.toString();
    }

    String buddyinfo() { return ProcFs.buddyinfo(k.nodes, k.profile.nrPageOrders()); }

    String pagetypeinfo() {
        return ProcFs.pagetypeinfo(k.nodes, k.profile.nrPageOrders(), k.alloc.migrateTypes(), k.model::pfnValid, k.profile.atLeast(5, 6));
    }

    String zoneinfo() {
        return ProcFs.zoneinfo(k.nodes, k.maxNrZones(), Math.max(1, k.spec.cpus()));
    }

    /** Self-check of the allocator and page tables; empty when consistent (used by property tests). */
    List<String> invariants() { return new Invariants(k).check(); }
}
