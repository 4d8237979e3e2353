package io.kmemlab.lang.types;

/** A parameter of a built-in: its kernel name, its kind, and whether it may be left out. */
public record Param(String name, Kind kind, boolean optional) {

    public static Param of(String name, Kind kind) {
        return new Param(name, kind, false);
    }

    public static Param optional(String name, Kind kind) {
        return new Param(name, kind, true);
    }

    @Override
    public String toString() {
        return optional ? "[" + name + "]" : name;
    }
}
