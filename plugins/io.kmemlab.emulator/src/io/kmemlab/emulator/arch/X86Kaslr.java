package io.kmemlab.emulator.arch;

/**
 * x86_64 KASLR as the kernel picks it.
 *
 * <p>Memory regions (CONFIG_RANDOMIZE_MEMORY, arch/x86/mm/kaslr.c kernel_randomize_memory()):
 * the direct map, vmalloc and vmemmap are placed in that order between vaddr_start
 * (__PAGE_OFFSET_BASE_L4 0xffff888000000000, _L5 0xff11000000000000) and vaddr_end
 * (CPU_ENTRY_AREA_BASE 0xfffffe0000000000). Their sizes in TiB: the direct map
 * min(1 << (MAX_PHYSMEM_BITS - 40), DIV_ROUND_UP(max_pfn << PAGE_SHIFT, 1 TiB) +
 * CONFIG_RANDOMIZE_MEMORY_PHYSICAL_PADDING (0xa with MEMORY_HOTPLUG)), vmalloc VMALLOC_SIZE_TB
 * (32, or 12800 with 5-level paging), vmemmap DIV_ROUND_UP(direct-map TiB in pages *
 * sizeof(struct page), 1 TiB). The entropy left over is split: region i gets
 * (rand % (remain / (3 - i) + 1)) & PUD_MASK, where rand is 8 bytes of
 * prandom_bytes_state() of a rnd_state seeded by prandom_seed_state() with
 * kaslr_get_random_long("Memory"); after each region one PUD of gap (round_up(vaddr + 1, PUD_SIZE)).
 *
 * <p>Kernel text (CONFIG_RANDOMIZE_BASE, arch/x86/boot/compressed/kaslr.c
 * find_random_virt_addr()): slots = 1 + (KERNEL_IMAGE_SIZE - LOAD_PHYSICAL_ADDR - image_size) /
 * CONFIG_PHYSICAL_ALIGN (2 MiB); virt_addr = (kaslr_get_random_long("Virtual") % slots) * 2 MiB +
 * LOAD_PHYSICAL_ADDR; _text = __START_KERNEL_map + virt_addr.
 *
 * <p>The two choices are separate draws in the kernel: "Virtual" is taken by the decompressor
 * before the kernel runs, "Memory" by the kernel proper in kernel_randomize_memory(), each from
 * kaslr_get_random_long() (arch/x86/lib/kaslr.c: boot seed ^ RDRAND ^ RDTSC, then a circular
 * multiply by 0x5d6008cbf3848dd3). `kaslr seed N` makes both reproducible: N stands for the
 * "Memory" draw and {@link #virtualDraw(long)} derives the "Virtual" draw from N with that same
 * mixing step, so the text offset does not follow the memory bases.
 */
public final class X86Kaslr {
    private X86Kaslr() { }

    static final long TB = 1L << 40, PUD_SIZE = 1L << 30, PHYSICAL_ALIGN = 2L << 20, LOAD_PHYSICAL_ADDR = 16L << 20;
    /** CPU_ENTRY_AREA_BASE: vaddr_end for both paging modes. */
    public static final long VADDR_END = 0xfffffe0000000000L;
    /** CONFIG_RANDOMIZE_MEMORY_PHYSICAL_PADDING: 0xa with MEMORY_HOTPLUG (distribution kernels). */
    public static final long PHYSICAL_PADDING_TB = 0xa;

    /** The three randomized bases (page_offset_base, vmalloc_base, vmemmap_base). */
    public record Bases(long pageOffsetBase, long vmallocBase, long vmemmapBase) { }

    /** vaddr_start: __PAGE_OFFSET_BASE_L4 / _L5. */
    public static long vaddrStart(boolean la57) { return la57 ? 0xff11000000000000L : 0xffff888000000000L; }

    /** Region sizes in TiB: {direct map, vmalloc, vmemmap}, for memory up to {@code maxPfn}. */
    public static long[] sizesTb(boolean la57, long maxPfn, int structPageSize) {
        int maxPhysmemBits = la57 ? 52 : 46;
        long direct = 1L << (maxPhysmemBits - 40);
        long memoryTb = ceilDiv(maxPfn << 12, TB) + PHYSICAL_PADDING_TB;
        if (memoryTb < direct) direct = memoryTb;
        long vmalloc = la57 ? 12800 : 32;
        long vmemmapBytes = (direct << (40 - 12)) * structPageSize;
        return new long[]{direct, vmalloc, ceilDiv(vmemmapBytes, TB)};
    }

