package io.kmemlab.emulator;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.inspect.Baseline;
import io.kmemlab.emulator.inspect.InspectHost;
import io.kmemlab.emulator.mm.MemoryModel;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/** The machine as the inspection API sees it: read-only access to the subsystems of one {@link Kernel}. */
final class MachineInspection implements InspectHost {
    private final Machine m;
    private final Kernel k;

    MachineInspection(Machine m) {
        this.m = m;
        this.k = m.kernelState();
    }

    @Override public KernelProfile profile() { return k.profile; }
    @Override public Arch arch() { return k.arch; }
    @Override public BootPhase phase() { return k.phase; }
    @Override public int cpus() { return Math.max(1, k.spec.cpus()); }
    @Override public PageStore store() { return k.store; }
    @Override public PhysMem phys() { return k.phys; }
    @Override public long storePfns() { return k.storePfns; }
    @Override public MemoryModel model() { return k.model; }
    @Override public PageFlags pageFlags() { return k.pageFlags; }
    @Override public List<Node> nodes() { return k.nodes == null ? List.of() : List.copyOf(k.nodes); }
    @Override public PageAllocator alloc() { return k.alloc; }
    @Override public String uninitialisedStructPage(long pfn) { return k.uninitialisedStructPage(pfn); }
    @Override public long initPgd() { return k.tables == null ? -1 : k.initPgd; }

    @Override public long initMmAddress() {
        Long a = k.symbols.get("init_mm");
        return a == null ? 0 : a;
    }

    @Override public WalkResult walk(long pgdPa, long va) { return k.walker == null ? null : k.walker.walk(pgdPa, va, Trace.NONE); }

    @Override public List<MmStruct> mms() { return k.processes == null ? List.of() : k.processes.mms(); }

    @Override public List<TaskRef> tasks() {
        List<TaskRef> all = new ArrayList<>();
        all.add(new TaskRef(m.kernel().name(), m.kernel().pid(), m.kernel()));
        for (Task t : m.tasks()) all.add(new TaskRef(t.name(), t.pid(), t));
        return all;
    }

    @Override public Highmem highmem() { return k.highmem; }

    @Override public StructPage decode(long pfn) {
        if (k.phase == null || k.phase.ordinal() < BootPhase.STRUCT_PAGES.ordinal()) return null;
        return new PageInspector(k).inspect(pfn, k.pfnToPage(pfn));
    }

    @Override public KmemCache slabCache(long address) { return k.slub == null ? null : k.slub.cacheAt(address); }

    /** The parts of checkpoint {@code c} a change set compares against. */
    static Baseline baseline(Checkpoint c) {
        Kernel.Snapshot s = c.kernel();
        return new Baseline(c.phase(), s.store(), s.phys(), s.alloc() == null ? null : s.alloc().state());
    }
}
