package io.kmemlab.emulator.bench;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;

/** The machines the benchmarks boot. */
final class Machines {
    private Machines() { }

    /** pc24g (../shared/acceptance/machines.kmem). */
    static MachineSpec pc24g() {
        return new MachineSpec().name("pc24g").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, 0x63fffffffL)
                .kernelImage(16L << 20, 48L << 20).config(ConfigOption.VMAP_STACK, true);
    }

    /** 1 TiB of RAM: the PC low map plus [4 GiB, 1 TiB + 1 GiB). */
    static MachineSpec tib1() {
        return new MachineSpec().name("tib1").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, (1L << 40) + (1L << 30) - 1)
                .kernelImage(16L << 20, 48L << 20);
    }
}
