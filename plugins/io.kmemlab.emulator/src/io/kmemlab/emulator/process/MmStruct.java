package io.kmemlab.emulator.process;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** struct mm_struct: its address, pgd, VMAs (sorted by start), RSS counters. */
public final class MmStruct {
    final String owner;
    final int pid;
    final long address;        // kernel address of the mm_struct
    final long pgd;            // physical address of the PGD
    TreeMap<Long, Vma> vmas = new TreeMap<>();
    long rssAnon;

    MmStruct(String owner, int pid, long address, long pgd) {
        this.owner = owner;
        this.pid = pid;
        this.address = address;
        this.pgd = pgd;
    }

    public String owner() { return owner; }
    public int pid() { return pid; }
    public long address() { return address; }
    public long pgd() { return pgd; }
    public long rssAnon() { return rssAnon; }
    public List<Vma> vmas() { return new ArrayList<>(vmas.values()); }

    /** find_vma(): the VMA containing addr, or null. */
    public Vma find(long addr) {
        var e = vmas.floorEntry(addr);
        return e != null && Long.compareUnsigned(addr, e.getValue().end) < 0 ? e.getValue() : null;
    }
}
