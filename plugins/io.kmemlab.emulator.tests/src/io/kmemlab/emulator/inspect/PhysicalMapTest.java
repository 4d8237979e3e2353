package io.kmemlab.emulator.inspect;

import static io.kmemlab.emulator.process.UserFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.emulator.trace.Trace;
import org.junit.jupiter.api.Test;

/** The physical map: runs of frames by owner, whose counts are frames_owned_by(). */
class PhysicalMapTest {
    static final Trace N = Trace.NONE;

    /** pc24g with some of everything: a process with memory, slab objects, vmalloc, a stack. */
    static Machine busy() {
        Machine m = Machine.boot(Specs.pc24g());
        Task p = m.process("app");
        long a = m.mmap(p, 64 * 4096, PROT_READ | PROT_WRITE, MAP_POPULATE, N);
        m.write(p, a, 8, 1, N);
        for (int i = 0; i < 50; i++) m.kmalloc(64 + 32 * i, Gfp.GFP_KERNEL, N);
        m.vmalloc(1 << 20, N);
        m.allocPages(Gfp.GFP_KERNEL, 3, N);
        m.kthread("worker");
        return m;
    }

    @Test void ownerCountsEqualFramesOwnedBy() {
        Machine m = busy();
        PhysicalMap map = m.inspect().physicalMap();
        long total = 0;
        for (FrameOwner o : FrameOwner.values()) {
            assertEquals(m.framesOwnedBy(o.label, null), map.count(o), o.label);
            total += map.count(o);
        }
        assertEquals(m.inspect().frames(), total);
        for (Zone z : m.zones()) {
            PhysicalMap zm = m.inspect().physicalMap(z.startPfn(), z.endPfn());
            for (FrameOwner o : FrameOwner.values()) assertEquals(m.framesOwnedBy(o.label, z), zm.count(o), z.name() + " " + o.label);
        }
        for (FrameOwner o : new FrameOwner[]{FrameOwner.USER, FrameOwner.SLAB, FrameOwner.VMALLOC, FrameOwner.STACK, FrameOwner.PAGE_TABLE})
            assertTrue(map.count(o) > 0, o.label);
    }

    /** Runs tile the range, are maximal within a zone, and say what frame_owner() says at both ends. */
    @Test void runsAreMaximalAndMatchFrameOwner() {
        Machine m = busy();
        PhysicalMap map = m.inspect().physicalMap();
        long next = 0;
        PhysicalMap.FrameRun prev = null;
        for (PhysicalMap.FrameRun r : map.runs()) {
            assertEquals(next, r.startPfn());
            assertTrue(r.count() > 0);
            if (prev != null) assertFalse(prev.owner() == r.owner() && prev.zone().equals(r.zone()), "not maximal at " + r);
            assertEquals(m.frameOwner(r.startPfn()), r.owner().label);
            assertEquals(m.frameOwner(r.endPfn() - 1), r.owner().label);
            Zone z = m.zone(r.zone(), Math.max(0, r.nid()));
            if (z != null) assertTrue(z.contains(r.startPfn()) && z.contains(r.endPfn() - 1), r.toString());
            next = r.endPfn();
            prev = r;
        }
        assertEquals(m.inspect().frames(), next);
        assertSame(map.runs().get(3), map.runAt(map.runs().get(3).startPfn()));
    }

    /**
     * x86 reserves the first 1 MiB (5.13+, arch/x86/kernel/setup.c: memblock_reserve(0, SZ_1M)) and
     * the kernel image (48 MiB at 16 MiB here): 256 reserved frames from pfn 0, 12288 kernel frames from pfn 4096.
     */
    @Test void bootReservationsAreRuns() {
        Machine m = Machine.boot(Specs.pc24g());
        PhysicalMap low = m.inspect().physicalMap(0, 0x10000);
        assertEquals((1L << 20) >> 12, low.count(FrameOwner.RESERVED));
        PhysicalMap.FrameRun image = low.runAt(16L << 20 >> 12);
        assertEquals(FrameOwner.KERNEL, image.owner());
        assertEquals(16L << 20 >> 12, image.startPfn());
        assertEquals(48L << 20 >> 12, image.count());
        assertEquals("DMA32", image.zone());
    }

    /** A range query is the whole map clipped to the range. */
    @Test void rangeQueryClipsTheRuns() {
        Machine m = busy();
        PhysicalMap whole = m.inspect().physicalMap();
        long a = 0xfff80, b = 0x100100;                       // across the DMA32 hole and into Normal
        PhysicalMap part = m.inspect().physicalMap(a, b);
        assertEquals(a, part.runs().get(0).startPfn());
        assertEquals(b, part.runs().get(part.runs().size() - 1).endPfn());
        long n = 0;
        for (PhysicalMap.FrameRun r : part.runs()) {
            n += r.count();
            PhysicalMap.FrameRun w = whole.runAt(r.startPfn());
            assertEquals(w.owner(), r.owner());
            assertEquals(w.zone(), r.zone());
        }
        assertEquals(b - a, n);
        assertEquals("DMA32", part.runAt(a).zone());
        assertEquals(FrameOwner.HOLE, part.runAt(a).owner());
        assertEquals("Normal", part.runAt(0x100000).zone());
    }

    @Test void histogramBucketsSumToTheRange() {
        Machine m = busy();
        PhysicalMap map = m.inspect().physicalMap();
        long[][] h = map.histogram(1000);
        long total = 0;
        long[] perOwner = new long[FrameOwner.values().length];
        for (long[] bucket : h) for (int o = 0; o < bucket.length; o++) { total += bucket[o]; perOwner[o] += bucket[o]; }
        assertEquals(map.endPfn() - map.startPfn(), total);
        for (FrameOwner o : FrameOwner.values()) assertEquals(map.count(o), perOwner[o.ordinal()], o.label);
        long size = (map.endPfn() + 999) / 1000;
        long first = 0;
        for (long c : h[0]) first += c;
        assertEquals(size, first);
    }

    /** 268M frames of RAM: a handful of runs, never one object per frame, counts still equal frames_owned_by(). */
    @Test void oneTebibyteIsAFewRuns() {
        Machine m = Machine.boot(Specs.tib1());
        PhysicalMap map = m.inspect().physicalMap();
        assertTrue(map.runs().size() < 100, () -> map.runs().size() + " runs");
        for (FrameOwner o : FrameOwner.values()) assertEquals(m.framesOwnedBy(o.label, null), map.count(o), o.label);
        assertTrue(map.count(FrameOwner.FREE) > (1L << 40 >> 12) * 9 / 10);
    }
}
