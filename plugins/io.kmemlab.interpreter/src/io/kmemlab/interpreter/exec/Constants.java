package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.port.EmulatorPort;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import java.util.Map;

/**
 * Names that are not variables: the machine's layout constants (asked from the emulator,
 * whose values depend on the arch and paging mode), and the flag values of the uapi and
 * kernel headers, which do not depend on the machine.
 */
final class Constants {
    /** include/uapi/asm-generic/mman-common.h, mman.h; include/linux/mm_types.h (enum FOLL_*). */
    private static final Map<String, Long> FLAGS = Map.ofEntries(
            Map.entry("PROT_NONE", 0L), Map.entry("PROT_READ", 1L), Map.entry("PROT_WRITE", 2L), Map.entry("PROT_EXEC", 4L),
            Map.entry("MAP_SHARED", 0x01L), Map.entry("MAP_PRIVATE", 0x02L), Map.entry("MAP_FIXED", 0x10L),
            Map.entry("MAP_ANONYMOUS", 0x20L), Map.entry("MAP_POPULATE", 0x8000L), Map.entry("MAP_HUGETLB", 0x40000L),
            Map.entry("FOLL_WRITE", 0x01L), Map.entry("FOLL_GET", 0x02L), Map.entry("FOLL_DUMP", 0x04L),
            Map.entry("FOLL_FORCE", 0x08L), Map.entry("FOLL_NOWAIT", 0x10L), Map.entry("FOLL_NOFAULT", 0x20L),
            Map.entry("FOLL_LONGTERM", 0x100L), Map.entry("FOLL_PIN", 0x40000L));

    /** The type layout constants print as. */
    private static final Map<String, CType> LAYOUT_TYPES = Map.ofEntries(
            Map.entry("PAGE_OFFSET", CType.VIRT), Map.entry("VMALLOC_START", CType.VIRT), Map.entry("VMALLOC_END", CType.VIRT),
            Map.entry("VMEMMAP_START", CType.VIRT), Map.entry("PKMAP_BASE", CType.VIRT), Map.entry("FIXADDR_START", CType.VIRT),
            Map.entry("FIXADDR_TOP", CType.VIRT), Map.entry("MAP_FAILED", CType.VIRT), Map.entry("TASK_SIZE", CType.VIRT),
            Map.entry("MODULES_VADDR", CType.VIRT), Map.entry("PAGE_MASK", CType.VIRT), Map.entry("__START_KERNEL_map", CType.VIRT));

    private Constants() { }

    /** The value of constant {@code name} on this machine, or null when it is not a constant. */
    static Value lookup(EmulatorPort port, String name) {
        Object c = port.callIfPresent("constant", name);
        if (c instanceof Number n) return Value.of(LAYOUT_TYPES.getOrDefault(name, CType.INT), n.longValue());
        // the machine-independent flags, for a facade that does not list them
        Long v = FLAGS.get(name);
        return v == null ? null : Value.integer(v);
    }
}
