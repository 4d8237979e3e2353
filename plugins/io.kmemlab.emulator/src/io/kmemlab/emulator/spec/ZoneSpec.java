package io.kmemlab.emulator.spec;

/**
 * One zone as the machine description declares it: `NAME until ADDR`, `NAME size LEN`,
 * `NAME rest`; {@code allocatorNone} zones are sized and initialised but the buddy
 * allocator never hands out their frames (nothing is released to their free lists).
 * Declaration order is the zone index (enum zone_type order).
 */
public record ZoneSpec(String name, Kind kind, long value, boolean allocatorNone) {
    public enum Kind { UNTIL, SIZE, REST }

    public static ZoneSpec until(String name, long endPhysExclusive) { return new ZoneSpec(name, Kind.UNTIL, endPhysExclusive, false); }

    public static ZoneSpec size(String name, long bytes, boolean allocatorNone) { return new ZoneSpec(name, Kind.SIZE, bytes, allocatorNone); }

    public static ZoneSpec rest(String name) { return new ZoneSpec(name, Kind.REST, 0, false); }
}
