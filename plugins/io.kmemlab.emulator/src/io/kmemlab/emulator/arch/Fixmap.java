package io.kmemlab.emulator.arch;

/**
 * The fixmap of a 32-bit machine as far as highmem needs it (arch/x86/include/asm/fixmap.h,
 * arch/arm/include/asm/fixmap.h, include/asm-generic/fixmap.h):
 * {@code __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT)} - a higher index is a lower
 * address - except ARM before 3.x, where {@code __fix_to_virt(x) = FIXADDR_START + (x << PAGE_SHIFT)}
 * ({@code upward}). The kmap_atomic / kmap_local slots FIX_KMAP_BEGIN .. FIX_KMAP_END are
 * {@code slotsPerCpu * cpus} consecutive indexes (KM_MAX_IDX per CPU since 5.11, KM_TYPE_NR
 * per CPU before).
 *
 * @param top          FIXADDR_TOP
 * @param start        FIXADDR_START
 * @param upward       index 0 at FIXADDR_START, growing upwards (ARM 2.6)
 * @param kmapBegin    FIX_KMAP_BEGIN
 * @param slotsPerCpu  KM_MAX_IDX (or KM_TYPE_NR in the 2.6 profile)
 * @param cpus         NR_CPUS
 */
public record Fixmap(long top, long start, boolean upward, int kmapBegin, int slotsPerCpu, int cpus) {
    /** __fix_to_virt(idx). */
    public long fixToVirt(int idx) { return upward ? start + ((long) idx << 12) : top - ((long) idx << 12); }

    /** __virt_to_fix(va). */
    public int virtToFix(long va) {
        long a = va & ~0xfffL;
        return (int) ((upward ? a - start : top - a) >>> 12);
    }

    /** FIX_KMAP_END. */
    public int kmapEnd() { return kmapBegin + slotsPerCpu * cpus - 1; }

    /** Virtual address of kmap slot {@code idx} (kmap_local_calc_idx result): fix_to_virt(FIX_KMAP_BEGIN + idx). */
    public long kmapSlotVa(int idx) { return fixToVirt(kmapBegin + idx); }

    /** Lowest and highest slot addresses. */
    public long kmapLow() { return upward ? fixToVirt(kmapBegin) : fixToVirt(kmapEnd()); }

    public long kmapHigh() { return upward ? fixToVirt(kmapEnd()) : fixToVirt(kmapBegin); }

    /** True when {@code va} lies in a kmap slot (kunmap_local_indexed's range test). */
    public boolean inKmapSlots(long va) {
        long a = va & ~0xfffL;
        return Long.compareUnsigned(a, kmapLow()) >= 0 && Long.compareUnsigned(a, kmapHigh()) <= 0;
    }

    /** Slot index (0 .. slotsPerCpu*cpus-1) of a kmap slot address, or -1. */
    public int slotOf(long va) {
        if (!inKmapSlots(va)) return -1;
        return virtToFix(va) - kmapBegin;
    }
}
