package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.FOLL_WRITE;
import static io.kmemlab.emulator.process.UserFlags.MAP_POPULATE;
import static io.kmemlab.emulator.process.UserFlags.PROT_READ;
import static io.kmemlab.emulator.process.UserFlags.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A long seeded run of random kernel operations - alloc_pages and __free_pages at every order
 * (0 .. MAX_PAGE_ORDER), kmalloc/kfree, vmalloc/vfree, mmap/munmap, faults by reads and writes,
 * get_user_pages/put_page, swap-out, kmap/kunmap and kmap_local_page on highmem - with
 * Machine.invariants() after every operation: buddy lists consistent, no frame both free and
 * used, free + used = managed (frame conservation), refcounts never negative, every present
 * user PTE on a used frame (page-table consistency). No BUG or oops may appear.
 *
 * <p>The build runs {@value #CI_OPS} operations per machine; the long run
 * (docs/reliability.md) sets {@code -Dkmemlab.ops=1000000}, and {@code -Dkmemlab.ops.seed=N}
 * another seed.
 */
class RandomOperationsTest {
    static final int CI_OPS = 20_000;
    private static final Trace N = Trace.NONE;
    /** MAX_PAGE_ORDER of the 6.12 profile (include/linux/mmzone.h: 10 on x86 with 4 KiB pages). */
    private static final int MAX_PAGE_ORDER = 10;

    @Test
    void x86_64() {
        run("x86_64 small", Machines.small(), false);
    }

    @Test
    void i386WithHighmem() {
        // 192 MiB with lowmem ending at 128 MiB: a HighMem zone to kmap from, and few frames for the invariants to visit
        run("i386 highmem", new MachineSpec().name("pc32small").arch("i386").paging("2-level").ram(0x0, 0x9ffff)
                .ram(0x100000, (192L << 20) - 1).lowmemLimit(128L << 20).kernelImage(16L << 20, 4L << 20)
                .config(ConfigOption.HIGHMEM, true), true);
    }

    private static void run(String name, MachineSpec spec, boolean highmem) {
        int ops = Integer.getInteger("kmemlab.ops", CI_OPS);
        long seed = Long.getLong("kmemlab.ops.seed", 20261130L);
        Random random = new Random(seed);
        Machine m = Machine.boot(spec);
        Task p = m.process("p");
        List<long[]> pages = new ArrayList<>();     // {page, order}
        List<Long> objs = new ArrayList<>(), vm = new ArrayList<>(), maps = new ArrayList<>(), gup = new ArrayList<>();
        List<Long> kmapped = new ArrayList<>(), local = new ArrayList<>();
        int[] counts = new int[16];
        long start = System.nanoTime();
        int seen = m.diagnostics().size();
        for (int step = 1; step <= ops; step++) {
            int op = random.nextInt(16);
            int arg = random.nextInt(1 << 20);
            String what;
            switch (op) {
                case 0, 1 -> {
                    int order = arg % (MAX_PAGE_ORDER + 1);
                    long gfp = (arg & 1 << 12) != 0 ? Gfp.GFP_DMA : Gfp.GFP_KERNEL | ((arg & 1 << 13) != 0 ? Gfp.__GFP_COMP : 0)
                            | (highmem && (arg & 1 << 14) != 0 ? Gfp.__GFP_HIGHMEM : 0);
                    long pg = m.allocPages(gfp, order, N);
                    if (pg != 0) pages.add(new long[] {pg, order});
                    what = "alloc_pages order " + order;
                }
                case 2 -> {
                    if (!pages.isEmpty()) {
                        long[] pg = pages.remove(arg % pages.size());
                        while (kmapped.remove((Long) pg[0])) m.kunmap(pg[0], N);        // no mapping outlives its page
                        while (!local.isEmpty()) m.kunmapLocal(local.remove(local.size() - 1), N);
                        m.freePages(pg[0], (int) pg[1], N);
                    }
                    what = "__free_pages";
                }
                case 3 -> { long o = m.kmalloc(1 + arg % 12000, Gfp.GFP_KERNEL, N); if (o != 0) objs.add(o); what = "kmalloc"; }
                case 4 -> { if (!objs.isEmpty()) m.kfree(objs.remove(arg % objs.size()), N); what = "kfree"; }
                case 5 -> { long v = m.vmalloc(1 + arg % 40000, N); if (v != 0) vm.add(v); what = "vmalloc"; }
                case 6 -> { if (!vm.isEmpty()) m.vfree(vm.remove(arg % vm.size()), N); what = "vfree"; }
                case 7 -> {
                    long a = m.mmap(p, 4096L * (1 + arg % 8), PROT_READ | PROT_WRITE, (arg & 16) != 0 ? MAP_POPULATE : 0, N);
                    if (a != -1 && a != 0) maps.add(a);
                    what = "mmap";
                }
                case 8 -> { if (!maps.isEmpty()) m.write(p, maps.get(arg % maps.size()) + arg % 4096, 1, arg, N); what = "write fault"; }
                case 9 -> { if (!maps.isEmpty()) m.read(p, maps.get(arg % maps.size()), 8, N); what = "read fault"; }
                case 10 -> { if (!maps.isEmpty()) m.munmap(p, maps.remove(arg % maps.size()), 4096L * 8, N); what = "munmap"; }
                case 11 -> {
                    if (!maps.isEmpty()) for (long g : m.getUserPages(p, maps.get(arg % maps.size()), 1, FOLL_WRITE, N)) gup.add(g);
                    what = "get_user_pages";
                }
                case 12 -> { if (!gup.isEmpty()) m.putPage(gup.remove(arg % gup.size()), N); what = "put_page"; }
                case 13 -> { if (!maps.isEmpty()) m.swapOut(p, maps.get(arg % maps.size()), N); what = "swap_out"; }
                case 14 -> {
                    // kmap of an order-0 page we hold (highmem or not), kunmap of one mapped before
                    if (highmem && (arg & 1) == 0 && !pages.isEmpty()) {
                        long[] pg = pages.get(arg % pages.size());
                        if (pg[1] == 0 && kmapped.size() < 64 && m.kmap(pg[0], N) != 0) kmapped.add(pg[0]);
                        what = "kmap";
                    } else if (!kmapped.isEmpty()) {
                        m.kunmap(kmapped.remove(kmapped.size() - 1), N);
                        what = "kunmap";
                    } else {
                        what = "nothing to kunmap";
                    }
                }
                default -> {
                    // kmap_local_page nests: unmapped in reverse order
                    if (highmem && (arg & 1) == 0 && !pages.isEmpty() && local.size() < 8) {
                        long addr = m.kmapLocalPage(pages.get(arg % pages.size())[0], N);
                        if (addr != 0) local.add(addr);
                        what = "kmap_local_page";
                    } else if (!local.isEmpty()) {
                        m.kunmapLocal(local.remove(local.size() - 1), N);
                        what = "kunmap_local";
                    } else {
                        what = "nothing to kunmap_local";
                    }
                }
            }
            counts[op]++;
            List<String> errors = m.invariants();
            if (!errors.isEmpty()) throw new AssertionError(name + " seed " + seed + ", after step " + step + " (" + what + "): " + errors);
            for (Diagnostic d : m.diagnostics().since(seen)) {
                if (d.kind() == Diagnostic.Kind.BUG || d.kind() == Diagnostic.Kind.OOPS) {
                    throw new AssertionError(name + " seed " + seed + ", after step " + step + " (" + what + "): unexpected " + d.text());
                }
            }
            seen = m.diagnostics().size();
            if (ops > CI_OPS && step % 100_000 == 0) {
                System.out.printf("RandomOperationsTest %s: %d operations in %.1f s, invariants held (so far)%n", name, step,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("RandomOperationsTest %s: %d operations (seed %d) in %.1f s, invariants after each: all held%n", name, ops,
                seed, millis / 1000.0);
        assertTrue(counts[0] + counts[1] > 0 && counts[7] > 0);
    }
}
