package io.kmemlab.emulator.process;

/**
 * The task a user-memory call or a memory access runs in, as the process subsystem sees it:
 * current->mm, the comm and pid its reports name, and whether its accesses are user-mode.
 */
public interface TaskContext {
    /** comm. */
    String name();

    int pid();

    /** current->mm; null for kernel threads and the scenario level (they run on init_mm). */
    MmStruct mm();

    /** True when the task's memory accesses are user-mode (a process). */
    boolean userMode();
}
