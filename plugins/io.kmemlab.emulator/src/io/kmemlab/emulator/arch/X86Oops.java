package io.kmemlab.emulator.arch;

import io.kmemlab.emulator.trace.Diagnostic;

/** The report texts i386 and x86_64 share (arch/x86/mm/fault.c, arch/x86/mm/physaddr.c). */
final class X86Oops {
    private X86Oops() { }

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
