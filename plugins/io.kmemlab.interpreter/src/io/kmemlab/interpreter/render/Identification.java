package io.kmemlab.interpreter.render;

import io.kmemlab.emulator.inspect.AddressRegion;
import java.util.List;

/**
 * What an address is (crash's {@code kmem ADDR}, drgn's identify_address()): an immutable
 * answer built by {@link Identifier}, printed by {@link IdentifyText}.
 *
 * @param va       the address asked about
 * @param space    the address space it was looked up in ("init_mm" or a process)
 * @param region   the region of the virtual address space it lies in
 * @param where    the place inside the region: "vmalloc area 0x..-0x.. (caller vmalloc), page 2",
 *                 "jiffies_buf+0x10 in .data", "pkmap slot 5", "VMA 0x..-0x.. rw-p", "" for none
 * @param right    translation helpers that give the right answer here
 * @param wrong    helpers that give a wrong answer (or BUG) here
 * @param pa       the physical address it translates to, -1 when not mapped
 * @param pfn      pa >> PAGE_SHIFT, -1 when not mapped
 * @param page     the struct page * of {@code pfn}, 0 when none
 * @param owner    who owns the frame: "slab kmalloc-64, object 3 at offset 0x10", "free in the
 *                 buddy allocator (block of order 4 from pfn 0x...)", "page table (pmd) of app", ...
 * @param frameOwner frame_owner() of the frame ("slab", "free", ...), "" when not mapped
 * @param describes for an address inside the struct page array: the pfn whose descriptor it is, else -1
 * @param section  the memory section of the pfn (pfn_to_section_nr), -1 when not mapped or without sections
 */
public record Identification(long va, String space, AddressRegion region, String where, List<String> right, List<String> wrong,
                             long pa, long pfn, long page, String owner, String frameOwner, long describes, long section) {
    public Identification {
        right = List.copyOf(right);
        wrong = List.copyOf(wrong);
    }

    public boolean mapped() { return pa >= 0; }
}
