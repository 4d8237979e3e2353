package io.kmemlab.emulator.inspect;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.X86Entry;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Walks of any address space with every level decoded. */
class TranslationTest {
    static final Trace N = Trace.NONE;
    /** PTE_PFN_MASK on x86_64 (__PHYSICAL_MASK_SHIFT 52): bits 12..51. */
    static final long PFN_MASK = 0x000ffffffffff000L;

    /**
     * x86_64 4-level (arch/x86/include/asm/pgtable_64_types.h): PGDIR_SHIFT 39, PUD_SHIFT 30,
     * PMD_SHIFT 21, 512 entries of 8 bytes, p4d folded. The direct map of a 2 MiB-aligned RAM
     * range without GBPAGES uses 2 MiB pages (arch/x86/mm/init.c split_mem_range), so the walk
     * ends at a pmd leaf; pa = __pa(va) = va - PAGE_OFFSET, struct page = vmemmap + pfn * 64.
     */
    @Test void directMapWalkFollowsTheIndexSplit() {
        Machine m = Machine.boot(Specs.pc24g());
        long off = 0x12345678L, va = m.layout().pageOffset() + off;
        Translation t = m.inspect().walk(va);
        assertEquals(Translation.Outcome.MAPPED, t.outcome());
        assertEquals(List.of("pgd", "pud", "pmd"), t.levels().stream().map(Translation.Level::name).toList());
        int[] shifts = {39, 30, 21};
        long table = t.pgd();
        for (int i = 0; i < 3; i++) {
            Translation.Level l = t.levels().get(i);
            assertEquals((va >>> shifts[i]) & 511, l.index(), l.name());
            assertEquals(table, l.tablePa(), l.name());
            assertEquals(table + 8L * l.index(), l.entryPa(), l.name());
            assertEquals(m.layout().pageOffset() + l.entryPa(), l.entryVa(), l.name());
            if (i < 2) {
                assertEquals(Translation.EntryKind.TABLE, l.kind());
                assertEquals(l.raw() & PFN_MASK, l.target());
                table = l.target();
            }
        }
        Translation.Level pmd = t.levels().get(2);
        assertEquals(Translation.EntryKind.LEAF, pmd.kind());
        assertTrue((pmd.raw() & X86Entry.PSE) != 0);
        assertEquals(PagingMode.PMD, t.leafLevel());
        assertEquals(2L << 20, t.leafSize());
        assertEquals(off, t.pa());
        assertEquals(off >>> 12, t.pfn());
        assertEquals(m.layout().vmemmapStart() + (off >>> 12) * 64, t.page());
        assertEquals(m.layout().vmemmapStart() + ((off & -(2L << 20)) >>> 12) * 64, t.leafPage());
        assertEquals(AddressRegion.Kind.DIRECT_MAP, t.region().kind());
        // the address split: pgd 47..39, pud 38..30, pmd 29..21, pte 20..12, offset 11..0
        assertEquals(List.of(new Translation.IndexBits("pgd", 39, 9, (va >>> 39) & 511), new Translation.IndexBits("pud", 30, 9, (va >>> 30) & 511),
                new Translation.IndexBits("pmd", 21, 9, (va >>> 21) & 511), new Translation.IndexBits("pte", 12, 9, (va >>> 12) & 511),
                new Translation.IndexBits("offset", 0, 12, va & 4095)), t.split());
    }

    /** Any process can be walked, not only current: the same user address maps different frames in two processes. */
    @Test void walksAnyAddressSpace() {
        Machine m = Machine.boot(Specs.tiny());
        Task a = m.process("a"), b = m.process("b");
        long va = m.mmap(a, 4096, PROT_READ | PROT_WRITE, 0, N);
        assertEquals(va, m.mmap(b, 4096, PROT_READ | PROT_WRITE, 0, N));
        m.write(a, va, 8, 1, N);
        m.write(b, va, 8, 2, N);
        Inspector in = m.inspect();
        Translation ta = in.walk(in.addressSpace("a"), va + 0x10), tb = in.walk(in.addressSpace("b"), va + 0x10);
        assertTrue(ta.mapped() && tb.mapped());
        assertNotEquals(ta.pfn(), tb.pfn());
        assertEquals(m.pageToPfn(m.getUserPages(a, va, 1, 0, N)[0], N), ta.pfn());
        assertEquals((ta.pfn() << 12) + 0x10, ta.pa());
        assertEquals(4096, ta.leafSize());
        assertEquals(PagingMode.PTE, ta.leafLevel());
        assertEquals(in.addressSpace("a").pgd(), ta.pgd());
        Translation.Level pte = ta.last();
        assertTrue(X86EntryBits.user(pte.raw()) && X86EntryBits.writable(pte.raw()));
        assertEquals(AddressRegion.Kind.USER, ta.region().kind());
        // init_mm has no user half
        Translation k = in.walk(va);
        assertEquals(Translation.Outcome.NOT_MAPPED, k.outcome());
        assertEquals(Translation.EntryKind.NONE, k.last().kind());
        assertEquals(-1, k.pa());
    }

