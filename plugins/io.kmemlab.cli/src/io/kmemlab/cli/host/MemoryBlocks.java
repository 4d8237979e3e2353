package io.kmemlab.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * /sys/devices/system/memory (drivers/base/memory.c): block_size_bytes in hex, and one
 * memoryN directory per memory block, N = its first section / sections per block, with its
 * state (online, offline, going-offline).
 *
 * @param blockSize block_size_bytes, -1 when the directory is absent (no MEMORY_HOTPLUG sysfs)
 * @param states    block id -> state
 */
public record MemoryBlocks(long blockSize, Map<Long, String> states) {
    public static final MemoryBlocks NONE = new MemoryBlocks(-1, Map.of());

    public static MemoryBlocks read(Path dir) throws IOException {
        Path size = dir.resolve("block_size_bytes");
        if (!Files.isReadable(size)) return NONE;
        long bytes = Long.parseUnsignedLong(Files.readString(size).trim().replaceFirst("^0x", ""), 16);
        Map<Long, String> states = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (!n.matches("memory\\d+")) continue;
                Path state = p.resolve("state");
                states.put(Long.parseLong(n.substring("memory".length())),
                        Files.isReadable(state) ? Files.readString(state).trim() : "?");
            }
        }
        return new MemoryBlocks(bytes, Map.copyOf(states));
    }

    public boolean present() { return blockSize > 0; }
}
