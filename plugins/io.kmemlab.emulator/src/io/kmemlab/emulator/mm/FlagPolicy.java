package io.kmemlab.emulator.mm;

import io.kmemlab.emulator.spec.KernelProfile;
import java.util.Set;

/**
 * Which struct page a PageXxx / SetPageXxx / ClearPageXxx accessor reads or writes when it is
 * handed a compound tail page (include/linux/page-flags.h, policies since 4.5).
 *
 * <ul>
 * <li>{@link #HEAD}: PF_HEAD, PF_NO_TAIL (tests and sets go through compound_head()),
 *     FOLIO_HEAD_PAGE (folio_test_xxx(page_folio(page)) reads folio->flags, the head's word) and
 *     PageUptodate (folio_test_uptodate(page_folio(page))). In 6.x the low byte of page[1].flags is
 *     the folio order, so reading PG_locked..PG_lru of a tail's own word would read order bits.</li>
 * <li>{@link #PAGE}: PF_ANY (PG_private, PG_hwpoison, PG_head) and PF_NO_COMPOUND (PG_reserved,
 *     PG_owner_priv_1 as Checked/Pinned/SavePinned/Foreign/XenRemapped, PG_reported), and the
 *     arch bits, which have no accessor macro: the page's own flags word.</li>
 * </ul>
 * 2.6.32 has no policies: its TESTPAGEFLAG is test_bit(PG_x, &page->flags) on the page handed in.
 */
public enum FlagPolicy {
    HEAD, PAGE;

    /** PG_ names (without PG_) whose accessors are PF_ANY or PF_NO_COMPOUND in 6.x page-flags.h. */
    private static final Set<String> OWN_WORD = Set.of("private", "hwpoison", "head", "reserved", "arch_1", "arch_2",
            "arch_3", "reported", "owner_priv_1", "vmemmap_self_hosted");

    /**
     * The policy of accessor PageXxx ({@code accessor} = "Xxx") for PG_{@code flag} under
     * {@code profile}. PageSwapCache shares PG_owner_priv_1 with the PF_NO_COMPOUND Xen aliases
     * but is folio_test_swapcache(page_folio(page)): the head.
     */
    public static FlagPolicy of(String accessor, String flag, KernelProfile profile) {
        if (!profile.compoundFlagPolicies()) return PAGE;
        if (accessor.equals("SwapCache")) return HEAD;
        return OWN_WORD.contains(flag) ? PAGE : HEAD;
    }
}
