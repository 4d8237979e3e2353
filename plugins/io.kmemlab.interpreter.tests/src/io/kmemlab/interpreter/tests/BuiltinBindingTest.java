package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.interpreter.port.EmulatorPort;
import io.kmemlab.interpreter.port.KernelCalls;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interpreter binds kernel names to the emulator's facade by name; this keeps that
 * binding and the language's shared built-in table (what the validator accepts) in step, so
 * a function the language offers never ends in "not supported yet" on the real emulator.
 */
class BuiltinBindingTest {

    @Test
    void everyFunctionOfTheSharedTableReachesTheEmulator() {
        Model model = Kmem.parse(Kmem.MACHINE);
        var spec = MachineSpecs.of((io.kmemlab.lang.kmem.Machine) model.getElements().get(0));
        KernelCalls calls = new KernelCalls(EmulatorPort.of(io.kmemlab.emulator.Machine.create(spec)));
        List<String> names = new ArrayList<>();
        for (Builtin b : Builtins.functions()) names.add(b.name());
        for (String f : Builtins.PAGE_TESTS) names.add("Page" + f);
        for (String f : Builtins.SETTABLE_PAGE_FLAGS) {
            names.add("SetPage" + f);
            names.add("ClearPage" + f);
        }
        List<String> unbound = names.stream().filter(n -> !calls.supports(n)).toList();
        assertEquals(List.of(), unbound, "built-ins without an emulator method behind them");
    }

    @Test
    void theOrderZeroMacrosAndPhysPfnRun() {
        var model = Kmem.parse(Kmem.MACHINE + """
                scenario "t" on pc {
                    let a = __get_free_page(GFP_KERNEL)
                    let p = virt_to_page(a)
                    expect page_ref_count(p) == 1
                    free_page(a)
                    expect page_ref_count(p) == 0
                    let q = alloc_page(GFP_KERNEL)
                    expect PHYS_PFN(page_to_phys(q)) == page_to_pfn(q)
                    __free_page(q)
                    expect page_ref_count(q) == 0
                }
                """);
        ScenarioResult r = new ScenarioRunner().run(ScenarioRunner.scenarios(model).get(0));
        assertEquals(List.of(), r.errors(), () -> r.errors().toString());
    }
}
