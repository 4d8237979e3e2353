package io.kmemlab.emulator.arch;

/** init_mm's page tables as the arch's boot code creates them (tables come from the boot allocator). */
public interface KernelTables {
    /** True when the table holding the {@code level} entry for {@code va} exists. */
    boolean has(long va, int level);

    /** Creates the tables down to the {@code level} entry for {@code va}. */
    void ensure(long va, int level);
}