    /** kernel_randomize_memory() with kaslr_get_random_long("Memory") = {@code seed}. */
    public static Bases randomize(long seed, boolean la57, long maxPfn, int structPageSize) {
        long[] size = sizesTb(la57, maxPfn, structPageSize);
        long start = vaddrStart(la57), vaddr = start;
        long remain = VADDR_END - start;
        for (long s : size) remain -= s * TB;
        Prandom rnd = new Prandom(seed);
        long[] base = new long[3];
        for (int i = 0; i < 3; i++) {
            long entropy = remain / (3 - i);
            long rand = rnd.nextLong();
            entropy = Long.remainderUnsigned(rand, entropy + 1) & -PUD_SIZE;
            vaddr += entropy;
            base[i] = vaddr;
            vaddr += size[i] * TB;
            vaddr = roundUp(vaddr + 1, PUD_SIZE);
            remain -= entropy;
        }
        return new Bases(base[0], base[1], base[2]);
    }

    /**
     * Why the kernel could not have picked {@code b} (null when it could): every base PUD-aligned,
     * in order, each region followed by at least one PUD of gap, all between vaddr_start and
     * vaddr_end.
     */
    public static String whyImpossible(Bases b, boolean la57, long maxPfn, int structPageSize) {
        long[] size = sizesTb(la57, maxPfn, structPageSize);
        long[] base = {b.pageOffsetBase(), b.vmallocBase(), b.vmemmapBase()};
        String[] name = {"page_offset_base", "vmalloc_base", "vmemmap_base"};
        long start = vaddrStart(la57);
        long lowest = start;
        for (int i = 0; i < 3; i++) {
            if ((base[i] & (PUD_SIZE - 1)) != 0) {
                return String.format("%s 0x%x is not PUD aligned (kernel_randomize_memory() moves each base by a multiple of 1 GiB)", name[i], base[i]);
            }
            if (Long.compareUnsigned(base[i], lowest) < 0) {
                return i == 0
                        ? String.format("page_offset_base 0x%x is below __PAGE_OFFSET_BASE 0x%x", base[i], start)
                        : String.format("%s 0x%x overlaps %s: that region is %d TiB from 0x%x plus one PUD of gap, so %s is at least 0x%x",
                                name[i], base[i], name[i - 1], size[i - 1], base[i - 1], name[i], lowest);
            }
            long end = base[i] + size[i] * TB;
            if (Long.compareUnsigned(end, VADDR_END) > 0 || Long.compareUnsigned(end, base[i]) < 0) {
                return String.format("%s 0x%x: its %d TiB region would end past CPU_ENTRY_AREA_BASE 0x%x", name[i], base[i], size[i], VADDR_END);
            }
            lowest = roundUp(end + 1, PUD_SIZE);
        }
        return null;
    }

    /**
     * Why the machine's `kaslr` clause does nothing, or null: memory randomization
     * (CONFIG_RANDOMIZE_MEMORY) is x86_64-only and came in 4.8.
     */
    public static String ignored(io.kmemlab.emulator.spec.MachineSpec spec, io.kmemlab.emulator.spec.KernelProfile profile) {
        if (spec.kaslrBases() == null && spec.kaslrSeed() == null && spec.kaslrText() == null) return null;
        if (!"x86_64".equals(spec.arch())) return "kaslr is ignored on " + spec.arch() + ": CONFIG_RANDOMIZE_MEMORY is x86_64-only";
        if (spec.kaslrBases() == null && spec.kaslrSeed() == null && !profile.atLeast(3, 14)) {
            return "kaslr is ignored in kernel " + profile.version() + ": kernel text randomization (CONFIG_RANDOMIZE_BASE) came in 3.14";
        }
        if (!profile.atLeast(4, 8)) {
            return "kaslr is ignored in kernel " + profile.version() + ": memory randomization (CONFIG_RANDOMIZE_MEMORY) came in 4.8";
        }
        return null;
    }

    /** Why the kernel could not have picked the machine's `kaslr` bases or text, or null. */
    public static String problem(io.kmemlab.emulator.spec.MachineSpec spec, io.kmemlab.emulator.spec.KernelProfile profile) {
        if (ignored(spec, profile) != null) return null;
        String why = null;
        if (spec.kaslrBases() != null) {
            boolean la57 = "5-level".equals(spec.paging());
            long maxPfn = 0;
            for (io.kmemlab.emulator.spec.MachineSpec.Ram r : spec.ram()) maxPfn = Math.max(maxPfn, (r.end() + 1) >>> 12);
            var g = spec.kaslrBases();
            why = whyImpossible(new Bases(g.pageOffsetBase(), g.vmallocBase(), g.vmemmapBase()), la57, maxPfn, 64);
        }
        if (why == null && spec.kaslrText() != null) why = textProblem(spec.kaslrText(), X86_64.KERNEL_IMAGE_SIZE, spec.kernelImageSize());
        return why == null ? null : "kaslr: " + why;
    }

