package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;

/** Machine specs for the inspection tests (the shapes of the examples' machines). */
final class Specs {
    private Specs() { }

    static final long MIB = 1L << 20, GIB = 1L << 30;

    /** pc24g: the RAM map of a 24 GiB x86_64 VM, kernel image 48 MiB at 16 MiB. */
    static MachineSpec pc24g() {
        return new MachineSpec().name("pc24g").arch("x86_64").paging("4-level").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, 0x63fffffffL)
                .kernelImage(16 * MIB, 48 * MIB).symbol("jiffies_buf", "data", 8192)
                .config(ConfigOption.VMAP_STACK, true).config(ConfigOption.THP, true);
    }

    /** The same RAM map with classic SPARSEMEM (section numbers in page->flags). */
    static MachineSpec pc24gSparse() { return pc24g().memoryModel(MemoryModelKind.SPARSEMEM); }

    /** 1 TiB of RAM: the PC low map plus [4 GiB, 1 TiB + 1 GiB), 268,697,600 frames of RAM. */
    static MachineSpec tib1() {
        return new MachineSpec().name("tib1").arch("x86_64").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, (1L << 40) + GIB - 1)
                .kernelImage(16 * MIB, 48 * MIB);
    }

    /** A small x86_64 machine: 32 MiB, no hugepages, kernel image 4 MiB at 16 MiB. */
    static MachineSpec tiny() {
        return new MachineSpec().ram(0x1000, 0x9fbff).ram(0x100000, 0x1ffffff).kernelImage(16 * MIB, 4 * MIB).swap(16 * MIB);
    }

    /** pc32: i386 2-level, 2 GiB, HIGHMEM. */
    static MachineSpec pc32() {
        return new MachineSpec().name("pc32").arch("i386").paging("2-level").ram(0x0, 0x9ffff).ram(0x100000, 0x7fffffffL)
                .config(ConfigOption.HIGHMEM, true);
    }

    /** board: ARM short descriptors, 2 GiB, lowmem limit 760 MiB, HIGHMEM. */
    static MachineSpec board() {
        return new MachineSpec().name("board").arch("arm").paging("short").pageOffset(0xC0000000L).lowmemLimit(760 * MIB)
                .memoryModel(MemoryModelKind.FLATMEM).ramSize(0, 2 * GIB).config(ConfigOption.HIGHMEM, true);
    }

    /** pc32old: i386, kernel 2.6, FLATMEM, bootmem, 512 MiB. */
    static MachineSpec pc32old() {
        return new MachineSpec().name("pc32old").arch("i386").kernel("2.6").memoryModel(MemoryModelKind.FLATMEM)
                .bootAllocator("bootmem").ram(0x0, 0x9ffff).ram(0x100000, 0x1fffffffL).kernelImage(MIB, 7 * MIB);
    }
}
