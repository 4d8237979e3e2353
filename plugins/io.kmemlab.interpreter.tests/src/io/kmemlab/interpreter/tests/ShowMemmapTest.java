package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Sessions.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.Machine;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.load.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code show memmap} on the real emulator: where the struct page arrays of the machine's
 * memory model are. The expected numbers come from the kernel's sizing rules, not from the
 * emulator: SPARSEMEM_VMEMMAP populates 2 MiB of descriptors per present 128 MiB section
 * (SECTION_SIZE_BITS 27, 32768 pages of 64 bytes) mapped at VMEMMAP_START; FLATMEM allocates
 * one node_mem_map of spanned pages * sizeof(struct page) in lowmem, mem_map = __va(its phys).
 */
class ShowMemmapTest {
    private static final Pattern REGION = Pattern.compile("phys 0x([0-9a-f]+)\\.\\.0x([0-9a-f]+) \\((\\d+) frames\\)");

    private static Session run(String machine, String body) {
        Session s = Session.start(Kmem.scenarioOn(machine, body), Limits.defaults());
        s.runToEnd(null);
        return s;
    }

    /** What the statement on {@code line} of the scenario printed. */
    private static String output(Session s, int line) {
        StringBuilder sb = new StringBuilder();
        for (Step st : s.steps()) {
            if (st.kind() == Step.Kind.BOOT || st.location().line() != line) continue;
            for (StepEvent e : st.events()) if (e instanceof StepEvent.Output o) sb.append(o.text());
        }
        return sb.toString();
    }

    private static final int FIRST = Kmem.FIRST_BODY_LINE;

    /**
     * 1.5 GiB of RAM at 0 .. 1 GiB and 3 .. 3.5 GiB: max_pfn (e820__end_of_ram_pfn()) is 3.5 GiB >> 12
     * = 917504 and spans the hole; the RAM is (1 GiB + 512 MiB) >> 12 = 393216 frames less page 0,
     * which x86 keeps for the BIOS (trim_bios_range(), arch/x86/kernel/setup.c): 393215 frames of RAM.
     */
    @Test
    void ramFramesAreNotTheSpannedPfns() {
        Session s = Session.start(holey(), Limits.defaults());
        s.runToEnd(null);
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        StringBuilder out = new StringBuilder();
        for (Step st : s.steps()) for (StepEvent e : st.events()) if (e instanceof StepEvent.Output o) out.append(o.text());
        long ram = ((0x40000000L + 0x20000000L) >> 12) - 1, maxPfn = 0xe0000000L >> 12;
        assertEquals(393215, ram);
        assertTrue(out.toString().contains(String.format("%d frames of RAM, max_pfn %#x (%d pfns spanned, holes included)", ram, maxPfn, maxPfn)),
                out.toString());
        assertFalse(out.toString().contains(maxPfn + " frames"), out.toString());
    }

    private static io.kmemlab.lang.kmem.Scenario holey() {
        return io.kmemlab.interpreter.run.ScenarioRunner.scenarios(Kmem.parse("""
                machine holey {
                    arch x86_64
                    ram 0x0 .. 0x3fffffff
                    ram 0xc0000000 .. 0xdfffffff
                }
                scenario "t" on holey {
                    show memmap
                }
                """)).get(0);
    }

    @Test
    void vmemmapIsTwoMibOfDescriptorsPerPresentSection() {
        Session s = run("pc64", """
                show memmap
                expect frames_owned_by("memmap") == 4096
                """);
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String out = output(s, FIRST);
        long maxPfn = 0x40000000L >> 12;                         // end of RAM 0x3fffffff + 1
        long sections = maxPfn / (1L << (27 - 12));               // 128 MiB sections, all present
        long memmapBytes = sections * (1L << (27 - 12)) * 64;     // 2 MiB per section
        assertEquals(8, sections);
        assertTrue(out.contains("memory model sparsemem-vmemmap, sizeof(struct page) = 64"), out);
        assertTrue(out.contains("max_pfn 0x40000"), out);
        assertTrue(out.contains("vmemmap = 0xffffea0000000000"), out);   // Documentation/arch/x86/x86_64/mm.rst
        assertTrue(out.contains("frames owned by \"memmap\": " + memmapBytes / 4096), out);

        // the blocks behind the vmemmap: 2 MiB aligned (mapped by PMD leaves), in RAM, owned by "memmap"
        Machine m = s.machine();
        long frames = 0;
        Matcher r = REGION.matcher(out);
        while (r.find()) {
            long start = Long.parseUnsignedLong(r.group(1), 16), end = Long.parseUnsignedLong(r.group(2), 16);
            assertEquals(0, start % (2 << 20), () -> "memmap block not 2 MiB aligned: " + out);
            assertEquals(0, (end + 1) % (2 << 20), () -> "memmap block not a multiple of 2 MiB: " + out);
            assertTrue(start >= 0x100000 && end <= 0x3fffffffL, out);
            assertEquals((end + 1 - start) >> 12, Long.parseLong(r.group(3)), out);
            assertEquals("memmap", m.frameOwner(start >> 12), out);
            assertEquals("memmap", m.frameOwner(end >> 12), out);
            frames += Long.parseLong(r.group(3));
        }
        assertEquals(memmapBytes >> 12, frames, () -> "the blocks listed do not add up to the vmemmap's size:\n" + out);
    }

