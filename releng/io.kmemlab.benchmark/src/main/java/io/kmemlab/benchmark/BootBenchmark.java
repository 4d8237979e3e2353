package io.kmemlab.benchmark;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.MachineSpec;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole boot (every phase, memblock to the late subsystems) of x86_64 PCs from 64 GiB to the
 * architecture's limits: 64 TiB is the 4-level maximum (MAX_PHYSMEM_BITS 46) and 4 PiB the
 * 5-level one (52 bits). Goal: the boot costs the same whatever the RAM size, 64 TiB within
 * 1.5x of 64 GiB in time and in retained heap. The time is this JMH benchmark; the retained
 * heap is {@link #main}, which boots each machine in a fresh JVM state and reads the heap
 * after a GC with the machine still referenced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class BootBenchmark {
    @Param({"64GiB", "1TiB", "64TiB"}) String machine;

    /**
     * The PC RAM map (below 640 KiB, [1 MiB, 3 GiB), then from 4 GiB) up to the size asked,
     * 2 CPUs, 4-level paging; 4 PiB uses 5-level paging, whose limit it is.
     */
    static MachineSpec spec(String machine) {
        long bytes = switch (machine) {
            case "64GiB" -> 64L << 30;
            case "1TiB" -> 1L << 40;
            case "64TiB" -> 64L << 40;
            case "4PiB" -> 4L << 50;
            default -> throw new IllegalArgumentException("machine " + machine + ": one of 64GiB, 1TiB, 64TiB, 4PiB");
        };
        return new MachineSpec().name(machine).arch("x86_64").paging(machine.equals("4PiB") ? "5-level" : "4-level").cpus(2)
                .ram(0x1000, 0x9fbff).ram(0x100000, 0xbfffffffL).ram(0x100000000L, bytes - 1)
                .kernelImage(16L << 20, 48L << 20);
    }

    @Benchmark public Machine boot() { return Machine.boot(spec(machine)); }

    /**
     * Retained heap of a booted machine: used heap after System.gc() with the machine
     * referenced, minus the same before its boot (both after one boot of every machine, so
     * classes and shared tables are loaded). Prints one line per machine and the ratio to
     * the first. Arguments: machine names (default 64GiB 1TiB 64TiB 4PiB), or {@code cpu} for
     * {@link #cpuTime()}.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cpu")) { cpuTime(); return; }
        String[] machines = args.length > 0 ? args : new String[]{"64GiB", "1TiB", "64TiB", "4PiB"};
        for (String m : machines) Machine.boot(spec(m));
        long first = -1;
        for (String m : machines) {
            long before = usedAfterGc();
            Machine booted = Machine.boot(spec(m));
            long retained = usedAfterGc() - before;
            Reference.reachabilityFence(booted);
            if (first < 0) first = retained;
            System.out.printf("%-6s retained heap %8.2f MB  (%.2fx %s)%n", m, retained / 1e6, (double) retained / first, machines[0]);
        }
    }

    /**
     * Thread CPU time per boot, for a machine shared with other work (JMH measures wall time,
     * which the load inflates and scatters): 10 rounds of 1,000 boots of each machine in turn
     * (50 at 4 PiB), the best round of the last 8 for each, and its ratio to 64 GiB.
     */
    private static void cpuTime() {
        String[] machines = {"64GiB", "1TiB", "64TiB", "4PiB"};
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] best = new double[machines.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < 10; round++)
            for (int i = 0; i < machines.length; i++) {
                int n = machines[i].equals("4PiB") ? 50 : 1000;
                long t0 = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < n; k++) Reference.reachabilityFence(Machine.boot(spec(machines[i])));
                double perBoot = (threads.getCurrentThreadCpuTime() - t0) / 1e6 / n;
                if (round >= 2) best[i] = Math.min(best[i], perBoot);
            }
        for (int i = 0; i < machines.length; i++)
            System.out.printf("%-6s %.4f ms CPU per boot  (%.2fx %s)%n", machines[i], best[i], best[i] / best[0], machines[0]);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
