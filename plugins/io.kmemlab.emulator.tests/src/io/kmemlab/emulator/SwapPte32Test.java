package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The swap pte try_to_unmap_one (mm/rmap.c) leaves for a private anonymous page on the 32-bit
 * formats: __swp_entry_to_pte(__swp_entry(type, offset)), plus pte_swp_mkexclusive() because
 * the page is anon-exclusive (no fork). The first slot handed out is offset 1 (slot 0 is the
 * swap header).
 */
class SwapPte32Test {
    static final Trace N = Trace.NONE;

    static long swappedPte(MachineSpec spec) {
        Machine m = Machine.boot(spec);
        Task p = m.process("app");
        long a = m.mmap(p, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, N);
        m.write(p, a, 4, 0x5a5a, N);
        assertTrue(m.swapOut(p, a, N));
        long pte = m.walk(p, a, N).last().raw();
        assertEquals(0x5a5a, m.read(p, a, 4, N));                              // do_swap_page brings it back
        return pte;
    }

    /**
     * ARM 6.12, arch/arm/include/asm/pgtable.h: __SWP_TYPE_SHIFT 2, __SWP_TYPE_BITS 5,
     * __SWP_OFFSET_SHIFT = __SWP_TYPE_BITS + __SWP_TYPE_SHIFT + 1 (8); pgtable-2level.h:
     * L_PTE_SWP_EXCLUSIVE = L_PTE_RDONLY (bit 7).
     */
    @Test void armSwapPteCarriesTheExclusiveMarker() {
        int typeShift = 2, typeBits = 5, offsetShift = typeBits + typeShift + 1;
        long exclusive = 1L << 7;
        long expected = (0L << typeShift) | (1L << offsetShift) | exclusive;
        assertEquals(expected, swappedPte(Machines32.board()));
    }

    /** i386 6.12, arch/x86/include/asm/pgtable-2level.h: type from bit 1, offset from bit 9; _PAGE_SWP_EXCLUSIVE = _PAGE_PSE (bit 7). */
    @Test void i386SwapPteCarriesTheExclusiveMarker() {
        long expected = (0L << 1) | (1L << 9) | (1L << 7);
        assertEquals(expected, swappedPte(Machines32.pc32()));
    }

    /**
     * i386 PAE 6.12, arch/x86/include/asm/pgtable-3level.h: SWP_TYPE_BITS 5, SWP_OFFSET_FIRST_BIT =
     * _PAGE_BIT_PROTNONE (8) + 1, SWP_OFFSET_SHIFT = SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS;
     * __swp_pteval_entry(type, offset) = (~offset << SWP_OFFSET_SHIFT >>> SWP_TYPE_BITS) | type << (64 - SWP_TYPE_BITS);
     * _PAGE_SWP_EXCLUSIVE = _PAGE_PSE (bit 7).
     */
    @Test void paeSwapPteCarriesTheExclusiveMarker() {
        int typeBits = 5, offsetShift = 8 + 1 + typeBits;
        long expected = ((~1L) << offsetShift >>> typeBits) | (0L << (64 - typeBits)) | (1L << 7);
        assertEquals(expected, swappedPte(Machines32.pc32().paging("pae")));
    }
}