    @Test
    void flatmemIsOneMemMapInLowmem() {
        Session s = run("pc32", "show memmap");
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String out = output(s, FIRST);
        long spanned = 0x80000000L >> 12;                        // node 0 spans pfn 0 .. 0x80000
        long bytes = spanned * 32;                               // sizeof(struct page) = 32 on i386
        // RAM 0 .. 0x9ffff and 1 MiB .. 2 GiB, less page 0, which x86 keeps for the BIOS (trim_bios_range(), arch/x86/kernel/setup.c)
        long ram = ((0xa0000L - 0x1000) + (0x80000000L - 0x100000)) >> 12;
        assertTrue(out.contains("memory model flatmem, sizeof(struct page) = 32, " + ram + " frames of RAM, max_pfn 0x80000 ("
                + spanned + " pfns spanned, holes included)"), out);
        Matcher mm = Pattern.compile("mem_map = 0x([0-9a-f]+) \\(phys 0x([0-9a-f]+)\\)").matcher(out);
        assertTrue(mm.find(), out);
        long virt = Long.parseLong(mm.group(1), 16), phys = Long.parseLong(mm.group(2), 16);
        assertEquals(0xc0000000L + phys, virt, "mem_map is __va() of its physical address: PAGE_OFFSET + phys");
        assertTrue(phys + bytes <= 896L << 20, () -> "mem_map must be in lowmem (below 896 MiB): " + out);
        Matcher r = REGION.matcher(out);
        assertTrue(r.find(), out);
        assertEquals(phys, Long.parseLong(r.group(1), 16), "mem_map is the start of the array");
        assertEquals(bytes >> 12, Long.parseLong(r.group(3)), out);
        assertTrue(out.contains("frames owned by \"memmap\": " + (bytes >> 12)), out);
    }

    @Test
    void anArgumentTheEmulatorCannotTakeIsSaidNotIgnored() {
        Session s = run("pc64", """
                show memmap 0x10
                show zoneinfo DMA32
                show buddyinfo
                """);
        List<Problem> errs = errors(s);
        assertEquals(2, errs.size(), () -> "errors: " + errs);
        assertEquals(FIRST, errs.get(0).line());
        assertTrue(errs.get(0).message().startsWith("not supported yet: show memmap 0x10: the argument would select where the struct page of that pfn"),
                errs.get(0).message());
        assertTrue(errs.get(0).message().contains("`show memmap` shows the whole view"), errs.get(0).message());
        assertEquals(FIRST + 1, errs.get(1).line());
        assertTrue(errs.get(1).message().contains("only that zone's block of /proc/zoneinfo"), errs.get(1).message());
        assertFalse(output(s, FIRST + 2).isEmpty(), "the scenario goes on after an unsupported statement");
        assertTrue(output(s, FIRST + 2).contains("Node 0, zone"), output(s, FIRST + 2));
    }

    @Test
    void showVmasNamesTheProcessWhoseMmItShows() {
        Session s = run("pc64", """
                process app {
                    let u = mmap(16K, PROT_READ | PROT_WRITE)
                }
                show vmas app
                show vmas 42
                """);
        String out = output(s, FIRST + 3);
        // /proc/PID/maps style: one private anonymous read-write mapping of 16 KiB (4 pages)
        Matcher vma = Pattern.compile("([0-9a-f]+)-([0-9a-f]+) rw-p").matcher(out);
        assertTrue(vma.find(), () -> "the process's mapping is shown: " + out);
        assertEquals(16 * 1024, Long.parseLong(vma.group(2), 16) - Long.parseLong(vma.group(1), 16), out);
        List<Problem> errs = errors(s);
        assertEquals(1, errs.size(), () -> "errors: " + errs);
        assertEquals(FIRST + 4, errs.get(0).line());
        assertTrue(errs.get(0).message().contains("show vmas takes a process name"), errs.get(0).message());
    }

