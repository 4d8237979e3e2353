package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import org.junit.jupiter.api.Test;

/**
 * Rules of the 6.1, 6.14 and 2.6.32 profiles checked against the kernel sources of those versions;
 * every expected value is derived here from the kernel's formula.
 */
class ProfileAuditTest {

    /** RAM pfns of pc24g inside [lo, hi). */
    private static long ramPages(long lo, long hi) {
        long[][] ram = {{0x1, 0x9f}, {0x100, 0xc0000}, {0x100000, 0x640000}};
        long n = 0;
        for (long[] r : ram) n += Math.max(0, Math.min(hi, r[1]) - Math.max(lo, r[0]));
        return n;
    }

    /**
     * v2.6.32 mm/page_alloc.c free_area_init_core(): realsize = spanned - absent; memmap_pages =
     * PAGE_ALIGN(spanned * sizeof(struct page)) >> PAGE_SHIFT comes off realsize ("DMA32 zone: 14280
     * pages used for memmap" on a 4 GiB DMA32 zone with the 56-byte page); zone 0 also loses
     * dma_reserve, which x86_64's reserve_bootmem_generic() (arch/x86/mm/init_64.c) counts for early
     * reservations ending at or below 16 MiB (here the BIOS data page). node_present_pages keeps the
     * plain spanned - absent count. 6.x has none of this: present_pages is spanned - absent.
     */
    @Test void kernel2632PresentPagesLoseTheMemmap() {
        Machine m = Machine.boot(Machines.pc24g().kernel("2.6"));
        long[][] zones = {{0x1, 0x1000}, {0x1000, 0x100000}, {0x100000, 0x640000}};
        String[] names = {"DMA", "DMA32", "Normal"};
        long dmaReserve = 4096 / 4096;                                        // reserve_early(0, PAGE_SIZE, "BIOS data page")
        long nodePresent = 0;
        for (int i = 0; i < 3; i++) {
            long spanned = zones[i][1] - zones[i][0];
            long realsize = ramPages(zones[i][0], zones[i][1]);
            nodePresent += realsize;
            long memmapPages = (spanned * 56 + 4095) / 4096;
            long expect = realsize - memmapPages - (i == 0 ? dmaReserve : 0);
            assertEquals(spanned, m.zone(names[i]).spanned(), names[i]);
            assertEquals(expect, m.zone(names[i]).present(), names[i]);
        }
        assertEquals(14280, (m.zone("DMA32").spanned() * 56 + 4095) / 4096);
        assertEquals(nodePresent, m.nodes().get(0).present());
        Machine now = Machine.boot(Machines.pc24g());
        assertEquals(ramPages(0x100000, 0x640000), now.zone("Normal").present());
    }

    /**
     * mm/khugepaged.c set_recommended_min_free_kbytes() (v6.1 .. v6.14) caps the THP minimum at
     * nr_free_buffer_pages() / 20, and nr_free_buffer_pages() (mm/page_alloc.c nr_free_zone_pages)
     * sums managed - high_wmark_pages over the zones up to ZONE_NORMAL. It runs after
     * init_per_zone_wmark_min() (postcore_initcall) has set the watermarks from the int_sqrt rule,
     * so the cap is below 5 % of the managed pages.
     */
    @Test void thpMinimumIsCappedByFreeBufferPagesAboveHigh() {
        for (String v : new String[]{"6.1", "6.12", "6.14"}) {
            MachineSpec spec = new MachineSpec().name("pc512m").arch("x86_64").cpus(2)
                    .ram(0x1000, 0x9fbff).ram(0x100000, 0x1fffffffL)
                    .kernelImage(16L << 20, 16L << 20).kernel(v).config(ConfigOption.THP, true);
            Machine m = Machine.boot(spec);
            Zone[] zs = {m.zone("DMA"), m.zone("DMA32")};
            long lowmem = 0;
            for (Zone z : zs) lowmem += z.managed();
            long minFreeKb = Math.max(128, Math.min(262144, isqrt(lowmem * 4 * 16)));    // calculate_min_free_kbytes
            long freeBuffer = 0;
            for (Zone z : zs) {
                long share = (minFreeKb >> 2) * z.managed() / lowmem;                   // __setup_per_zone_wmarks
                long high = share + 2 * Math.max(share >> 2, z.managed() * 10 / 10000);
                if (z.managed() > high) freeBuffer += z.managed() - high;
            }
            long rec = 512L * 2 * 2 + 512L * 2 * 3 * 3;                                 // two populated zones
            assertTrue(freeBuffer / 20 < rec, "the 5% cap applies on this machine");
            long expect = Math.max(minFreeKb, (freeBuffer / 20) << 2);
            assertTrue(expect != (lowmem / 20) << 2, "the cap differs from 5% of managed");
            assertEquals(expect, m.kernelState().alloc.minFreeKbytes(), v);
        }
    }

