package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Debugging.FILE;
import static io.kmemlab.interpreter.tests.Debugging.controller;
import static io.kmemlab.interpreter.tests.Debugging.line;
import static io.kmemlab.interpreter.tests.Debugging.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.interpreter.debug.LastWriters;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.SessionController;
import io.kmemlab.interpreter.debug.SuspendReason;
import org.junit.jupiter.api.Test;

/** Provenance in a debug session: the step (file:line) that last wrote a frame, an entry or a struct page field, forwards and back. */
class LastWritersTest {
    private static final String BODY = """
            let p = alloc_page(GFP_KERNEL)
            let n = page_to_pfn(p)
            get_page(p)
            let v = vmalloc(PAGE_SIZE)
            let end = 1
            """;

    private static Integer lineOf(LastWriters.Writer w) { return w == null ? null : w.location().line(); }

    @Test
    void theLastWriterOfAFrameAFieldAndAnEntryFollowsTheSessionBackAndForth() {
        SessionController c = controller(BODY);
        c.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let end")));
        reason(c.resume(), SuspendReason.LineHit.class);
        long pfn = c.evaluate("n").value().bits();
        long vpfn = c.evaluate("vmalloc_to_pfn(v)").value().bits();
        Inspector in = c.inspector();
        int refcount = in.structPageLayout().refcountOffset();
        Translation walk = in.walk(c.evaluate("v").value().bits());
        long pte = walk.last().entryPa();
        LastWriters w = c.lastWriters();

        assertEquals(line(BODY, "let p"), lineOf(w.frame(pfn)), "alloc_page took the frame");
        assertEquals(line(BODY, "get_page"), lineOf(w.field(pfn, refcount, 4)));
        assertEquals(line(BODY, "let v"), lineOf(w.entry(pte)), "vmalloc mapped its page");
        assertEquals(line(BODY, "let v"), lineOf(w.frame(vpfn)));
        assertEquals("let v = vmalloc(PAGE_SIZE)", w.entry(pte).label());
        assertEquals("test.kmem:" + line(BODY, "let v"), w.entry(pte).where());

        c.stepBack();                                          // undo vmalloc
        assertTrue(w.entry(pte) == null || !w.entry(pte).label().contains("vmalloc"), "the pte was not written yet");
        c.stepBack();                                          // undo get_page
        assertEquals(line(BODY, "let p"), lineOf(w.field(pfn, refcount, 4)), "set_page_refcounted() in the allocation");
        c.stepInto();
        c.stepInto();
        assertEquals(line(BODY, "get_page"), lineOf(w.field(pfn, refcount, 4)), "forwards again: the same writers");
        assertEquals(line(BODY, "let v"), lineOf(w.entry(pte)));
    }

    @Test
    void framesNoStatementTouchedWereLastWrittenByTheBoot() {
        SessionController c = controller(BODY);
        c.breakpoints().add(new LineBreakpoint(FILE, line(BODY, "let end")));
        c.resume();
        // the kernel image frames: reserved by memblock at boot, never written by a statement
        long kernelPfn = c.evaluate("__pa_symbol(symbol(_text)) >> PAGE_SHIFT").value().bits();
        LastWriters.Writer w = c.lastWriters().frame(kernelPfn);
        assertNotNull(w);
        assertTrue(w.label().startsWith("boot: "), w.label());
        assertNull(c.lastWriters().entry(12345), "not an entry of any table");
    }
}
