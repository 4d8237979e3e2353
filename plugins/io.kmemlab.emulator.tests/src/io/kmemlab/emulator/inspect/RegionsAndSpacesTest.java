package io.kmemlab.emulator.inspect;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel address regions, address spaces with their VMAs, pkmap and kmap slots. */
class RegionsAndSpacesTest {
    static final Trace N = Trace.NONE;
    static final long TB = 1L << 40;

    static AddressRegion region(Inspector in, AddressRegion.Kind k) {
        return in.regions().stream().filter(r -> r.kind() == k).findFirst().orElseThrow(() -> new AssertionError(k));
    }

    /**
     * x86_64 4-level (Documentation/arch/x86/x86_64/mm.rst, arch/x86/include/asm/page_64_types.h,
     * pgtable_64_types.h): direct map 64 TB at 0xffff888000000000, vmalloc 32 TB at
     * 0xffffc90000000000, vmemmap 1 TB at 0xffffea0000000000, kernel text at __START_KERNEL_map
     * (KERNEL_IMAGE_SIZE 1 GiB with RANDOMIZE_BASE), modules from there to 0xffffffffff000000,
     * fixmap up to FIXADDR_TOP + PAGE_SIZE = round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE) with
     * VSYSCALL_ADDR = -10 MiB; user space below TASK_SIZE_MAX = 2^47 - PAGE_SIZE.
     */
    @Test void x86RegionsFollowTheKernelLayout() {
        Inspector in = Machine.boot(Specs.tiny()).inspect();
        assertEquals(new AddressRegion(AddressRegion.Kind.DIRECT_MAP, 0xffff888000000000L, 0xffff888000000000L + 64 * TB), region(in, AddressRegion.Kind.DIRECT_MAP));
        assertEquals(new AddressRegion(AddressRegion.Kind.VMALLOC, 0xffffc90000000000L, 0xffffc90000000000L + 32 * TB), region(in, AddressRegion.Kind.VMALLOC));
        assertEquals(new AddressRegion(AddressRegion.Kind.VMEMMAP, 0xffffea0000000000L, 0xffffea0000000000L + TB), region(in, AddressRegion.Kind.VMEMMAP));
        assertEquals(new AddressRegion(AddressRegion.Kind.KERNEL_TEXT, 0xffffffff80000000L, 0xffffffffc0000000L), region(in, AddressRegion.Kind.KERNEL_TEXT));
        assertEquals(new AddressRegion(AddressRegion.Kind.MODULES, 0xffffffffc0000000L, 0xffffffffff000000L), region(in, AddressRegion.Kind.MODULES));
        long vsyscall = -10L << 20, pmd = 2L << 20;
        assertEquals(((vsyscall + 4096) + pmd - 1) & -pmd, region(in, AddressRegion.Kind.FIXMAP).end());
        assertEquals(new AddressRegion(AddressRegion.Kind.USER, 0, (1L << 47) - 4096), region(in, AddressRegion.Kind.USER));
        List<AddressRegion> all = in.regions();
        for (int i = 1; i < all.size(); i++) assertTrue(Long.compareUnsigned(all.get(i - 1).start(), all.get(i).start()) < 0);
    }

    @Test void regionOfNamesTheRegionAndItsHelpers() {
        Machine m = Machine.boot(Specs.tiny());
        Inspector in = m.inspect();
        assertEquals(AddressRegion.Kind.USER, in.regionOf(0x400000).kind());
        AddressRegion dm = in.regionOf(m.layout().pageOffset() + 0x1000);
        assertEquals(AddressRegion.Kind.DIRECT_MAP, dm.kind());
        assertTrue(dm.kind().right.contains("virt_to_page") && dm.kind().wrong.contains("vmalloc_to_page"));
        long v = m.vmalloc(8192, N);
        assertEquals(AddressRegion.Kind.VMALLOC, in.regionOf(v).kind());
        assertTrue(in.regionOf(v).kind().right.contains("vmalloc_to_page") && in.regionOf(v).kind().wrong.contains("virt_to_page"));
        assertEquals(AddressRegion.Kind.VMEMMAP, in.regionOf(m.pfnToPage(0x1234, N)).kind());
        assertEquals(AddressRegion.Kind.KERNEL_TEXT, in.regionOf(m.symbol("_text")).kind());
        // between the end of the direct map and VMALLOC_START: a hole bounded by both
        AddressRegion hole = in.regionOf(0xffffc88000001000L);
        assertEquals(new AddressRegion(AddressRegion.Kind.HOLE, 0xffffc88000000000L, 0xffffc90000000000L), hole);
        assertEquals(AddressRegion.Kind.NON_CANONICAL, in.regionOf(0x0000800000000000L).kind());
    }

