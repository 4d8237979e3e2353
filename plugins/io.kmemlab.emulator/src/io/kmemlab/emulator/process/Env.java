package io.kmemlab.emulator.process;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.arch.Prot;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.paging.PageTables;
import io.kmemlab.emulator.paging.Walker;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Trace;

/** What the parts of the process subsystem share: the host and the machine's memory structures. */
final class Env {
    final Processes.Host host;
    final Arch arch;
    final EntryFormat fmt;
    final KernelProfile profile;
    final PhysMem phys;
    final PageStore store;
    final PageTypes types;
    final PageTables tables;
    final Walker walker;

    Env(Processes.Host host, Arch arch, KernelProfile profile, PhysMem phys, PageStore store, PageTables tables, Walker walker) {
        this.host = host;
        this.arch = arch;
        this.fmt = arch.paging().format();
        this.profile = profile;
        this.phys = phys;
        this.store = store;
        this.types = new PageTypes(profile, arch.wordBytes());
        this.tables = tables;
        this.walker = walker;
    }

    /** Prot bits pte_mkdirty() adds: DIRTY, and SOFT_DIRTY with CONFIG_MEM_SOFT_DIRTY (arch/x86/include/asm/pgtable.h). */
    int mkdirty() { return Prot.DIRTY | (host.memSoftDirty() ? Prot.SOFT_DIRTY : 0); }

    /** pte_special() or, where the format has no such bit (ARM 2-level), vm_normal_page()'s is_zero_pfn(). */
    boolean specialPte(long pte) {
        return fmt.special(PagingMode.PTE, pte) || (fmt.leafPhys(PagingMode.PTE, pte) >>> 12) == host.zeroPagePfn();
    }

    /** folio_remove_rmap_pte + folio_put. */
    void unmapPage(MmStruct mm, long pfn, Trace t) {
        store.setMapcount(pfn, store.mapcount(pfn) - 1);
        mm.rssAnon--;
        int rc = store.refcount(pfn);
        if (rc <= 1) {
            store.setWord(pfn, 2, 0);
            store.setRefcount(pfn, 1);
            host.freePages(pfn, 0, t);
        } else {
            store.setRefcount(pfn, rc - 1);
        }
    }

    /** Sets PG_name when this kernel has the flag. */
    void setFlag(long pfn, String name) {
        int b = profile.bit(name);
        if (b >= 0) store.setFlagBit(pfn, b, true);
    }

    static void note(Trace t, String s) { if (t.enabled()) t.note(s); }
}
