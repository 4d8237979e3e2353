package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.trace.Diagnostic;

/** The report texts i386 and x86_64 share (arch/x86/mm/fault.c, arch/x86/mm/physaddr.c). */
public final class X86Oops {
    private X86Oops() { }

    /**
     * __die_header() (arch/x86/kernel/dumpstack.c): "STR: %04lx [#N]" with " PREEMPT" (a distribution
     * 6.x kernel is PREEMPT_DYNAMIC, so CONFIG_PREEMPTION), " SMP" and, on x86_64 with
     * PAGE_TABLE_ISOLATION built in but not needed, " NOPTI". From 6.10 the line starts with
     * "Oops: " (commit "x86/dumpstack: Use uniform "Oops: " prefix for die() messages"), so a page
     * fault prints "Oops: Oops: ...". 2.6.32 __die(): no PREEMPT (distribution kernels), no PTI.
     */
    public static String dieLine(KernelProfile p, String str, int err, int nr, boolean pti) {
        if (!p.atLeast(3, 0)) return String.format("%s: %04x [#%d] SMP", str, err & 0xffff, nr);
        return String.format("%s%s: %04x [#%d] PREEMPT SMP%s", p.atLeast(6, 10) ? "Oops: " : "", str, err & 0xffff, nr, pti ? " NOPTI" : "");
    }

    /**
     * The first line of a general protection fault on a non-canonical address: die_addr() with
     * "general protection fault, probably for non-canonical address 0x..." (5.2+); 2.6.32 do_general_protection
     * dies with "general protection fault".
     */
    public static String gpLine(KernelProfile p, long addr, int nr) {
        if (!p.atLeast(3, 0)) return dieLine(p, "general protection fault", 0, nr, false);
        return dieLine(p, String.format("general protection fault, probably for non-canonical address 0x%x", addr), 0, nr, true);
    }

    /** 2.6.32 no_context(): "BUG: unable to handle kernel NULL pointer dereference|paging request at %p". */
    static String headline2632(long addr, int digits) {
        String at = addr == 0 ? "(null)" : String.format("%0" + digits + "x", addr);
        return "BUG: unable to handle kernel " + (Long.compareUnsigned(addr, 4096) < 0 ? "NULL pointer dereference" : "paging request") + " at " + at;
    }

    /** page_fault_oops(): the headline, with the address printed in {@code digits} hex digits. */
    static String headline(long addr, int digits) {
        return Long.compareUnsigned(addr, 4096) < 0
                ? String.format("BUG: kernel NULL pointer dereference, address: %0" + digits + "x", addr)
                : String.format("BUG: unable to handle page fault for address: %0" + digits + "x", addr);
    }

    /** show_fault_oops(): the two #PF lines. */
    static void pfLines(StringBuilder sb, boolean write, int errorCode) {
        sb.append(String.format("#PF: supervisor %s access in kernel mode%n", write ? "write" : "read"));
        sb.append(String.format("#PF: error_code(0x%04x) - %s%n", errorCode, (errorCode & 1) != 0 ? "permissions violation" : "not-present page"));
    }

    /** __phys_addr() with CONFIG_DEBUG_VIRTUAL: VIRTUAL_BUG_ON() of a non-linear address. */
    static Diagnostic debugVirtual(String fn, long va, String region) {
        return new Diagnostic(Diagnostic.Kind.BUG, "kernel BUG at arch/x86/mm/physaddr.c!",
                String.format("kernel BUG at arch/x86/mm/physaddr.c! (DEBUG_VIRTUAL: %s(0x%x) on a %s address)", fn, va, region));
    }
}
