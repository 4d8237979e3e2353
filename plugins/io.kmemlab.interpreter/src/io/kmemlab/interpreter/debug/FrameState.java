package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.value.Value;
import java.util.Map;

/**
 * One level of the stack at a suspension, copied out of the session: a debugger's stack
 * frame. While the machine boots the stack is one BOOT frame located at the machine.
 *
 * @param kind      what opened the frame
 * @param label     "scenario \"x\"", "process app", "repeat 3 (iteration 2 of 3)" ...
 * @param location  the innermost frame's next statement; for an outer frame, the block
 *                  statement whose body is running
 * @param variables the variables visible in this frame, inner blocks' names winning, in the
 *                  order they were defined
 */
public record FrameState(Kind kind, String label, SourceLocation location, Map<String, Value> variables) {
    public enum Kind { BOOT, SCENARIO, PROCESS, KTHREAD, REPEAT, FOR, IF, CPU }

    public FrameState {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }
}
