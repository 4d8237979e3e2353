package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.Task;
import io.kmemlab.lang.kmem.Statement;
import java.util.List;
import org.eclipse.emf.ecore.EObject;

/**
 * One level of the interpreter's stack: the scenario body, a process or kthread block, or
 * one iteration of a loop / branch of an if. Mutable; {@link #copy} gives the snapshot a
 * checkpoint keeps.
 */
public final class Frame {
    /** What opened the frame. */
    public enum Kind { SCENARIO, PROCESS, KTHREAD, REPEAT, FOR, IF, CPU }

    final Kind kind;
    final String label;
    final EObject owner;
    final List<Statement> statements;
    /** The task the frame's statements run as (current): the machine's kernel task at scenario level. */
    final Task task;
    /** The CPU the frame's kernel calls run on (smp_processor_id()): 0, or what an enclosing `on cpu N` chose. */
    int cpu;
    int pc;
    Scope scope;
    // loops: repeat counts iterations up to `count`; for runs `var` from `from` to `to` inclusive
    long iteration;
    long count;
    String var;
    long to;

    Frame(Kind kind, String label, EObject owner, List<Statement> statements, Task task, Scope scope) {
        this.kind = kind;
        this.label = label;
        this.owner = owner;
        this.statements = statements;
        this.task = task;
        this.scope = scope;
    }

    /** A copy sharing nothing mutable but the scope chain, which {@link Session} copies separately. */
    Frame copy(Scope newScope) {
        Frame f = new Frame(kind, label, owner, statements, task, newScope);
        f.pc = pc;
        f.cpu = cpu;
        f.iteration = iteration;
        f.count = count;
        f.var = var;
        f.to = to;
        return f;
    }

    public Kind kind() { return kind; }

    /** "scenario \"x\"", "process app", "repeat 3 (iteration 2)", "for i = 5" ... for the debugger's stack view. */
    public String label() {
        return switch (kind) {
            case REPEAT -> label + " (iteration " + Long.toUnsignedString(iteration + 1) + " of " + Long.toUnsignedString(count) + ")";
            case FOR -> label + " (" + var + " = " + scope.vars.get(var) + ")";
            default -> label;
        };
    }

    /** The statement this frame runs next, or null at its end. */
    public Statement next() { return pc < statements.size() ? statements.get(pc) : null; }

    /** The variables visible in this frame, inner blocks' names winning (for a debugger's Variables view). */
    public java.util.Map<String, io.kmemlab.interpreter.value.Value> variables() { return scope.visible(); }

    /** The statement this frame ran last: for an outer frame, the block statement whose body runs; null before the first. */
    public Statement previous() { return pc > 0 && pc <= statements.size() ? statements.get(pc - 1) : null; }

    public EObject owner() { return owner; }

    public Task task() { return task; }

    /** The CPU the frame's kernel calls run on. */
    public int cpu() { return cpu; }
}
