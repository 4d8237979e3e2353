package io.kmemlab.emulator.bench;

import io.kmemlab.emulator.Machine;

/**
 * Retained host heap per emulated frame after boot (heap used after GC, before and after),
 * plus the emulator's own estimate. Run: java -cp benchmarks.jar io.kmemlab.emulator.bench.HostBytesPerFrame
 */
public final class HostBytesPerFrame {
    public static void main(String[] args) {
        measure("24GiB", true);
        measure("1TiB", false);
    }

    static void measure(String name, boolean small) {
        long before = used();
        Machine m = Machine.boot(small ? Machines.pc24g() : Machines.tib1());
        long after = used();
        long frames = m.kernelState().maxPfn;
        System.out.printf("%s: %d frames, retained heap %.1f MB = %.3f bytes/frame (struct page store %.1f MB, frame contents %.1f MB)%n",
                name, frames, (after - before) / 1e6, (double) (after - before) / frames,
                m.kernelState().store.hostBytes() / 1e6, m.kernelState().phys.hostBytes() / 1e6);
        if (m.diagnostics().size() > 1000) System.out.println(m);   // keep m reachable
    }

    static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
