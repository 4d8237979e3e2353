package io.kmemlab.emulator;

import static io.kmemlab.emulator.process.UserFlags.*;

import io.kmemlab.emulator.arch.PagingMode;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.trace.Recorder;
import io.kmemlab.emulator.trace.Trace;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Misuse never throws: every facade call with arbitrary numbers (garbage pointers, addresses
 * in holes, non-canonical values, wild orders) returns the kernel's value and at most a
 * diagnostic, and the machine keeps working afterwards.
 */
class RobustnessPropertiesTest {
    static final long[] INTERESTING = {0, 1, 16, 4095, 0x1000, 0xdead000000000000L, 0xffff888000000000L, 0xffffc90000000000L,
            0xffffea0000000000L, 0xffffffff81000000L, 0x7ffff7fff000L, -1L, Long.MIN_VALUE, 0x0000800000000000L};

    @Property(tries = 30)
    void noExceptionsOnGarbage(@ForAll @Size(min = 1, max = 30) List<Long> raw) {
        Machine m = Machine.boot(Machines.small());
        Task p = m.process("p");
        long u = m.mmap(p, 8192, PROT_READ | PROT_WRITE, 0, Trace.NONE);
        int i = 0;
        for (long r : raw) {
            long x = (i % 3 == 0) ? INTERESTING[(int) Math.floorMod(r, (long) INTERESTING.length)] + (r & 0xfff) : r;
            Recorder t = new Recorder();
            switch (Math.floorMod(r, 23)) {
                case 0 -> m.virtToPage(x, t);
                case 1 -> m.pageField(x, "flags", t);
                case 2 -> m.pageFlag("Buddy", x, t);
                case 3 -> m.putPage(x, t);
                case 4 -> m.getPage(x, t);
                case 5 -> m.freePages(x, (int) (r & 15), t);
                case 6 -> m.kfree(x, t);
                case 7 -> m.vfree(x, t);
                case 8 -> m.read(m.kernel(), x, 8, t);
                case 9 -> m.read(p, x, 4, t);
                case 10 -> m.write(p, x, 2, r, t);
                case 11 -> m.pteOffsetMap(m.pmdOffset(m.pudOffset(m.p4dOffset(m.pgdOffset(m.mmOf(p), x, t), x, t), x, t), x, t), x, t);
                case 12 -> m.readEntry(x, PagingMode.PTE, t);
                case 13 -> m.compoundHead(x, t);
                case 14 -> m.munmap(p, x & ~4095L, r & 0xffff, t);
                case 15 -> m.getUserPages(p, x, (int) (r & 7), FOLL_WRITE, t);
                case 16 -> m.swapOut(p, x, t);
                case 17 -> m.page(m.pfnToPage(x >>> 12, t), t);
                case 18 -> m.allocPages(r, (int) (r & 15), t);
                case 19 -> m.walk(p, x, t);
                case 20 -> m.frameOwner(x);
                case 21 -> m.unpinUserPage(x, t);
                default -> m.pa(x, t);
            }
            i++;
        }
        // still usable
        m.write(p, u, 8, 7, Trace.NONE);
        if (m.read(p, u, 8, Trace.NONE) != 7 && m.walk(p, u, Trace.NONE).mapped()) throw new AssertionError("user memory broken");
        if (m.kmalloc(64, Gfp.GFP_KERNEL, Trace.NONE) == 0) throw new AssertionError("kmalloc failed after garbage");
    }
}
