package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.inspect.ZoneSnapshot;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * Per-CPU lists hold the orders of pcp_allowed_order() (mm/page_alloc.c, v6.12; since 5.13): 0 up to
 * PAGE_ALLOC_COSTLY_ORDER (3) and HPAGE_PMD_ORDER (9 on x86_64) with CONFIG_TRANSPARENT_HUGEPAGE.
 * An empty list is refilled by rmqueue_bulk() with nr_pcp_alloc() blocks: max(batch >> order, 2) for
 * order > 0 when batch > 1; pcp->count counts pages (1 << order per block). 2.6.32 lists are order 0 only.
 */
class PcpOrdersTest {
    static final Trace N = Trace.NONE;

    static ZoneSnapshot normal(Machine m) {
        return m.inspect().zones().stream().filter(z -> z.name().equals("Normal")).findFirst().orElseThrow();
    }

    static long nrPcpAlloc(int batch, int order) { return batch > 1 ? Math.max(batch >> order, 2) : 1; }

    @Test void ordersOneToThreeAndTheThpOrder612() {
        Machine m = Machine.boot(Machines.pc24g());
        ZoneSnapshot z0 = normal(m);
        int batch = z0.pcp().get(0).batch();
        assertTrue(batch > 8, "pc24g's Normal zone has a large batch: " + batch);
        for (int order : new int[]{1, 2, 3, 9}) {
            ZoneSnapshot before = normal(m);
            long page = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, order, N);
            assertTrue(page != 0);
            ZoneSnapshot after = normal(m);
            long blocks = nrPcpAlloc(batch, order);
            assertEquals(-(blocks << order), after.free() - before.free(), "order " + order);
            assertEquals((blocks - 1) << order, after.pcp().get(0).count() - before.pcp().get(0).count(), "order " + order);
            // freeing it puts it back on its list: pcp->count += 1 << order (below pcp->high here)
            assertTrue(after.pcp().get(0).count() + (1 << order) < after.pcp().get(0).high());
            m.freePages(page, order, N);
            assertEquals((blocks << order), normal(m).pcp().get(0).count() - before.pcp().get(0).count(), "order " + order);
            assertEquals(after.free(), normal(m).free());
        }
        // order 4 is neither costly-or-below nor the THP order: the buddy lists directly
        ZoneSnapshot before = normal(m);
        long page = m.allocPages(Gfp.GFP_KERNEL, 4, N);
        assertEquals(-16, normal(m).free() - before.free());
        assertEquals(before.pcp().get(0).count(), normal(m).pcp().get(0).count());
        m.freePages(page, 4, N);
        assertEquals(before.free(), normal(m).free());
        assertTrue(m.invariants().isEmpty(), () -> m.invariants().toString());
    }

    /** Without CONFIG_TRANSPARENT_HUGEPAGE pcp_allowed_order(HPAGE_PMD_ORDER) is false. */
    @Test void noThpNoOrder9List() {
        Machine m = Machine.boot(Machines.pc24g().config(ConfigOption.THP, false));
        ZoneSnapshot before = normal(m);
        m.allocPages(Gfp.GFP_KERNEL, 9, N);
        assertEquals(-512, normal(m).free() - before.free());
        assertEquals(before.pcp().get(0).count(), normal(m).pcp().get(0).count());
    }

    /** 2.6.32 mm/page_alloc.c buffered_rmqueue(): only order 0 goes through the per-cpu pageset. */
    @Test void kernel26OrderZeroOnly() {
        Machine m = Machine.boot(Machines.pc24g().kernel("2.6"));
        ZoneSnapshot before = normal(m);
        m.allocPages(Gfp.GFP_KERNEL, 1, N);
        assertEquals(-2, normal(m).free() - before.free());
        assertEquals(before.pcp().get(0).count(), normal(m).pcp().get(0).count());
    }
}
