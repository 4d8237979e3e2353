package io.kmemlab.emulator.spec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A `machine { }` block as data: what the interpreter fills in from the DSL and hands to
 * {@code Machine.create(spec)}. Fluent setters; nulls mean "the arch/profile
 * default". Ranges are inclusive, as /proc/iomem prints them.
 */
public final class MachineSpec {
    /** A RAM range [start, end] (inclusive) on NUMA node {@code nid}. */
    public record Ram(long start, long end, int nid) { }

    /** A `reserved START .. END "NAME"` line. */
    public record Reserved(long start, long end, String name) { }

    /**
     * `kaslr page_offset_base A vmalloc_base B vmemmap_base C [text T]`: the bases a real boot
     * picked (as a crash dump shows them); {@code text} is _text, null for the default.
     */
    public record KaslrBases(long pageOffsetBase, long vmallocBase, long vmemmapBase, Long text) { }

    /** A `symbol NAME in text|data|bss size N` line. */
    public record Symbol(String name, String section, long size) { }

    private String name = "machine";
    private String arch = "x86_64";
    private String paging;
    private MemoryModelKind memoryModel;
    private Long kaslrSeed;
    private KaslrBases kaslrBases;
    private Long kaslrText;
    private String kernel = "6.12";
    private int cpus = 1;
    private int hugepages;
    private long swapBytes = 1L << 30;
    private final List<Ram> ram = new ArrayList<>();
    private final List<Reserved> reserved = new ArrayList<>();
    private long kernelImageAt = 16L << 20;
    private long kernelImageSize = 32L << 20;
    private boolean kernelImageGiven;
    private final List<Symbol> symbols = new ArrayList<>();
    private List<ZoneSpec> zones;                     // null = `zones default`
    private final Map<ConfigOption, Long> config = new EnumMap<>(ConfigOption.class);
    /** The options whose value came from a `config from "FILE"`, with the file as written. */
    private final Map<ConfigOption, String> configFiles = new EnumMap<>(ConfigOption.class);
    private Long pageOffset;
    private Long lowmemLimit;
    private String bootAllocator;                     // "memblock" | "bootmem" | null

    public MachineSpec name(String v) { name = v; return this; }
    public MachineSpec arch(String v) { arch = v; return this; }
    public MachineSpec paging(String v) { paging = v; return this; }
    public MachineSpec memoryModel(MemoryModelKind v) { memoryModel = v; return this; }
    public MachineSpec kaslrSeed(Long v) { kaslrSeed = v; return this; }
    public MachineSpec kaslrBases(KaslrBases v) { kaslrBases = v; return this; }
    /** `kaslr [seed N] text T`: _text as a dump shows it, the decompressor's choice given directly. */
    public MachineSpec kaslrText(Long v) { kaslrText = v; return this; }
    public MachineSpec kernel(String v) { kernel = v; return this; }
    public MachineSpec cpus(int v) { cpus = v; return this; }
    public MachineSpec hugepages(int v) { hugepages = v; return this; }
    public MachineSpec swap(long bytes) { swapBytes = bytes; return this; }
    /** `ram START .. END` (inclusive) on node 0. */
    public MachineSpec ram(long start, long endInclusive) { return ram(start, endInclusive, 0); }
    public MachineSpec ram(long start, long endInclusive, int nid) { ram.add(new Ram(start, endInclusive, nid)); return this; }
    /** `ram START size LEN`. */
    public MachineSpec ramSize(long start, long len) { return ram(start, start + len - 1); }
    public MachineSpec reserved(long start, long endInclusive, String what) { reserved.add(new Reserved(start, endInclusive, what)); return this; }
    public MachineSpec kernelImage(long at, long size) { kernelImageAt = at; kernelImageSize = size; kernelImageGiven = true; return this; }
    public MachineSpec symbol(String n, String section, long size) { symbols.add(new Symbol(n, section, size)); return this; }
    public MachineSpec zones(List<ZoneSpec> v) { zones = v == null ? null : List.copyOf(v); return this; }
    public MachineSpec config(ConfigOption o, boolean on) { return config(o, on ? 1L : 0L); }
    /** A numeric option (`NODES_SHIFT 10`), or a switch as 1 / 0. */
    public MachineSpec config(ConfigOption o, long value) { config.put(o, value); configFiles.remove(o); return this; }
    /** An option as a kernel .config {@code file} (the name the machine wrote) sets it; a later {@link #config} overrides it. */
    public MachineSpec configFromFile(String file, ConfigOption o, long value) { config.put(o, value); configFiles.put(o, file); return this; }
    public MachineSpec pageOffset(Long v) { pageOffset = v; return this; }
    public MachineSpec lowmemLimit(Long v) { lowmemLimit = v; return this; }
    public MachineSpec bootAllocator(String v) { bootAllocator = v; return this; }

    public String name() { return name; }
    public String arch() { return arch; }
    public String paging() { return paging; }
    public MemoryModelKind memoryModel() { return memoryModel; }
    public Long kaslrSeed() { return kaslrSeed; }
    /** Bases given directly, or null (then {@link #kaslrSeed()} picks them, or there is no KASLR). */
    public KaslrBases kaslrBases() { return kaslrBases; }
    /**
     * _text given apart from the bases (with a seed, or alone: then the memory regions are not
     * randomized, as with CONFIG_RANDOMIZE_MEMORY off), or null. The text of {@link #kaslrBases()} wins.
     */
    public Long kaslrText() { return kaslrBases != null && kaslrBases.text() != null ? kaslrBases.text() : kaslrText; }
    public String kernel() { return kernel; }
    public int cpus() { return cpus; }
    public int hugepages() { return hugepages; }
    public long swapBytes() { return swapBytes; }
    public List<Ram> ram() { return List.copyOf(ram); }
    public List<Reserved> reserved() { return List.copyOf(reserved); }
    public long kernelImageAt() { return kernelImageAt; }
    /** Whether `kernel-image at` was written; otherwise the arch decides where the image is loaded. */
    public boolean kernelImageGiven() { return kernelImageGiven; }
    public long kernelImageSize() { return kernelImageSize; }
    public List<Symbol> symbols() { return List.copyOf(symbols); }
    public List<ZoneSpec> zones() { return zones; }
    public Long pageOffset() { return pageOffset; }
    public Long lowmemLimit() { return lowmemLimit; }
    public String bootAllocator() { return bootAllocator; }

    /** A switch: set in the `config { }` block, else the distribution default of the arch and profile ({@link DistroConfig}). */
    public boolean config(ConfigOption o) { return configValue(o) != 0; }

    /** An option's value: set in the `config { }` block, else {@link DistroConfig}'s default. */
    public long configValue(ConfigOption o) {
        Long v = config.get(o);
        return v != null ? v : DistroConfig.value(o, arch, kernel);
    }

    /**
     * NODES_SHIFT of this machine's kernel (include/linux/numa.h): CONFIG_NODES_SHIFT with
     * CONFIG_NUMA, else 0. 32-bit ARM has no NUMA (no ARCH_SUPPORTS_NUMA... in arch/arm/Kconfig).
     */
    public int nodesShift() {
        return config(ConfigOption.NUMA) && !"arm".equals(arch) ? (int) configValue(ConfigOption.NODES_SHIFT) : 0;
    }

    /** Whether the `config { }` block or a `config from` file sets {@code o} (otherwise the default applies). */
    public boolean configGiven(ConfigOption o) { return config.containsKey(o); }

    /** The .config file (as the machine names it) that set {@code o}, or null: set in a `config { }` block, or the default. */
    public String configFile(ConfigOption o) { return configFiles.get(o); }
}
