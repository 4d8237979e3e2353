package io.kmemlab.interpreter.tests;

import io.kmemlab.emulator.spec.MachineSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the emulator facade with the facade's method names, small enough to reason
 * about: a vmemmap at 0xffffea0000000000 with 64-byte descriptors, a bump page allocator,
 * three zones, tasks, and an oops for writes to non-canonical addresses. It lets the tests
 * check the interpreter's own rules (pointer arithmetic, expect, oops, budgets, stepping)
 * whatever the real emulator implements today.
 */
public class FakeMachine {
    static final long VMEMMAP = 0xffffea0000000000L;
    static final String[] PHASES = {"MEMBLOCK", "PAGE_TABLES", "MEMMAP", "ZONES", "STRUCT_PAGES", "BUDDY", "LATE"};

    /** Shaped like the emulator's trace sink: the interpreter implements it. */
    public interface Trace {
        boolean enabled();

        void event(Object e);

        default void formula(String text) { if (enabled()) event(new Formula(text)); }
    }

    public record Formula(String text) { }

    public enum Kind { OOPS, GENERAL_PROTECTION, BUG, WARN, SIGSEGV, ERROR }

    public record Diagnostic(Kind kind, String headline, String text) {
        static Diagnostic of(Kind k, String h) { return new Diagnostic(k, h, h); }
    }

    public record Report(Diagnostic diagnostic) { }

    /** The interpreter passes objects of a class named Task where the facade takes one. */
    public static final class Task {
        final String name;
        Task(String name) { this.name = name; }
        @Override public String toString() { return "task " + name; }
    }

    public static final class Zone {
        final String name;
        final int index;
        final long start, spanned;
        Zone(String name, int index, long start, long spanned) { this.name = name; this.index = index; this.start = start; this.spanned = spanned; }
        public String name() { return name; }
        public int index() { return index; }
        public int nid() { return 0; }
        public long startPfn() { return start; }
        public long spanned() { return spanned; }
        @Override public String toString() { return "zone " + name; }
    }

    final MachineSpec spec;
    int phase = -1;
    long nextPfn = 0x1000;
    final Map<String, Task> tasks = new HashMap<>();
    final Task kernel = new Task("kernel");
    final List<Zone> zones = List.of(new Zone("DMA", 0, 1, 0xfff), new Zone("DMA32", 1, 0x1000, 0xff000), new Zone("Normal", 2, 0x100000, 0x100000));

    public FakeMachine(MachineSpec spec) { this.spec = spec; }

    public String bootStep(Trace t) {
        phase++;
        t.formula("phase " + PHASES[phase]);
        return PHASES[phase];
    }

    public String phase() { return phase < 0 ? "NONE" : PHASES[phase]; }

    public boolean booted() { return phase == PHASES.length - 1; }

    public Long constant(String name) {
        return switch (name) {
            case "PAGE_SIZE" -> 4096L;
            case "PAGE_SHIFT" -> 12L;
            case "VMEMMAP_START" -> VMEMMAP;
            case "GFP_KERNEL" -> 0xcc0L;
            default -> null;
        };
    }

    public long allocPages(long gfp, int order, Trace t) {
        long pfn = nextPfn;
        nextPfn += 1L << order;
        t.formula("alloc_pages -> pfn " + pfn);
        return VMEMMAP + pfn * 64;
    }

    public long allocPage(long gfp, Trace t) { return allocPages(gfp, 0, t); }

    public long pageToPfn(long page) { return (page - VMEMMAP) / 64; }

    public long pfnToPage(long pfn) { return VMEMMAP + pfn * 64; }

    public Zone zone(String name, int nid) {
        for (Zone z : zones) if (z.name.equals(name)) return z;
        return null;
    }

    public List<Zone> zones() { return zones; }

    public Zone pageZone(long page) {
        long pfn = pageToPfn(page);
        for (Zone z : zones) if (pfn >= z.start && pfn < z.start + z.spanned) return z;
        return null;
    }

    public Task kernel() { return kernel; }

    public Task process(String name) { return tasks.computeIfAbsent(name, Task::new); }

    public Task kthread(String name) { return tasks.computeIfAbsent("k:" + name, Task::new); }

    /** Kernel-mode write: a non-canonical address is the kernel's general protection fault. */
    public void write(Task task, long addr, int size, long value, Trace t) {
        if (addr >>> 47 != 0 && addr >>> 47 != 0x1ffff) {
            Diagnostic d = Diagnostic.of(Kind.GENERAL_PROTECTION,
                    "general protection fault, probably for non-canonical address 0x" + Long.toHexString(addr) + ": 0000 [#1] PREEMPT SMP NOPTI");
            if (t.enabled()) t.event(new Report(d));
        }
    }

    /** A WARN the statement survives. */
    public long warnOnce(Trace t) {
        if (t.enabled()) t.event(new Report(Diagnostic.of(Kind.WARN, "WARNING: CPU: 0 PID: 1 at mm/fake.c:1")));
        return 0;
    }

    public String taskName(Task task) { return task.name; }

    public Object checkpoint() { return new long[] {nextPfn, phase}; }

    public void restore(Object cp) {
        long[] s = (long[]) cp;
        nextPfn = s[0];
        phase = (int) s[1];
    }

    public List<Diagnostic> diagnostics() { return new ArrayList<>(); }
}