    @Test
    void theSectionTableHasCrashKmemNColumnsDerivedFromSparseC() {
        Session s = run("pc64", "show memmap");
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String out = output(s, FIRST);
        // 1 GiB: sections 0..7 of 2^(27-12) = 32768 pages; sparse_encode_mem_map() stores
        // mem_map - section_nr_to_pfn(nr), which with a vmemmap is the vmemmap base itself;
        // boot memory sections are PRESENT, HAS_MEM_MAP, ONLINE and EARLY (include/linux/mmzone.h v6.12)
        long vmemmap = 0xffffea0000000000L;
        assertTrue(out.contains("SECTION_SIZE_BITS 27 (32768 pages a section)"), out);
        for (long nr = 0; nr < 8; nr++) {
            long start = nr << 15;
            String row = String.format("%2d  %16x  %16x  PMOE  %-10x %-18s ", nr, vmemmap, vmemmap + start * 64, start,
                    String.format("%x-%x", start, start + 32767));
            assertTrue(out.contains(row), () -> "row missing: [" + row + "]\n" + out);
        }
        assertFalse(out.contains("\n 8  "), out);
        // each section's 2 MiB of struct pages: 512 frames
        Matcher backing = Pattern.compile("0x[0-9a-f]+-0x[0-9a-f]+ \\((\\d+) frames\\)").matcher(out);
        int rows = 0;
        while (backing.find()) {
            assertEquals("512", backing.group(1), out);
            rows++;
        }
        assertEquals(8, rows, out);
    }

    @Test
    void showMachinePrintsEveryDefaultItUsed() {
        Session s = run("pc32", "show machine");
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String out = output(s, FIRST);
        // i386 3G/1G: PAGE_OFFSET 0xc0000000; lowmem ends below VMALLOC_START, at most
        // 4 GiB - PAGE_OFFSET - __VMALLOC_RESERVE (128 MiB) (arch/x86/include/asm/pgtable_32_areas.h)
        long maxmem = (1L << 32) - 0xc0000000L - (128L << 20);
        assertTrue(out.contains("  page-offset 0xc0000000 "), out);
        Matcher limit = Pattern.compile("  lowmem-limit 0x([0-9a-f]+) \\((\\d+) MiB[^\\n]*\\(default\\)\\n").matcher(out);
        assertTrue(limit.find(), out);
        long lowmem = Long.parseLong(limit.group(1), 16);
        assertTrue(lowmem <= maxmem, out);
        assertEquals(lowmem >> 20, Long.parseLong(limit.group(2)), out);
        assertTrue(out.contains("  kernel-image at 0x1000000 size 0x2000000"), out);
        assertTrue(out.contains("  memory-model flatmem (default)"), out);
        assertTrue(out.contains("  paging 2-level\n"), () -> "given in the file, so not marked: " + out);
        // ZONE_NORMAL ends at the lowmem limit: max_low_pfn = lowmem >> PAGE_SHIFT
        assertTrue(out.contains(String.format("Normal   pfn 0x1000-%#x", (lowmem >> 12) - 1)), out);
    }

    /**
     * ARM with RAM at 0x60000000 (PHYS_OFFSET): the zImage decompressor puts the kernel at PHYS_OFFSET +
     * TEXT_OFFSET (arch/arm/Makefile textofs-y 0x00008000; arch/arm/kernel/head.S KERNEL_RAM_VADDR =
     * PAGE_OFFSET + TEXT_OFFSET); lowmem is what lies below vmalloc_min = VMALLOC_END (0xff800000, 6.12
     * arch/arm/include/asm/pgtable.h) - 240 MiB - VMALLOC_OFFSET (8 MiB) (arch/arm/mm/mmu.c), counted from
     * PAGE_OFFSET, i.e. from PHYS_OFFSET in physical memory.
     */
    @Test
    void showMachineOnArmCountsFromPhysOffset() {
        String board = """
                machine vexpress {
                    arch arm
                    ram 0x60000000 size 1G
                }
                """;
        Session s = Session.start(io.kmemlab.interpreter.run.ScenarioRunner.scenarios(
                Kmem.parse(board + "scenario \"t\" on vexpress {\nshow machine\n}\n")).get(0), Limits.defaults());
        s.runToEnd(null);
        assertEquals(List.of(), errors(s), () -> "errors: " + errors(s));
        String out = output(s, (int) board.lines().count() + 2);
        long physOffset = 0x60000000L, pageOffset = 0xc0000000L, textOffset = 0x8000;
        assertTrue(out.contains(String.format("  kernel-image at %#x size ", physOffset + textOffset)), out);
        assertTrue(out.contains(String.format("(virtual %#x)", pageOffset + textOffset)), out);
        long vmallocMin = 0xff800000L - (240L << 20) - (8L << 20);
        long lowmem = vmallocMin - pageOffset;
        assertTrue(out.contains(String.format("  lowmem-limit %#x (%d MiB of RAM", lowmem, lowmem >> 20)), out);
        assertTrue(out.contains(String.format("Normal   pfn %#x-%#x", physOffset >> 12, ((physOffset + lowmem) >> 12) - 1)), out);
    }
}
