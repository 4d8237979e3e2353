/**
 * The debugger's side of a running scenario: controls (step into, over and return, run to
 * line, resume, step back, reverse resume, suspend, terminate), breakpoints (lines with an
 * optional condition written in the language, kernel events), the events a session sends to
 * its listeners, and the engine thread that owns the session.
 *
 * <p>Threading: a {@link io.kmemlab.interpreter.exec.Session} and its
 * {@link io.kmemlab.interpreter.debug.SessionController} are confined to one engine thread,
 * owned by a {@link io.kmemlab.interpreter.debug.SessionDriver}. Every other thread (the
 * Eclipse UI, a Debug Adapter Protocol server, a test) talks only to the driver. Events are
 * immutable and may be handed to any thread.
 */
package io.kmemlab.interpreter.debug;
