package io.kmemlab.emulator.process;

/**
 * struct vm_area_struct: [start, end), protection, mmap flags, vm_pgoff, anon_vma.
 * Anonymous private mappings only (plus MAP_HUGETLB and MAP_SHARED|MAP_ANONYMOUS treated as
 * private anonymous memory).
 */
public final class Vma {
    long start, end;
    final long prot, flags;
    long pgoff;              // vm_pgoff: vm_start >> PAGE_SHIFT for anonymous memory
    long anonVma;            // struct anon_vma * (0 until the first fault: anon_vma_prepare)

    Vma(long start, long end, long prot, long flags) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.flags = flags;
        this.pgoff = start >>> 12;
    }

    Vma copy() {
        Vma v = new Vma(start, end, prot, flags);
        v.pgoff = pgoff;
        v.anonVma = anonVma;
        return v;
    }

    public long start() { return start; }
    public long end() { return end; }
    public long prot() { return prot; }
    public long flags() { return flags; }
    public long pgoff() { return pgoff; }
    public boolean hugetlb() { return (flags & UserFlags.MAP_HUGETLB) != 0; }
    public boolean readable() { return (prot & UserFlags.PROT_READ) != 0; }
    public boolean writable() { return (prot & UserFlags.PROT_WRITE) != 0; }
    public boolean executable() { return (prot & UserFlags.PROT_EXEC) != 0; }

    /** /proc/PID/maps style line. */
    @Override public String toString() {
        return String.format("%012x-%012x %s%s%sp %08x 00:00 0 %s", start, end, readable() ? "r" : "-", writable() ? "w" : "-",
                executable() ? "x" : "-", 0, hugetlb() ? "/anon_hugepage (deleted)" : "");
    }
}
