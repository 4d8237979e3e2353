package io.kmemlab.cli.host;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.trace.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/** Boots a machine on the emulator and reads its zones' counters. */
public final class EmulatedZones {
    private EmulatedZones() { }

    /** The zones of the booted machine; a machine that cannot boot is a {@link HostMachine.HostException} saying why. */
    public static List<Zoneinfo.ZoneCounts> of(MachineSpec spec) throws HostMachine.HostException {
        Machine m = Machine.boot(spec);
        if (!m.booted()) {
            String why = m.diagnostics().all().stream().filter(d -> d.kind() == Diagnostic.Kind.ERROR || d.isOops())
                    .map(Diagnostic::headline).findFirst().orElse("it stopped in boot phase " + m.phase());
            throw new HostMachine.HostException("the imported machine does not boot: " + why);
        }
        List<Zoneinfo.ZoneCounts> out = new ArrayList<>();
        for (Zone z : m.zones()) {
            out.add(new Zoneinfo.ZoneCounts(z.nid(), z.name(), z.startPfn(), z.spanned(), z.present(), z.managed(), z.free()));
        }
        return out;
    }
}
