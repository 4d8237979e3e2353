package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.load.SourceLocation;
import java.util.List;

/**
 * Where a session stands, copied out of it so another thread may read it: the next step's
 * location, the stack (outermost first) and the step run last.
 *
 * @param steps        how many steps have run (boot phases and statements)
 * @param next         where the next step is: the machine while booting, else the next statement
 * @param booted       true once every boot phase has run
 * @param finished     true when the scenario has ended
 * @param stack        the frames, outermost first; empty when finished
 * @param last         the step run last, or null at the start
 * @param canStepBack  true when a step back is possible
 */
public record Position(int steps, SourceLocation next, boolean booted, boolean finished, List<FrameState> stack, Step last,
        boolean canStepBack) {
    public Position {
        stack = List.copyOf(stack);
    }

    /** The innermost frame, or null when finished. */
    public FrameState top() { return stack.isEmpty() ? null : stack.get(stack.size() - 1); }
}
