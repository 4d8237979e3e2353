package io.kmemlab.emulator.inspect;

import java.util.List;

/**
 * An mm_struct: init_mm or a process's address space, with its VMAs. An immutable snapshot.
 *
 * @param name   "init_mm" or the process's name
 * @param pid    the owning task's pid (0 for init_mm)
 * @param mm     the mm_struct's kernel address
 * @param pgd    physical address of mm->pgd
 * @param kernel true for init_mm
 * @param vmas   the VMAs by start address
 */
public record AddressSpace(String name, int pid, long mm, long pgd, boolean kernel, List<VmaInfo> vmas) {
    public AddressSpace { vmas = List.copyOf(vmas); }

    /**
     * struct vm_area_struct: [start, end), PROT_ and MAP_ bits, vm_pgoff.
     *
     * @param perms /proc/PID/maps permissions ("rw-p")
     */
    public record VmaInfo(long start, long end, long prot, long flags, long pgoff, String perms, boolean hugetlb) {
        public boolean contains(long va) { return Long.compareUnsigned(va, start) >= 0 && Long.compareUnsigned(va, end) < 0; }
    }
}
