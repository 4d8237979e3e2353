package io.kmemlab.emulator.highmem;

import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Random kmap / kunmap / kmap_atomic / kmap_local sequences never leak or double-use a slot:
 * after every operation the pkmap counts equal 1 + the users a model counts, every kmapped
 * page has its own pkmap address whose pte maps exactly that page, the kmap_local stack depth
 * equals the model's, each stacked address maps its page, and nothing above the depth is mapped.
 */
class HighmemPropertiesTest {
    static final Trace N = Trace.NONE;
    static final int PAGES = 12;
    static Machine machine;
    static Checkpoint booted;
    static long[] pages;

    enum Op { KMAP, KUNMAP, KMAP_ATOMIC, KMAP_LOCAL, KUNMAP_TOP, KUNMAP_WRONG, SWITCH }

    static synchronized void setUp() {
        if (machine != null) return;
        machine = Machine.boot(new MachineSpec().arch("i386").ram(0, 0x9ffff).ram(0x100000, 0x7fffffffL).config(ConfigOption.HIGHMEM, true));
        pages = new long[PAGES];
        for (int i = 0; i < PAGES; i++) pages[i] = machine.allocPages(i < PAGES - 2 ? Gfp.GFP_HIGHUSER : Gfp.GFP_KERNEL, 0, N);
        booted = machine.checkpoint();
        arm = Machine.boot(new MachineSpec().arch("arm").ramSize(0, 2L << 30).config(ConfigOption.HIGHMEM, true));
        armPages = new long[PAGES];
        for (int i = 0; i < PAGES; i++) armPages[i] = arm.allocPages(i < PAGES - 2 ? Gfp.GFP_HIGHUSER : Gfp.GFP_KERNEL, 0, N);
        armBooted = arm.checkpoint();
    }

    static Machine arm;
    static Checkpoint armBooted;
    static long[] armPages;

    @Provide Arbitrary<List<Tuple2<Op, Integer>>> ops() {
        Arbitrary<Op> op = Arbitraries.of(Op.class);
        Arbitrary<Integer> arg = Arbitraries.integers().between(0, PAGES - 1);
        return op.flatMap(o -> arg.map(a -> Tuple.of(o, a))).list().ofMinSize(1).ofMaxSize(120);
    }

    record Mapped(long page, long addr, boolean atomic) { }

    @Property(tries = 150)
    void slotsNeverLeakOrDoubleUse(@ForAll("ops") List<Tuple2<Op, Integer>> seq) {
        setUp();
        run(machine, booted, pages, false, seq);
    }

    /** The same on ARM, where kmap_atomic / kmap_local of a kmapped page go through kmap_high_get(). */
    @Property(tries = 100)
    void armSlotsNeverLeakOrDoubleUse(@ForAll("ops") List<Tuple2<Op, Integer>> seq) {
        setUp();
        run(arm, armBooted, armPages, true, seq);
    }

