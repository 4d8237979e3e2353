package io.kmemlab.interpreter.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * releng/acceptance-pending.txt: scenarios not expected to pass yet, one a line:
 * {@code "scenario name"  reason}; {@code #} starts a comment line.
 */
record PendingList(Map<String, String> entries) {
    private static final Pattern LINE = Pattern.compile("^\"([^\"]+)\"\\s+(.+)$");

    static PendingList read(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.exists(file)) return new PendingList(m);
        try {
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                Matcher x = LINE.matcher(t);
                if (!x.matches()) throw new IllegalStateException(file + ":" + n + ": expected \"scenario name\" followed by the reason");
                m.put(x.group(1), x.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PendingList(m);
    }

    String reason(String scenario) { return entries.get(scenario); }

    List<String> names() { return List.copyOf(entries.keySet()); }
}
