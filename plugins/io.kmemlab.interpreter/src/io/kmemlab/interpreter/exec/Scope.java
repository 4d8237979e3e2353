package io.kmemlab.interpreter.exec;

import io.kmemlab.interpreter.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/** Variables of one block; lookups go outwards, as in C. */
final class Scope {
    final Scope parent;
    final Map<String, Value> vars = new LinkedHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Value lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Value v = s.vars.get(name);
            if (v != null) return v;
        }
        return null;
    }

    void define(String name, Value v) { vars.put(name, v); }

    /** All visible variables, inner ones winning (for the debugger's Variables view). */
    Map<String, Value> visible() {
        Map<String, Value> out = parent == null ? new LinkedHashMap<>() : parent.visible();
        out.putAll(vars);
        return out;
    }
}