    static void run(Machine m, Checkpoint booted, long[] pages, boolean highGet, List<Tuple2<Op, Integer>> seq) {
        m.restore(booted);
        Highmem h = m.highmem();
        Map<Long, Integer> kmapUsers = new HashMap<>();                  // kmap() users, for kunmap
        Task[] tasks = {m.kernel(), m.kthread("worker")};
        int cur = 0;
        Map<Long, Integer> users = new HashMap<>();                       // kmap() users per page
        List<Deque<Mapped>> stacks = List.of(new ArrayDeque<>(), new ArrayDeque<>());
        for (Tuple2<Op, Integer> step : seq) {
            long page = pages[step.get2()];
            boolean high = m.pageHighMem(page, N);
            Deque<Mapped> st = stacks.get(cur);
            Task t = tasks[cur];
            switch (step.get1()) {
                case KMAP -> {
                    long a = m.kmap(t, page, N);
                    assertNotEquals(0, a);
                    if (high) { users.merge(page, 1, Integer::sum); kmapUsers.merge(page, 1, Integer::sum); }
                }
                case KUNMAP -> {
                    if (high && kmapUsers.getOrDefault(page, 0) > 0) {
                        m.kunmap(t, page, N);
                        users.merge(page, -1, Integer::sum);
                        kmapUsers.merge(page, -1, Integer::sum);
                    }
                }
                case KMAP_ATOMIC, KMAP_LOCAL -> {
                    int highDepth = (int) st.stream().filter(x -> x.addr() >= h.fixmap().kmapLow()).count();
                    if (high && highDepth >= h.kmMaxIdx() - 1) break;        // would BUG: tested elsewhere
                    boolean atomic = step.get1() == Op.KMAP_ATOMIC;
                    long before = high ? m.pageAddress(page, N) : 0;
                    long a = atomic ? m.kmapAtomic(t, page, null, N) : m.kmapLocalPage(t, page, N);
                    assertNotEquals(0, a);
                    if (highGet && before != 0) {                           // kmap_high_get(): the pkmap address, one more user
                        assertEquals(before, a);
                        users.merge(page, 1, Integer::sum);
                    }
                    st.push(new Mapped(page, a, atomic));
                }
                case KUNMAP_TOP -> {
                    if (st.isEmpty()) break;
                    Mapped x = st.pop();
                    if (x.atomic()) m.kunmapAtomic(t, x.addr(), null, N); else m.kunmapLocal(t, x.addr(), N);
                    if (h.inPkmap(x.addr())) users.merge(x.page(), -1, Integer::sum);
                }
                case KUNMAP_WRONG -> {
                    // unmap the bottom entry out of order: the kernel WARNs and pops the innermost slot,
                    // so the model drops the innermost highmem mapping and keeps the bottom one mapped.
                    // Not on ARM: there kmap_get_pte() clears the pte of the address passed in and the popped
                    // slot stays mapped, so the next push hits BUG_ON(!pte_none) (HighmemTest covers that)
                    if (highGet) break;
                    List<Mapped> hi = st.stream().filter(x -> x.addr() >= h.fixmap().kmapLow()).toList();
                    if (hi.size() < 2) break;
                    Mapped bottom = hi.get(hi.size() - 1), top = hi.get(0);
                    if (bottom.atomic() || top.atomic()) break;              // kunmap_local() does not re-enable preemption
                    m.kunmapLocal(t, bottom.addr(), N);
                    st.remove(top);
                }
                case SWITCH -> {
                    if (stacks.get(cur).stream().anyMatch(Mapped::atomic)) break;   // no scheduling inside kmap_atomic
                    cur = 1 - cur;
                    m.read(tasks[cur], m.pageAddress(pages[PAGES - 1], N), 1, N);    // run something in the other task
                }
            }
            check(m, h, users, stacks.get(cur), tasks[cur]);
        }
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
        assertTrue(m.diagnostics().all().stream().noneMatch(d -> d.isOops()), () -> m.diagnostics().all().toString());
    }

    static void check(Machine m, Highmem h, Map<Long, Integer> users, Deque<Mapped> st, Task t) {
        // pkmap: every page with users has its own slot with pkmap_count = users + 1, mapping that page
        Set<Long> addrs = new HashSet<>();
        long totalUsers = 0;
        for (Map.Entry<Long, Integer> e : users.entrySet()) {
            if (e.getValue() == 0) continue;
            totalUsers += e.getValue();
            long a = m.pageAddress(e.getKey(), N);
            assertTrue(h.inPkmap(a), () -> Long.toHexString(a));
            assertTrue(addrs.add(a), "pkmap slot used twice");
            assertEquals(e.getValue() + 1, h.pkmapCount(h.pkmapNr(a)));
            assertEquals(m.pageToPfn(e.getKey(), N), m.walk(t, a, N).pa() >>> 12);
        }
        long counted = 0;
        for (int i = 0; i < h.lastPkmap(); i++) if (h.pkmapCount(i) >= 2) counted += h.pkmapCount(i) - 1;
        assertEquals(totalUsers, counted, "pkmap users leaked");
        // kmap_local/kmap_atomic: depth = highmem entries of the model stack; each maps its page; all distinct
        List<Mapped> hi = new ArrayList<>();
        for (Mapped x : st) if (x.addr() >= h.fixmap().kmapLow() && h.fixmap().inKmapSlots(x.addr())) hi.add(x);
        assertEquals(hi.size(), h.depth(t));
        Set<Long> slotAddrs = new HashSet<>();
        for (Mapped x : hi) {
            assertTrue(slotAddrs.add(x.addr()), "kmap_local slot used twice");
            WalkResult w = m.walk(t, x.addr(), N);
            assertTrue(w.mapped());
            assertEquals(m.pageToPfn(x.page(), N), w.pa() >>> 12);
        }
        for (int i = h.depth(t); i < h.kmMaxIdx(); i++) assertFalse(m.walk(t, h.slotVa(i, 0), N).mapped(), "slot above the depth is mapped");
        for (Mapped x : st) if (!h.fixmap().inKmapSlots(x.addr())) assertEquals(m.pageAddress(x.page(), N), x.addr());
    }

