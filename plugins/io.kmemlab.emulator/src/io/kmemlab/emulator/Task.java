package io.kmemlab.emulator;

import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.process.TaskContext;

/**
 * Who runs a statement: the scenario level (kernel context, init_mm), a kernel thread
 * (own kernel stack, init_mm) or a user process (own mm; its memory accesses are
 * user-mode). Obtained from {@link Machine#kernel()}, {@link Machine#kthread(String)},
 * {@link Machine#process(String)}.
 */
public final class Task implements TaskContext {
    public enum Kind { KERNEL, KTHREAD, PROCESS }

    private final String name;
    private final int pid;
    private final Kind kind;
    final MmStruct mm;
    long stack;            // lowest address of the kernel stack (THREAD_SIZE bytes)
    long stackCursor;      // next stack_buffer() end

    Task(String name, int pid, Kind kind, MmStruct mm) {
        this.name = name;
        this.pid = pid;
        this.kind = kind;
        this.mm = mm;
    }

    @Override public String name() { return name; }
    @Override public int pid() { return pid; }
    public Kind kind() { return kind; }
    /** True when memory accesses of this task are user-mode. */
    @Override public boolean userMode() { return kind == Kind.PROCESS; }
    @Override public MmStruct mm() { return mm; }
    /** Base (lowest address) of the task's kernel stack, 0 before it has one. */
    public long stack() { return stack; }
}
