package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.lang.kmem.Scenario;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Owns the engine thread of one debug session, and is the only door other threads use.
 *
 * <p><b>The threading rule.</b> A {@link Session} and its {@link SessionController} live on
 * one thread, the engine thread this driver starts; nothing else calls them. The Eclipse UI
 * thread, a Job, a Debug Adapter Protocol server or a test call the driver, whose methods
 * never block: a command is posted to the engine thread and a {@link CompletableFuture}
 * completes with its last event. Commands run one after the other, in the order posted.
 * Listeners are called on the engine thread with immutable events; a listener must not wait
 * for a future of this driver (the engine would wait for itself). Three things take effect
 * at once, from any thread, between two steps: {@link #suspend()} (stops the commands posted
 * so far: a long resume is cancelled this way), {@link #terminate()}, and breakpoint changes.
 * Reading state while suspended is a command too ({@link #read}), so it never races a step.
 */
public final class SessionDriver implements AutoCloseable {
    private final ExecutorService engine;
    private final Breakpoints breakpoints = new Breakpoints();
    private final AtomicLong posted = new AtomicLong();
    private volatile long suspendUpTo = -1;
    private volatile boolean terminating;
    private SessionController controller;   // engine thread only
    private long running;                   // engine thread only: sequence number of the command that runs

    private SessionDriver(String name) {
        engine = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kmemlab engine: " + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the engine thread and creates the session on it. Nothing runs until a command
     * comes: a launch posts {@link #resume()} (it honours the stop options and breakpoints).
     *
     * @param name      names the engine thread (the scenario's name)
     * @param session   creates the session, on the engine thread
     * @param listeners receive every event, on the engine thread
     */
    public static SessionDriver start(String name, Supplier<Session> session, DebugOptions options, SessionListener... listeners) {
        SessionDriver d = new SessionDriver(name);
        d.submit(() -> {
            d.controller = new SessionController(session.get(), options, d.breakpoints, d::interrupted);
            for (SessionListener l : listeners) d.controller.addListener(l);
            return null;
        });
        return d;
    }

    /**
     * Like {@link #start(String, Supplier, DebugOptions, SessionListener...)} for {@code scenario}
     * on the emulator, keeping {@link DebugOptions#history()} steps for stepping back. The
     * caller hands the scenario's model over: it reads it no more.
     */
    public static SessionDriver start(Scenario scenario, DebugOptions options, SessionListener... listeners) {
        return start(scenario, Limits.defaults(), options, listeners);
    }

    /**
     * Like {@link #start(Scenario, DebugOptions, SessionListener...)} within the budgets of
     * {@code limits} (its step count for stepping back is {@link DebugOptions#history()}).
     */
    public static SessionDriver start(Scenario scenario, Limits limits, DebugOptions options, SessionListener... listeners) {
        return start(scenario.getName(), () -> Session.start(scenario, limits.withHistory(options.history())), options, listeners);
    }

    /** The breakpoints: change them from any thread, at any time. */
    public Breakpoints breakpoints() { return breakpoints; }

    public CompletableFuture<SessionEvent> resume() { return command(SessionController::resume); }

    public CompletableFuture<SessionEvent> stepInto() { return command(SessionController::stepInto); }

    public CompletableFuture<SessionEvent> stepOver() { return command(SessionController::stepOver); }

    public CompletableFuture<SessionEvent> stepReturn() { return command(SessionController::stepReturn); }

    public CompletableFuture<SessionEvent> runToLine(String file, int line) { return command(c -> c.runToLine(file, line)); }

    public CompletableFuture<SessionEvent> stepBack() { return command(SessionController::stepBack); }

    public CompletableFuture<SessionEvent> reverseResume() { return command(SessionController::reverseResume); }

    /**
     * Suspends the commands posted so far: the running one stops after its current step (with
     * {@link SuspendReason.Requested}), the queued ones stop after their first step. Commands
     * posted later run normally. Returns at once.
     */
    public void suspend() {
        suspendUpTo = posted.get();
    }

    /** Stops the running command after its current step, ends the session and the engine thread. */
    public CompletableFuture<SessionEvent> terminate() {
        terminating = true;
        CompletableFuture<SessionEvent> f = submit(() -> controller.terminate());
        engine.shutdown();
        return f;
    }

    /**
     * Runs {@code query} on the engine thread between two commands: how a client reads the
     * session, the machine and variables while suspended, or evaluates an expression.
     */
    public <T> CompletableFuture<T> read(Function<SessionController, T> query) {
        return submit(() -> query.apply(controller));
    }

    /** Terminates (if not yet) and waits up to {@code timeoutMillis} for the engine thread to end. */
    public boolean awaitEnd(long timeoutMillis) throws InterruptedException {
        if (!engine.isShutdown()) terminate();
        return engine.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override public void close() {
        if (!engine.isShutdown()) terminate();
    }

    private CompletableFuture<SessionEvent> command(Function<SessionController, SessionEvent> c) {
        long seq = posted.incrementAndGet();
        return submit(() -> {
            running = seq;
            return terminating ? controller.terminate() : c.apply(controller);
        });
    }

    private boolean interrupted() {
        return terminating || running <= suspendUpTo;
    }

    private <T> CompletableFuture<T> submit(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            engine.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the session has been terminated", e));
        }
        return f;
    }
}
