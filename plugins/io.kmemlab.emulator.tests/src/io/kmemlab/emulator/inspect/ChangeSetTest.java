package io.kmemlab.emulator.inspect;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.BootPhase;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Change sets of single steps, computed from a checkpoint taken before the step. */
class ChangeSetTest {
    static final Trace N = Trace.NONE;

    static long counter(ChangeSet cs, String zone, String name) {
        return cs.counters().stream().filter(c -> c.zone().equals(zone) && c.counter().equals(name))
                .mapToLong(c -> c.after() - c.before()).sum();
    }

    /**
     * alloc_pages(GFP_KERNEL, 2) on the 32 MiB machine (no Normal zone: the zonelist falls back
     * to DMA32): four frames change owner, NR_FREE_PAGES drops by 1 << 2 and the free_area
     * counts change so that sum(delta nr_free[o] << o) = -4 (__rmqueue_smallest + expand()).
     * Order 2 goes through the per-CPU list (pcp_allowed_order, mm/page_alloc.c since 5.13), but this
     * zone's pcp->batch is 1, so nr_pcp_alloc() asks rmqueue_bulk() for one block that is handed out
     * at once: the per-CPU count ends where it began.
     */
    @Test void allocOrderTwoChangesFourFramesAndTheFreeCounter() {
        Machine m = Machine.boot(Specs.tiny());
        assertEquals(1, m.inspect().zones().stream().filter(s -> s.name().equals("DMA32")).findFirst().orElseThrow().pcp().get(0).batch());
        Checkpoint c = m.checkpoint();
        long page = m.allocPages(Gfp.GFP_KERNEL, 2, N);
        long pfn = m.pageToPfn(page, N);
        ChangeSet cs = m.changesSince(c);
        assertEquals(List.of(new ChangeSet.OwnerChange(pfn, 4, FrameOwner.FREE, FrameOwner.KERNEL)), cs.owners());
        assertEquals(-4, counter(cs, "DMA32", "nr_free_pages"));
        long pages = 0;
        for (ChangeSet.CounterChange cc : cs.counters()) {
            assertEquals("DMA32", cc.zone());
            assertFalse(cc.counter().startsWith("pcp"), cc.toString());
            if (cc.counter().startsWith("free_area[")) {
                int o = Integer.parseInt(cc.counter().substring(10, cc.counter().indexOf(']')));
                pages += (cc.after() - cc.before()) << o;
            }
        }
        assertEquals(-4, pages);
        assertTrue(cs.frames().isEmpty());
        assertTrue(cs.entries().isEmpty());
        assertTrue(cs.ranges().isEmpty());
        // set_page_refcounted() on the head; the former free head lost PGTY_buddy and its order
        assertTrue(cs.fields().contains(new ChangeSet.FieldChange(pfn, 52, 4, "_refcount", 0, 1)), cs.fields()::toString);
        assertTrue(cs.fields().contains(new ChangeSet.FieldChange(pfn, 48, 4, "_mapcount", (int) (0xf0L << 24), -1)), cs.fields()::toString);
        assertTrue(cs.fields().stream().anyMatch(f -> f.pfn() == pfn && f.offset() == 40 && f.before() >= 2 && f.after() == 0),
                cs.fields()::toString);                                  // page->private held the free block's order
        for (ChangeSet.FieldChange f : cs.fields()) assertTrue(f.pfn() >= pfn, f.toString());
    }

    /**
     * __free_pages() of the same block: the reverse owner change; order 2 is pcp_allowed_order (6.12), so
     * free_unref_page_commit() puts it on the per-CPU list (pcp->count += 1 << 2, below pcp->high) and
     * NR_FREE_PAGES stays.
     */
    @Test void freeOrderTwoReturnsTheFrames() {
        Machine m = Machine.boot(Specs.tiny());
        long page = m.allocPages(Gfp.GFP_KERNEL, 2, N);
        long pfn = m.pageToPfn(page, N);
        Checkpoint c = m.checkpoint();
        m.freePages(page, 2, N);
        ChangeSet cs = m.changesSince(c);
        assertEquals(List.of(new ChangeSet.OwnerChange(pfn, 4, FrameOwner.KERNEL, FrameOwner.FREE)), cs.owners());
        assertEquals(0, counter(cs, "DMA32", "nr_free_pages"));
        assertEquals(4, counter(cs, "DMA32", "pcp[0].count"));
    }

