package io.kmemlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kmemlab.emulator.inspect.AddressSpace;
import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.interpreter.port.EmulatorException;
import io.kmemlab.interpreter.render.Identification;
import io.kmemlab.interpreter.render.Identifier;
import io.kmemlab.interpreter.render.IdentifyText;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "identify", description = {"Says what ADDR is on a machine of FILE, as crash's `kmem ADDR` and drgn's "
        + "identify_address() do: the region (direct map, vmalloc area and caller, vmemmap and the pfn described, kernel image "
        + "symbol, modules, fixmap or pkmap slot, user VMA, hole), the translation helpers that are right and wrong there, the "
        + "physical address, pfn and struct page, and who owns the frame (slab cache and object, task stack, memmap, page "
        + "table, free block in the buddy allocator).",
        "The machine is booted as its file describes it; with --scenario the scenario runs first and the address is looked "
        + "up in the state it ends in.",
        "Exit status: 0 answered, 2 the file does not parse or validate, the machine or scenario is unknown, or ADDR is not a number."})
final class IdentifyCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a .kmem file")
    Path file;

    @Parameters(index = "1", paramLabel = "ADDR", description = "a virtual address: 0xffff888000100000, a decimal number or a kernel symbol")
    String address;

    @Option(names = "--machine", paramLabel = "NAME", description = "the machine of FILE to boot (needed when FILE has several)")
    String machine;

    @Option(names = "--scenario", paramLabel = "NAME", description = "run this scenario first and look the address up where it ends")
    String scenario;

    @Option(names = "--in", paramLabel = "PROCESS", description = "look a user address up in this process of the scenario")
    String process;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "output format (default: ${DEFAULT-VALUE})")
    Format format;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try {
            KmemFiles.Loaded loaded = KmemFiles.load(file);
            for (Problem p : loaded.problems()) if (p.isError()) err.println(p);
            if (loaded.model() == null || loaded.hasErrors()) return fail(err, "FILE has errors; `kmemlab check " + file + "` lists them");
            io.kmemlab.emulator.Machine m;
            if (scenario != null) {
                Scenario sc = ScenarioRunner.scenarios(loaded.model()).stream().filter(s -> s.getName().equals(scenario)).findFirst().orElse(null);
                if (sc == null) return fail(err, "no scenario called \"" + scenario + "\" in " + file);
                Session s = Session.start(sc, Limits.defaults());
                s.runToEnd(null);
                m = s.machine();
                if (m == null) return fail(err, "the machine of scenario \"" + scenario + "\" cannot boot");
            } else {
                Machine decl = machine(loaded, err);
                if (decl == null) return 2;
                m = io.kmemlab.emulator.Machine.boot(MachineSpecs.of(decl));
            }
            Long va = address(m);
            if (va == null) return fail(err, "ADDR must be a number (0x... or decimal) or a symbol of the machine; \"" + address + "\" is neither");
            AddressSpace space = null;
            if (process != null) {
                space = m.inspect().addressSpace(process);
                if (space == null) return fail(err, "no process \"" + process + "\" (processes exist only after a scenario: use --scenario)");
            }
            Identification id = Identifier.identify(m, va, space);
            out.print(format == Format.json ? json(id) + "\n" : IdentifyText.of(id));
            out.flush();
            return 0;
        } catch (EvalException | EmulatorException e) {
            return fail(err, e.getMessage());
        }
    }

    private int fail(PrintWriter err, String message) {
        err.println("kmemlab identify: " + message);
        err.flush();
        return 2;
    }

    private Machine machine(KmemFiles.Loaded loaded, PrintWriter err) {
        List<Machine> machines = loaded.model().getElements().stream().filter(Machine.class::isInstance).map(Machine.class::cast).toList();
        List<String> names = machines.stream().map(Machine::getName).toList();
        if (machine != null) {
            for (Machine m : machines) if (machine.equals(m.getName())) return m;
            fail(err, "no machine called \"" + machine + "\" in " + file + " (machines: " + String.join(", ", names) + ")");
            return null;
        }
        if (machines.size() == 1) return machines.get(0);
        fail(err, machines.isEmpty() ? file + " declares no machine" : "which machine? " + file + " has " + String.join(", ", names)
                + ": say --machine NAME");
        return null;
    }

    private Long address(io.kmemlab.emulator.Machine m) {
        String a = address.replace("_", "");
        try {
            if (a.startsWith("0x") || a.startsWith("0X")) return Long.parseUnsignedLong(a.substring(2), 16);
            return Long.parseLong(a);
        } catch (NumberFormatException e) {
            return m.symbol(address);
        }
    }

    /** The answer as one JSON object; addresses as "0x..." strings (JSON numbers lose 64-bit precision). */
    static String json(Identification id) {
        JsonObject o = new JsonObject();
        o.addProperty("address", hex(id.va()));
        o.addProperty("space", id.space());
        JsonObject region = new JsonObject();
        region.addProperty("kind", id.region().kind().label);
        region.addProperty("start", hex(id.region().start()));
        region.addProperty("end", id.region().end() == 0 ? null : hex(id.region().end()));
        o.add("region", region);
        o.addProperty("where", id.where());
        JsonArray right = new JsonArray(), wrong = new JsonArray();
        id.right().forEach(right::add);
        id.wrong().forEach(wrong::add);
        o.add("right", right);
        o.add("wrong", wrong);
        o.addProperty("phys", id.mapped() ? hex(id.pa()) : null);
        o.addProperty("pfn", id.mapped() ? hex(id.pfn()) : null);
        o.addProperty("page", id.page() == 0 ? null : hex(id.page()));
        o.addProperty("owner", id.owner().isEmpty() ? null : id.owner());
        o.addProperty("frame_owner", id.frameOwner().isEmpty() ? null : id.frameOwner());
        o.addProperty("describes_pfn", id.describes() < 0 ? null : hex(id.describes()));
        o.addProperty("section", id.section() < 0 ? null : id.section());
        return new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create().toJson(o);
    }

    private static String hex(long v) { return "0x" + Long.toHexString(v); }
}
