package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.memblock.Memblock;
import io.kmemlab.emulator.store.PhysMem;

/** What a {@link MemoryModel} needs from the booting machine to place the memmap. */
public interface MemmapContext {
    Arch arch();

    Memblock memblock();

    PhysMem phys();

    /** Highest physical address early allocations may use (memblock.current_limit / lowmem limit). */
    long allocLimit();

    /** Maps [va, va+size) to [pa, ...) in init_mm with leaves at {@code leafLevel}. */
    void mapKernel(long va, long pa, long size, int leafLevel, int prot);

    /** Exclusive end pfn of memory, node start pfns etc. come from memblock. */
    long maxPfn();
}
