package io.kmemlab.cli;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;

/**
 * The .kmem files named on the command line (directories: every .kmem below, sorted). Each is
 * loaded and validated on its own when the command gets to it, so one file that kmemlab
 * fails on does not stop the others.
 */
final class KmemFileSet {
    private final List<Path> files = new ArrayList<>();
    private final Set<String> problemsSeen = new LinkedHashSet<>();
    private final List<Problem> missing = new ArrayList<>();

    static KmemFileSet of(List<Path> args) {
        KmemFileSet set = new KmemFileSet();
        set.expand(args);
        return set;
    }

    private void expand(List<Path> args) {
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                try (Stream<Path> s = Files.walk(a)) {
                    s.filter(p -> p.toString().endsWith(".kmem") && Files.isRegularFile(p)).sorted().forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    missing.add(new Problem(Problem.Severity.ERROR, a.toString(), 0, 0, "cannot read directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(a)) {
                files.add(a);
            } else {
                missing.add(new Problem(Problem.Severity.ERROR, shown(a), 0, 0, "no such file or directory"));
            }
        }
    }

    /** The files to check, in order. */
    List<Path> files() { return files; }

    /** Arguments that name no file or directory. */
    List<Problem> missing() { return missing; }

    /** Loads and validates one file of the set. */
    KmemFiles.Loaded load(Path file) {
        return KmemFiles.load(file);
    }

    /** The file's problems not printed before (an imported file's errors show up once, not once per importer). */
    List<Problem> newProblems(KmemFiles.Loaded f) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : f.problems()) if (problemsSeen.add(p.toString())) out.add(p);
        return out;
    }

    /** The path as messages show it. */
    static String shown(Path p) {
        return SourceLocation.displayName(URI.createFileURI(p.toAbsolutePath().toString()));
    }
}
