package io.kmemlab.cli;

import io.kmemlab.cli.host.Buddyinfo;
import io.kmemlab.cli.host.EmulatedZones;
import io.kmemlab.cli.host.HostFacts;
import io.kmemlab.cli.host.HostMachine;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.exec.EvalException;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.interpreter.port.EmulatorException;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.eclipse.xtext.resource.XtextResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check-host", description = {"Boots the machine `import-host` writes for this computer and compares every zone's "
        + "start_pfn, spanned, present, managed and free pages with /proc/zoneinfo, side by side, empty zones included; the free "
        + "blocks per order with /proc/buddyinfo; the memory blocks and their size with /sys/devices/system/memory. Each "
        + "difference is marked explained (deferred struct page init, hotplug, a balloon, crashkernel and firmware reservations, "
        + "a running host's allocations) or unexplained (DIFFERS (unexplained)).",
        "Exit status: 0 every difference explained, 1 an unexplained difference, 2 the host's files cannot be read or the machine cannot boot."})
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
            EmulatedZones.Booted booted = EmulatedZones.boot(spec);
            HostFacts facts = host.facts();
            int[] zones = ZoneTable.print(out, booted.zones(), hm.zoneinfo().zones(), facts);
            int explained = zones[1], unexplained = zones[2];
            Buddyinfo buddy = host.buddyinfo();
            if (buddy == null) {
                out.println();
                out.println("buddyinfo: not compared (" + host.buddyinfo + " cannot be read)");
            } else {
                int[] b = BuddyTable.print(out, booted.buddy(), buddy);
                explained += b[0];
                unexplained += b[1];
            }
            int[] blocks = MemoryBlockTable.print(out, booted, host.memoryBlocks());
            explained += blocks[0];
            unexplained += blocks[1];
            out.println();
            out.printf("%d zone rows match; %d differences explained, %d unexplained%n", zones[0], explained, unexplained);
            out.println(unexplained == 0 ? "every difference from the host is explained"
                    : "the host differs for reasons check-host cannot explain (the DIFFERS (unexplained) rows)");
            out.flush();
            return unexplained == 0 ? 0 : 1;
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
