package io.kmemlab.emulator.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A kernel .config as `make` writes it (scripts/kconfig/confdata.c conf_write()): lines
 * {@code CONFIG_X=y}, {@code =m}, {@code ="text"}, {@code =123} or {@code =0x1f}, and
 * {@code # CONFIG_X is not set}; other comment lines and blank lines. /proc/config.gz is the
 * same text gzip-compressed (kernel/configs.c, IKCONFIG_PROC).
 *
 * A .config is complete: Kconfig writes every visible symbol, so a switch it does not mention
 * has unmet dependencies and is off in that kernel. {@link #values()} therefore holds every
 * modelled switch: the file's value, or off when the file does not mention it. A number the file
 * does not mention keeps the machine's default (NODES_SHIFT without NUMA, NR_CPUS without SMP
 * is 1 and has no effect on the modelled rules). Options kmemlab does not model are ignored.
 */
public final class KernelConfigFile {
    /** A line that is not a .config line: where, and why. */
    public record Problem(int line, String message) { }

    private final Map<ConfigOption, Long> values;
    private final List<Problem> problems;
    private final int recognised;

    private KernelConfigFile(Map<ConfigOption, Long> values, List<Problem> problems, int recognised) {
        this.values = values;
        this.problems = problems;
        this.recognised = recognised;
    }

    /** Every modelled option the file decides (switches always; numbers when written). */
    public Map<ConfigOption, Long> values() { return Collections.unmodifiableMap(values); }

    /** Lines that are not .config lines (the file is still read past them). */
    public List<Problem> problems() { return List.copyOf(problems); }

    /** How many CONFIG_ lines the file has (0: this is probably not a kernel .config). */
    public int recognisedLines() { return recognised; }

    /**
     * Reads {@code file}; a name ending in .gz is gunzipped (/proc/config.gz).
     *
     * @throws IOException when the file cannot be read
     */
    public static KernelConfigFile read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName() != null && file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return parse(r.lines().toList());
            }
        }
    }

    /** The options of a .config's lines. */
    public static KernelConfigFile parse(List<String> lines) {
        Map<ConfigOption, Long> v = new EnumMap<>(ConfigOption.class);
        List<Problem> problems = new ArrayList<>();
        int recognised = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty()) continue;
            String name, value;
            if (l.startsWith("#")) {
                // "# CONFIG_FOO is not set"; any other comment is a heading or the version line
                if (!l.startsWith("# CONFIG_") || !l.endsWith(" is not set")) continue;
                name = l.substring("# CONFIG_".length(), l.length() - " is not set".length()).strip();
                value = "n";
            } else if (l.startsWith("CONFIG_") && l.indexOf('=') > 0) {
                name = l.substring("CONFIG_".length(), l.indexOf('='));
                value = l.substring(l.indexOf('=') + 1);
            } else {
                problems.add(new Problem(i + 1, "not a kernel .config line (CONFIG_NAME=value or # CONFIG_NAME is not set): " + abbreviate(l)));
                continue;
            }
            recognised++;
            apply(v, name, value, i + 1, problems);
        }
        // a complete .config: a modelled switch it does not mention is off in that kernel
        for (ConfigOption o : ConfigOption.values()) {
            if (o.kind == ConfigOption.Kind.SWITCH && !v.containsKey(o) && recognised > 0) v.put(o, 0L);
        }
        return new KernelConfigFile(v, problems, recognised);
    }

    private static void apply(Map<ConfigOption, Long> v, String name, String value, int line, List<Problem> problems) {
        switch (name) {
            // the HIGHMEM choice of arch/x86/Kconfig: NOHIGHMEM, HIGHMEM4G, HIGHMEM64G
            case "NOHIGHMEM" -> { if (yes(value)) v.put(ConfigOption.HIGHMEM, 0L); return; }
            case "HIGHMEM4G", "HIGHMEM64G" -> { if (yes(value)) v.put(ConfigOption.HIGHMEM, 1L); return; }
            default -> { }
        }
        ConfigOption o = ConfigOption.byName(name);
        if (o == null) return;                                                 // not modelled: ignored
        if (o.kind == ConfigOption.Kind.SWITCH) {
            if (yes(value)) v.put(o, 1L);
            else if (value.equals("n")) v.put(o, 0L);
            else problems.add(new Problem(line, "CONFIG_" + name + "=" + abbreviate(value) + ": a switch is y, m or n"));
            return;
        }
        try {
            String n = value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2 ? value.substring(1, value.length() - 1) : value;
            v.put(o, n.startsWith("0x") || n.startsWith("0X") ? Long.parseUnsignedLong(n.substring(2), 16) : Long.parseLong(n));
        } catch (NumberFormatException e) {
            problems.add(new Problem(line, "CONFIG_" + name + "=" + abbreviate(value) + ": a number was expected"));
        }
    }

    private static boolean yes(String value) { return value.equals("y") || value.equals("m"); }

    private static String abbreviate(String s) { return s.length() > 60 ? s.substring(0, 57) + "..." : s; }
}