    /**
     * An order-0 allocation from an empty per-CPU list: rmqueue_bulk() moves pcp->batch pages off
     * the buddy lists (NR_FREE_PAGES -= batch) onto the list and one is handed out
     * (mm/page_alloc.c rmqueue_pcplist); the emulator uses the base batch (no alloc_factor scaling).
     */
    @Test void orderZeroGoesThroughThePerCpuList() {
        Machine m = Machine.boot(Specs.tiny());
        ZoneSnapshot z = m.inspect().zones().stream().filter(s -> s.name().equals("DMA32")).findFirst().orElseThrow();
        assertEquals(0, z.pcp().get(0).count());
        int batch = z.pcp().get(0).batch();
        Checkpoint c = m.checkpoint();
        long pfn = m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL, 0, N), N);
        ChangeSet cs = m.changesSince(c);
        assertEquals(-batch, counter(cs, "DMA32", "nr_free_pages"));
        assertEquals(batch - 1, counter(cs, "DMA32", "pcp[0].count"));
        assertEquals(List.of(new ChangeSet.OwnerChange(pfn, 1, FrameOwner.FREE, FrameOwner.KERNEL)), cs.owners());
    }

    /**
     * A user write that faults a page in (do_anonymous_page): a frame becomes the process's, its
     * pte is written in the process's tree (level pte, index and covered address from the
     * address), and the frame's contents change.
     */
    @Test void demandFaultWritesThePte() {
        Machine m = Machine.boot(Specs.tiny());
        Task p = m.process("app");
        long va = m.mmap(p, 16 * 4096, PROT_READ | PROT_WRITE, 0, N) + 3 * 4096;
        Checkpoint c = m.checkpoint();
        m.write(p, va + 8, 8, 0x1122334455667788L, N);
        ChangeSet cs = m.changesSince(c);
        AddressSpace app = m.inspect().addressSpace("app");
        Translation t = m.inspect().walk(app, va);
        ChangeSet.EntryChange pte = cs.entries().stream().filter(e -> e.level() == PagingMode.PTE).findFirst().orElseThrow();
        assertEquals(t.last().entryPa(), pte.entryPa());
        assertEquals("pte", pte.levelName());
        assertEquals((va >>> 12) & 511, pte.index());
        assertEquals(va, pte.va());
        assertEquals(4096, pte.span());
        assertEquals(app.pgd(), pte.pgd());
        assertTrue(pte.covers(va + 100));
        assertEquals(0, pte.before());
        assertEquals(t.pfn(), (pte.after() & TranslationTest.PFN_MASK) >>> 12);
        assertTrue(cs.owners().stream().anyMatch(o -> o.contains(t.pfn()) && o.before() == FrameOwner.FREE && o.after() == FrameOwner.USER));
        assertTrue(cs.frames().contains(new ChangeSet.FrameWrite(t.pfn(), 1)), cs.frames()::toString);
        // every entry written is in a table the walk of va went through, or a new table below it
        for (ChangeSet.EntryChange e : cs.entries()) {
            assertTrue(e.level() >= 0, e.toString());
            assertTrue(e.covers(va), e.toString());
        }
    }

    /** Writing an already mapped page changes that frame only. */
    @Test void secondWriteIsOneFrame() {
        Machine m = Machine.boot(Specs.tiny());
        Task p = m.process("app");
        long va = m.mmap(p, 4096, PROT_READ | PROT_WRITE, 0, N);
        m.write(p, va, 8, 1, N);
        Checkpoint c = m.checkpoint();
        m.write(p, va + 16, 8, 2, N);
        m.write(p, va + 24, 8, 3, N);
        ChangeSet cs = m.changesSince(c);
        long pfn = m.inspect().walk(m.inspect().addressSpace("app"), va).pfn();
        assertEquals(List.of(new ChangeSet.FrameWrite(pfn, 2)), cs.frames());
        assertTrue(cs.owners().isEmpty() && cs.entries().isEmpty() && cs.fields().isEmpty() && cs.counters().isEmpty(), cs::toString);
    }

    @Test void noStepNoChanges() {
        Machine m = Machine.boot(Specs.tiny());
        m.allocPages(Gfp.GFP_KERNEL, 1, N);
        Checkpoint c = m.checkpoint();
        assertTrue(m.changesSince(c).isEmpty());
        m.allocPages(Gfp.GFP_KERNEL, 1, N);
        assertFalse(m.changesSince(c).isEmpty());
        m.restore(c);
        assertTrue(m.changesSince(c).isEmpty(), () -> m.changesSince(c).toString());
    }

    /** A change set against an older checkpoint covers every step since. */
    @Test void olderCheckpointAccumulates() {
        Machine m = Machine.boot(Specs.tiny());
        Checkpoint c = m.checkpoint();
        long a = m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL, 3, N), N);
        Checkpoint c2 = m.checkpoint();
        long b = m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL, 3, N), N);
        ChangeSet all = m.changesSince(c), last = m.changesSince(c2);
        assertEquals(List.of(new ChangeSet.OwnerChange(b, 8, FrameOwner.FREE, FrameOwner.KERNEL)), last.owners());
        assertEquals(16, all.owners().stream().mapToLong(ChangeSet.OwnerChange::count).sum());
        assertTrue(all.owners().stream().anyMatch(o -> o.contains(a)) && all.owners().stream().anyMatch(o -> o.contains(b)));
        assertEquals(-16, counter(all, "DMA32", "nr_free_pages"));
    }

    /**
     * Against the latest checkpoint the free lists report the slots they wrote (a journal);
     * against an older one, identical in content, they compare their arrays; short and long
     * runs of allocations and frees (the journal overflows after 1024 slot writes) give the
     * same change set both ways.
     */
    @Test void journalAndArrayCompareAgree() {
        for (int n : new int[]{3, 40, 600}) {
            Machine m = Machine.boot(Specs.tiny());
            Checkpoint older = m.checkpoint(), latest = m.checkpoint();
            long[] held = new long[n];
            for (int i = 0; i < n; i++) held[i] = m.allocPages(Gfp.GFP_KERNEL, i % 4, N);
            for (int i = 0; i < n; i += 2) m.freePages(held[i], i % 4, N);
            ChangeSet a = m.changesSince(latest), b = m.changesSince(older);
            assertEquals(b, a, "n = " + n);
            assertFalse(a.fields().isEmpty());
        }
    }

    /**
     * __free_one_page() merging with a buddy in the middle of its free list: list_del() rewrites
     * the neighbours' buddy_list links (mm/page_alloc.c del_page_from_free_list), so their
     * struct pages are in the change set - found the same way against the latest and an older
     * checkpoint.
     */
    @Test void mergeUnlinksTheBuddyFromTheMiddleOfItsList() {
        Machine m = Machine.boot(Specs.tiny());
        java.util.Set<Long> held = new java.util.HashSet<>();
        // order 4: above PAGE_ALLOC_COSTLY_ORDER and not the THP order, so never on a per-CPU list
        for (int i = 0; i < 16; i++) held.add(m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL, 4, N), N));
        // free upper halves whose buddy (pfn ^ 16, __find_buddy_pfn) we hold: no merge, they stay on the order-4 list
        List<Long> freed = held.stream().filter(p -> (p & 16) != 0 && held.contains(p ^ 16)).sorted().toList();
        assertTrue(freed.size() >= 3, freed::toString);
        for (long p : freed) m.freePages(m.pfnToPage(p, N), 4, N);
        Inspector in = m.inspect();
        long vmemmap = m.layout().vmemmapStart();
        long middle = freed.stream().filter(p -> in.page(p).inUse().get("buddy_list.next") != 0 && in.page(p).inUse().get("buddy_list.prev") != 0)
                .findFirst().orElseThrow();
        long next = (in.page(middle).inUse().get("buddy_list.next") - 8 - vmemmap) / 64;
        long prev = (in.page(middle).inUse().get("buddy_list.prev") - 8 - vmemmap) / 64;
        Checkpoint older = m.checkpoint(), latest = m.checkpoint();
        m.freePages(m.pfnToPage(middle ^ 16, N), 4, N);                    // its buddy: merge to order 5
        ChangeSet cs = m.changesSince(latest);
        assertEquals(m.changesSince(older), cs);
        assertEquals(-1, m.buddyOrder(m.pfnToPage(middle, N), N));         // no longer a free head
        for (long neighbour : new long[]{next, prev})
            assertTrue(cs.fields().stream().anyMatch(f -> f.pfn() == neighbour && (f.offset() == 8 || f.offset() == 16)),
                    () -> "neighbour " + neighbour + " of " + middle + ": " + cs.fields());
    }

    /**
     * memmap_init() (boot phase STRUCT_PAGES) recomputes every descriptor: reported as ranges, not
     * per frame; the kernel image's 12288 frames (48 MiB at 16 MiB) become "kernel".
     */
    @Test void bootStepIsReportedInRanges() {
        Machine m = Machine.create(Specs.pc24g());
        m.bootTo(BootPhase.ZONES, N);
        Checkpoint c = m.checkpoint();
        m.bootStep(N);
        assertEquals(BootPhase.STRUCT_PAGES, m.phase());
        ChangeSet cs = m.changesSince(c);
        assertFalse(cs.ranges().isEmpty());
        long image = 16L << 20 >> 12;
        ChangeSet.OwnerChange o = cs.owners().stream().filter(x -> x.contains(image)).findFirst().orElseThrow();
        assertEquals(FrameOwner.KERNEL, o.after());
        assertEquals(image, o.startPfn());
        assertEquals(48L << 20 >> 12, o.count());
        assertTrue(cs.ranges().stream().anyMatch(r -> r.contains(image)));
    }

    /** The same step on a 1 TiB machine: the same change set, found without scanning the machine. */
    @Test void oneTebibyteAllocIsTheSameChangeSet() {
        Machine m = Machine.boot(Specs.tib1());
        Checkpoint c = m.checkpoint();
        long pfn = m.pageToPfn(m.allocPages(Gfp.GFP_KERNEL, 2, N), N);
        ChangeSet cs = m.changesSince(c);
        assertEquals(List.of(new ChangeSet.OwnerChange(pfn, 4, FrameOwner.FREE, FrameOwner.KERNEL)), cs.owners());
        // rmqueue_bulk() fills the empty order-2 per-CPU list with nr_pcp_alloc() = max(batch >> 2, 2) blocks
        int batch = m.inspect().zones().stream().filter(s -> s.name().equals("Normal")).findFirst().orElseThrow().pcp().get(0).batch();
        int blocks = batch > 1 ? Math.max(batch >> 2, 2) : 1;
        assertEquals(-4L * blocks, counter(cs, "Normal", "nr_free_pages"));
        assertEquals(4L * (blocks - 1), counter(cs, "Normal", "pcp[0].count"));
    }
}
