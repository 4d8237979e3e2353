package io.kmemlab.lang.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the .kmem files the tests run over: the repository's examples/ and the shared
 * acceptance files (../shared/acceptance next to the repository). Tycho runs tests in
 * target/work, so the repository root is found by walking up to the parent pom.
 */
public final class KmemFiles {

    private KmemFiles() {
    }

    public static Optional<Path> repositoryRoot() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("plugins")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("releng"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** ../shared/acceptance, or the directory named by -Dkmemlab.acceptance. */
    public static Optional<Path> acceptanceDir() {
        String override = System.getProperty("kmemlab.acceptance");
        if (override != null) {
            return Optional.of(Paths.get(override)).filter(Files::isDirectory);
        }
        return repositoryRoot().map(root -> root.resolveSibling("shared").resolve("acceptance"))
                .filter(Files::isDirectory);
    }

    public static Optional<Path> examplesDir() {
        return repositoryRoot().map(root -> root.resolve("examples")).filter(Files::isDirectory);
    }

    /** Every .kmem file below the given directories that exist, sorted. */
    public static List<Path> kmemFiles(List<Optional<Path>> dirs) {
        return dirs.stream().flatMap(Optional::stream).flatMap(KmemFiles::walk).sorted().toList();
    }

    public static List<Path> allKnownFiles() {
        return kmemFiles(List.of(examplesDir(), acceptanceDir()));
    }

    private static Stream<Path> walk(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".kmem")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