    /**
     * A swapped-out pte: not present, not none (is_swap_pte). x86_64 __swp_entry
     * (arch/x86/include/asm/pgtable_64.h): type in the top SWP_TYPE_BITS (5) bits, the offset
     * inverted from bit SWP_OFFSET_FIRST_BIT (_PAGE_BIT_PROTNONE + 1 = 9) + 5.
     */
    @Test void swapEntryIsDecoded() {
        Machine m = Machine.boot(Specs.tiny());
        Task a = m.process("a");
        long va = m.mmap(a, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(a, va, 8, 7, N);
        assertTrue(m.swapOut(a, va, N));
        Translation t = m.inspect().walk(m.inspect().addressSpace("a"), va);
        assertEquals(Translation.Outcome.SWAPPED, t.outcome());
        Translation.Level pte = t.last();
        assertEquals(Translation.EntryKind.SWAP, pte.kind());
        long raw = pte.raw();
        assertEquals(0, raw & 1);
        assertEquals(raw >>> 59, pte.swapType());
        assertEquals((~raw) << 5 >>> 14, pte.swapOffset());
        assertEquals(0, pte.swapType());
    }

    /**
     * pte_protnone() (arch/x86/include/asm/pgtable.h): _PAGE_PROTNONE (bit 8, _PAGE_BIT_GLOBAL)
     * set and _PAGE_PRESENT clear - present to the kernel, so it is not a swap entry.
     */
    @Test void protNoneIsNotASwapEntry() {
        Machine m = Machine.boot(Specs.tiny());
        var f = m.arch().paging().format();
        long protNone = 0x1234000L | 0x100 | 0x20;                    // pfn 0x1234, PROTNONE, ACCESSED
        assertEquals(Translation.EntryKind.PROT_NONE, TranslationReader.kind(f, PagingMode.PTE, protNone));
        assertEquals(Translation.EntryKind.SWAP, TranslationReader.kind(f, PagingMode.PTE, f.makeSwap(1, 0x42)));
        assertEquals(Translation.EntryKind.NONE, TranslationReader.kind(f, PagingMode.PTE, 0));
        assertEquals(Translation.EntryKind.LEAF, TranslationReader.kind(f, PagingMode.PTE, 0x1234000L | 1));
        assertEquals(Translation.EntryKind.TABLE, TranslationReader.kind(f, PagingMode.PMD, 0x1234000L | 0x67));
    }

    @Test void nonCanonicalAddressIsNotWalked() {
        Machine m = Machine.boot(Specs.tiny());
        Translation t = m.inspect().walk(0x0000800000000000L);
        assertEquals(Translation.Outcome.NON_CANONICAL, t.outcome());
        assertTrue(t.levels().isEmpty());
        assertEquals(AddressRegion.Kind.NON_CANONICAL, t.region().kind());
    }

    /**
     * i386 2-level (arch/x86/include/asm/pgtable-2level_types.h): PGDIR_SHIFT 22, 1024 entries of
     * 4 bytes, pud/pmd folded; lowmem is mapped with 4 MiB PSE pages, so the walk ends at the pgd.
     */
    @Test void i386WalkEndsAtAFourMebibytePage() {
        Machine m = Machine.boot(Specs.pc32());
        long off = 0x1234567L, va = m.layout().pageOffset() + off;
        Translation t = m.inspect().walk(va);
        assertEquals(Translation.Outcome.MAPPED, t.outcome());
        assertEquals(1, t.levels().size());
        Translation.Level pgd = t.levels().get(0);
        assertEquals(va >>> 22, pgd.index());
        assertEquals(t.pgd() + 4L * pgd.index(), pgd.entryPa());
        assertEquals(4L << 20, t.leafSize());
        assertEquals(off, t.pa());
        assertEquals(List.of("pgd", "pte", "offset"), t.split().stream().map(Translation.IndexBits::name).toList());
        assertEquals(10, t.split().get(0).width());
    }

    /**
     * The tables as a tree: init_mm's pgd lists the direct map's slot, pgd_index(PAGE_OFFSET) =
     * (0xffff888000000000 >> 39) & 511 = 273, with p4d folded its child is a pud table, and every
     * listed entry is the one a walk reads.
     */
    @Test void tablesListTheEntriesAWalkReads() {
        Machine m = Machine.boot(Specs.pc24g());
        Inspector in = m.inspect();
        AddressSpace init = in.addressSpace("init_mm");
        List<Translation.Level> pgd = in.table(init.pgd(), PagingMode.PGD, false);
        Translation.Level slot = pgd.stream().filter(l -> l.index() == 273).findFirst().orElseThrow();
        assertEquals(Translation.EntryKind.TABLE, slot.kind());
        assertEquals(PagingMode.PUD, in.childLevel(PagingMode.PGD));
        assertEquals(-1, in.childLevel(PagingMode.PTE));
        for (Translation.Level l : pgd) assertNotEquals(0, l.raw());
        assertEquals(512, in.table(init.pgd(), PagingMode.PGD, true).size());
        long va = m.layout().pageOffset() + 0x7654321L;
        Translation t = in.walk(va);
        assertEquals(t.levels().get(0), slot);
        List<Translation.Level> pud = in.table(slot.target(), PagingMode.PUD, false);
        assertTrue(pud.contains(t.levels().get(1)));
        assertTrue(in.table(t.levels().get(1).target(), PagingMode.PMD, false).contains(t.levels().get(2)));
    }

    /** x86 entry bits (arch/x86/include/asm/pgtable_types.h). */
    static final class X86EntryBits {
        static boolean user(long e) { return (e & 4) != 0; }
        static boolean writable(long e) { return (e & 2) != 0; }
    }
}
