package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;

/** Machine specs shared by the tests (the x86_64 machines of the acceptance scenarios). */
final class Machines {
    private Machines() { }

    /** pc24g: the RAM map of a real 24 GiB x86_64 VM. */
    static MachineSpec pc24g() {
        return new MachineSpec().name("pc24g").arch("x86_64").paging("4-level").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, 0x63fffffffL)
                .kernelImage(16L << 20, 48L << 20).symbol("jiffies_buf", "data", 8192)
                .config(ConfigOption.VMAP_STACK, true).config(ConfigOption.THP, true);
    }

    /** A small machine for property tests: 64 MiB at 1 MiB, kernel at 16 MiB. */
    static MachineSpec small() {
        return new MachineSpec().name("small").arch("x86_64").cpus(1)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0x5ffffffL)
                .kernelImage(16L << 20, 4L << 20).hugepages(2).swap(16L << 20);
    }
}
