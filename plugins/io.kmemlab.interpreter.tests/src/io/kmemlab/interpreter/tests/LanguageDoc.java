package io.kmemlab.interpreter.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-ins docs/language.md section 5 documents: each function with the arity its
 * signature shows, and each named constant. Read from the user's reference itself, so a name
 * documented there and missing in the interpreter fails a test.
 */
final class LanguageDoc {
    /** A documented function: how many arguments it needs and how many it takes. */
    record Signature(String name, int required, int max) { }

    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern CALL = Pattern.compile("^([A-Za-z_][A-Za-z0-9_/]*)(?:\\((.*)\\))?$");
    private static final Pattern CONSTANT = Pattern.compile("^_*[A-Z][A-Z0-9_]*$|^(mem_map|init_mm|current|__START_KERNEL_map)$");

    final Map<String, Signature> functions = new LinkedHashMap<>();
    final Set<String> constants = new LinkedHashSet<>();

    static LanguageDoc read() {
        Path file = ScenarioFilesTest.repositoryRoot().resolve("docs/language.md");
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LanguageDoc parse(String text) {
        LanguageDoc d = new LanguageDoc();
        int start = text.indexOf("## 5. Built-ins"), end = text.indexOf("\n## 6.", start);
        String section = text.substring(start, end);
        int constantsAt = section.indexOf("\nConstants:");
        for (String line : section.substring(0, constantsAt).split("\n")) {
            if (!line.startsWith("| `")) continue;
            String[] cells = line.split("\\|");
            d.functionsOf(cells[1], cells[cells.length - 1]);
        }
        Matcher m = SPAN.matcher(section.substring(constantsAt));
        while (m.find()) {
            for (String token : m.group(1).split("\\s+")) if (CONSTANT.matcher(token).matches()) d.constants.add(token);
        }
        return d;
    }

    /** The functions of one table row: {@code `a(x, y)` `b(z [, w])`}, {@code `read8/16/32/64(addr)`}, {@code `pgd_index` ... (addr)}. */
    private void functionsOf(String first, String meaning) {
        String trailing = first.substring(first.lastIndexOf('`') + 1).trim();       // "(addr)" after bare names
        Matcher spans = SPAN.matcher(first);
        String previousParams = null;
        while (spans.find()) {
            Matcher c = CALL.matcher(spans.group(1).trim());
            if (!c.matches()) throw new IllegalStateException("docs/language.md section 5: cannot read `" + spans.group(1) + "`");
            String params = c.group(2) != null ? c.group(2) : trailing.replaceAll("^\\((.*)\\)$", "$1");
            if (params.equals("...")) params = previousParams;
            previousParams = params;
            for (String name : expand(c.group(1), meaning)) functions.put(name, signature(name, params));
        }
    }

    /** {@code read8/16/32/64} is four names; {@code PageXxx} one per flag its row lists. */
    private static List<String> expand(String name, String meaning) {
        List<String> out = new ArrayList<>();
        if (name.contains("/")) {
            String[] parts = name.split("/");
            String stem = parts[0].replaceAll("\\d+$", "");
            out.add(parts[0]);
            for (int i = 1; i < parts.length; i++) out.add(stem + parts[i]);
        } else if (name.endsWith("Xxx")) {
            String flags = meaning.contains("Xxx:") ? meaning.substring(meaning.indexOf("Xxx:") + 4)
                    : meaning.substring(meaning.lastIndexOf('(') + 1, meaning.lastIndexOf(')'));
            for (String f : flags.trim().split("\\s+")) out.add(name.replace("Xxx", f));
        } else {
            out.add(name);
        }
        return out;
    }

    private static Signature signature(String name, String params) {
        int bracket = params.indexOf('[');
        String required = bracket < 0 ? params : params.substring(0, bracket);
        String optional = bracket < 0 ? "" : params.substring(bracket).replaceAll("[\\[\\]]", "");
        int r = count(required), o = count(optional);
        return new Signature(name, r, r + o);
    }

    private static int count(String list) {
        int n = 0;
        for (String p : list.split(",")) if (!p.isBlank()) n++;
        return n;
    }
}
