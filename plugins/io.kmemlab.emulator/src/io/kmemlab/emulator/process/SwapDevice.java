package io.kmemlab.emulator.process;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One swap device (type 0) of `swap SIZE` bytes (mm/swapfile.c): slot 0 holds the swap
 * header, pages go to the lowest free slot; the stored contents are the frame's words.
 */
final class SwapDevice {
    private final long slots;
    private BitSet used = new BitSet();
    private Map<Long, long[]> data = new HashMap<>();

    SwapDevice(long bytes) {
        this.slots = bytes >>> 12;
        used.set(0);
    }

    /** get_swap_pages(): the offset used, or -1 when the device is full. */
    long store(long[] contents) {
        int off = used.nextClearBit(1);
        if (off >= slots) return -1;
        used.set(off);
        data.put((long) off, contents);
        return off;
    }

    /** Reads the slot back and frees it (no swap cache: swap_free() at swap-in). */
    long[] load(long off) {
        used.clear((int) off);
        return data.remove(off);
    }

    void free(long off) {
        used.clear((int) off);
        data.remove(off);
    }

    long slotsUsed() { return used.cardinality() - 1; }

    record State(BitSet used, Map<Long, long[]> data) { }

    State save() { return new State((BitSet) used.clone(), new HashMap<>(data)); }

    void restore(State s) {
        used = (BitSet) s.used.clone();
        data = new HashMap<>(s.data);
    }
}
