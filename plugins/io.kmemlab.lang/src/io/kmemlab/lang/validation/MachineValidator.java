package io.kmemlab.lang.validation;

import io.kmemlab.emulator.arch.ArchChoices;
import io.kmemlab.emulator.arch.ArchLimits;
import io.kmemlab.lang.kmem.ArchClause;
import io.kmemlab.lang.kmem.BootAllocatorClause;
import io.kmemlab.lang.kmem.ConfigClause;
import io.kmemlab.lang.kmem.ConfigOption;
import io.kmemlab.lang.kmem.CpusClause;
import io.kmemlab.lang.kmem.Expression;
import io.kmemlab.lang.kmem.KaslrBase;
import io.kmemlab.lang.kmem.KaslrClause;
import io.kmemlab.lang.kmem.KernelClause;
import io.kmemlab.lang.kmem.KernelImageClause;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.LowmemLimitClause;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.MemoryModelClause;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.NodeClause;
import io.kmemlab.lang.kmem.PageOffsetClause;
import io.kmemlab.lang.kmem.PagingClause;
import io.kmemlab.lang.kmem.RamClause;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.SymbolClause;
import io.kmemlab.lang.kmem.TopLevel;
import io.kmemlab.lang.kmem.ZoneDecl;
import io.kmemlab.lang.kmem.ZonesClause;
import io.kmemlab.lang.machine.ConfigFiles;
import io.kmemlab.lang.machine.ConstantEvaluator;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.scoping.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/**
 * Checks machine declarations against what the kernel supports: arches, paging modes per
 * arch, memory models, kernel profiles, boot allocators, config options, RAM ranges and
 * zone layouts.
 */
public class MachineValidator extends AbstractDeclarativeValidator {

    /** Paging modes per arch, the default first: the emulator's {@link ArchChoices}. */
    public static final Map<String, List<String>> PAGING = ArchChoices.ALL.stream()
            .collect(Collectors.toMap(ArchChoices::arch, ArchChoices::pagingModes));

    /** Memory models per arch, the default first, as the language spells them. */
    public static final Map<String, List<String>> MEMORY_MODELS = ArchChoices.ALL.stream()
            .collect(Collectors.toMap(ArchChoices::arch, c -> c.memoryModels().stream().map(m -> m.dslName).toList()));

    /** The Kconfig options the emulator models (without CONFIG_). */
    public static final List<String> CONFIG_OPTIONS = List.of("VMAP_STACK", "THP", "TRANSPARENT_HUGEPAGE",
            "HIGHMEM", "HIGHMEM64G", "DEBUG_VIRTUAL", "DEBUG_KMAP_LOCAL", "DEBUG_KMAP_LOCAL_FORCE_MAP",
            "DEBUG_ATOMIC_SLEEP", "DEBUG_VM", "DEBUG_PAGEALLOC", "MEMCG", "NUMA", "HUGETLB_PAGE", "SLUB_DEBUG",
            "KASAN", "RANDOMIZE_MEMORY", "SWAP", "ZONE_DMA", "ZONE_DMA32", "ZONE_DEVICE", "GBPAGES", "X86_DIRECT_GBPAGES", "MEM_SOFT_DIRTY",
            "NUMA_BALANCING", "LRU_GEN", "KASAN_SW_TAGS", "KASAN_HW_TAGS", "DEFERRED_STRUCT_PAGE_INIT", "NODES_SHIFT", "NR_CPUS",
            "SLAB_FREELIST_HARDENED", "SLAB_FREELIST_RANDOM", "MEMCG_KMEM", "RANDOM_KMALLOC_CACHES", "SLUB_CPU_PARTIAL");

