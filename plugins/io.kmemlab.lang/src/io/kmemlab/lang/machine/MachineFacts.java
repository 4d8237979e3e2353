package io.kmemlab.lang.machine;

import io.kmemlab.lang.kmem.ArchClause;
import io.kmemlab.lang.kmem.ConfigClause;
import io.kmemlab.lang.kmem.ConfigOption;
import io.kmemlab.lang.kmem.KernelClause;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.MemoryModelClause;
import io.kmemlab.lang.kmem.SymbolClause;
import io.kmemlab.lang.kmem.ZoneDecl;
import io.kmemlab.lang.kmem.ZonesClause;
import io.kmemlab.emulator.spec.KernelProfile;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.emulator.spec.MemoryModelKind;
import io.kmemlab.emulator.arch.Arches;
import java.util.ArrayList;
import java.util.List;

/**
 * What the language needs to know about a machine without booting it: its arch, kernel
 * profile, zone names and symbols, with the defaults of docs/language.md section 2. The emulator computes the
 * layout; this class only answers questions the validator and scoping ask.
 */
public final class MachineFacts {

    /** The arches the emulator models: the names `arch X` accepts. */
    public static final List<String> ARCHES = Arches.names();
    /** The emulator's kernel profiles: the versions `kernel X` accepts. */
    public static final List<String> KERNEL_VERSIONS = KernelProfile.ALL.stream().map(KernelProfile::version).toList();
    /** What a machine without a `kernel` clause runs (the emulator's MachineSpec default). */
    public static final String DEFAULT_KERNEL = new MachineSpec().kernel();

    private final Machine machine;

    private MachineFacts(Machine machine) {
        this.machine = machine;
    }

    /** Facts of a machine; a null or unresolved machine answers with the defaults (x86_64, 6.12). */
    public static MachineFacts of(Machine machine) {
        return new MachineFacts(machine == null || machine.eIsProxy() ? null : machine);
    }

    public boolean known() {
        return machine != null;
    }

    private List<MachineClause> clauses() {
        return machine == null ? List.of() : machine.getClauses();
    }

    public String arch() {
        for (MachineClause c : clauses()) {
            if (c instanceof ArchClause a && a.getArch() != null) {
                return a.getArch();
            }
        }
        return "x86_64";
    }

    public String kernelVersion() {
        for (MachineClause c : clauses()) {
            if (c instanceof KernelClause k && k.getVersion() != null) {
                return k.getVersion();
            }
        }
        return DEFAULT_KERNEL;
    }

    /**
     * Whether struct pages live in a virtual array outside the direct map (SPARSEMEM_VMEMMAP):
     * the memory-model clause, or the arch's default (x86_64: vmemmap; i386 and arm: FLATMEM).
     */
    public boolean vmemmap() {
        for (MachineClause c : clauses()) {
            if (c instanceof MemoryModelClause m && m.getModel() != null) {
                return m.getModel().equals(MemoryModelKind.SPARSEMEM_VMEMMAP.dslName);
            }
        }
        return DEFAULT_VMEMMAP.computeIfAbsent(arch(), a -> {
            try {
                return Arches.known(a) && Arches.create(new MachineSpec().arch(a)).defaultMemoryModel() == MemoryModelKind.SPARSEMEM_VMEMMAP;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static final java.util.Map<String, Boolean> DEFAULT_VMEMMAP = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether the machine has no memory sections (FLATMEM): the memory-model clause, or the arch's default (i386, arm). */
    public boolean flatmem() {
        for (MachineClause c : clauses()) {
            if (c instanceof MemoryModelClause m && m.getModel() != null) {
                return m.getModel().equals(MemoryModelKind.FLATMEM.dslName);
            }
        }
        return DEFAULT_FLATMEM.computeIfAbsent(arch(), a -> {
            try {
                return Arches.known(a) && Arches.create(new MachineSpec().arch(a)).defaultMemoryModel() == MemoryModelKind.FLATMEM;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static final java.util.Map<String, Boolean> DEFAULT_FLATMEM = new java.util.concurrent.ConcurrentHashMap<>();

    public boolean isKernel26() {
        return kernelVersion().startsWith("2.");
    }

    /**
     * The machine's config as the emulator will see it, for the rules the language checks: the
     * `config from` files and `config { }` blocks in order (a later one overrides), over the
     * distribution defaults of the arch and kernel. Only options the emulator models.
     */
    public MachineSpec configSpec() {
        MachineSpec spec = new MachineSpec().arch(arch()).kernel(kernelVersion());
        for (MachineClause c : clauses()) {
            if (c instanceof ConfigClause config) {
                ConfigFiles.Loaded loaded = ConfigFiles.load(config);
                if (loaded != null && loaded.ok()) {
                    loaded.file().values().forEach((o, v) -> spec.config(o, v.longValue()));
                }
                for (ConfigOption o : config.getOptions()) {
                    io.kmemlab.emulator.spec.ConfigOption known = io.kmemlab.emulator.spec.ConfigOption.byName(o.getName());
                    if (known != null) {
                        spec.config(known, o.isOn() ? 1 : o.isOff() ? 0 : o.getValue());
                    }
                }
            }
        }
        return spec;
    }

    /** NODES_SHIFT of the machine's kernel: CONFIG_NODES_SHIFT with NUMA, else 0 (include/linux/numa.h). */
    public int nodesShift() {
        return configSpec().nodesShift();
    }

    public boolean configOn(String option) {
        for (MachineClause c : clauses()) {
            if (c instanceof ConfigClause config) {
                for (ConfigOption o : config.getOptions()) {
                    if (option.equals(o.getName())) {
                        return o.isOn();
                    }
                }
            }
        }
        return false;
    }

    /** Declared custom zones, or null when the machine uses the arch's default zones. */
    public List<ZoneDecl> customZones() {
        for (MachineClause c : clauses()) {
            if (c instanceof ZonesClause z && !z.isDefault()) {
                return z.getZones();
            }
        }
        return null;
    }

    /**
     * The zone names valid on this machine: the custom ones, or the arch's defaults
     * (x86_64: DMA DMA32 Normal; 32-bit: DMA Normal and HighMem when HIGHMEM is on), plus
     * Movable (empty unless configured, as in the kernel).
     */
    public List<String> zoneNames() {
        List<ZoneDecl> custom = customZones();
        List<String> names = new ArrayList<>();
        if (custom != null) {
            custom.forEach(z -> names.add(z.getName()));
            return names;
        }
        String arch = arch();
        if (!arch.equals("arm")) {
            names.add("DMA");
        }
        if (arch.equals("x86_64")) {
            names.add("DMA32");
        }
        names.add("Normal");
        if (!arch.equals("x86_64") && (configOn("HIGHMEM") || machine == null)) {
            names.add("HighMem");
        }
        names.add("Movable");
        return names;
    }

    public List<String> symbolNames() {
        List<String> names = new ArrayList<>();
        for (MachineClause c : clauses()) {
            if (c instanceof SymbolClause s && s.getName() != null) {
                names.add(s.getName());
            }
        }
        return names;
    }

    /** Compares dotted kernel versions numerically ("4.11" > "4.6"). */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parse(x[i]) : 0;
            int yi = i < y.length ? parse(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.replace("_", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
