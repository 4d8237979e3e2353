package io.kmemlab.emulator.store;

/**
 * Read access to struct page storage: the live {@link PageStore}, or the store as a checkpoint
 * saved it ({@link PageStore#at}). Words are the union words of {@link PageStore}.
 */
public interface PageDescriptors {
    long flags(long pfn);

    int refcount(long pfn);

    /** The raw _mapcount / page_type word. */
    int mapcount(long pfn);

    long word(long pfn, int w);

    FrameOwner owner(long pfn);
}