    public static final List<String> SECTIONS = List.of("text", "rodata", "data", "bss");

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into KmemValidator; not registered on its own
    }

    @Check
    public void checkArch(ArchClause c) {
        if (c.getArch() != null && !MachineFacts.ARCHES.contains(c.getArch())) {
            error("unknown arch '" + c.getArch() + "': kmemlab models " + inWords(MachineFacts.ARCHES)
                    + Suggestions.didYouMean(c.getArch(), MachineFacts.ARCHES), c,
                    KmemPackage.Literals.ARCH_CLAUSE__ARCH, IssueCodes.UNKNOWN_ARCH,
                    FixData.candidates(c.getArch(), MachineFacts.ARCHES));
        }
    }

    @Check
    public void checkPaging(PagingClause c) {
        Machine m = (Machine) c.eContainer();
        String arch = MachineFacts.of(m).arch();
        List<String> modes = PAGING.get(arch);
        if (c.getMode() == null || modes == null) {
            return;
        }
        if (!modes.contains(c.getMode())) {
            boolean known = PAGING.values().stream().anyMatch(l -> l.contains(c.getMode()));
            String what = known ? "paging " + c.getMode() + " is not a paging mode of " + arch
                    : "unknown paging mode '" + c.getMode() + "'";
            error(what + ": " + arch + " has " + String.join(" | ", modes) + " (default " + modes.get(0) + ")", c,
                    KmemPackage.Literals.PAGING_CLAUSE__MODE, IssueCodes.BAD_PAGING, modes.toArray(String[]::new));
        }
    }

    @Check
    public void checkMemoryModel(MemoryModelClause c) {
        MachineFacts facts = MachineFacts.of((Machine) c.eContainer());
        List<String> models = MEMORY_MODELS.get(facts.arch());
        if (models != null && c.getModel() != null && !models.contains(c.getModel())) {
            error("memory-model " + c.getModel() + " is not available on " + facts.arch() + " (it has "
                    + String.join(" | ", models) + ")", c, KmemPackage.Literals.MEMORY_MODEL_CLAUSE__MODEL,
                    IssueCodes.BAD_MEMORY_MODEL, models.toArray(String[]::new));
        }
    }

    @Check
    public void checkKernel(KernelClause c) {
        if (c.getVersion() != null && !MachineFacts.KERNEL_VERSIONS.contains(c.getVersion())) {
            error("unknown kernel profile '" + c.getVersion() + "': kmemlab has " + inWords(MachineFacts.KERNEL_VERSIONS),
                    c, KmemPackage.Literals.KERNEL_CLAUSE__VERSION, IssueCodes.UNKNOWN_KERNEL,
                    MachineFacts.KERNEL_VERSIONS.toArray(String[]::new));
        }
    }

    /** "a, b and c". */
    private static String inWords(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    @Check
    public void checkBootAllocator(BootAllocatorClause c) {
        String a = c.getAllocator();
        if (a == null) {
            return;
        }
        if (!a.equals("bootmem") && !a.equals("memblock")) {
            error("unknown boot allocator '" + a + "': bootmem or memblock" + Suggestions.didYouMean(a,
                    List.of("bootmem", "memblock")), c, KmemPackage.Literals.BOOT_ALLOCATOR_CLAUSE__ALLOCATOR,
                    IssueCodes.BAD_BOOT_ALLOCATOR, FixData.candidates(a, List.of("memblock", "bootmem")));
        } else if (a.equals("bootmem") && !MachineFacts.of((Machine) c.eContainer()).isKernel26()) {
            error("bootmem was removed in 4.20; kernel " + MachineFacts.of((Machine) c.eContainer()).kernelVersion()
                    + " boots with memblock (use `kernel 2.6` for bootmem)", c,
                    KmemPackage.Literals.BOOT_ALLOCATOR_CLAUSE__ALLOCATOR, IssueCodes.BAD_BOOT_ALLOCATOR, "memblock");
        }
    }

    @Check
    public void checkConfigOption(ConfigOption o) {
        if (o.getName() != null && !CONFIG_OPTIONS.contains(o.getName())) {
            String name = o.getName().startsWith("CONFIG_") ? o.getName().substring(7) : o.getName();
            String hint = CONFIG_OPTIONS.contains(name) ? "; write it without CONFIG_: " + name
                    : Suggestions.didYouMean(o.getName(), CONFIG_OPTIONS);
            String[] fixes = CONFIG_OPTIONS.contains(name) ? new String[] { name }
                    : Suggestions.closest(o.getName(), CONFIG_OPTIONS).toArray(String[]::new);
            error("unknown config option '" + o.getName() + "'" + hint, o, KmemPackage.Literals.CONFIG_OPTION__NAME,
                    IssueCodes.UNKNOWN_CONFIG, fixes);
        }
    }

    /**
     * A switch takes on / off, a number option a number, in the range its Kconfig allows
     * (arch/x86/Kconfig NODES_SHIFT "range 1 10"; NR_CPUS up to the arch's NR_CPUS_RANGE_END).
     * Options the machine's arch or version does not have are warned about: the kernel would
     * not offer them.
     */
    @Check
    public void checkConfigValue(ConfigOption o) {
        io.kmemlab.emulator.spec.ConfigOption known = o.getName() == null ? null : io.kmemlab.emulator.spec.ConfigOption.byName(o.getName());
        boolean number = !o.isOn() && !o.isOff();
        boolean wantsNumber = known != null && known.kind == io.kmemlab.emulator.spec.ConfigOption.Kind.NUMBER;
        if (o.getName() == null || !CONFIG_OPTIONS.contains(o.getName())) {
            return;
        }
        if (number && !wantsNumber) {
            error(o.getName() + " is a switch: write " + o.getName() + " on or " + o.getName() + " off", o,
                    KmemPackage.Literals.CONFIG_OPTION__VALUE, IssueCodes.BAD_CONFIG_VALUE);
            return;
        }
        if (!number && wantsNumber) {
            error(o.getName() + " takes a number: " + o.getName() + (known == io.kmemlab.emulator.spec.ConfigOption.NODES_SHIFT ? " 10" : " 64"),
                    o, KmemPackage.Literals.CONFIG_OPTION__NAME, IssueCodes.BAD_CONFIG_VALUE);
            return;
        }
        Machine m = o.eContainer() != null && o.eContainer().eContainer() instanceof Machine mm ? mm : null;
        MachineFacts facts = MachineFacts.of(m);
        long v = o.getValue();
        if (known == io.kmemlab.emulator.spec.ConfigOption.NODES_SHIFT && (v < 1 || v > 10)) {
            error("NODES_SHIFT " + Long.toUnsignedString(v) + ": Kconfig allows 1 to 10 (arch/x86/Kconfig NODES_SHIFT range 1 10)", o,
                    KmemPackage.Literals.CONFIG_OPTION__VALUE, IssueCodes.BAD_CONFIG_VALUE);
        } else if (known == io.kmemlab.emulator.spec.ConfigOption.NR_CPUS) {
            ArchLimits limits = m == null ? null : limits(m);
            long max = limits == null ? 8192 : limits.nrCpus();
            if (v < 1 || Long.compareUnsigned(v, max) > 0) {
                error("NR_CPUS " + Long.toUnsignedString(v) + ": between 1 and " + max
                        + (limits == null ? "" : " on " + limits.what() + " (" + limits.nrCpusSource() + ")"), o,
                        KmemPackage.Literals.CONFIG_OPTION__VALUE, IssueCodes.BAD_CONFIG_VALUE);
            }
        } else if (o.isOn() && (known == io.kmemlab.emulator.spec.ConfigOption.KASAN_SW_TAGS
                || known == io.kmemlab.emulator.spec.ConfigOption.KASAN_HW_TAGS)) {
            warning(o.getName() + " is arm64-only (HAVE_ARCH_" + o.getName() + " in arch/arm64/Kconfig): a " + facts.arch()
                    + " kernel has no KASAN tag in page->flags, so it has no effect here", o,
                    KmemPackage.Literals.CONFIG_OPTION__NAME, IssueCodes.BAD_CONFIG_VALUE);
        } else if (o.isOn() && known == io.kmemlab.emulator.spec.ConfigOption.NUMA_BALANCING
                && (!facts.arch().equals("x86_64") || facts.isKernel26())) {
            warning("NUMA_BALANCING " + (facts.isKernel26() ? "came in 3.8; kernel 2.6.32 has no LAST_CPUPID field"
                    : "needs ARCH_SUPPORTS_NUMA_BALANCING, which x86 selects only for X86_64") + ": it has no effect here", o,
                    KmemPackage.Literals.CONFIG_OPTION__NAME, IssueCodes.BAD_CONFIG_VALUE);
        }
    }

    /** `config from "FILE"`: the file exists, can be read and is a kernel .config; its odd lines are warned about. */
    @Check
    public void checkConfigFile(ConfigClause c) {
        ConfigFiles.Loaded loaded = ConfigFiles.load(c);
        if (loaded == null) {
            return;
        }
        if (!loaded.ok()) {
            error(loaded.error(), c, KmemPackage.Literals.CONFIG_CLAUSE__FILE, IssueCodes.CONFIG_FILE);
            return;
        }
        for (io.kmemlab.emulator.spec.KernelConfigFile.Problem p : loaded.file().problems()) {
            warning(c.getFile() + ":" + p.line() + ": " + p.message() + " (the line is ignored)", c,
                    KmemPackage.Literals.CONFIG_CLAUSE__FILE, IssueCodes.CONFIG_FILE);
        }
    }

    @Check
    public void checkSymbolSection(SymbolClause s) {
        if (s.getSection() != null && !SECTIONS.contains(s.getSection())) {
            error("unknown kernel image section '" + s.getSection() + "': text, rodata, data or bss", s,
                    KmemPackage.Literals.SYMBOL_CLAUSE__SECTION, IssueCodes.BAD_SECTION,
                    FixData.candidates(s.getSection(), SECTIONS));
        }
    }

    @Check
    public void checkThirtyTwoBitOnly(PageOffsetClause c) {
        only32(c);
    }

    @Check
    public void checkThirtyTwoBitOnly(LowmemLimitClause c) {
        only32(c);
    }

    private void only32(MachineClause c) {
        String arch = MachineFacts.of((Machine) c.eContainer()).arch();
        if (arch.equals("x86_64")) {
            String what = c instanceof PageOffsetClause ? "page-offset" : "lowmem-limit";
            error(what + " is for 32-bit arches: x86_64 maps all RAM at page_offset_base (0xffff888000000000)",
                    c, null, IssueCodes.ONLY_32BIT);
        }
    }

    /** One arch, one paging, one kernel...: a second clause of the same kind is a mistake. */
    @Check
    public void checkSingleClauses(Machine m) {
        Set<Class<?>> seen = new HashSet<>();
        for (MachineClause c : m.getClauses()) {
            if (c instanceof RamClause || c instanceof NodeClause || c instanceof SymbolClause
                    || c instanceof io.kmemlab.lang.kmem.ReservedClause || c instanceof io.kmemlab.lang.kmem.ConfigClause) {
                continue;
            }
            Class<?> type = c.eClass().getInstanceClass();
            if (!seen.add(type)) {
                error("a second " + clauseWord(c) + " clause in machine " + m.getName() + ": keep one", c, null,
                        IssueCodes.DUPLICATE_CLAUSE);
            }
        }
    }

    private static String clauseWord(MachineClause c) {
        String text = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
                org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(c));
        return text == null || text.isBlank() ? c.eClass().getName() : "`" + text.split("\\s+")[0] + "`";
    }

    @Check
    public void checkRam(Machine m) {
        List<long[]> ranges = new ArrayList<>();
        List<EObject> owners = new ArrayList<>();
        ArchLimits limits = limits(m);
        for (MachineClause c : m.getClauses()) {
            if (c instanceof RamClause r) {
                addRange(r, limits, ranges, owners);
            } else if (c instanceof NodeClause n) {
                n.getRanges().forEach(r -> addRange(r, limits, ranges, owners));
            }
        }
        imageInRam(m, ranges);
        zonesInRam(m, ranges);
        armPhysOffset(m, ranges, owners);
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = 0; j < i; j++) {
                long[] a = ranges.get(i);
                long[] b = ranges.get(j);
                if (Long.compareUnsigned(a[0], b[1]) <= 0 && Long.compareUnsigned(b[0], a[1]) <= 0) {
                    error(String.format("RAM range %#x .. %#x overlaps %#x .. %#x (line %d): memblock would count"
                            + " those frames twice", a[0], a[1], b[0], b[1], line(owners.get(j))), owners.get(i), null,
                            IssueCodes.RAM_OVERLAP);
                }
            }
        }
    }

    /**
     * ARM: PHYS_OFFSET, the start of RAM, aligned as the kernel's __fixup_pv_table requires (2 MiB
     * since 5.11, ArchLimits.armPhysOffsetProblem), reported at the range that starts lowest.
     */
    private void armPhysOffset(Machine m, List<long[]> ranges, List<EObject> owners) {
        MachineFacts facts = MachineFacts.of(m);
        io.kmemlab.emulator.spec.KernelProfile profile = io.kmemlab.emulator.spec.KernelProfile.byVersion(facts.kernelVersion());
        if (!"arm".equals(facts.arch()) || profile == null || ranges.isEmpty()) {
            return;
        }
        int lowest = 0;
        for (int i = 1; i < ranges.size(); i++) {
            if (Long.compareUnsigned(ranges.get(i)[0], ranges.get(lowest)[0]) < 0) {
                lowest = i;
            }
        }
        String problem = ArchLimits.armPhysOffsetProblem(ranges.get(lowest)[0] & ~0xfffL, profile);
        if (problem != null) {
            error(problem, owners.get(lowest), null, IssueCodes.BEYOND_ARCH_LIMITS);
        }
    }

    /** The arch's limits (MAX_PHYSMEM_BITS, NR_CPUS, MAX_NUMNODES) for machine m; null for an unknown arch. */
    private static ArchLimits limits(Machine m) {
        String paging = null;
        for (MachineClause c : m.getClauses()) {
            if (c instanceof PagingClause p) {
                paging = p.getMode();
            }
        }
        MachineFacts facts = MachineFacts.of(m);
        return ArchLimits.of(facts.arch(), paging, facts.kernelVersion(), facts.nodesShift());
    }

    /** The names `kaslr NAME VALUE ...` takes: the three bases of arch/x86/mm/kaslr.c and _text. */
    private static final List<String> KASLR_NAMES = List.of("page_offset_base", "vmalloc_base", "vmemmap_base", "text");

    /**
     * `kaslr page_offset_base A vmalloc_base B vmemmap_base C [text T]`, `kaslr text T` and
     * `kaslr seed N [text T]`: known names, each once, the three bases all given or none, no base
     * after a seed, and values kernel_randomize_memory() and find_random_virt_addr() could have
     * picked for this machine (io.kmemlab.emulator.arch.X86Kaslr); `kaslr` on a kernel without it.
     */
    @Check
    public void checkKaslr(KaslrClause k) {
        Map<String, Long> given = new HashMap<>();
        for (KaslrBase b : k.getBases()) {
            if (!KASLR_NAMES.contains(b.getName())) {
                error("unknown kaslr base '" + b.getName() + "': kaslr takes page_offset_base, vmalloc_base, vmemmap_base"
                        + " and optionally text" + Suggestions.didYouMean(b.getName(), KASLR_NAMES), b,
                        KmemPackage.Literals.KASLR_BASE__NAME, IssueCodes.BAD_KASLR);
                return;
            }
            if (given.containsKey(b.getName())) {
                error("kaslr " + b.getName() + " is given twice", b, KmemPackage.Literals.KASLR_BASE__NAME, IssueCodes.BAD_KASLR);
                return;
            }
            OptionalLong v = ConstantEvaluator.eval(b.getValue());
            if (v.isEmpty()) return;
            given.put(b.getName(), v.getAsLong());
        }
        boolean anyBase = false;
        for (String n : KASLR_NAMES.subList(0, 3)) anyBase |= given.containsKey(n);
        if (k.getSeed() != null && anyBase) {
            error("kaslr seed N picks page_offset_base, vmalloc_base and vmemmap_base itself: after a seed only text"
                    + " can be given (kaslr seed N text T), or give the three bases without a seed", k, null, IssueCodes.BAD_KASLR);
            return;
        }
        if (anyBase) {
            for (String n : KASLR_NAMES.subList(0, 3)) {
                if (!given.containsKey(n)) {
                    error("kaslr needs all three bases: " + n + " is missing (write kaslr page_offset_base A vmalloc_base B"
                            + " vmemmap_base C, as the dump shows them, or kaslr text T for the kernel text alone)", k, null, IssueCodes.BAD_KASLR);
                    return;
                }
            }
        }
        Machine m = (Machine) k.eContainer();
        MachineFacts facts = MachineFacts.of(m);
        io.kmemlab.emulator.spec.KernelProfile profile = io.kmemlab.emulator.spec.KernelProfile.byVersion(facts.kernelVersion());
        if (profile == null || k.isOff()) return;
        io.kmemlab.emulator.spec.MachineSpec spec = new io.kmemlab.emulator.spec.MachineSpec().arch(facts.arch()).kernel(facts.kernelVersion());
        for (MachineClause c : m.getClauses()) {
            if (c instanceof PagingClause p) spec.paging(p.getMode());
            List<RamClause> rams = c instanceof RamClause r ? List.of(r) : c instanceof NodeClause n ? n.getRanges() : List.of();
            for (RamClause r : rams) {
                OptionalLong start = ConstantEvaluator.eval(r.getStart());
                OptionalLong end = r.getEnd() != null ? ConstantEvaluator.eval(r.getEnd()) : OptionalLong.empty();
                OptionalLong size = r.getSize() != null ? ConstantEvaluator.eval(r.getSize()) : OptionalLong.empty();
                if (start.isPresent() && end.isPresent()) spec.ram(start.getAsLong(), end.getAsLong());
                else if (start.isPresent() && size.isPresent()) spec.ramSize(start.getAsLong(), size.getAsLong());
            }
            if (c instanceof KernelImageClause ki) {
                OptionalLong at = ConstantEvaluator.eval(ki.getStart()), size = ConstantEvaluator.eval(ki.getSize());
                if (at.isPresent() && size.isPresent()) spec.kernelImage(at.getAsLong(), size.getAsLong());
            }
        }
        if (k.getSeed() != null) {
            OptionalLong seed = ConstantEvaluator.eval(k.getSeed());
            spec.kaslrSeed(seed.isPresent() ? seed.getAsLong() : 0L).kaslrText(given.get("text"));
        } else if (anyBase) {
            spec.kaslrBases(new io.kmemlab.emulator.spec.MachineSpec.KaslrBases(given.get("page_offset_base"),
                    given.get("vmalloc_base"), given.get("vmemmap_base"), given.get("text")));
        } else {
            spec.kaslrText(given.get("text"));
        }
        String ignored = io.kmemlab.emulator.arch.X86Kaslr.ignored(spec, profile);
        if (ignored != null) {
            warning(ignored, k, null, IssueCodes.BAD_KASLR);
            return;
        }
        String problem = io.kmemlab.emulator.arch.X86Kaslr.problem(spec, profile);
        if (problem != null) error(problem, k, null, IssueCodes.BAD_KASLR);
    }

    @Check
    public void checkCpus(CpusClause c) {
        ArchLimits limits = limits((Machine) c.eContainer());
        OptionalLong cpus = ConstantEvaluator.eval(c.getCount());
        Machine m = (Machine) c.eContainer();
        long nrCpus = MachineFacts.of(m).configSpec().configValue(io.kmemlab.emulator.spec.ConfigOption.NR_CPUS);
        String problem = limits == null || cpus.isEmpty() ? null : limits.cpusProblem(cpus.getAsLong(), nrCpus);
        if (problem != null) {
            error(problem, c, KmemPackage.Literals.CPUS_CLAUSE__COUNT, IssueCodes.BEYOND_ARCH_LIMITS);
        }
    }

    @Check
    public void checkNodeId(NodeClause n) {
        ArchLimits limits = limits((Machine) n.eContainer());
        OptionalLong nid = ConstantEvaluator.eval(n.getNid());
        String problem = limits == null || nid.isEmpty() ? null : limits.nodeProblem(nid.getAsLong());
        if (problem != null) {
            error(problem, n, KmemPackage.Literals.NODE_CLAUSE__NID, IssueCodes.BEYOND_ARCH_LIMITS);
        }
    }

    /**
     * `kernel-image at A size S`: the boot loader puts the image in RAM (the kernel's own
     * memblock_reserve(__pa_symbol(_text), ...) reserves RAM), so the whole of [A, A + S) must lie
     * in one RAM range.
     */
    private void imageInRam(Machine m, List<long[]> ranges) {
        for (MachineClause c : m.getClauses()) {
            if (!(c instanceof KernelImageClause k) || ranges.isEmpty()) {
                continue;
            }
            OptionalLong at = ConstantEvaluator.eval(k.getStart()), size = ConstantEvaluator.eval(k.getSize());
            if (at.isEmpty() || size.isEmpty() || size.getAsLong() <= 0) {
                continue;
            }
            long first = at.getAsLong(), last = first + size.getAsLong() - 1;
            boolean inside = ranges.stream().anyMatch(r -> Long.compareUnsigned(r[0], first) <= 0 && Long.compareUnsigned(last, r[1]) <= 0);
            if (!inside) {
                error(String.format("kernel-image at %#x size %#x (%#x .. %#x) is not inside one RAM range: the boot loader"
                        + " loads the kernel into RAM; move it or add the RAM", first, size.getAsLong(), first, last), k, null,
                        IssueCodes.IMAGE_OUTSIDE_RAM);
            }
        }
    }

    /**
     * `zones { NAME size S }` carves S bytes above the previous zone. The kernel clamps each zone
     * to the RAM its node spans (mm/mm_init.c, zone_spanned_pages_in_node(), 6.12), so a sized zone
     * reaching past the last byte of RAM silently holds less than S, or nothing: an error here.
     * The zones are laid out as the boot does (Boot.phaseZones): `until` ends a zone at its
     * address, `size` adds to the previous end, `rest` takes what is left.
     */
    private void zonesInRam(Machine m, List<long[]> ranges) {
        if (ranges.isEmpty()) {
            return;
        }
        long ramEnd = 0;   // exclusive
        for (long[] r : ranges) {
            if (Long.compareUnsigned(r[1] + 1, ramEnd) > 0) {
                ramEnd = r[1] + 1;
            }
        }
        for (MachineClause c : m.getClauses()) {
            if (!(c instanceof ZonesClause z) || z.isDefault()) {
                continue;
            }
            long previousEnd = 0;
            for (ZoneDecl d : z.getZones()) {
                if (d.isRest()) {
                    break;
                }
                OptionalLong value = ConstantEvaluator.eval(d.getEnd() != null ? d.getEnd() : d.getSize());
                if (value.isEmpty() || (d.getSize() != null && value.getAsLong() <= 0)) {
                    break;   // not constant, or reported elsewhere: the layout from here on is unknown
                }
                if (d.getEnd() != null) {
                    previousEnd = Long.compareUnsigned(value.getAsLong(), previousEnd) > 0 ? value.getAsLong() : previousEnd;
                    continue;
                }
                long start = previousEnd, size = value.getAsLong(), end = start + size;
                if (Long.compareUnsigned(end, ramEnd) > 0 || Long.compareUnsigned(end, start) < 0) {
                    String held = Long.compareUnsigned(start, ramEnd) >= 0
                            ? String.format("it starts at %#x, so %s would be empty; add RAM above %#x or make the zones below"
                                    + " it smaller", start, d.getName(), start)
                            : String.format("%s (%#x .. %#x) would hold only %#x bytes; make it size %#x or less, or add RAM",
                                    d.getName(), start, end - 1, ramEnd - start, ramEnd - start);
                    error(String.format("zone %s size %#x reaches past the end of RAM (the last RAM byte is %#x): the kernel"
                            + " clamps zones to the RAM present; %s", d.getName(), size, ramEnd - 1, held), d,
                            KmemPackage.Literals.ZONE_DECL__SIZE, IssueCodes.ZONE_OUTSIDE_RAM);
                    break;
                }
                previousEnd = end;
            }
        }
    }

    private void addRange(RamClause r, ArchLimits limits, List<long[]> ranges, List<EObject> owners) {
        OptionalLong start = ConstantEvaluator.eval(r.getStart());
        OptionalLong end = r.getEnd() != null ? ConstantEvaluator.eval(r.getEnd()) : OptionalLong.empty();
        OptionalLong size = r.getSize() != null ? ConstantEvaluator.eval(r.getSize()) : OptionalLong.empty();
        if (start.isEmpty() || (end.isEmpty() && size.isEmpty())) {
            return;
        }
        long last;
        if (end.isPresent()) {
            last = end.getAsLong();
            if (Long.compareUnsigned(last, start.getAsLong()) < 0) {
                error(String.format("RAM range ends (%#x) before it starts (%#x): ranges are START .. END, inclusive",
                        last, start.getAsLong()), r, null, IssueCodes.RAM_EMPTY);
                return;
            }
        } else {
            if (size.getAsLong() == 0) {
                error("RAM range of size 0", r, null, IssueCodes.RAM_EMPTY);
                return;
            }
            if (size.getAsLong() < 0) {
                error(String.format("RAM size %d is negative: a size counts bytes up from the start", size.getAsLong()), r,
                        KmemPackage.Literals.RAM_CLAUSE__SIZE, IssueCodes.RAM_EMPTY);
                return;
            }
            last = start.getAsLong() + size.getAsLong() - 1;
            if (Long.compareUnsigned(last, start.getAsLong()) < 0) {
                error(String.format("RAM range %#x size %#x ends past 2^64", start.getAsLong(), size.getAsLong()), r,
                        KmemPackage.Literals.RAM_CLAUSE__SIZE, IssueCodes.BEYOND_ARCH_LIMITS);
                return;
            }
        }
        if (limits != null && limits.ramTooHigh(last)) {
            error(limits.ramTooHighMessage(), r, null, IssueCodes.BEYOND_ARCH_LIMITS);
            return;
        }
        if (limits != null && limits.ramTrimmed(last)) {
            warning(limits.ramTrimmedMessage(), r, null, IssueCodes.BEYOND_ARCH_LIMITS);
        }
        ranges.add(new long[] {start.getAsLong(), last});
        owners.add(r);
    }

    private static int line(EObject o) {
        var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(o);
        return node == null ? 0 : node.getStartLine();
    }

    @Check
    public void checkZones(ZonesClause z) {
        if (z.isDefault()) {
            return;
        }
        Set<String> names = new HashSet<>();
        Map<String, ZoneDecl> byName = new HashMap<>();
        long previousEnd = -1;
        boolean ordered = true;
        for (int i = 0; i < z.getZones().size(); i++) {
            ZoneDecl d = z.getZones().get(i);
            if (d.getName() != null && !names.add(d.getName())) {
                error("zone " + d.getName() + " is declared twice (line " + line(byName.get(d.getName())) + ")", d,
                        KmemPackage.Literals.ZONE_DECL__NAME, IssueCodes.DUPLICATE_NAME);
            }
            byName.putIfAbsent(d.getName(), d);
            if (d.isRest() && i != z.getZones().size() - 1) {
                error("`rest` takes everything above the previous zone, so zone " + d.getName()
                        + " must be the last one", d, null, IssueCodes.ZONES_ORDER);
            }
            if (d.getEnd() != null && ordered) {
                OptionalLong end = ConstantEvaluator.eval(d.getEnd());
                if (end.isPresent() && (end.getAsLong() & 0xfff) == 0xfff) {
                    // `ram A .. B` includes B, `until X` excludes X: 0x...fff is an inclusive end written where
                    // an exclusive one is read, and the zone silently loses its last page
                    String fix = String.format("%#x", end.getAsLong() + 1);
                    warning(String.format("zone %s until %#x ends before %#x (until is exclusive, unlike `ram A .. B`, which"
                            + " includes B): the zone loses the page at %#x; write until %s", d.getName(), end.getAsLong(),
                            end.getAsLong(), end.getAsLong() & ~0xfffL, fix), d, KmemPackage.Literals.ZONE_DECL__END,
                            IssueCodes.ZONE_UNTIL_INCLUSIVE, fix);
                }
                if (end.isPresent()) {
                    if (previousEnd != -1 && Long.compareUnsigned(end.getAsLong(), previousEnd) <= 0) {
                        error(String.format("zones are declared in ascending address order: %s ends at %#x, not above"
                                + " the previous zone's end %#x", d.getName(), end.getAsLong(), previousEnd), d,
                                KmemPackage.Literals.ZONE_DECL__END, IssueCodes.ZONES_ORDER);
                        ordered = false;
                    }
                    previousEnd = end.getAsLong();
                } else {
                    ordered = false;
                }
            } else if (d.getSize() != null && previousEnd != -1) {
                OptionalLong size = ConstantEvaluator.eval(d.getSize());
                previousEnd = size.isPresent() ? previousEnd + size.getAsLong() : -1;
            }
        }
    }

    @Check
    public void checkUniqueNames(Model model) {
        Map<String, EObject> machines = new HashMap<>();
        Map<String, EObject> scenarios = new HashMap<>();
        for (TopLevel t : model.getElements()) {
            if (t instanceof Machine m && m.getName() != null) {
                EObject first = machines.putIfAbsent(m.getName(), m);
                if (first != null) {
                    error("machine " + m.getName() + " is already declared on line " + line(first), m,
                            KmemPackage.Literals.TOP_LEVEL__NAME, IssueCodes.DUPLICATE_NAME);
                }
            } else if (t instanceof Scenario s && s.getName() != null) {
                EObject first = scenarios.putIfAbsent(s.getName(), s);
                if (first != null) {
                    error("scenario \"" + s.getName() + "\" is already declared on line " + line(first)
                            + ": `kmemlab run --scenario` selects scenarios by name", s,
                            KmemPackage.Literals.TOP_LEVEL__NAME, IssueCodes.DUPLICATE_NAME);
                }
            }
        }
    }

    /** Helper for other validators: an expression's constant value, if it has one. */
    static OptionalLong constant(Expression e) {
        return ConstantEvaluator.eval(e);
    }
}
