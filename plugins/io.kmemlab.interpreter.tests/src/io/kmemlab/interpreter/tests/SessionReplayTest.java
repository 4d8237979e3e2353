package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.PhysicalMap;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.kmem.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A debug session on the real emulator steps 50 times forward, through every boot phase into
 * the scenario, and 50 times back to before the first boot phase. At every point the machine
 * and the interpreter are as a fresh run (no checkpoints, no step back) left them after the
 * same number of steps: zones, the physical map, the struct pages the run touches, the
 * page-table walks of its addresses, /proc/buddyinfo and /proc/zoneinfo, and the variables,
 * stack and next statement.
 */
class SessionReplayTest {
    private static final int STEPS = 50;

    private static final String BODY = """
            let a = alloc_pages(GFP_KERNEL, 2)
            let an = page_to_pfn(a)
            let k = kmalloc(256, GFP_KERNEL)
            let v = vmalloc(3 * PAGE_SIZE)
            get_page(a)
            expect page_ref_count(a) == 2
            repeat 3 {
                let x = alloc_page(GFP_KERNEL)
                __free_page(x)
            }
            process app {
                let u = mmap(8 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
                write8(u, 1)
                write8(u + 3 * PAGE_SIZE, 2)
                let r = read8(u)
            }
            let k2 = kzalloc(1024, GFP_KERNEL)
            let vp = vmalloc_to_pfn(v + PAGE_SIZE)
            put_page(a)
            for i in 1 .. 4 {
                let y = alloc_pages(GFP_KERNEL, 1)
                let yn = page_to_pfn(y)
                __free_pages(y, 1)
            }
            expect virt_to_page(k) == pfn_to_page(__pa(k) >> PAGE_SHIFT)
            kfree(k)
            vfree(v)
            let b = alloc_page(GFP_KERNEL)
            let bn = page_to_pfn(b)
            let c = page_count(b)
            kfree(k2)
            __free_pages(a, 2)
            __free_page(b)
            let done = 1
            """;

    /** Everything compared at one point of the run. */
    record State(int steps, BootPhase phase, String next, List<String> stack, Map<String, String> variables, List<ZoneSnapshot> zones,
            List<PhysicalMap.FrameRun> physicalMap, Map<Long, String> pages, Map<String, String> walks, String buddyinfo, String zoneinfo) { }