    /** i386 non-PAE: LAST_PKMAP = PTRS_PER_PTE = 1024 slots of 4 KiB from PKMAP_BASE (arch/x86/include/asm/highmem.h). */
    @Test void i386HasAPkmapRegion() {
        Machine m = Machine.boot(Specs.pc32());
        AddressRegion r = region(m.inspect(), AddressRegion.Kind.PKMAP);
        assertEquals(m.layout().pkmapBase(), r.start());
        assertEquals(m.layout().pkmapBase() + 1024L * 4096, r.end());
        assertEquals(AddressRegion.Kind.PKMAP, m.inspect().regionOf(m.layout().pkmapBase() + 5 * 4096 + 12).kind());
    }

    /** init_mm first, then each process: an anonymous VMA has vm_pgoff = vm_start >> PAGE_SHIFT (mm/mmap.c). */
    @Test void addressSpacesListVmas() {
        Machine m = Machine.boot(Specs.tiny());
        Task p = m.process("app");
        long a = m.mmap(p, 3 * 4096, PROT_READ | PROT_WRITE, 0, N);
        long b = m.mmap(p, 4096, PROT_READ, 0, N);
        List<AddressSpace> spaces = m.inspect().addressSpaces();
        assertEquals("init_mm", spaces.get(0).name());
        assertTrue(spaces.get(0).kernel());
        assertEquals((long) m.symbol("init_mm"), spaces.get(0).mm());
        AddressSpace app = spaces.get(1);
        assertEquals("app", app.name());
        assertEquals(p.pid(), app.pid());
        assertEquals(p.mm().pgd(), app.pgd());
        AddressSpace.VmaInfo va = app.vmas().stream().filter(v -> v.start() == a).findFirst().orElseThrow();
        assertEquals(a + 3 * 4096, va.end());
        assertEquals("rw-p", va.perms());
        assertEquals(a >>> 12, va.pgoff());
        assertEquals("r--p", app.vmas().stream().filter(v -> v.start() == b).findFirst().orElseThrow().perms());
    }

    /**
     * kmap() of a highmem page takes pkmap slot 1 first (last_pkmap_nr is pre-incremented in
     * map_new_virtual) with pkmap_count 2 (mapped + one user); kmap_local_page() pushes slot 0 of
     * the task's kmap_ctrl stack and maps it at the CPU's first fixmap kmap slot (mm/highmem.c).
     */
    @Test void kmapSlotsAndStacks() {
        Machine m = Machine.boot(Specs.pc32());
        long p = m.allocPages(Gfp.GFP_HIGHUSER, 0, N), q = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        long pa = m.kmap(p, N);
        long qa = m.kmapLocalPage(q, N);
        KmapState k = m.inspect().kmaps();
        assertEquals(m.layout().pkmapBase(), k.pkmapBase());
        assertEquals(1024, k.pkmap().size());
        assertEquals(new KmapState.PkmapSlot(1, pa, 2, m.pageToPfn(p, N), p), k.pkmap().get(1));
        assertEquals(0, k.pkmap().get(2).count());
        assertEquals(-1, k.pkmap().get(2).pfn());
        KmapState.Slot s0 = k.cpus().get(0).slots().get(0);
        assertEquals(qa, s0.va());
        assertEquals(m.pageToPfn(q, N), s0.pfn());
        assertEquals(m.kernel().name(), k.cpus().get(0).current());
        KmapState.KmapStack st = k.stacks().stream().filter(x -> x.task().equals(m.kernel().name())).findFirst().orElseThrow();
        assertEquals(1, st.idx());
        assertEquals(List.of(m.pageToPfn(q, N)), st.pfns());
        assertSame(KmapState.NONE, Machine.boot(Specs.tiny()).inspect().kmaps());
    }
}
