package io.kmemlab.emulator.spec;

/**
 * The value a config option has when a machine's `config { }` block does not set it: what a
 * mainstream distribution kernel of the machine's arch and profile is built with.
 *
 * x86_64 6.x follows Debian's amd64 configuration (debian/config/amd64/config of the Debian
 * kernel packaging): CONFIG_NUMA=y and CONFIG_MAXSMP=y. MAXSMP selects NR_CPUS 8192
 * (NR_CPUS_RANGE_BEGIN = NR_CPUS_RANGE_END = 8192) and hides the NODES_SHIFT prompt
 * (`int "Maximum NUMA Nodes (as a power of 2)" if !MAXSMP`, `default "10" if MAXSMP`,
 * arch/x86/Kconfig), so NODES_SHIFT is 10 whatever the fragment says; Ubuntu and Fedora set
 * CONFIG_NODES_SHIFT=10 directly. NUMA_BALANCING is on in those kernels: their dump_page()
 * prints lastcpupid=0x1fffff, which needs LAST_CPUPID in page->flags. DEFERRED_STRUCT_PAGE_INIT
 * is on in them too. KASAN tags (arm64 only) and LRU_GEN (no MGLRU in the emulator) are off.
 *
 * x86_64 2.6.32 has no NUMA_BALANCING (3.8) and keeps the Kconfig defaults without MAXSMP:
 * NODES_SHIFT 6 ("default "6" if X86_64"). i386 and ARM distribution kernels have no NUMA:
 * NODES_SHIFT 0, and NUMA_BALANCING needs ARCH_SUPPORTS_NUMA_BALANCING (x86_64 only on x86).
 */
public final class DistroConfig {
    private DistroConfig() { }

    /** The default of {@code o} (1 / 0 for a switch) on {@code arch} with kernel profile {@code kernel}. */
    public static long value(ConfigOption o, String arch, String kernel) {
        if (!o.perProfileDefault) return o.defaultOn ? 1 : 0;
        boolean x86_64 = "x86_64".equals(arch);
        boolean old = kernel != null && kernel.startsWith("2.");
        return switch (o) {
            case NUMA -> x86_64 ? 1 : 0;
            // arch/x86/Kconfig: default "10" if MAXSMP, "6" if X86_64, "3"
            case NODES_SHIFT -> x86_64 ? (old ? 6 : 10) : "i386".equals(arch) ? 3 : 0;
            // arch/x86/Kconfig NR_CPUS_DEFAULT: 8192 with MAXSMP; 32-bit SMP "8"; arch/arm/Kconfig "4"
            case NR_CPUS -> x86_64 ? 8192 : "i386".equals(arch) ? 8 : 4;
            case NUMA_BALANCING -> x86_64 && !old ? 1 : 0;
            case DEFERRED_STRUCT_PAGE_INIT -> x86_64 && !old ? 1 : 0;
            default -> 0;
        };
    }

    /** A value in a kernel's own words: {@code y} / {@code n} for a switch, the number otherwise. */
    public static String show(ConfigOption o, long v) {
        return o.kind == ConfigOption.Kind.SWITCH ? (v != 0 ? "on" : "off") : Long.toString(v);
    }
}
