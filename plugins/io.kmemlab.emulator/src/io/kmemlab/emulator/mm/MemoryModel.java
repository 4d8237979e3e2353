package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.trace.Trace;

/**
 * pfn <-> struct page conversion and the placement of the struct page arrays
 * (Documentation/mm/memory-model.rst, include/asm-generic/memory_model.h).
 * A struct page pointer is the kernel virtual address of the descriptor. A model's fields are
 * set once by {@link #allocate} (and {@link #bind}); the arrays themselves live in emulated frames.
 */
public interface MemoryModel {
    MemoryModelKind kind();

    /** Allocates (and maps) the struct page arrays during boot (phase MEMMAP). */
    void allocate(MemmapContext ctx);

    long pfnToPage(long pfn, Trace t);

    /** page_to_pfn(); SPARSEMEM reads the section number from page->flags via {@code store}. */
    long pageToPfn(long page, Trace t);

    boolean pfnValid(long pfn);

    /** FLATMEM's global mem_map (0 for the sparse models). */
    default long memMap() { return 0; }

    /** Bits of page->flags holding the section number (SECTIONS_WIDTH). */
    default int sectionsWidth() { return 0; }

    /** Section number of a pfn (pfn >> PFN_SECTION_SHIFT). */
    long pfnToSectionNr(long pfn);

    /**
     * memmap_init() has laid out page->flags in {@code layout} (null: not yet). SPARSEMEM reads
     * the section number back from page->flags in page_to_pfn(); the other models ignore it.
     */
    default void bind(PageStore store, PageFlags layout) { }
}
