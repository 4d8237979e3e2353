package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;

/**
 * The parts of a checkpoint a change set compares against: the saved states of the struct page
 * store, of physical memory and of the page allocator (as their save() returned them). The
 * facade builds it from its checkpoint ({@code Machine.changesSince}).
 *
 * @param phase boot phase at the checkpoint
 * @param store the struct page store's saved state
 * @param phys  physical memory's saved state
 * @param alloc the page allocator's saved state, null before the ZONES phase
 */
public record Baseline(BootPhase phase, PageStore.State store, PhysMem.State phys, PageAllocator.State alloc) { }
