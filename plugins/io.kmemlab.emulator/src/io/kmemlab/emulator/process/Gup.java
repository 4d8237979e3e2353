package io.kmemlab.emulator.process;

import io.kmemlab.emulator.arch.EntryFormat;
import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.paging.WalkResult;
import io.kmemlab.emulator.trace.Diagnostic;
import io.kmemlab.emulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * get_user_pages / pin_user_pages / unpin_user_page (mm/gup.c): fault pages in as
 * needed, then take a reference (FOLL_GET) or a pin (FOLL_PIN: refcount +=
 * GUP_PIN_COUNTING_BIAS for small folios, _pincount++ and refcount + 1 for large ones; never
 * on the zero page from 6.5 on).
 */
final class Gup {
    private final Env env;
    private final Faults faults;
    private final EntryFormat fmt;

    Gup(Env env, Faults faults) {
        this.env = env;
        this.faults = faults;
        this.fmt = env.fmt;
    }

    /** __get_user_pages(): fault in as needed, take a reference (FOLL_GET) or a pin (FOLL_PIN). */
    long[] gup(TaskContext task, long addr, int n, long foll, boolean pin, Trace t) {
        if (task == null) return new long[0];
        MmStruct mm = task.mm();
        boolean write = (foll & UserFlags.FOLL_WRITE) != 0;
        List<Long> out = new ArrayList<>();
        long start = addr & -4096L;
        for (int i = 0; i < n; i++) {
            long a = start + ((long) i << 12);
            WalkResult w = env.walker.walk(mm.pgd(), a, Trace.NONE);
            boolean ok = w.mapped() && (!write || leafWritable(w));
            if (!ok) {
                if (!faults.fault(task, a, write, t)) break;                   // -EFAULT for the rest
                w = env.walker.walk(mm.pgd(), a, Trace.NONE);
                if (!w.mapped()) break;
            }
            long pfn = w.pa() >>> 12;
            long head = w.leafLevel() == PagingMode.PMD ? fmt.leafPhys(PagingMode.PMD, w.last().raw()) >>> 12 : pfn;
            int rc = env.store.refcount(head);
            boolean large = head != pfn || env.host.isHead(head);
            if (pin && pfn == env.host.zeroPagePfn() && env.profile.zeroPageNeverPinned()) {
                // try_grab_folio: "Don't take a pin on the zero page" (is_zero_folio, 6.5+)
                if (t.enabled()) t.formula("try_grab_folio: is_zero_folio -> no pin on the zero page, refcount stays " + rc);
            } else if (pin && !large) env.store.setRefcount(head, rc + env.profile.gupPinBias());   // GUP_PIN_COUNTING_BIAS
            else {
                env.store.setRefcount(head, rc + 1);
                if (pin) env.host.compoundFields().addPincount(env.store, head + 1, 1);   // folio->_pincount++ (6.1: compound_pincount)
            }
            out.add(env.host.pfnToPage(pfn));
        }
        if (t.enabled()) t.formula(String.format("%s(0x%x, %d%s) = %d pages%s", pin ? "pin_user_pages" : "get_user_pages", addr, n,
                write ? ", FOLL_WRITE" : "", out.size(), pin ? " (refcount += GUP_PIN_COUNTING_BIAS " + env.profile.gupPinBias() + ")" : " (refcount += 1 each)"));
        long[] r = new long[out.size()];
        for (int i = 0; i < r.length; i++) r[i] = out.get(i);
        return r;
    }

    private boolean leafWritable(WalkResult w) {
        for (WalkResult.Step s : w.steps()) if (!fmt.writable(s.level(), s.raw())) return false;
        return true;
    }

    /** unpin_user_page(): refcount -= GUP_PIN_COUNTING_BIAS (small folios). */
    void unpin(long head, Trace t) {
        if (head == env.host.zeroPagePfn() && env.profile.zeroPageNeverPinned()) return;   // gup_put_folio: is_zero_folio (6.5+)
        int rc = env.store.refcount(head);
        int bias = env.host.isHead(head) ? 1 : env.profile.gupPinBias();
        if (rc < bias + (bias > 1 ? 0 : 0) || bias == 0) {
            // gup_put_folio() checks nothing: the kernel prints no warning, the refcount would underflow
            env.host.report(Diagnostic.note(String.format("unpin_user_page() of a page that is not pinned (refcount %d, pfn 0x%x); ignored", rc, head)), t);
            return;
        }
        if (rc == bias) {
            env.store.setRefcount(head, 1);
            env.host.freePages(head, 0, t);
        } else {
            env.store.setRefcount(head, rc - bias);
        }
        if (env.host.isHead(head)) env.host.compoundFields().addPincount(env.store, head + 1, -1);
    }

}
