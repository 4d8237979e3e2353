package io.kmemlab.emulator;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who runs a statement: the scenario-level kernel context, kernel threads and user processes
 * (created on first use, each with a kernel stack), and stack_buffer() in a task's stack.
 */
final class Tasks {
    private final Kernel k;
    private final Task kernelTask = new Task("swapper/0", 0, Task.Kind.KERNEL, null);
    private final Map<String, Task> tasks = new LinkedHashMap<>();    // "k:name" kthreads, "p:name" processes
    private int nextPid = 1;

    Tasks(Kernel k) {
        this.k = k;
    }

    /** The scenario-level context (kernel mode, init_mm). */
    Task kernel() { return kernelTask; }

    /** A kernel thread (created on first use) with its own kernel stack. */
    Task kthread(String name) {
        return tasks.computeIfAbsent("k:" + name, n -> {
            Task t = new Task(name, nextPid++, Task.Kind.KTHREAD, null);
            allocStack(t);
            return t;
        });
    }

    /** A user process (created on first use: mm with its own PGD sharing the kernel half). */
    Task process(String name) {
        return tasks.computeIfAbsent("p:" + name, n -> {
            int pid = nextPid++;
            MmStruct mm = k.processes.newMm(name, pid, Trace.NONE);
            Task t = new Task(name, pid, Task.Kind.PROCESS, mm);
            allocStack(t);
            return t;
        });
    }

    /** alloc_thread_stack_node(): THREAD_SIZE (16 KiB) from vmalloc with VMAP_STACK, else order-2 pages. */
    private void allocStack(Task t) {
        long size = 16384;
        if (k.config(ConfigOption.VMAP_STACK)) {
            t.stack = k.vmalloc.vmallocNode(size, size, false, FrameOwner.STACK, "stack", Trace.NONE);
        } else {
            long pfn = k.alloc.alloc(Gfp.GFP_KERNEL, 2, 0, FrameOwner.STACK, Trace.NONE);
            t.stack = pfn < 0 ? 0 : k.arch.va(pfn << 12, Trace.NONE);
        }
        t.stackCursor = t.stack + size - 256;      // below the top: pt_regs and the current frame
    }

    /** stack_buffer(n): n bytes inside the task's kernel stack (16-byte aligned, growing down). */
    long stackBuffer(Task task, long n, Trace t) {
        Task tk = task == null || task.kind() == Task.Kind.KERNEL ? kthread("swapper") : task;
        long at = (tk.stackCursor - n) & -16L;
        if (at < tk.stack) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.BUG, "BUG: stack guard page was hit (kernel stack overflow) in " + tk.name()), t);
            return 0;
        }
        tk.stackCursor = at;
        if (t.enabled()) t.formula(String.format("stack of %s: 0x%x..0x%x; buffer at 0x%x", tk.name(), tk.stack, tk.stack + 16383, at));
        return at;
    }

    List<Task> tasks() { return List.copyOf(tasks.values()); }

    /** The task of a user-memory call: a process, else a diagnostic and null. */
    Task userTask(Task task, Trace t) {
        if (task == null || task.mm() == null) {
            k.diag.report(Diagnostic.of(Diagnostic.Kind.ERROR, "user-memory operation outside a process block (current->mm is NULL in kernel threads)"), t);
            return null;
        }
        return task;
    }

    /** The tasks with their kernel-stack cursors, for a checkpoint. */
    Checkpoint.Tasks save() {
        List<long[]> stacks = new ArrayList<>();
        for (Task tk : tasks.values()) stacks.add(new long[]{tk.stack, tk.stackCursor});
        return new Checkpoint.Tasks(new LinkedHashMap<>(tasks), nextPid, stacks);
    }

    void load(Checkpoint.Tasks s) {
        tasks.clear();
        tasks.putAll(s.byKey());
        nextPid = s.nextPid();
        int i = 0;
        for (Task tk : tasks.values()) {
            tk.stack = s.stacks().get(i)[0];
            tk.stackCursor = s.stacks().get(i)[1];
            i++;
        }
    }
}
