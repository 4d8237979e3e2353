package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Debugging.FILE;
import static io.kmemlab.interpreter.tests.Debugging.controller;
import static io.kmemlab.interpreter.tests.Debugging.line;
import static io.kmemlab.interpreter.tests.Debugging.reason;
import static io.kmemlab.interpreter.tests.Debugging.suspended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.debug.Evaluation;
import io.kmemlab.interpreter.debug.EventBreakpoint;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SuspendReason;
import org.junit.jupiter.api.Test;

/**
 * Event breakpoints read from each step's change set, on the real emulator: a pfn's reference
 * count, an entry on the path of an address, a pfn allocated or freed. Each scenario stops at a
 * line breakpoint first, to learn the pfn or address at run time, then sets the event.
 */
class ChangeSetBreakpointTest {
    /** Runs to the line of {@code body} holding {@code text} and evaluates {@code expression} there. */
    private static long valueAt(SessionController c, String body, String text, String expression) {
        LineBreakpoint at = new LineBreakpoint(FILE, line(body, text));
        c.breakpoints().add(at);
        reason(c.resume(), SuspendReason.LineHit.class);
        c.breakpoints().remove(at);
        Evaluation e = c.evaluate(expression);
        assertTrue(e.ok(), e::text);
        return e.value().bits();
    }

    @Test
    void aRefcountBreakpointStopsAfterEachStepThatChangesIt() {
        String body = """
                let p = alloc_page(GFP_KERNEL)
                let other = alloc_page(GFP_KERNEL)
                get_page(p)
                let c = page_ref_count(p)
                put_page(p)
                let d = page_ref_count(other)
                __free_page(p)
                let end = 1
                """;
        SessionController c = controller(body);
        long pfn = valueAt(c, body, "let other", "page_to_pfn(p)");
        c.breakpoints().add(new EventBreakpoint.RefcountChanged(pfn));
        // include/linux/mm.h: get_page() -> folio_get() -> page_ref_inc(); put_page() -> folio_put() ->
        // put_page_testzero(); a page from alloc_pages has _refcount 1 (set_page_refcounted in prep_new_page)
        SessionEvent get = c.resume();
        assertEquals(String.format("page_ref_count(pfn 0x%x): 1 -> 2", pfn), reason(get, SuspendReason.EventHit.class).detail());
        assertEquals(line(body, "let c"), suspended(get).position().next().line());
        SessionEvent put = c.resume();
        assertTrue(reason(put, SuspendReason.EventHit.class).detail().endsWith("2 -> 1"), put::toString);
        assertEquals(line(body, "let d"), suspended(put).position().next().line(), "let d reads another page's count: no stop");
        SessionEvent free = c.resume();
        assertTrue(reason(free, SuspendReason.EventHit.class).detail().endsWith("1 -> 0"), free::toString);
        assertInstanceOf(SessionEvent.Finished.class, c.resume());
    }

    @Test
    void anAllocationBreakpointStopsWhenThePfnIsFreedAndAllocatedAgain() {
        String body = """
                let p = alloc_page(GFP_KERNEL)
                let n = page_to_pfn(p)
                let k = kmalloc(64, GFP_KERNEL)
                __free_page(p)
                let q = alloc_page(GFP_KERNEL)
                let end = 1
                """;
        SessionController c = controller(body);
        long pfn = valueAt(c, body, "let k", "n");
        c.breakpoints().add(new EventBreakpoint.Allocation(pfn, EventBreakpoint.Allocation.When.EITHER));
        SessionEvent freed = c.resume();
        assertTrue(reason(freed, SuspendReason.EventHit.class).detail().startsWith(String.format("pfn 0x%x freed", pfn)), freed::toString);
        assertEquals(line(body, "let q"), suspended(freed).position().next().line(), "kmalloc did not take the frame");
        // mm/page_alloc.c: free_unref_page_commit() adds the page at the head of the per-CPU list and
        // __rmqueue_pcplist() takes list_first_entry(): the next order-0 allocation gets it back
        SessionEvent allocated = c.resume();
        assertTrue(reason(allocated, SuspendReason.EventHit.class).detail().startsWith(String.format("pfn 0x%x allocated", pfn)),
                allocated::toString);
        assertEquals(pfn, c.evaluate("page_to_pfn(q)").value().bits());

        SessionController onlyAlloc = controller(body);
        valueAt(onlyAlloc, body, "let k", "n");
        onlyAlloc.breakpoints().add(new EventBreakpoint.Allocation(pfn, EventBreakpoint.Allocation.When.ALLOCATED));
        assertEquals(line(body, "let end"), suspended(onlyAlloc.resume()).position().next().line(), "the free is not an allocation");
    }

    @Test
    void anEntryBreakpointStopsWhenAnEntryOnTheAddressPathIsWrittenInTheKernelOrAProcess() {
        String body = """
                let v = vmalloc(PAGE_SIZE)
                let w = vmalloc(PAGE_SIZE)
                vfree(v)
                process app {
                    let u = mmap(4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
                    let r = 1
                    write8(u + PAGE_SIZE, 7)
                    let s = 1
                }
                let end = 1
                """;
        SessionController c = controller(body);
        long v = valueAt(c, body, "let w", "v");
        c.breakpoints().add(new EventBreakpoint.EntryWritten(v, null));
        SessionEvent unmap = c.resume();
        String detail = reason(unmap, SuspendReason.EventHit.class).detail();
        // mm/vmalloc.c: vfree() -> remove_vm_area() -> vunmap_range_noflush() clears the ptes at once
        assertTrue(detail.startsWith("pte entry at phys 0x"), detail);
        assertTrue(detail.endsWith(" -> 0x0"), detail);
        assertEquals(line(body, "process app"), suspended(unmap).position().next().line(), "vmalloc of w wrote another pte");

        long u = valueAt(c, body, "let r", "u + PAGE_SIZE");
        c.breakpoints().add(new EventBreakpoint.EntryWritten(u, "app"));
        SessionEvent fault = c.resume();
        // mm/memory.c: the first write faults; do_anonymous_page() sets the pte (tables allocated on the way)
        assertTrue(reason(fault, SuspendReason.EventHit.class).detail().contains("in app"), fault::toString);
        assertEquals(line(body, "let s"), suspended(fault).position().next().line());
        assertInstanceOf(SessionEvent.Finished.class, c.resume());
    }
}
