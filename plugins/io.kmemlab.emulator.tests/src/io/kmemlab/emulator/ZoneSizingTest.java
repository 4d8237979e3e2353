package io.kmemlab.emulator;

import io.kmemlab.emulator.spec.BootPhase;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.mm.Zone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zone sizing of pc24g as mm/mm_init.c computes it (zone_spanned_pages_in_node,
 * zone_absent_pages_in_node) with x86 limits MAX_DMA_PFN 4096, MAX_DMA32_PFN 0x100000.
 * memblock pfn ranges: [0x1, 0x9f), [0x100, 0xc0000), [0x100000, 0x640000).
 */
class ZoneSizingTest {
    static Machine m;

    @BeforeAll static void boot() { m = Machine.boot(Machines.pc24g()); }

    @Test void dma() {
        Zone z = m.zone("DMA");
        assertEquals(1, z.startPfn());                 // max(clamp(node_start 1, 0, 4096), 1)
        assertEquals(4095, z.spanned());               // 4096 - 1
        assertEquals(3998, z.present());               // (0x9f - 1) + (4096 - 0x100) = 158 + 3840
        // managed: the first MiB is memblock-reserved (5.13+), i.e. pfns 1..0x9e: 3998 - 158
        assertEquals(3840, z.managed());
    }

    @Test void dma32() {
        Zone z = m.zone("DMA32");
        assertEquals(4096, z.startPfn());
        assertEquals(1044480, z.spanned());            // 0x100000 - 4096
        assertEquals(782336, z.present());             // 0xc0000 - 4096
    }

    @Test void normal() {
        Zone z = m.zone("Normal");
        assertEquals(1048576, z.startPfn());           // 0x100000
        assertEquals(5505024, z.spanned());            // 0x640000 - 0x100000
        assertEquals(5505024, z.present());
    }

    @Test void noDiagnosticsDuringBoot() {
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
        assertEquals(BootPhase.BOOTED, m.phase());
    }

    @Test void buddyinfoFormat() {
        String b = m.buddyinfo();
        String[] lines = b.split("\n");
        assertEquals(3, lines.length);
        // frag_show_print: "Node %d, zone %8s " then 11 x "%6lu "
        assertTrue(lines[0].startsWith("Node 0, zone      DMA "), lines[0]);
        assertEquals("Node 0, zone      DMA ".length() + 11 * 7, lines[0].length());
        assertTrue(lines[2].startsWith("Node 0, zone   Normal "), lines[2]);
    }

    @Test void zoneinfoHasKernelFields() {
        String zi = m.zoneinfo();
        assertTrue(zi.contains("Node 0, zone    DMA32\n  pages free     "), zi);
        assertTrue(zi.contains("        spanned  1044480\n        present  782336\n"), zi);
        assertTrue(zi.contains("  start_pfn:           1048576"), zi);
        // vm stats threshold for Normal: managed >> 15 = 167 (128 MiB units, ~21 GiB), fls(167) = 8,
        // fls(2 cpus) = 2 -> 2 * 2 * (1 + 8) = 36
        long mem = m.zone("Normal").managed() >> 15;
        assertEquals(8, 64 - Long.numberOfLeadingZeros(mem));
        assertTrue(zi.contains("Node 0, zone   Normal") && zi.substring(zi.indexOf("zone   Normal")).contains("  vm stats threshold: 36\n"), zi);
    }
}
