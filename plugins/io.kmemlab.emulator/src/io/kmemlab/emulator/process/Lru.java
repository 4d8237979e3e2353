package io.kmemlab.emulator.process;

import io.kmemlab.emulator.trace.Trace;

/** The per-CPU LRU add batch of cpu 0 (mm/swap.c): pages waiting to go on the LRU, each holding a reference. */
final class Lru {
    private final Env env;
    private long[] batch;
    private int count;

    Lru(Env env) {
        this.env = env;
        this.batch = new long[Math.max(1, env.profile.lruBatch())];
    }

    /**
     * folio_add_lru() (mm/swap.c): folio_get() and queue on the per-CPU batch; PG_lru is set
     * when the batch (PAGEVEC_SIZE) is full or drained, and the batch's references are dropped.
     */
    void add(long pfn, Trace t) {
        env.store.setRefcount(pfn, env.store.refcount(pfn) + 1);
        batch[count++] = pfn;
        if (count == batch.length) drain(t);
    }

    /**
     * lru_add_drain(): every queued folio goes on its LRU list (PG_lru) and loses the batch's reference.
     * Before 5.9 a new anonymous page went on the active anon list (2.6.32 page_add_new_anon_rmap ->
     * lru_cache_add_lru(page, LRU_ACTIVE_ANON); ____pagevec_lru_add sets PG_active); since 5.9
     * (lru_cache_add_inactive_or_unevictable) it starts inactive.
     */
    void drain(Trace t) {
        int lruBit = env.profile.bit("lru");
        int activeBit = env.profile.atLeast(5, 9) ? -1 : env.profile.bit("active");
        int n = count;
        count = 0;
        for (int i = 0; i < n; i++) {
            long pfn = batch[i];
            if (lruBit >= 0) env.store.setFlagBit(pfn, lruBit, true);
            if (activeBit >= 0) env.store.setFlagBit(pfn, activeBit, true);
            int rc = env.store.refcount(pfn);
            if (rc <= 1) {                                   // the last reference: folios_put() frees it
                env.store.setFlagBit(pfn, lruBit, false);
                if (activeBit >= 0) env.store.setFlagBit(pfn, activeBit, false);
                env.host.freePages(pfn, 0, t);
            } else {
                env.store.setRefcount(pfn, rc - 1);
            }
        }
        if (n > 0 && t.enabled()) t.note(String.format("lru_add_drain: %d pages put on the LRU (PG_lru), batch references dropped", n));
    }

    /** Pages waiting in the per-CPU LRU batch. */
    int count() { return count; }

    record State(long[] batch, int count) { }

    State save() { return new State(batch.clone(), count); }

    void load(State s) {
        batch = s.batch().clone();
        count = s.count();
    }
}
