package io.kmemlab.emulator.spec;

/**
 * Kernel config switches of the `config { }` block, with the default of a distribution kernel.
 * GBPAGES is X86_DIRECT_GBPAGES (def_bool y, depends on X86_64 in arch/x86/Kconfig; DIRECT_GBPAGES
 * default y in 2.6.32); only x86_64 reads it.
 */
public enum ConfigOption {
    VMAP_STACK(true), THP(true), DEBUG_VIRTUAL(false), HIGHMEM(true), GBPAGES(true),
    DEBUG_KMAP_LOCAL(false), DEBUG_ATOMIC_SLEEP(false), DEBUG_VM(false), MEM_SOFT_DIRTY(false);

    public final boolean defaultOn;

    ConfigOption(boolean defaultOn) { this.defaultOn = defaultOn; }

    public static ConfigOption byName(String s) {
        for (ConfigOption o : values()) if (o.name().equalsIgnoreCase(s)) return o;
        // the kernel's own Kconfig names
        if ("TRANSPARENT_HUGEPAGE".equalsIgnoreCase(s)) return THP;
        if ("X86_DIRECT_GBPAGES".equalsIgnoreCase(s) || "DIRECT_GBPAGES".equalsIgnoreCase(s)) return GBPAGES;
        return null;
    }
}