    /** Many distinct pages: the pkmap scan wraps and flush_all_zero_pkmaps reclaims lazily kept slots - still no leak. */
    @Property(tries = 5)
    void wrapAroundReclaimsWithoutLeaks(@ForAll("seeds") long seed) {
        Machine m = Machine.boot(new MachineSpec().arch("i386").paging("pae").ram(0, 0x9ffff).ram(0x100000, 0x7fffffffL)
                .config(ConfigOption.HIGHMEM, true));
        Highmem h = m.highmem();
        java.util.Random rnd = new java.util.Random(seed);
        int n = 700;                                                        // > LAST_PKMAP (512 with PAE)
        long[] ps = new long[n];
        for (int i = 0; i < n; i++) ps[i] = m.allocPages(Gfp.GFP_HIGHUSER, 0, N);
        int[] u = new int[n];
        for (int step = 0; step < 3000; step++) {
            int i = rnd.nextInt(n);
            if (u[i] > 0 && rnd.nextBoolean()) { m.kunmap(ps[i], N); u[i]--; }
            else {
                int live = 0;
                for (int x : u) if (x > 0) live++;
                if (u[i] == 0 && live >= h.lastPkmap() - 1) continue;          // would sleep
                assertNotEquals(0, m.kmap(ps[i], N));
                u[i]++;
            }
            if (step % 250 == 0) assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
        }
        long total = 0, counted = 0;
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) if (u[i] > 0) { total += u[i]; assertTrue(seen.add(m.pageAddress(ps[i], N))); }
        for (int i = 0; i < h.lastPkmap(); i++) if (h.pkmapCount(i) >= 2) counted += h.pkmapCount(i) - 1;
        assertEquals(total, counted);
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
        assertTrue(m.diagnostics().all().isEmpty(), () -> m.diagnostics().all().toString());
    }

    @Provide Arbitrary<Long> seeds() { return Arbitraries.longs(); }

    static Machine old;
    static Checkpoint oldBooted;
    static long[] oldPages;
    static final String[] TYPES = {"KM_USER0", "KM_USER1", "KM_BIO_SRC_IRQ", "KM_IRQ0"};

    static synchronized void setUpOld() {
        if (old != null) return;
        old = Machine.boot(new MachineSpec().arch("i386").kernel("2.6").ram(0, 0x9ffff).ram(0x100000, 0x7fffffffL));
        oldPages = new long[6];
        for (int i = 0; i < 6; i++) oldPages[i] = old.allocPages(i < 5 ? Gfp.GFP_HIGHUSER : Gfp.GFP_KERNEL, 0, N);
        oldBooted = old.checkpoint();
    }

    @Provide Arbitrary<List<int[]>> typedOps() {
        return Arbitraries.integers().between(0, 1).flatMap(op -> Arbitraries.integers().between(0, TYPES.length - 1)
                .flatMap(t -> Arbitraries.integers().between(0, 5).map(x -> new int[]{op, t, x}))).list().ofMinSize(1).ofMaxSize(60);
    }

    /**
     * kernel 2.6: kmap_atomic(page, type) always uses the type's own slot; mapping a busy slot is a BUG
     * that changes nothing; kunmap_atomic clears a slot only when the address is that type's slot.
     * After every operation each slot's pte is exactly what the per-type model says.
     */
    @Property(tries = 100)
    void kernel26TypedSlotsFollowTheModel(@ForAll("typedOps") List<int[]> seq) {
        setUpOld();
        Machine m = old;
        m.restore(oldBooted);
        Highmem h = m.highmem();
        long[] slot = new long[TYPES.length];                             // pfn + 1 mapped in the type's slot
        java.util.function.IntFunction<Long> va = t -> h.fixmap().fixToVirt(h.fixmap().kmapBegin() + Highmem.KM_TYPES.indexOf(TYPES[t]));
        int bugs = 0;
        for (int[] op : seq) {
            int t = op[1];
            long page = oldPages[op[2]];
            boolean high = m.pageHighMem(page, N);
            if (op[0] == 0) {
                long a = m.kmapAtomic(m.kernel(), page, TYPES[t], N);
                if (!high) assertEquals(m.pageAddress(page, N), a);
                else if (slot[t] != 0) { assertEquals(0, a); bugs++; }
                else { assertEquals((long) va.apply(t), a); slot[t] = m.pageToPfn(page, N) + 1; }
            } else {
                int other = op[2] % TYPES.length;                          // unmap the address of slot `other` as type t
                m.kunmapAtomic(m.kernel(), va.apply(other), TYPES[t], N);
                if (other == t) slot[t] = 0;
            }
            for (int i = 0; i < TYPES.length; i++) {
                WalkResult w = m.walk(m.kernel(), va.apply(i), N);
                assertEquals(slot[i] != 0, w.mapped(), TYPES[i]);
                if (slot[i] != 0) assertEquals(slot[i] - 1, w.pa() >>> 12);
            }
        }
        final int expectedBugs = bugs;
        assertEquals(expectedBugs, m.diagnostics().all().stream().filter(d -> d.kind() == io.kmemlab.emulator.trace.Diagnostic.Kind.BUG).count());
        assertTrue(h.invariants().isEmpty(), () -> h.invariants().toString());
    }
}
