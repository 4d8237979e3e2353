package io.kmemlab.emulator.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choices the language offers per arch are exactly what the arch classes implement. */
class ArchChoicesTest {
    /** A PC's RAM map on x86; on ARM RAM from 0, since a 6.x ARM kernel needs PHYS_OFFSET 2 MiB aligned (arch/arm/kernel/phys2virt.S). */
    private static MachineSpec spec(String arch) {
        return arch.equals("arm") ? new MachineSpec().arch(arch).ram(0, 0x3fffffffL)
                : new MachineSpec().arch(arch).ram(0x1000, 0x9ffff).ram(0x100000, 0x3fffffffL);
    }

    @Test
    void everyArchHasItsChoicesAndNoOther() {
        assertEquals(Arches.names(), ArchChoices.ALL.stream().map(ArchChoices::arch).toList());
    }

    @Test
    void eachPagingModeIsTheOneTheArchBuilds() {
        for (ArchChoices c : ArchChoices.ALL) {
            assertEquals(c.defaultPaging(), Arches.create(spec(c.arch())).paging().name(), c.arch() + " without a paging clause");
            for (String mode : c.pagingModes()) {
                assertEquals(mode, Arches.create(spec(c.arch()).paging(mode)).paging().name(), c.arch() + " paging " + mode);
            }
        }
    }

    @Test
    void eachMemoryModelBootsAndTheFirstIsTheDefault() {
        for (ArchChoices c : ArchChoices.ALL) {
            assertEquals(c.defaultMemoryModel(), Arches.create(spec(c.arch())).defaultMemoryModel(), c.arch());
            for (MemoryModelKind model : c.memoryModels()) {
                Machine m = Machine.boot(spec(c.arch()).memoryModel(model));
                assertTrue(m.booted(), () -> c.arch() + " " + model + " does not boot: " + m.diagnostics().all());
            }
        }
        assertEquals(List.of("sparsemem-vmemmap", "sparsemem"),
                ArchChoices.of("x86_64").memoryModels().stream().map(k -> k.dslName).toList(), "x86_64 selects SPARSEMEM (arch/x86/Kconfig)");
    }
}
