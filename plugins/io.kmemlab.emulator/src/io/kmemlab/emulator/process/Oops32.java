package io.kmemlab.emulator.process;

import io.kmemlab.emulator.Kernel;
import io.kmemlab.emulator.arch.ArmEntry;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.I386;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.paging.WalkResult;

/**
 * The oops text of the 32-bit arches for a kernel-mode bad access.
 * <ul>
 * <li>i386 (arch/x86/mm/fault.c page_fault_oops, 32-bit dump_pagetable): addresses printed with
 *     %px (8 digits), "*pdpt = ..." (PAE), "*pde = ...", "*pte = ..." unless the pmd is not present
 *     or a leaf.</li>
 * <li>ARM (arch/arm/mm/fault.c __do_kernel_fault, show_pte): "8&lt;--- cut here ---", "Unable to
 *     handle kernel paging request at virtual address ... when read|write", "[addr] *pgd=..., *pte=...,
 *     *ppte=..." (pgd_val = the first word of the pair; *ppte the hardware pte at +PTE_HWTABLE_PTRS),
 *     "Internal error: Oops: FSR [#n] SMP ARM" with FSR 5 (section translation fault) or 7 (page
 *     translation fault), | 0x800 for a write.</li>
 * </ul>
 */
public final class Oops32 {
    private Oops32() { }

    /** {headline, full text} for a kernel-mode fault at {@code addr}; {@code nr} is the oops count. */
    public static String[] text(Kernel k, long addr, boolean write, WalkResult w, int errorCode, int nr) {
        EntryFormat f = k.arch.paging().format();
        StringBuilder sb = new StringBuilder();
        if (f instanceof ArmEntry arm) {
            String what = addr < 4096 ? "NULL pointer dereference" : "paging request";
            String head = String.format("Unable to handle kernel %s at virtual address %08x when %s", what, addr, write ? "write" : "read");
            sb.append("8<--- cut here ---\n").append(head).append('\n');
            int fsr = 5;
            sb.append(String.format("[%08x] *pgd=%08x", addr, w.steps().isEmpty() ? 0 : w.steps().get(0).raw() & 0xffffffffL));
            if (!w.steps().isEmpty()) {
                long l1 = w.steps().get(0).raw() & 0xffffffffL;
                if (l1 != 0 && arm.bad(l1)) sb.append("(bad)");
                else if (l1 != 0) {
                    fsr = 7;
                    long pte = w.steps().size() > 1 ? w.steps().get(1).raw() & 0xffffffffL : 0;
                    long hw = w.steps().size() > 1 ? k.phys.read(arm.shadowAddress(PagingMode.PTE, w.steps().get(1).entryPa()), 4) : 0;
                    sb.append(String.format(", *pte=%08x, *ppte=%08x", pte, hw));
                }
            }
            sb.append('\n');
            if (write) fsr |= 0x800;
            sb.append(String.format("Internal error: Oops: %x [#%d] SMP ARM", fsr, nr));
            return new String[]{head, sb.toString()};
        }
        boolean pae = k.arch instanceof I386 i && i.pae();
        String head = addr < 4096
                ? String.format("BUG: kernel NULL pointer dereference, address: %08x", addr)
                : String.format("BUG: unable to handle page fault for address: %08x", addr);
        sb.append(head).append('\n');
        sb.append(String.format("#PF: supervisor %s access in kernel mode%n", write ? "write" : "read"));
        sb.append(String.format("#PF: error_code(0x%04x) - %s%n", errorCode, (errorCode & 1) != 0 ? "permissions violation" : "not-present page"));
        int i = 0;
        if (pae && !w.steps().isEmpty()) sb.append(String.format("*pdpt = %016x ", w.steps().get(i++).raw()));
        if (i < w.steps().size()) {
            WalkResult.Step pmd = w.steps().get(i++);
            sb.append(pae ? String.format("*pde = %016x ", pmd.raw()) : String.format("*pde = %08x ", pmd.raw()));
            if (f.present(pmd.level(), pmd.raw()) && !f.leaf(pmd.level(), pmd.raw()) && i < w.steps().size())
                sb.append(pae ? String.format("*pte = %016x ", w.steps().get(i).raw()) : String.format("*pte = %08x ", w.steps().get(i).raw()));
        }
        sb.setLength(sb.length() - (sb.charAt(sb.length() - 1) == ' ' ? 1 : 0));
        sb.append('\n').append(String.format("Oops: %04x [#%d] PREEMPT SMP", errorCode, nr));
        return new String[]{head, sb.toString()};
    }
}