    /** kaslr_get_random_long()'s final mixing on x86_64: the 128-bit product with mix_const, low half + high half. */
    static final long MIX_CONST = 0x5d6008cbf3848dd3L;

    /** The "Virtual" draw of the machine whose `kaslr seed` is {@code seed}: mix(seed). */
    public static long virtualDraw(long seed) {
        return seed * MIX_CONST + Math.unsignedMultiplyHigh(seed, MIX_CONST);
    }

    /**
     * Why the kernel could not have put _text at {@code text}, or null: find_random_virt_addr()
     * only returns LOAD_PHYSICAL_ADDR (16 MiB) + k * CONFIG_PHYSICAL_ALIGN (2 MiB) with
     * k < slots = 1 + (KERNEL_IMAGE_SIZE - LOAD_PHYSICAL_ADDR - image_size) / CONFIG_PHYSICAL_ALIGN.
     */
    public static String textProblem(long text, long kernelImageSize, long imageSize) {
        long off = text - X86_64.START_KERNEL_MAP;
        if (Long.compareUnsigned(text, X86_64.START_KERNEL_MAP) < 0 || Long.compareUnsigned(off, LOAD_PHYSICAL_ADDR) < 0) {
            return String.format("text 0x%x is below __START_KERNEL 0x%x (_text = __START_KERNEL_map + an offset of at least"
                    + " LOAD_PHYSICAL_ADDR 16 MiB)", text, X86_64.START_KERNEL_MAP + LOAD_PHYSICAL_ADDR);
        }
        if ((off & (PHYSICAL_ALIGN - 1)) != 0) {
            return String.format("text 0x%x is not CONFIG_PHYSICAL_ALIGN (2 MiB) aligned: find_random_virt_addr() picks"
                    + " 2 MiB slots (nearest below: 0x%x)", text, text & -PHYSICAL_ALIGN);
        }
        long slots = 1 + (kernelImageSize - LOAD_PHYSICAL_ADDR - imageSize) / PHYSICAL_ALIGN;
        long last = X86_64.START_KERNEL_MAP + LOAD_PHYSICAL_ADDR + (slots - 1) * PHYSICAL_ALIGN;
        if (Long.compareUnsigned(off + imageSize, kernelImageSize) > 0) {
            return String.format("text 0x%x: the %d MiB image would end past KERNEL_IMAGE_SIZE (%d MiB); the last of the %d"
                    + " slots is 0x%x", text, imageSize >> 20, kernelImageSize >> 20, slots, last);
        }
        return null;
    }

    /** find_random_virt_addr(): the offset of _text from __START_KERNEL_map, with kaslr_get_random_long("Virtual") = {@code rand}. */
    public static long textOffset(long rand, long kernelImageSize, long imageSize) {
        long slots = 1 + (kernelImageSize - LOAD_PHYSICAL_ADDR - imageSize) / PHYSICAL_ALIGN;
        return Long.remainderUnsigned(rand, slots) * PHYSICAL_ALIGN + LOAD_PHYSICAL_ADDR;
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    private static long roundUp(long x, long a) { return (x + a - 1) & -a; }

    /**
     * The Tausworthe generator of lib/random32.c (prandom_u32_state) with prandom_seed_state()
     * (include/linux/prandom.h); prandom_bytes_state() fills 8 bytes with two u32 little-endian.
     */
    static final class Prandom {
        private int s1, s2, s3, s4;

        Prandom(long seed) {
            int i = (int) ((seed >>> 32) ^ (seed << 10) ^ seed);
            s1 = seed(i, 2);
            s2 = seed(i, 8);
            s3 = seed(i, 16);
            s4 = seed(i, 128);
        }

        /** A state set directly (the self-test vectors of lib/random32.c seed it with prandom_seed_early()). */
        Prandom(int s1, int s2, int s3, int s4) {
            this.s1 = s1;
            this.s2 = s2;
            this.s3 = s3;
            this.s4 = s4;
        }

        static int seed(int x, int m) { return Integer.compareUnsigned(x, m) < 0 ? x + m : x; }

        private static int taus(int s, int a, int b, int c, int d) { return ((s & c) << d) ^ (((s << a) ^ s) >>> b); }

        int nextInt() {
            s1 = taus(s1, 6, 13, 0xfffffffe, 18);
            s2 = taus(s2, 2, 27, 0xfffffff8, 2);
            s3 = taus(s3, 13, 21, 0xfffffff0, 7);
            s4 = taus(s4, 3, 12, 0xffffff80, 13);
            return s1 ^ s2 ^ s3 ^ s4;
        }

        long nextLong() {
            long lo = nextInt() & 0xffffffffL;
            long hi = nextInt() & 0xffffffffL;
            return lo | (hi << 32);
        }
    }
}
