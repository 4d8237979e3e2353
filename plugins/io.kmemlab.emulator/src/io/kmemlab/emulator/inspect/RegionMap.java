package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.Layout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The kernel's virtual address regions of one machine, from its {@link Layout}. */
final class RegionMap {
    private final Arch arch;
    private final List<AddressRegion> regions;       // in lookup order: specific windows before the ones they sit in

    RegionMap(Arch arch) {
        this.arch = arch;
        Layout l = arch.layout();
        List<AddressRegion> r = new ArrayList<>();
        if (l.pkmapBase() != 0) r.add(new AddressRegion(AddressRegion.Kind.PKMAP, l.pkmapBase(), l.pkmapBase() + ((long) l.lastPkmap() << 12)));
        // __fix_to_virt(i) = FIXADDR_TOP - (i << PAGE_SHIFT): slot 0 is the page at FIXADDR_TOP (include/asm-generic/fixmap.h)
        r.add(new AddressRegion(AddressRegion.Kind.FIXMAP, l.fixaddrStart(), l.fixaddrTop() + 4096));
        if (l.vmemmapStart() != 0) {
            // vmemmap[pfn] for every pfn below 1 << (MAX_PHYSMEM_BITS - PAGE_SHIFT) (include/asm-generic/memory_model.h)
            long size = (1L << (arch.maxPhysmemBits() - 12)) * arch.structPageSize();
            r.add(new AddressRegion(AddressRegion.Kind.VMEMMAP, l.vmemmapStart(), l.vmemmapStart() + size));
        }
        r.add(new AddressRegion(AddressRegion.Kind.VMALLOC, l.vmallocStart(), l.vmallocEnd() + (l.vmallocEndExclusive() ? 0 : 1)));
        if (l.modulesEnd() != l.modulesVaddr()) r.add(new AddressRegion(AddressRegion.Kind.MODULES, l.modulesVaddr(), l.modulesEnd()));
        if (l.kernelMapStart() != l.pageOffset())
            r.add(new AddressRegion(AddressRegion.Kind.KERNEL_TEXT, l.kernelMapStart(), l.kernelMapStart() + l.kernelImageSize()));
        r.add(new AddressRegion(AddressRegion.Kind.DIRECT_MAP, l.pageOffset(), l.directMapEnd()));
        r.add(new AddressRegion(AddressRegion.Kind.USER, 0, l.userTop()));
        this.regions = List.copyOf(r);
    }

    /** Every region, by start address. */
    List<AddressRegion> regions() {
        List<AddressRegion> s = new ArrayList<>(regions);
        s.sort(Comparator.comparing(AddressRegion::start, Long::compareUnsigned));
        return s;
    }

    /** The region {@code va} is in; a hole is bounded by its neighbours. */
    AddressRegion regionOf(long va) {
        if (!arch.isCanonical(va)) return hole(AddressRegion.Kind.NON_CANONICAL, va);
        for (AddressRegion r : regions) if (r.contains(va)) return r;
        return hole(AddressRegion.Kind.HOLE, va);
    }

    private AddressRegion hole(AddressRegion.Kind kind, long va) {
        long start = 0, end = 0;
        for (AddressRegion r : regions) {
            if (r.end() != 0 && Long.compareUnsigned(r.end(), va) <= 0 && Long.compareUnsigned(r.end(), start) > 0) start = r.end();
            if (Long.compareUnsigned(r.start(), va) > 0 && (end == 0 || Long.compareUnsigned(r.start(), end) < 0)) end = r.start();
        }
        return new AddressRegion(kind, start, end);
    }
}
