package io.kmemlab.emulator.store;

/**
 * A sparse array indexed by a long, as a radix tree of 512-slot nodes shared copy-on-write
 * with checkpoints (path copying). Its cost is proportional to the slots ever set, not to the
 * index range: a 4 PiB machine (2^40 frames) with a few thousand frames written holds a few
 * thousand leaves. A checkpoint keeps the root ({@link #save()}); a write afterwards copies
 * the nodes on its path (at most one per level); a restore adopts a saved root in O(1).
 * The values themselves are the caller's to copy before writing (they carry their own epoch).
 *
 * @param <T> the slot type
 */
final class CowRadix<T> {
    static final int SHIFT = 9, FAN = 1 << SHIFT, MASK = FAN - 1;

    private static final class Node {
        final Object[] slots;
        final int epoch;

        Node(int epoch) { this.slots = new Object[FAN]; this.epoch = epoch; }

        Node(Node o, int epoch) { this.slots = o.slots.clone(); this.epoch = epoch; }
    }

    private final int topShift;          // shift of the root's index bits
    private Node root;
    private int epoch = 1;

    /** A tree for indexes in [0, size). */
    CowRadix(long size) {
        int levels = 1;
        while (levels * SHIFT < 63 && ((size - 1) >>> (levels * SHIFT)) != 0) levels++;
        topShift = (levels - 1) * SHIFT;
    }

    /** The slot {@code i} of the live tree, or null. */
    T get(long i) { return getIn(root, i); }

    /** The slot {@code i} of a tree {@link #save()} returned, or null. */
    @SuppressWarnings("unchecked")
    T getIn(Object tree, long i) {
        Node n = (Node) tree;
        for (int s = topShift; n != null; s -= SHIFT) {
            Object o = n.slots[(int) (i >>> s) & MASK];
            if (s == 0) return (T) o;
            n = (Node) o;
        }
        return null;
    }

    /** Sets slot {@code i}, copying the nodes on its path that a checkpoint shares. */
    void set(long i, T v) {
        if (root == null) {
            if (v == null) return;
            root = new Node(epoch);
        } else if (root.epoch != epoch) {
            root = new Node(root, epoch);
        }
        Node n = root;
        for (int s = topShift; s > 0; s -= SHIFT) {
            int k = (int) (i >>> s) & MASK;
            Node c = (Node) n.slots[k];
            if (c == null) {
                if (v == null) return;
                c = new Node(epoch);
                n.slots[k] = c;
            } else if (c.epoch != epoch) {
                c = new Node(c, epoch);
                n.slots[k] = c;
            }
            n = c;
        }
        n.slots[(int) i & MASK] = v;
    }

    /** The tree as it is now, for a checkpoint; every node is shared from now on. */
    Object save() {
        epoch++;
        return root;
    }

    /** Adopts a tree {@link #save()} returned; its nodes stay shared with the checkpoint. */
    void load(Object tree) {
        root = (Node) tree;
        epoch++;
    }

    /** The live tree, for comparing with a saved one (read only). */
    Object live() { return root; }

    /** The smallest index >= {@code from} whose slot in {@code tree} is set, or -1. */
    long next(Object tree, long from) { return next((Node) tree, topShift, 0, Math.max(0, from)); }

    private static long next(Node n, int shift, long base, long from) {
        if (n == null) return -1;
        int k0 = from <= base ? 0 : (int) Math.min(FAN, (from - base) >>> shift);
        for (int k = k0; k < FAN; k++) {
            Object o = n.slots[k];
            if (o == null) continue;
            long b = base + ((long) k << shift);
            if (shift == 0) return b;
            long r = next((Node) o, shift - SHIFT, b, from);
            if (r >= 0) return r;
        }
        return -1;
    }

    /** Receives the slots that differ by identity between two trees ({@link #diff}). */
    interface Differences<T> { void slot(long index, T now, T then); }

    /**
     * Every index whose slot differs (by identity) between {@code now} and {@code then}, in
     * ascending order. Subtrees shared by both are skipped, so the cost is proportional to
     * the nodes copied since the checkpoint.
     */
    void diff(Object now, Object then, Differences<T> out) { diff((Node) now, (Node) then, topShift, 0, out); }

    @SuppressWarnings("unchecked")
    private static <T> void diff(Node a, Node b, int shift, long base, Differences<T> out) {
        if (a == b) return;
        for (int k = 0; k < FAN; k++) {
            Object x = a == null ? null : a.slots[k], y = b == null ? null : b.slots[k];
            if (x == y) continue;
            long at = base + ((long) k << shift);
            if (shift == 0) out.slot(at, (T) x, (T) y);
            else diff((Node) x, (Node) y, shift - SHIFT, at, out);
        }
    }
}