    private static State state(Session s, TreeSet<Long> pfns) {
        Machine m = s.machine();
        Inspector in = m.inspect();
        BootPhase phase = m.phase();
        Map<String, String> vars = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : s.variables().entrySet()) vars.put(e.getKey(), ValueFormat.typed(e.getValue()));
        Map<Long, String> pages = new LinkedHashMap<>();
        for (long pfn : pfns) {
            PageDescriptor d = in.page(pfn);
            pages.put(pfn, d == null ? "none" : Arrays.toString(d.raw()));
        }
        Map<String, String> walks = new LinkedHashMap<>();
        for (String name : List.of("k", "v", "k2")) walk(walks, name, s.variables().get(name), in.walk(addr(s.variables().get(name))));
        if (s.variables().containsKey("u") && in.addressSpace("app") != null) {
            Value u = s.variables().get("u");
            for (int page = 0; page < 8; page++) walk(walks, "u+" + page, u, in.walk(in.addressSpace("app"), addr(u) + page * 4096L));
        }
        boolean buddy = phase != null && phase.ordinal() >= BootPhase.BUDDY.ordinal();   // /proc views need the buddy allocator
        return new State(s.steps().size(), phase, s.currentLocation().where(), s.stackLabels(), vars, in.zones(),
                in.physicalMap().runs(), pages, walks, buddy ? m.buddyinfo() : "", buddy ? m.zoneinfo() : "");
    }

    /** Equal states, or a message naming the first part that differs. */
    private static void same(State want, State got, String when) {
        if (want.equals(got)) return;
        assertEquals(want.steps(), got.steps(), when + ": steps");
        assertEquals(want.phase(), got.phase(), when + ": boot phase");
        assertEquals(want.next(), got.next(), when + ": next statement");
        assertEquals(want.stack(), got.stack(), when + ": stack");
        assertEquals(want.variables(), got.variables(), when + ": variables");
        assertEquals(want.zones(), got.zones(), when + ": zones");
        assertEquals(want.physicalMap(), got.physicalMap(), when + ": physical map");
        for (Long pfn : want.pages().keySet()) assertEquals(want.pages().get(pfn), got.pages().get(pfn), when + ": struct page of pfn " + pfn);
        assertEquals(want.walks(), got.walks(), when + ": walks");
        assertEquals(want.buddyinfo(), got.buddyinfo(), when + ": buddyinfo");
        assertEquals(want.zoneinfo(), got.zoneinfo(), when + ": zoneinfo");
    }

    private static long addr(Value v) { return v == null ? 0 : v.bits(); }

    private static void walk(Map<String, String> out, String name, Value v, Translation t) {
        if (v == null || t == null) return;
        StringBuilder b = new StringBuilder();
        for (Translation.Level l : t.levels()) b.append(l.name()).append('@').append(Long.toHexString(l.entryPa())).append('=').append(Long.toHexString(l.raw())).append(' ');
        out.put(name, b.append(t.outcome()).toString());
    }

    /** The pfns whose struct pages the comparison reads: every one a step of the run wrote, but for bulk boot runs their ends. */
    private static TreeSet<Long> touched(List<Step> steps) {
        TreeSet<Long> pfns = new TreeSet<>();
        for (Step s : steps) {
            ChangeSet c = s.changes();
            for (ChangeSet.FieldChange f : c.fields()) pfns.add(f.pfn());
            for (ChangeSet.FrameWrite f : c.frames()) pfns.add(f.pfn());
            for (ChangeSet.OwnerChange o : c.owners()) {
                if (o.count() <= 64) for (long p = o.startPfn(); p < o.endPfn(); p++) pfns.add(p);
                else { pfns.add(o.startPfn()); pfns.add(o.endPfn() - 1); }
            }
        }
        return pfns;
    }

    @Test
    void fiftyStepsForwardAndFiftyBackEqualAFreshRunAtEveryStep() {
        Scenario scenario = Kmem.scenarioOn("pc64", BODY);
        // a first run with change sets says which struct pages the run writes
        Session scout = Session.start(scenario, Limits.defaults().withHistory(STEPS + 1));
        for (int i = 0; i < STEPS; i++) scout.step();
        TreeSet<Long> pfns = touched(scout.steps());
        assertTrue(pfns.size() > 20, "the run writes struct pages: " + pfns.size());

        // the fresh run: no history, so no checkpoint and no restore is ever involved
        Session fresh = Session.start(scenario, Limits.defaults());
        List<State> expected = new ArrayList<>();
        expected.add(state(fresh, pfns));
        for (int i = 0; i < STEPS; i++) {
            fresh.step();
            expected.add(state(fresh, pfns));
        }
        assertTrue(!fresh.finished(), "the scenario is longer than the steps taken");
        assertEquals(BootPhase.BOOTED, expected.get(STEPS).phase());
        assertEquals(null, expected.get(0).phase() == BootPhase.CREATED ? null : expected.get(0).phase(), "the first point is before the boot");

        SessionController debug = new SessionController(Session.start(scenario, Limits.defaults().withHistory(STEPS)), DebugOptions.defaults());
        Session s = debug.session();
        same(expected.get(0), state(s, pfns), "at the start");
        for (int i = 1; i <= STEPS; i++) {
            assertInstanceOf(SessionEvent.Suspended.class, debug.stepInto());
            same(expected.get(i), state(s, pfns), "after step " + i + " forwards");
        }
        for (int i = STEPS - 1; i >= 0; i--) {
            SessionEvent back = debug.stepBack();
            assertInstanceOf(SessionEvent.Suspended.class, back);
            same(expected.get(i), state(s, pfns), "after stepping back to step " + i);
        }
        assertTrue(s.steps().isEmpty());
        assertTrue(!s.booted());
    }
}
