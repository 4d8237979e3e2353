package io.kmemlab.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * PageXxx on compound tail pages follow the policies of include/linux/page-flags.h (v6.12):
 * PF_HEAD / PF_NO_TAIL / FOLIO_HEAD_PAGE go to compound_head(), PF_ANY / PF_NO_COMPOUND read the
 * page itself. In 6.12 the low byte of page[1].flags is the folio order (folio_set_order in
 * mm/internal.h), so without the policies a tail's PG_locked/PG_writeback would read order bits.
 * 2.6.32 has no policies (TESTPAGEFLAG is test_bit on the page given).
 */
class CompoundFlagPolicyTest {
    static final Trace N = Trace.NONE;

    @Test void tailFlagTestsFollowThePolicies612() {
        Machine m = Machine.boot(Machines.small());
        int order = 3;                                               // low byte 0b11: PG_locked (0) and PG_writeback (1)
        long head = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, order, N);
        long hpfn = m.pageToPfn(head, N);
        long page1 = m.pfnToPage(hpfn + 1, N), page5 = m.pfnToPage(hpfn + 5, N);
        assertEquals(order, m.page(page1, N).fields().get("flags") & 0xff);   // folio_order() = _flags_1 & 0xff
        // PageLocked / PageWriteback: PF_NO_TAIL -> compound_head(page): the head is neither
        assertFalse(m.pageFlag("PageLocked", page1, N));
        assertFalse(m.pageFlag("PageWriteback", page1, N));
        assertFalse(m.pageFlag("PageUptodate", page1, N));           // folio_test_uptodate(page_folio(page))
        // SetPageDirty(tail) is PF_HEAD: it sets the head's PG_dirty, PageDirty(any tail) sees it
        assertTrue(m.setPageFlag("PageDirty", page5, true, N));
        assertTrue(m.pageFlag("PageDirty", head, N));
        assertTrue(m.pageFlag("PageDirty", page1, N));
        int dirty = m.profile().bit("dirty");
        assertEquals(0, m.page(page5, N).fields().get("flags") & (1L << dirty));   // the tail's own word is untouched
        // PagePrivate is PF_ANY, PageReserved PF_NO_COMPOUND: the page's own word
        assertTrue(m.setPageFlag("PagePrivate", page5, true, N));
        assertTrue(m.pageFlag("PagePrivate", page5, N));
        assertFalse(m.pageFlag("PagePrivate", head, N));
        assertFalse(m.pageFlag("PageReserved", page5, N));
        // show page: the order byte of the folio's second page is not listed as PG_ flags
        StructPage sp = m.page(page1, N);
        assertFalse(sp.flagNames().contains("PG_locked"), sp.flagNames().toString());
        assertFalse(sp.flagNames().contains("PG_writeback"), sp.flagNames().toString());
        assertEquals(order, sp.fields().get("_folio_order"));
    }

    /** 2.6.32 include/linux/page-flags.h: Page##uname(page) = test_bit(PG_##lname, &page->flags), no compound_head(). */
    @Test void kernel26TestsThePageItself() {
        Machine m = Machine.boot(Machines.small().kernel("2.6"));
        long head = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, N);
        long tail = m.pfnToPage(m.pageToPfn(head, N) + 1, N);
        assertTrue(m.setPageFlag("PageDirty", tail, true, N));
        assertTrue(m.pageFlag("PageDirty", tail, N));
        assertFalse(m.pageFlag("PageDirty", head, N));
    }
}
