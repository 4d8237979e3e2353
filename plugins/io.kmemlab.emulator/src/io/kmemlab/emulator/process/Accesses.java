package io.kmemlab.emulator.process;

import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;

/**
 * Reads and writes by a task: user-mode for processes (faults handled, SIGSEGV on failure),
 * kernel-mode otherwise (the arch's oops on failure, a general protection fault for a
 * non-canonical address), with the reports of arch/x86/mm/fault.c and kernel/signal.c.
 */
final class Accesses {
    private final Env env;
    private final Faults faults;

    Accesses(Env env, Faults faults) {
        this.env = env;
        this.faults = faults;
    }

    /**
     * A read or write of {@code size} bytes by {@code task}: user-mode for processes
     * (faults handled, SIGSEGV on failure), kernel-mode otherwise (oops on failure).
     */
    long access(TaskContext task, long addr, int size, boolean write, long value, Trace t) {
        long result = 0;
        for (int i = 0; i < size; ) {
            long a = addr + i;
            int chunk = (int) Math.min(size - i, 4096 - (a & 4095));
            long pa = translate(task, a, write, t);
            if (pa < 0) return 0;
            if (chunk == size && size <= 8 && (pa & (size - 1)) == 0 && size != 3) {
                if (write) env.phys.write(pa, size, value); else result = env.phys.read(pa, size);
                return result;
            }
            for (int j = 0; j < chunk; j++) {
                if (write) env.phys.writeByte(pa + j, (int) (value >>> (8 * (i + j))) & 0xff);
                else result |= (long) env.phys.readByte(pa + j) << (8 * (i + j));
            }
            i += chunk;
        }
        return result;
    }

    void memset(TaskContext task, long addr, int b, long len, Trace t) {
        long done = 0;
        while (done < len) {
            long a = addr + done;
            int chunk = (int) Math.min(len - done, 4096 - (a & 4095));
            long pa = translate(task, a, true, t);
            if (pa < 0) return;
            for (int j = 0; j < chunk; j++) env.phys.writeByte(pa + j, b);
            done += chunk;
        }
    }

    /** Physical address for an access, after faults; -1 after reporting oops / SIGSEGV. */
    private long translate(TaskContext task, long addr, boolean write, Trace t) {
        // In a process block, user addresses are the process's own user-mode accesses; a
        // kernel-half address is accessed in kernel mode through the process's page tables (the
        // kernel half is shared), as the kernel does on the process's behalf - so seed000's
        // read8(page_address(pte_page(*ptep)) + 0x10) reads the frame through the direct map.
        boolean user = task.userMode() && (env.arch.isUserAddress(addr) || !env.arch.isCanonical(addr));
        if (task.userMode() && !user && t.enabled())
            t.note(String.format("0x%x is a kernel address: accessed in kernel mode on behalf of %s", addr, task.name()));
        long pgd = task.mm() == null ? env.host.initPgd() : task.mm().pgd();
        if (!env.arch.isCanonical(addr)) {
            if (user) sigsegv(task, addr, 0, "general protection fault", t);
            else gp(addr, t);
            return -1;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            WalkResult w = env.walker.walk(pgd, addr, attempt == 0 ? t : Trace.NONE);
            if (w.mapped()) {
                int lvl = w.leafLevel();
                boolean okUser = true, okWrite = true;
                for (WalkResult.Step s : w.steps()) {
                    okUser &= env.fmt.user(s.level(), s.raw());
                    okWrite &= env.fmt.writable(s.level(), s.raw());
                }
                if (user && !okUser) { sigsegv(task, addr, 1 | (write ? 2 : 0) | 4, null, t); return -1; }
                if (write && !okWrite) {
                    if (!user && !env.arch.isUserAddress(addr)) { oops(task, addr, write, w, 3, t); return -1; }
                    if (user && faults.fault(task, addr, true, t)) continue;
                    if (user) { sigsegv(task, addr, 1 | 2 | 4, null, t); return -1; }
                    oops(task, addr, write, w, 3, t);
                    return -1;
                }
                WalkResult.Step leaf = w.last();
                env.tables.writeEntry(leaf.entryPa(), lvl, env.fmt.touch(lvl, leaf.raw(), write));   // A and D bits
                return w.pa();
            }
            if (user && env.arch.isUserAddress(addr) && faults.fault(task, addr, write, t)) continue;
            if (user) { sigsegv(task, addr, (write ? 2 : 0) | 4, null, t); return -1; }
            oops(task, addr, write, w, write ? 2 : 0, t);
            return -1;
        }
        return -1;
    }

    /** The arch's oops text for a kernel-mode fault, with the page-table dump of the walk. */
    private void oops(TaskContext task, long addr, boolean write, WalkResult w, int errorCode, Trace t) {
        String[] o = env.arch.kernelOops(addr, write, errorCode, 1 + env.host.oopsCount(), w.steps(), pa -> env.phys.read(pa, 4));
        env.host.report(new Diagnostic(Diagnostic.Kind.OOPS, o[0], o[1]), t);
    }

    private void gp(long addr, Trace t) {
        String head = io.kmemlab.emulator.arch.X86Oops.gpLine(env.profile, addr, 1 + env.host.oopsCount());
        env.host.report(Diagnostic.of(Diagnostic.Kind.GENERAL_PROTECTION, head), t);
    }

    /** show_signal_msg(): "NAME[PID]: segfault at ADDR ip IP sp SP error CODE". */
    private void sigsegv(TaskContext task, long addr, int error, String gpText, Trace t) {
        String head = gpText != null
                ? String.format("traps: %s[%d] general protection fault ip:401000 sp:7ffffffde000 error:0", task.name(), task.pid())
                : String.format("%s[%d]: segfault at %x ip 0000000000401000 sp 00007ffffffde000 error %x", task.name(), task.pid(), addr, error);
        env.host.report(Diagnostic.of(Diagnostic.Kind.SIGSEGV, head), t);
    }
}
