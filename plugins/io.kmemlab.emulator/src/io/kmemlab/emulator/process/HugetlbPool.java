package io.kmemlab.emulator.process;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.PageTypes;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayDeque;

/**
 * The 2 MiB hstate (mm/hugetlb.c): `hugepages N` folios allocated at boot
 * (hugetlb_hstate_alloc_pages), free folios frozen at refcount 0 with the hugetlb page type,
 * reservations taken at mmap time (hugetlb_reserve_pages) and consumed by faults.
 */
final class HugetlbPool {
    private final Env env;
    private ArrayDeque<Long> free = new ArrayDeque<>();      // free folio head pfns
    private long reserved, total;

    HugetlbPool(Env env) { this.env = env; }

    void init(int pages, Trace t) {
        for (int i = 0; i < pages; i++) {
            long pfn = env.host.allocPages(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COMP | Gfp.__GFP_NOWARN, 9, FrameOwner.USER, t);
            if (pfn < 0) {
                env.host.report(Diagnostic.of(Diagnostic.Kind.WARN, String.format("HugeTLB: allocating %d of page size 2.00 MiB failed.  Only allocated %d hugepages.", pages, i)), t);
                break;
            }
            env.store.setRefcount(pfn, 0);                            // free hugetlb folios are frozen
            env.types.set(env.store, pfn, PageTypes.Type.HUGETLB);
            free.add(pfn);
            total++;
        }
    }

    /** Free folios not promised to a mapping (HugePages_Free - HugePages_Rsvd). */
    long available() { return free.size() - reserved; }

    long total() { return total; }

    /** hugetlb_reserve_pages(): false (-ENOMEM, MAP_FAILED) when the pool cannot cover n folios. */
    boolean reserve(long n) {
        if (available() < n) return false;
        reserved += n;
        return true;
    }

    void unreserve(long n) { reserved = Math.max(0, reserved - n); }

    /** alloc_hugetlb_folio() for a fault: consumes a reservation; -1 when the pool is empty. */
    long take() {
        Long pfn = free.pollFirst();
        if (pfn == null) return -1;
        unreserve(1);
        return pfn;
    }

    /** free_huge_folio(): back to the pool. */
    void giveBack(long pfn) { free.addFirst(pfn); }

    record State(ArrayDeque<Long> free, long reserved, long total) { }

    State save() { return new State(new ArrayDeque<>(free), reserved, total); }

    void load(State s) {
        free = new ArrayDeque<>(s.free);
        reserved = s.reserved;
        total = s.total;
    }
}
