/**
 * The raw state of the emulated machine's memory, with copy-on-write checkpoints: frame contents ({@link io.kmemlab.emulator.store.PhysMem}), the words of every struct page ({@link io.kmemlab.emulator.store.PageStore}) and what each frame is used for ({@link io.kmemlab.emulator.store.FrameOwner}). It imports no other emulator package; memblock, the page tables and mm build on it.
 */
package io.kmemlab.emulator.store;
