package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kmemlab identify FILE ADDR`: the answer for a vmemmap address, a kernel symbol and a
 * scenario's user address, text and JSON. Expected values from the x86_64 layout
 * (Documentation/arch/x86/x86_64/mm.rst: vmemmap at 0xffffea0000000000, struct page 64 bytes,
 * direct map at 0xffff888000000000) and SECTION_SIZE_BITS 27 (arch/x86/include/asm/sparsemem.h).
 */
class IdentifyCommandTest {
    @TempDir Path dir;

    private Path machines() throws Exception {
        Path p = dir.resolve("m.kmem");
        Files.writeString(p, CheckAndRunTest.MACHINE + """
                machine other {
                    arch i386
                    ram 0x0 .. 0x7ffffff
                }
                scenario "mapped" on pc {
                    process app {
                        let u = mmap(4K, PROT_READ | PROT_WRITE)
                        write8(u, 1)
                    }
                }
                """);
        return p;
    }

    @Test
    void jsonForAVmemmapAddressParsesAndNamesThePfnDescribed() throws Exception {
        long va = 0xffffea0000000000L + 0x1234L * 64 + 8;
        Cli r = Cli.run("identify", machines().toString(), "--machine", "pc", String.format("%#x", va), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(String.format("%#x", va), o.get("address").getAsString());
        assertEquals("vmemmap", o.getAsJsonObject("region").get("kind").getAsString());
        assertEquals("0x1234", o.get("describes_pfn").getAsString());
        assertEquals("memmap", o.get("frame_owner").getAsString());
        long pa = Long.decode(o.get("phys").getAsString());
        assertEquals(Long.decode(o.get("pfn").getAsString()).longValue(), pa >>> 12);
        assertEquals(pa >>> 27, o.get("section").getAsLong());
        assertTrue(o.getAsJsonArray("wrong").toString().contains("\"virt_to_page\""), r.out());
    }

    @Test
    void aSymbolNamesItsSectionAndAnUnknownMachineIsSaid() throws Exception {
        Path f = machines();
        Cli r = Cli.run("identify", f.toString(), "--machine", "pc", "init_mm");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("where:   init_mm+0x0 in .data of the kernel image"), r.out());
        Cli which = Cli.run("identify", f.toString(), "0x1000");
        assertEquals(2, which.exit());
        assertTrue(which.err().contains("which machine?") && which.err().contains("pc, other"), which.err());
        Cli bad = Cli.run("identify", f.toString(), "--machine", "pc", "nonsense");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("ADDR must be a number"), bad.err());
    }

    @Test
    void aScenarioRunsFirstAndTheProcessAddressIsFound() throws Exception {
        Path f = machines();
        // x86_64 mmap is top-down from the mmap base; ask for the scenario's own address via JSON of a walk-free question:
        Cli r = Cli.run("identify", f.toString(), "--scenario", "mapped", "--in", "app", "0x1000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("0x1000 in app"), r.out());
        assertTrue(r.out().contains("no VMA of app"), r.out());
    }
}