    /**
     * v2.6.32 arch/x86/include/asm/fixmap.h: FIXADDR_TOP = VSYSCALL_END - PAGE_SIZE with
     * VSYSCALL_END = -2UL << 20 (asm/vsyscall.h); 6.x: round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE)
     * - PAGE_SIZE with VSYSCALL_ADDR = -10UL << 20.
     */
    @Test void kernel2632FixaddrTop() {
        Machine old = Machine.boot(Machines.small().kernel("2.6"));
        assertEquals((-2L << 20) - 4096, old.layout().fixaddrTop());
        long vsyscallAddr = -10L << 20, pmd = 1L << 21;
        Machine now = Machine.boot(Machines.small());
        assertEquals(((vsyscallAddr + 4096 + pmd - 1) & -pmd) - 4096, now.layout().fixaddrTop());
        assertTrue(Long.compareUnsigned(old.layout().fixaddrStart(), old.layout().fixaddrTop()) < 0);
        assertTrue(Long.compareUnsigned(old.layout().fixaddrStart(), 0xffffffffff000000L) >= 0, "above MODULES_END");
    }

    /**
     * The WARN of an order above the buddy allocator's, per version: v6.12 / v6.14 mm/page_alloc.c
     * __alloc_pages_noprof() WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER); v6.1 __alloc_pages()
     * WARN_ON_ONCE_GFP(order >= MAX_ORDER) with MAX_ORDER 11; v2.6.32 __alloc_pages_slowpath()
     * WARN_ON_ONCE under order >= MAX_ORDER, printed by warn_slowpath_common() as "WARNING: at
     * FILE FUNC()" (the "CPU: n PID: n" came in 3.11).
     */
    @Test void orderWarningFollowsTheVersion() {
        String[][] want = {
                {"6.14", "WARNING: CPU: 0 PID: 1 at mm/page_alloc.c __alloc_pages_noprof: order 11 > MAX_PAGE_ORDER 10"},
                {"6.12", "WARNING: CPU: 0 PID: 1 at mm/page_alloc.c __alloc_pages_noprof: order 11 > MAX_PAGE_ORDER 10"},
                {"6.1", "WARNING: CPU: 0 PID: 1 at mm/page_alloc.c __alloc_pages: order 11 >= MAX_ORDER 11"},
                {"2.6", "WARNING: at mm/page_alloc.c __alloc_pages_slowpath(): order 11 >= MAX_ORDER 11"}};
        for (String[] w : want) {
            Machine m = Machine.boot(Machines.small().kernel(w[0]));
            m.allocPages(io.kmemlab.emulator.mm.Gfp.GFP_KERNEL, 11, io.kmemlab.emulator.trace.Trace.NONE);
            String all = m.diagnostics().all().toString();
            assertTrue(all.contains(w[1]), w[0] + ": " + all);
        }
    }

    /**
     * kfree() of an order-0 page from alloc_pages(): v2.6.32 mm/slub.c kfree() takes !PageSlab pages
     * as kmalloc_large ones and checks BUG_ON(!PageCompound(page)); v6.x free_large_kmalloc() has
     * WARN_ON_ONCE(order == 0).
     */
    @Test void kfreeOfAPlainPageIsABugIn2632() {
        io.kmemlab.emulator.trace.Trace n = io.kmemlab.emulator.trace.Trace.NONE;
        for (String v : new String[]{"2.6", "6.1"}) {
            Machine m = Machine.boot(Machines.small().kernel(v));
            long page = m.allocPages(io.kmemlab.emulator.mm.Gfp.GFP_KERNEL, 0, n);
            m.kfree(m.pageAddress(page, n), n);
            var d = m.diagnostics().all();
            assertEquals(v.equals("2.6") ? io.kmemlab.emulator.trace.Diagnostic.Kind.BUG : io.kmemlab.emulator.trace.Diagnostic.Kind.WARN,
                    d.get(d.size() - 1).kind(), v + ": " + d);
        }
    }

    /**
     * KMALLOC_MIN_SIZE: arch/arm/include/asm/cache.h ARCH_DMA_MINALIGN = L1_CACHE_BYTES (64 with
     * ARMv7's L1_CACHE_SHIFT 6) makes ARCH_KMALLOC_MINALIGN and KMALLOC_MIN_SIZE 64
     * (include/linux/slab.h, v6.1 and v6.12); create_kmalloc_caches() makes kmalloc-96 only while
     * KMALLOC_MIN_SIZE <= 32 and kmalloc-192 while <= 64, and the size index table sends every
     * request up to 64 to kmalloc-64 and 65..96 to kmalloc-128. x86 has no ARCH_DMA_MINALIGN: 8.
     */
    @Test void armKmallocStartsAt64() {
        for (String v : new String[]{"6.1", "6.12"}) {
            Machine arm = Machine.boot(Machines32.board().kernel(v));
            var slub = arm.kernelState().slub();
            assertEquals("kmalloc-64", slub.cacheFor(8).name(), v);
            assertEquals("kmalloc-64", slub.cacheFor(64).name(), v);
            assertEquals("kmalloc-128", slub.cacheFor(96).name(), v);
            assertEquals("kmalloc-192", slub.cacheFor(150).name(), v);
            assertTrue(slub.caches().stream().noneMatch(c -> c.name().equals("kmalloc-96") || c.name().equals("kmalloc-8")), v);
        }
        Machine x86 = Machine.boot(Machines.small());
        assertEquals("kmalloc-8", x86.kernelState().slub().cacheFor(8).name());
        assertEquals("kmalloc-96", x86.kernelState().slub().cacheFor(96).name());
    }

    static long isqrt(long v) {
        long r = (long) Math.sqrt((double) v);
        while (r * r > v) r--;
        while ((r + 1) * (r + 1) <= v) r++;
        return r;
    }
}
