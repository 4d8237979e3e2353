package io.kmemlab.interpreter.tests;

import static io.kmemlab.interpreter.tests.Debugging.FILE;
import static io.kmemlab.interpreter.tests.Debugging.line;
import static io.kmemlab.interpreter.tests.Debugging.reason;
import static io.kmemlab.interpreter.tests.Debugging.suspended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.debug.DebugOptions;
import io.kmemlab.interpreter.debug.LineBreakpoint;
import io.kmemlab.interpreter.debug.SessionDriver;
import io.kmemlab.interpreter.debug.SessionEvent;
import io.kmemlab.interpreter.debug.SessionListener;
import io.kmemlab.interpreter.debug.SuspendReason;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine thread: commands posted from other threads, suspend and terminate from any thread, events on the engine. */
class SessionDriverTest {
    private static final long WAIT = 60;   // seconds: a bound against a hang, not a timing assertion

    /** A loop long enough that a resume is still running when another thread acts (the step budget ends it otherwise). */
    private static final String LONG = """
            let a = 1
            repeat 100000000 {
                let x = a + 1
            }
            """;

    private static SessionDriver driver(String body, DebugOptions options, SessionListener... listeners) {
        return SessionDriver.start("t", () -> Debugging.session(body, options.history()), options, listeners);
    }

    /** Completes when the engine has run {@code steps} steps. */
    private static final class StepLatch implements SessionListener {
        final CountDownLatch latch;

        StepLatch(int steps) { latch = new CountDownLatch(steps); }

        @Override public void stepped(SessionEvent.Stepped e) { latch.countDown(); }
    }

    @Test
    void aLongResumeIsSuspendedFromAnotherThreadAndALaterResumeIsNot() throws Exception {
        StepLatch running = new StepLatch(1000);
        try (SessionDriver d = driver(LONG, DebugOptions.defaults().withHistory(100), running)) {
            CompletableFuture<SessionEvent> resume = d.resume();
            assertTrue(running.latch.await(WAIT, TimeUnit.SECONDS));
            d.suspend();
            SessionEvent e = resume.get(WAIT, TimeUnit.SECONDS);
            reason(e, SuspendReason.Requested.class);
            int at = suspended(e).position().steps();
            assertTrue(at >= 1000, "it ran until asked: " + at);

            // a command posted after the request is not affected by it
            StepLatch more = new StepLatch(500);
            d.read(c -> { c.addListener(more); return null; }).get(WAIT, TimeUnit.SECONDS);
            CompletableFuture<SessionEvent> again = d.resume();
            assertTrue(more.latch.await(WAIT, TimeUnit.SECONDS), "the second resume runs");
            d.suspend();
            assertTrue(suspended(again.get(WAIT, TimeUnit.SECONDS)).position().steps() >= at + 500);
        }
    }

    @Test
    void terminateStopsARunningResumeAndEndsTheEngine() throws Exception {
        StepLatch running = new StepLatch(1000);
        Debugging.Recorder r = new Debugging.Recorder();
        SessionDriver d = driver(LONG, DebugOptions.defaults().withHistory(100), running, r);
        CompletableFuture<SessionEvent> resume = d.resume();
        assertTrue(running.latch.await(WAIT, TimeUnit.SECONDS));
        SessionEvent.Finished end = assertInstanceOf(SessionEvent.Finished.class, d.terminate().get(WAIT, TimeUnit.SECONDS));
        assertTrue(end.terminated());
        reason(resume.get(WAIT, TimeUnit.SECONDS), SuspendReason.Requested.class);
        assertTrue(d.awaitEnd(WAIT * 1000));
        assertTrue(r.kinds().endsWith("PF"), "the resume suspended, then the session finished: " + r.kinds().substring(r.kinds().length() - 3));
        assertTrue(d.stepInto().isCompletedExceptionally(), "no command after terminate");
    }

    @Test
    void everyEventComesOnTheEngineThreadInOrder() throws Exception {
        String body = "let a = 1\nlet b = 2\nlet c = 3";
        Debugging.Recorder r = new Debugging.Recorder();
        try (SessionDriver d = driver(body, DebugOptions.defaults().withStopAtEntry(true), r)) {
            reason(d.resume().get(WAIT, TimeUnit.SECONDS), SuspendReason.Entry.class);
            d.stepInto();
            d.stepInto();
            d.stepBack();
            SessionEvent last = d.stepOver().get(WAIT, TimeUnit.SECONDS);
            assertEquals(line(body, "let c"), suspended(last).position().next().line());
            assertEquals(Set.of("kmemlab engine: t"), Set.copyOf(r.threads));
            assertEquals("R" + "S".repeat(7) + "P" + "RSP" + "RSP" + "RBP" + "RSP", r.kinds(), "commands run one after the other, in the order posted");
        }
    }

    @Test
    void aBreakpointAddedDuringAResumeStopsIt() throws Exception {
        StepLatch running = new StepLatch(1000);
        try (SessionDriver d = driver(LONG, DebugOptions.defaults().withHistory(100), running)) {
            CompletableFuture<SessionEvent> resume = d.resume();
            assertTrue(running.latch.await(WAIT, TimeUnit.SECONDS));
            d.breakpoints().add(new LineBreakpoint(FILE, line(LONG, "let x"), "x > 0"));
            SessionEvent e = resume.get(WAIT, TimeUnit.SECONDS);
            assertEquals(line(LONG, "let x"), reason(e, SuspendReason.LineHit.class).breakpoint().line());
        }
    }

    @Test
    void aListenerThatFailsDoesNotStopTheEngineAndTheOthersHearOfIt() throws Exception {
        SessionListener broken = new SessionListener() {
            @Override public void stepped(SessionEvent.Stepped e) { throw new IllegalStateException("listener bug"); }
        };
        Debugging.Recorder r = new Debugging.Recorder();
        try (SessionDriver d = driver("let a = 1", DebugOptions.defaults(), broken, r)) {
            assertInstanceOf(SessionEvent.Finished.class, d.resume().get(WAIT, TimeUnit.SECONDS));
            assertTrue(r.of(SessionEvent.ProblemFound.class).get(0).problem().message().contains("listener bug"));
        }
    }

    @Test
    void readingStateIsACommandThatSeesTheSuspendedSession() throws Exception {
        String body = "let a = 7\nlet b = a * 6";
        try (SessionDriver d = driver(body, DebugOptions.defaults(), new SessionListener() { })) {
            d.breakpoints().add(new LineBreakpoint(FILE, line(body, "let b")));
            d.resume();
            long a = d.read(c -> c.position().top().variables().get("a").bits()).get(WAIT, TimeUnit.SECONDS);
            assertEquals(7, a);
            assertEquals("let b = a * 6", d.read(c -> c.position().next().text()).get(WAIT, TimeUnit.SECONDS));
        }
    }
}
