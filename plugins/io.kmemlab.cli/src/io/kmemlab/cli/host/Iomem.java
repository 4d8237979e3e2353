package io.kmemlab.cli.host;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/iomem: the firmware's physical memory map as the kernel registered it. Top-level
 * "System RAM" lines are the RAM ranges (inclusive, as a machine's `ram` clause takes them).
 * Without root the kernel prints every address as 0 (kernel/resource.c hides them).
 */
public record Iomem(List<Range> ram, List<Range> kernelImage) {
    public record Range(long start, long end, String name) { }

    public static Iomem parse(String text) {
        List<Range> ram = new ArrayList<>(), kernel = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            boolean topLevel = !Character.isWhitespace(line.charAt(0));
            int colon = line.indexOf(" : ");
            if (colon < 0) continue;
            String[] span = line.substring(0, colon).trim().split("-");
            if (span.length != 2) continue;
            String name = line.substring(colon + 3).trim();
            Range r = new Range(Long.parseUnsignedLong(span[0], 16), Long.parseUnsignedLong(span[1], 16), name);
            if (topLevel && name.equals("System RAM")) ram.add(r);
            if (!topLevel && name.startsWith("Kernel ")) kernel.add(r);
        }
        return new Iomem(List.copyOf(ram), List.copyOf(kernel));
    }

    /** True when the addresses were hidden (all zero): the caller is not root. */
    public boolean hidden() {
        return !ram.isEmpty() && ram.stream().allMatch(r -> r.start() == 0 && r.end() == 0);
    }
}
