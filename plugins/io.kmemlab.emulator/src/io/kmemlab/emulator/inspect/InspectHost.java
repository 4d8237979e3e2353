package io.kmemlab.emulator.inspect;

import io.kmemlab.emulator.arch.Arch;
import io.kmemlab.emulator.highmem.Highmem;
import io.kmemlab.emulator.mm.MemoryModel;
import io.kmemlab.emulator.mm.Node;
import io.kmemlab.emulator.mm.PageAllocator;
import io.kmemlab.emulator.mm.PageFlags;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.process.MmStruct;
import io.kmemlab.emulator.process.TaskContext;
import io.kmemlab.emulator.slab.KmemCache;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.store.PageStore;
import io.kmemlab.emulator.store.PhysMem;
import java.util.List;

/**
 * What the inspector reads from a machine. Implemented next to the facade; subsystems that do
 * not exist yet in the current boot phase are null (or empty lists).
 */
public interface InspectHost {
    KernelProfile profile();

    /** Why the struct page of {@code pfn} is not initialised yet (deferred struct page init), null when it is. */
    default String uninitialisedStructPage(long pfn) { return null; }

    Arch arch();

    /** The last completed boot phase; null for a machine that cannot boot. */
    BootPhase phase();

    /** NR_CPUS of the machine (per-CPU lists, kmap slots). */
    int cpus();

    PageStore store();

    PhysMem phys();

    /** Frames with struct pages: [0, storePfns). */
    long storePfns();

    MemoryModel model();

    PageFlags pageFlags();

    List<Node> nodes();

    PageAllocator alloc();

    /** Physical address of init_mm's pgd (swapper_pg_dir / init_top_pgt), -1 before it exists. */
    long initPgd();

    /** init_mm's address (its symbol), 0 before boot ends. */
    long initMmAddress();

    /** The traced walk the CPU does from the table at {@code pgdPa}; null before PAGE_TABLES. */
    WalkResult walk(long pgdPa, long va);

    /** Process address spaces (mm_struct) in creation order. */
    List<MmStruct> mms();

    /** Every task: the scenario-level kernel context first, then kernel threads and processes. */
    List<TaskRef> tasks();

    /** The highmem subsystem, null without a pkmap area. */
    Highmem highmem();

    /** The struct page decoded through the union variant in use (the facade's page decoding). */
    StructPage decode(long pfn);

    /** The slab cache whose struct kmem_cache is at {@code address}, or null. */
    KmemCache slabCache(long address);

    /**
     * A task by name and pid; {@code key} is the object the subsystems know the task by (the
     * highmem kmap_ctrl owner).
     */
    record TaskRef(String name, int pid, TaskContext key) { }
}
