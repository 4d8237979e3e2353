package io.kmemlab.emulator.store;

/** What a frame is used for: the strings frame_owner() returns (docs/language.md section 5). */
public enum FrameOwner {
    FREE("free"), MEMMAP("memmap"), KERNEL("kernel"), MEMBLOCK("memblock"), PAGE_TABLE("page-table"),
    SLAB("slab"), VMALLOC("vmalloc"), USER("user"), STACK("stack"), RESERVED("reserved"), HOLE("hole");

    public final String label;
    private static final FrameOwner[] VALUES = values();

    FrameOwner(String label) { this.label = label; }

    public static FrameOwner of(int ordinal) { return VALUES[ordinal]; }

    public static FrameOwner byLabel(String s) {
        for (FrameOwner o : VALUES) if (o.label.equals(s)) return o;
        return null;
    }
}
