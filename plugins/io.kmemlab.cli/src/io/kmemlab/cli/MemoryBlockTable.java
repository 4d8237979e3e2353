package io.kmemlab.cli;

import io.kmemlab.cli.host.EmulatedZones;
import io.kmemlab.cli.host.MemoryBlocks;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeSet;

/**
 * check-host's memory-section comparison with /sys/devices/system/memory: the block size, and
 * which memory blocks exist and are online. A block is block_size_bytes / (1 << SECTION_SIZE_BITS)
 * sections (drivers/base/memory.c); the emulator's blocks are its sections with RAM grouped so.
 * x86_64 picks the block size in probe_memory_block_size() (arch/x86/mm/init_64.c, v6.12): the
 * section size below 64 GiB of memory, else 2 GiB on bare metal, or under a hypervisor the
 * largest size up to 2 GiB that the end of memory is aligned to.
 */
final class MemoryBlockTable {
    private static final long MEM_SIZE_FOR_LARGE_BLOCK = 64L << 30;
    private static final long MAX_BLOCK_SIZE = 2L << 30;

    private MemoryBlockTable() { }

    /** Prints the rows; returns {explained, unexplained} differences. */
    static int[] print(PrintWriter out, EmulatedZones.Booted e, MemoryBlocks host) {
        out.println();
        if (!host.present()) {
            out.println("memory blocks: not compared (no /sys/devices/system/memory: the host's kernel has no memory hotplug sysfs)");
            return new int[] {0, 0};
        }
        out.println("memory blocks (/sys/devices/system/memory)");
        int explained = 0, unexplained = 0;
        long bz = host.blockSize();
        String sizeVerdict;
        long expected = e.memEnd() < MEM_SIZE_FOR_LARGE_BLOCK ? e.sectionBytes() : -1;
        if (expected > 0 && bz == expected) {
            sizeVerdict = "ok";
        } else if (expected < 0 && allowedLargeBlock(bz, e)) {
            explained++;
            sizeVerdict = "explained: 64 GiB or more: 2 GiB on bare metal, else the largest size the end of memory is aligned to";
        } else if (bz % e.sectionBytes() == 0 && bz >= e.sectionBytes()) {
            explained++;
            sizeVerdict = "explained: the host's kernel was given another size (set_memory_block_size_order(): x86 UV, CXL memory windows)";
        } else {
            unexplained++;
            sizeVerdict = "DIFFERS (unexplained): not a multiple of the section size";
        }
        out.printf("  block size   emulator %-20s host %-20s  %s%n", mib(expected > 0 ? expected : bz), mib(bz), sizeVerdict);
        long perBlock = Math.max(1, bz / e.sectionBytes());
        TreeSet<Long> emulated = new TreeSet<>();
        for (long nr : e.presentSections()) emulated.add(nr / perBlock);
        Map<Long, String> states = host.states();
        TreeSet<Long> onHost = new TreeSet<>(states.keySet());
        TreeSet<Long> onlyEmulator = new TreeSet<>(emulated), onlyHost = new TreeSet<>(onHost);
        onlyEmulator.removeAll(onHost);
        onlyHost.removeAll(emulated);
        long offline = states.values().stream().filter(s -> !s.equals("online")).count();
        String blocksVerdict;
        if (onlyEmulator.isEmpty() && onlyHost.isEmpty()) {
            blocksVerdict = "ok";
        } else if (onlyEmulator.isEmpty()) {
            explained++;
            blocksVerdict = "explained: blocks " + ranges(onlyHost) + " were hotplugged after boot (not in the boot memory map)";
        } else {
            unexplained++;
            blocksVerdict = "DIFFERS (unexplained): blocks " + ranges(onlyEmulator) + " have RAM on the emulator but no memory block on the host"
                    + (onlyHost.isEmpty() ? "" : ", blocks " + ranges(onlyHost) + " the reverse");
        }
        out.printf("  blocks       emulator %-20s host %-20s  %s%n", emulated.size() + " " + ranges(emulated), onHost.size() + " " + ranges(onHost), blocksVerdict);
        String stateVerdict = offline == 0 ? "ok" : "explained: " + offline + " offline (memory hotplug: offlined by the host or a driver)";
        if (offline > 0) explained++;
        out.printf("  online       emulator %-20s host %-20s  %s%n", emulated.size(), onHost.size() - offline, stateVerdict);
        return new int[] {explained, unexplained};
    }

    private static boolean allowedLargeBlock(long bz, EmulatedZones.Booted e) {
        if (bz == MAX_BLOCK_SIZE) return true;
        return bz >= e.sectionBytes() && bz <= MAX_BLOCK_SIZE && Long.bitCount(bz) == 1 && e.memEnd() % bz == 0;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /** 0-23,32-199: the ids as runs. */
    static String ranges(java.util.SortedSet<Long> ids) {
        StringBuilder sb = new StringBuilder();
        Long start = null, prev = null;
        for (long id : ids) {
            if (prev != null && id == prev + 1) { prev = id; continue; }
            if (start != null) sb.append(sb.isEmpty() ? "" : ",").append(start.equals(prev) ? "" + start : start + "-" + prev);
            start = id;
            prev = id;
        }
        if (start != null) sb.append(sb.isEmpty() ? "" : ",").append(start.equals(prev) ? "" + start : start + "-" + prev);
        return sb.isEmpty() ? "none" : sb.toString();
    }

}
