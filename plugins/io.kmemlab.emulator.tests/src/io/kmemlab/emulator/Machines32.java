package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.spec.ZoneSpec;
import java.util.List;

/** The 32-bit machines of the acceptance scenarios, as specs. */
final class Machines32 {
    private Machines32() { }

    /** pc32: a 32-bit PC with 2 GiB, lowmem up to MAXMEM (about 884 MiB), the rest HighMem. */
    static MachineSpec pc32() {
        return new MachineSpec().name("pc32").arch("i386").paging("2-level")
                .ram(0x0, 0x9ffff).ram(0x100000, 0x7fffffffL).config(ConfigOption.HIGHMEM, true);
    }

    /** pc32old: i386, kernel 2.6, FLATMEM, bootmem, 512 MiB, a 7 MiB kernel at 1 MiB. */
    static MachineSpec pc32old() {
        return new MachineSpec().name("pc32old").arch("i386").kernel("2.6").memoryModel(MemoryModelKind.FLATMEM)
                .bootAllocator("bootmem").ram(0x0, 0x9ffff).ram(0x100000, 0x1fffffffL).kernelImage(1L << 20, 7L << 20);
    }

    /** board: ARM with 2 GiB, lowmem limit 760 MiB, a private 512 MiB zone carved out of HighMem. */
    static MachineSpec board() {
        return new MachineSpec().name("board").arch("arm").paging("short").pageOffset(0xC0000000L).lowmemLimit(760L << 20)
                .memoryModel(MemoryModelKind.FLATMEM).ramSize(0, 2L << 30)
                .zones(List.of(ZoneSpec.until("Normal", 0x2f800000L), ZoneSpec.size("NewMem", 512L << 20, true), ZoneSpec.rest("HighMem")))
                .config(ConfigOption.HIGHMEM, true);
    }
}
