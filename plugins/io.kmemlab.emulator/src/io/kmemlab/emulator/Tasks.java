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

    /**
     * alloc_thread_stack_node() (kernel/fork.c): THREAD_SIZE = PAGE_SIZE << THREAD_SIZE_ORDER of the
     * arch and version (16 KiB on x86_64 6.x, 8 KiB on i386, ARM and 2.6.32), from vmalloc aligned to
     * THREAD_ALIGN when VMAP_STACK is configured and the arch has HAVE_ARCH_VMAP_STACK, else
     * alloc_pages_node(THREADINFO_GFP, THREAD_SIZE_ORDER): lowmem, never HighMem.
     */
    private void allocStack(Task t) {
        int order = k.arch.threadSizeOrder(k.profile);
        long size = threadSize();
        if (vmapStack()) {
            t.stack = k.vmalloc.vmallocNode(size, k.arch.threadAlign(k.profile), false, FrameOwner.STACK, "stack", Trace.NONE);
        } else {
            long pfn = k.alloc.alloc(Gfp.GFP_KERNEL, order, 0, FrameOwner.STACK, Trace.NONE);
            t.stack = pfn < 0 ? 0 : k.arch.va(pfn << 12, Trace.NONE);
        }
        t.stackCursor = t.stack + size - 256;      // below the top: pt_regs and the current frame
    }

    /** THREAD_SIZE of this machine's arch and kernel version. */
    long threadSize() { return 4096L << k.arch.threadSizeOrder(k.profile); }

    /** CONFIG_VMAP_STACK takes effect: configured and the arch selects HAVE_ARCH_VMAP_STACK. */
    boolean vmapStack() { return k.config(ConfigOption.VMAP_STACK) && k.arch.vmapStack(k.profile); }

    /** stack_buffer(n): n bytes inside the task's kernel stack (16-byte aligned, growing down). */
    long stackBuffer(Task task, long n, Trace t) {
        Task tk = task == null || task.kind() == Task.Kind.KERNEL ? kthread("swapper") : task;
        long at = (tk.stackCursor - n) & -16L;
        if (at < tk.stack) {
            // handle_stack_overflow() (arch/x86/kernel/traps.c) needs the guard page of a VMAP_STACK;
            // without it the overflow silently overwrites what lies below the stack
            k.diag.report(vmapStack()
                    ? Diagnostic.of(Diagnostic.Kind.BUG, "BUG: stack guard page was hit (kernel stack overflow) in " + tk.name())
                    : Diagnostic.note("a kernel stack overflow in " + tk.name() + ": without VMAP_STACK there is no guard page and the"
                            + " kernel overwrites what lies below the stack silently; refused here"), t);
            return 0;
        }
        tk.stackCursor = at;
        if (t.enabled()) t.formula(String.format("stack of %s: 0x%x..0x%x; buffer at 0x%x", tk.name(), tk.stack, tk.stack + threadSize() - 1, at));
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
