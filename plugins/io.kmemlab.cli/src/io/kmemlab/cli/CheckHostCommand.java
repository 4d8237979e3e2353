package io.kmemlab.cli;

import io.kmemlab.cli.host.EmulatedZones;
import io.kmemlab.cli.host.HostMachine;
import io.kmemlab.cli.host.Zoneinfo;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.interpreter.port.EmulatorException;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.xtext.resource.XtextResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check-host", description = {"Boots the machine `import-host` writes for this computer and compares every zone's "
        + "start_pfn, spanned, present, managed and free pages with /proc/zoneinfo, side by side, empty zones included; each "
        + "difference is marked explained (managed and free pages depend on what the running host reserved and allocated) or "
        + "unexplained (DIFFERS).",
        "Exit status: 0 nothing unexplained, 1 an unexplained difference, 2 the host's files cannot be read or the machine cannot boot."})
final class CheckHostCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin HostFiles host;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try {
            HostMachine hm = host.read();
            // Through the language on purpose: what import-host writes must parse and boot.
            String text = hm.render(host.name);
            XtextResource r = KmemFiles.parse("host.kmem", text);
            if (!r.getErrors().isEmpty()) {
                err.println("kmemlab check-host: the imported machine does not parse: " + r.getErrors().get(0).getMessage());
                return 2;
            }
            Machine m = (Machine) ((Model) r.getContents().get(0)).getElements().get(0);
            MachineSpec spec = MachineSpecs.of(m);
            List<Zoneinfo.ZoneCounts> emulated = EmulatedZones.of(spec);
            boolean same = ZoneTable.print(out, emulated, hm.zoneinfo().zones());
            out.println(same ? "every zone matches /proc/zoneinfo or differs for an explained reason"
                    : "zones differ from /proc/zoneinfo for reasons check-host cannot explain (DIFFERS rows)");
            out.flush();
            return same ? 0 : 1;
        } catch (IOException e) {
            err.println("kmemlab check-host: cannot read " + e.getMessage());
        } catch (HostMachine.HostException e) {
            err.println("kmemlab check-host: " + e.getMessage());
        } catch (EvalException | EmulatorException e) {
            err.println("kmemlab check-host: " + e.getMessage());
        }
        err.flush();
        return 2;
    }
}
