package io.kmemlab.emulator.spec;

/** Kernel config switches of the `config { }` block. */
public enum ConfigOption {
    VMAP_STACK(true), THP(true), DEBUG_VIRTUAL(false), HIGHMEM(true), GBPAGES(false),
    DEBUG_KMAP_LOCAL(false), DEBUG_ATOMIC_SLEEP(false), DEBUG_VM(false);

    public final boolean defaultOn;

    ConfigOption(boolean defaultOn) { this.defaultOn = defaultOn; }

    public static ConfigOption byName(String s) {
        for (ConfigOption o : values()) if (o.name().equalsIgnoreCase(s)) return o;
        return null;
    }
}
