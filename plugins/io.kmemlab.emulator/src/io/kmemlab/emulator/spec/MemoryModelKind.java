package io.kmemlab.emulator.spec;

/** CONFIG_FLATMEM, CONFIG_SPARSEMEM, CONFIG_SPARSEMEM_VMEMMAP (Documentation/mm/memory-model.rst). */
public enum MemoryModelKind {
    FLATMEM("flatmem"), SPARSEMEM("sparsemem"), SPARSEMEM_VMEMMAP("sparsemem-vmemmap");

    public final String dslName;

    MemoryModelKind(String dslName) { this.dslName = dslName; }

    public static MemoryModelKind byName(String s) {
        for (MemoryModelKind k : values()) if (k.dslName.equals(s)) return k;
        return null;
    }
}
