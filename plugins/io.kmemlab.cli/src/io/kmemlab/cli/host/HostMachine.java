package io.kmemlab.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The machine description of the computer kmemlab runs on: RAM from /proc/iomem, the
 * kernel version and CPU count from /proc, zones left to the arch defaults (which is what
 * /proc/zoneinfo shows for a PC; check-host verifies it).
 */
public final class HostMachine {
    private final Iomem iomem;
    private final Zoneinfo zoneinfo;
    private final String arch;
    private final String kernel;
    private final int cpus;
    private final String source;
    private String release = "";
    private Path config;

    public HostMachine(Iomem iomem, Zoneinfo zoneinfo, String arch, String kernel, int cpus, String source) {
        this.iomem = iomem;
        this.zoneinfo = zoneinfo;
        this.arch = arch;
        this.kernel = kernel;
        this.cpus = cpus;
        this.source = source;
    }

    /** Reads the host's files; {@code root} replaces "/" (tests use a fixture directory). */
    public static HostMachine read(Path iomemFile, Path zoneinfoFile, Path osrelease) throws IOException, HostException {
        Iomem io = Iomem.parse(Files.readString(iomemFile));
        if (io.ram().isEmpty()) throw new HostException(iomemFile + " lists no \"System RAM\" range");
        if (io.hidden()) throw new HostException(iomemFile + " shows all addresses as 0: the kernel hides them from non-root users; run as root (sudo)");
        Zoneinfo zi = Files.isReadable(zoneinfoFile) ? Zoneinfo.parse(Files.readString(zoneinfoFile)) : new Zoneinfo(java.util.List.of());
        String release = Files.isReadable(osrelease) ? Files.readString(osrelease).trim() : "";
        HostMachine hm = new HostMachine(io, zi, hostArch(), profile(release), Runtime.getRuntime().availableProcessors(), iomemFile.toString());
        hm.release = release;
        return hm;
    }

    /** The JVM's os.arch as a kmem arch name. */
    static String hostArch() {
        String a = System.getProperty("os.arch", "amd64");
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            default -> a.startsWith("arm") ? "arm" : a;
        };
    }

    /**
     * The language's kernel profile for a release: the newest profile not newer than the host.
     * "6.18.44-fc" -> "6.14" (6.14 on: PG_dropbehind exists), "6.12.9" -> "6.12" (6.12, 6.13),
     * "6.1.0-13-amd64" -> "6.1" (6.1 to 6.11), "2.6.32" -> "2.6"; null (the default profile) for
     * anything else.
     */
    static String profile(String release) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) return null;
        int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
        if (major == 2 && minor == 6) return "2.6";
        if (major > 6 || (major == 6 && minor >= 14)) return "6.14";
        if (major == 6 && minor >= 12) return "6.12";
        if (major == 6 && minor >= 1) return "6.1";
        return null;
    }

    public Zoneinfo zoneinfo() { return zoneinfo; }

    /** The kernel .config the machine is configured from (`config from`), or null. */
    public void config(Path file) { this.config = file; }

    /**
     * The running kernel's .config: /proc/config.gz (CONFIG_IKCONFIG_PROC), else
     * /boot/config-$(uname -r) as distributions install it; null when neither exists.
     */
    public static Path runningConfig(Path osrelease) {
        Path proc = Path.of("/proc/config.gz");
        if (Files.isReadable(proc)) return proc;
        try {
            String release = Files.isReadable(osrelease) ? Files.readString(osrelease).trim() : "";
            Path boot = Path.of("/boot/config-" + release);
            return !release.isEmpty() && Files.isReadable(boot) ? boot : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The `machine NAME { }` text. */
    public String render(String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("// The machine kmemlab runs on, written by `kmemlab import-host` on ").append(LocalDate.now())
          .append(" from ").append(source).append(" and /proc/zoneinfo.\n");
        sb.append("// RAM ranges are the top-level \"System RAM\" lines of /proc/iomem (inclusive, as it prints them);\n");
        sb.append("// zones are the arch defaults, which `kmemlab check-host` compares with /proc/zoneinfo:\n");
        for (Zoneinfo.ZoneCounts z : zoneinfo.zones()) {
            if (!z.populated()) continue;
            sb.append(String.format("//   node %d %-8s start_pfn %-9s spanned %-9d present %-9d managed %d%n", z.nid(), z.name(),
                    z.startPfn() < 0 ? "?" : "0x" + Long.toHexString(z.startPfn()), z.spanned(), z.present(), z.managed()));
        }
        sb.append("machine ").append(name).append(" {\n");
        sb.append("    arch ").append(arch).append('\n');
        if (kernel != null) sb.append("    kernel ").append(kernel).append("                      // the profile closest to the host's ").append(release).append('\n');
        sb.append("    cpus ").append(cpus).append('\n');
        for (Iomem.Range r : iomem.ram()) sb.append(String.format("    ram 0x%x .. 0x%x%n", r.start(), r.end()));
        if (!iomem.kernelImage().isEmpty()) {
            long start = iomem.kernelImage().stream().mapToLong(Iomem.Range::start).min().orElse(0);
            long end = iomem.kernelImage().stream().mapToLong(Iomem.Range::end).max().orElse(0);
            long mib = 1L << 20;
            long at = start / mib * mib, size = (end - at + mib) / mib * mib;   // whole MiB around code .. bss
            sb.append(String.format("    kernel-image at 0x%x size %dM      // Kernel code .. Kernel bss%n", at, size / mib));
        }
        if (config != null) {
            // a .config path is written as a .kmem string: backslashes and quotes escaped
            sb.append("    config from \"").append(config.toString().replace("\\", "\\\\").replace("\"", "\\\""))
              .append("\"      // the running kernel's configuration\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** The host's files cannot give a machine; the message says why and what to do. */
    public static final class HostException extends Exception {
        private static final long serialVersionUID = 1L;

        public HostException(String message) { super(message, null, false, false); }
    }
}
