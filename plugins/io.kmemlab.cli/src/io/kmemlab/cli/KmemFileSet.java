package io.kmemlab.cli;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;

/** The .kmem files named on the command line (directories: every .kmem below, sorted), loaded and validated. */
final class KmemFileSet {
    private final List<KmemFiles.Loaded> files = new ArrayList<>();
    private final Set<String> problemsSeen = new LinkedHashSet<>();
    private final List<Problem> missing = new ArrayList<>();

    static KmemFileSet load(List<Path> args) {
        KmemFileSet set = new KmemFileSet();
        for (Path p : expand(args, set.missing)) set.files.add(KmemFiles.load(p));
        return set;
    }

    private static List<Path> expand(List<Path> args, List<Problem> missing) {
        List<Path> out = new ArrayList<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                try (Stream<Path> s = Files.walk(a)) {
                    s.filter(p -> p.toString().endsWith(".kmem") && Files.isRegularFile(p)).sorted().forEach(out::add);
                } catch (IOException e) {
                    missing.add(new Problem(Problem.Severity.ERROR, a.toString(), 0, 0, "cannot read directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(a)) {
                out.add(a);
            } else {
                String shown = SourceLocation.displayName(URI.createFileURI(a.toAbsolutePath().toString()));
                missing.add(new Problem(Problem.Severity.ERROR, shown, 0, 0, "no such file or directory"));
            }
        }
        return out;
    }

    List<KmemFiles.Loaded> files() { return files; }

    List<Problem> missing() { return missing; }

    /** The file's problems not printed before (an imported file's errors show up once, not once per importer). */
    List<Problem> newProblems(KmemFiles.Loaded f) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : f.problems()) if (problemsSeen.add(p.toString())) out.add(p);
        return out;
    }
}
