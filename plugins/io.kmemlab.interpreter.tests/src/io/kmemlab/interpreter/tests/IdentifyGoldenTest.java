package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.ShowPageGoldenTest.output;
import static io.kmemlab.interpreter.tests.ShowPageGoldenTest.run;
import static io.kmemlab.interpreter.tests.ShowPageGoldenTest.var;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.exec.Session;
import org.junit.jupiter.api.Test;

/**
 * {@code identify ADDR} (crash's kmem ADDR) against the kernel's formulas: SLUB's object index
 * (obj_to_index(): (addr - slab_address) / s->size, mm/slub.c; kmalloc-64 slabs are order 0, so
 * the slab starts at the page boundary), a vmalloc area's size with its guard page
 * (__get_vm_area_node() adds PAGE_SIZE unless VM_NO_GUARD, mm/vmalloc.c), the vmemmap index
 * ((addr - VMEMMAP_START) / sizeof(struct page)), the buddy block of a freed MAX_PAGE_ORDER
 * block, and a user address's VMA.
 */
class IdentifyGoldenTest {
    private static final int FIRST = Kmem.FIRST_BODY_LINE;

    @Test
    void aSlabObjectIsNamedByCacheIndexAndOffset() {
        Session s = run("pc64", """
                let k = kmalloc(64, GFP_KERNEL)
                identify k + 8
                """);
        long k = var(s, "k");
        long off = (k & 4095) + 8;
        String out = output(s, FIRST + 1);
        assertTrue(out.startsWith(String.format("%#x in init_mm", k + 8)), out);
        assertTrue(out.contains("  region:  direct map ("), out);
        assertTrue(out.contains(String.format("slab cache kmalloc-64 (s->size 64, 64 objects per slab), slab head pfn %#x, object %d at offset %#x",
                (k - 0xffff888000000000L) >>> 12, off / 64, off % 64)), out);
        assertTrue(out.contains(String.format("  phys:    %#x, pfn %#x, section %d", k + 8 - 0xffff888000000000L,
                (k + 8 - 0xffff888000000000L) >>> 12, (k - 0xffff888000000000L) >>> 27)), out);
        assertTrue(out.contains("  right:   __pa, virt_to_phys, virt_to_page"), out);
    }

    @Test
    void aVmallocAddressNamesItsAreaPageAndGuard() {
        Session s = run("pc64", """
                let v = vmalloc(12K)
                let pfn = vmalloc_to_pfn(v + 4096)
                identify v + 4101
                identify v + 12K + 1
                """);
        long v = var(s, "v"), pfn = var(s, "pfn");
        String in = output(s, FIRST + 2), guard = output(s, FIRST + 3);
        // 3 pages asked for, 4 reserved: the area ends one guard page later
        assertTrue(in.contains(String.format("vmalloc area %#x-%#x (3 pages + guard, caller vmalloc), page 1 offset 0x5", v, v + 16 * 1024 - 1)), in);
        assertTrue(in.contains(String.format("  phys:    %#x, pfn %#x", (pfn << 12) + 5, pfn)), in);
        assertTrue(in.contains("  wrong:   __pa, virt_to_phys, virt_to_page"), in);
        assertTrue(guard.contains("guard page of the vmalloc area"), guard);
        assertTrue(guard.contains("  phys:    not mapped"), guard);
    }

    @Test
    void aVmemmapAddressSaysWhosePageItDescribes() {
        // vmemmap = 0xffffea0000000000, sizeof(struct page) = 64: byte 8 of pfn 0x1234's descriptor
        long va = 0xffffea0000000000L + 0x1234 * 64 + 8;
        Session s = run("pc64", String.format("identify %#x", va));
        String out = output(s, FIRST);
        assertTrue(out.startsWith(String.format("%#x in init_mm", va)), out);
        assertTrue(out.contains("where:   struct page of pfn 0x1234, byte 8 of 64"), out);
        assertTrue(out.contains("describes: the struct page of pfn 0x1234"), out);
        assertTrue(out.contains("owner:   struct page storage (memmap)"), out);
    }

    @Test
    void aFreedBlockIsFoundFromAnyOfItsPages() {
        Session s = run("pc64", """
                let q = alloc_pages(GFP_KERNEL, 10)
                let pfn = page_to_pfn(q)
                let va = page_address(q)
                __free_pages(q, 10)
                identify va + 5 * 4096
                """);
        long pfn = var(s, "pfn");
        String out = output(s, FIRST + 4);
        assertTrue(out.contains(String.format("owner:   free in the buddy allocator: block of order 10 from pfn %#x", pfn)), out);
        assertTrue(out.contains(", page 5 of it"), out);
    }

    @Test
    void aUserAddressIsFoundInItsProcessVma() {
        Session s = run("pc64", """
                process app {
                    let u = mmap(8K, PROT_READ | PROT_WRITE)
                    write8(u + 4096, 7)
                    print u
                    identify u + 4096 + 3
                    identify u + 3
                }
                """);
        long u = WalkGoldenTest.printed(s, FIRST + 3);
        String written = output(s, FIRST + 4), untouched = output(s, FIRST + 5);
        assertTrue(written.startsWith(String.format("%#x in app", u + 4099)), written);
        assertTrue(written.contains(String.format("where:   VMA %#x-%#x rw-p of app, page 1", u, u + 8192)), written);
        assertTrue(written.contains("owner:   user page"), written);
        // demand paging: the page never touched has no pte yet
        assertTrue(untouched.contains("  phys:    not mapped"), untouched);
    }

    @Test
    void aKernelImageAddressIsASymbolPlusOffset() {
        Session s = run("pc64", "identify symbol(init_mm) + 0x10");
        String out = output(s, FIRST);
        assertTrue(out.contains("where:   init_mm+0x10 in .data of the kernel image"), out);
        assertTrue(out.contains("  right:   __pa_symbol"), out);
    }
}
