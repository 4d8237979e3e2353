package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.MemoryModelKind;
import java.util.List;

/**
 * What a machine description may choose per arch: its paging modes and memory models, the
 * default first. The one list the language validates `paging` and `memory-model` against;
 * the arch classes implement exactly these (a test boots each).
 *
 * @param arch         the name `arch X` takes ({@link Arches#names()})
 * @param pagingModes  `paging X` values: x86_64 4/5-level (CONFIG_X86_5LEVEL), i386 2-level or
 *                     PAE (CONFIG_X86_PAE), ARM's short descriptors (CONFIG_ARM_LPAE off)
 * @param memoryModels CONFIG_FLATMEM / CONFIG_SPARSEMEM / CONFIG_SPARSEMEM_VMEMMAP as each arch's
 *                     Kconfig offers them (x86_64 selects SPARSEMEM, no FLATMEM)
 */
public record ArchChoices(String arch, List<String> pagingModes, List<MemoryModelKind> memoryModels) {
    public static final List<ArchChoices> ALL = List.of(
            new ArchChoices("x86_64", List.of("4-level", "5-level"), List.of(MemoryModelKind.SPARSEMEM_VMEMMAP, MemoryModelKind.SPARSEMEM)),
            new ArchChoices("i386", List.of("2-level", "pae"), List.of(MemoryModelKind.FLATMEM, MemoryModelKind.SPARSEMEM)),
            new ArchChoices("arm", List.of("short"), List.of(MemoryModelKind.FLATMEM, MemoryModelKind.SPARSEMEM)));

    /** The choices of {@code arch}, or null for an arch the emulator does not model. */
    public static ArchChoices of(String arch) {
        for (ArchChoices c : ALL) if (c.arch.equals(arch)) return c;
        return null;
    }

    /** The paging mode without a `paging` clause. */
    public String defaultPaging() { return pagingModes.get(0); }

    /** The memory model without a `memory-model` clause. */
    public MemoryModelKind defaultMemoryModel() { return memoryModels.get(0); }
}
