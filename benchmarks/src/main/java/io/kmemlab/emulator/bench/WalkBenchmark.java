package io.kmemlab.emulator.bench;

import io.kmemlab.emulator.Kernel;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.trace.Trace;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Full 4-level walks (pgd, pud, pmd, pte: every address is 4K-mapped by vmalloc) against a
 * baseline of 4 dependent array loads over arrays of similar total size, in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WalkBenchmark {
    static final int N = 1 << 14;
    PageTables tables;
    long root;
    long[] addrs = new long[N];
    int[] l1, l2, l3, l4;
    int i;

    @Setup public void setup() {
        Machine m = Machine.boot(Machines.pc24g());
        Kernel k = m.kernelState();
        tables = k.tables;
        root = k.initPgd;
        long base = m.vmalloc((long) N * 4096, Trace.NONE);     // N pages, each its own PTE
        SplittableRandom r = new SplittableRandom(2);
        for (int j = 0; j < N; j++) addrs[j] = base + ((long) r.nextInt(N) << 12) + r.nextInt(4096);
        if (m.walk(m.kernel(), addrs[0], Trace.NONE).leafLevel() != PagingMode.PTE) throw new IllegalStateException("not a 4K walk");
        // baseline: four arrays of random indices, each load depends on the previous one
        l1 = perm(r, N); l2 = perm(r, 1 << 16); l3 = perm(r, 1 << 16); l4 = perm(r, 1 << 16);
    }

    static int[] perm(SplittableRandom r, int n) {
        int[] a = new int[n];
        for (int j = 0; j < n; j++) a[j] = r.nextInt(1 << 16);
        return a;
    }

    @Benchmark public long walk4Level() {
        i = (i + 1) & (N - 1);
        return tables.translate(root, addrs[i]);
    }

    @Benchmark public int baseline4DependentLoads() {
        i = (i + 1) & (N - 1);
        return l4[l3[l2[l1[i]]]];
    }
}
