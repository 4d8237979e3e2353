package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md is the user's self-contained reference: code comments and the grammar
 * point at its sections, not at documents users do not have, and it says nothing about how
 * the project is organised.
 */
class ReferenceDocTest {
    private static final Path ROOT = ScenarioFilesTest.repositoryRoot();

    /** The names of the old contract document, spelled so that this file does not match itself. */
    private static final List<String> OLD_CONTRACT = List.of("LANGUAGE" + ".md", "shared" + "/lang");

    @Test
    void sourcesCiteTheReferenceUsersHave() throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("plugins"))) {
            files.filter(f -> f.toString().matches(".*/src/.*\\.(java|xtext)$")).forEach(f -> {
                List<String> lines = lines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (OLD_CONTRACT.stream().anyMatch(line::contains)) {
                        hits.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            });
        }
        assertEquals(List.of(), hits, "cite docs/language.md and its section instead");
    }

    @Test
    void theReferenceIsSelfContained() {
        Pattern internal = Pattern.compile("\\.\\./shared|LANGUAGE\\.md|the lead|lead's|issue #?\\d|seed\\d{3}", Pattern.CASE_INSENSITIVE);
        List<String> lines = lines(ROOT.resolve("docs/language.md"));
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) if (internal.matcher(lines.get(i)).find()) hits.add((i + 1) + ": " + lines.get(i));
        assertEquals(List.of(), hits, "docs/language.md speaks of things users do not have");
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
