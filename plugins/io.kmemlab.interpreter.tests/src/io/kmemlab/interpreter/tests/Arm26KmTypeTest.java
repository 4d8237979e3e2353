package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import org.junit.jupiter.api.Test;

/**
 * kmap_atomic(page, KM_L2_CACHE) on an ARM machine of kernel 2.6: 2.6.32 arch/arm/include/asm/kmap_types.h
 * ends its enum km_type with KM_L2_CACHE (13), KM_TYPE_NR 14; arch/arm/mm/highmem.c idx = type + KM_TYPE_NR *
 * smp_processor_id(), vaddr = __fix_to_virt(FIX_KMAP_BEGIN + idx), with FIX_KMAP_BEGIN 0 and __fix_to_virt(x) =
 * FIXADDR_START (0xfff00000) + (x << PAGE_SHIFT) (arch/arm/include/asm/fixmap.h of 2.6.32).
 */
class Arm26KmTypeTest {
    @Test
    void kmL2CacheIsArmsLastKmType() {
        Model m = Kmem.parse("""
                machine b26 {
                    arch arm
                    kernel 2.6
                    ram 0x0 size 2G
                }
                scenario "t" on b26 {
                    let hp = alloc_pages(GFP_HIGHUSER, 0)
                    expect PageHighMem(hp)
                    let a = kmap_atomic(hp, KM_L2_CACHE)
                    expect a == 0xfff00000 + (13 + 14 * 0) * PAGE_SIZE
                    kunmap_atomic(a, KM_L2_CACHE)
                }
                """);
        ScenarioResult r = new ScenarioRunner().run(ScenarioRunner.scenarios(m).get(0));
        assertTrue(r.passed(), () -> r.problems().toString());
    }
}
