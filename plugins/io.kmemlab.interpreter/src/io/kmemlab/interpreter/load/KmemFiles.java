package io.kmemlab.interpreter.load;

import com.google.inject.Injector;
import io.kmemlab.lang.KmemStandaloneSetup;
import io.kmemlab.lang.kmem.Import;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.validation.ImportValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/**
 * Loads a .kmem file with its imports (paths relative to the importing file) into one
 * resource set, links it and validates every file loaded. The language's standalone
 * setup works inside and outside OSGi, so the CLI, the tests and the debugger share this.
 */
public final class KmemFiles {
    private static volatile Injector injector;

    private KmemFiles() { }

    /** The language's Guice injector, created once (creating it costs about a second). */
    public static Injector injector() {
        Injector i = injector;
        if (i == null) {
            synchronized (KmemFiles.class) {
                i = injector;
                if (i == null) injector = i = new KmemStandaloneSetup().createInjectorAndDoEMFRegistration();
            }
        }
        return i;
    }

    /** The result of loading one file: its model (null when unreadable) and every problem found. */
    public record Loaded(Path file, Model model, List<Problem> problems) {
        public boolean hasErrors() { return problems.stream().anyMatch(Problem::isError); }
    }

    public static Loaded load(Path file) {
        return load(file, true);
    }

    /** Loads {@code file}; with {@code validate} false only syntax and linking errors are reported. */
    public static Loaded load(Path file, boolean validate) {
        Path abs = file.toAbsolutePath().normalize();
        List<Problem> problems = new ArrayList<>();
        String shown = SourceLocation.displayName(URI.createFileURI(abs.toString()));
        if (!Files.isRegularFile(abs)) {
            problems.add(new Problem(Problem.Severity.ERROR, shown, 0, 0, "no such file (give a .kmem file or a directory of them)"));
            return new Loaded(abs, null, problems);
        }
        XtextResourceSet rs = injector().getInstance(XtextResourceSet.class);
        Resource main = rs.getResource(URI.createFileURI(abs.toString()), true);
        List<Resource> loaded = new ArrayList<>();
        loadImports(rs, main, loaded, problems);
        EcoreUtil.resolveAll(rs);
        IResourceValidator validator = injector().getInstance(IResourceValidator.class);
        for (Resource r : loaded) {
            CheckMode mode = validate ? CheckMode.ALL : CheckMode.FAST_ONLY;
            for (Issue issue : validator.validate(r, mode, CancelIndicator.NullImpl)) {
                if (!validate && issue.getSeverity() != Severity.ERROR) continue;
                problems.add(toProblem(r, issue));
            }
        }
        Model model = main.getContents().isEmpty() ? null : (Model) main.getContents().get(0);
        return new Loaded(abs, model, problems);
    }

    private static void loadImports(ResourceSet rs, Resource r, List<Resource> loaded, List<Problem> problems) {
        if (loaded.contains(r)) return;
        loaded.add(r);
        if (r.getContents().isEmpty() || !(r.getContents().get(0) instanceof Model m)) return;
        for (Import imp : m.getImports()) {
            // a path no file can have (a NUL byte, say) is the import validator's to report
            if (imp.getImportURI() == null || ImportValidator.badCharacter(imp.getImportURI()) >= 0) continue;
            URI target = URI.createURI(imp.getImportURI()).resolve(r.getURI());
            if (!target.isFile() || !isRegularFile(target.toFileString())) {
                SourceLocation at = SourceLocation.of(imp);
                problems.add(new Problem(Problem.Severity.ERROR, at.file(), at.line(), at.column(),
                        "cannot find imported file \"" + imp.getImportURI() + "\" (paths are relative to this file)"));
                continue;
            }
            try {
                loadImports(rs, rs.getResource(target, true), loaded, problems);
            } catch (RuntimeException e) {
                SourceLocation at = SourceLocation.of(imp);
                problems.add(new Problem(Problem.Severity.ERROR, at.file(), at.line(), at.column(),
                        "cannot read imported file \"" + imp.getImportURI() + "\": " + e.getMessage()));
            }
        }
    }

    private static boolean isRegularFile(String path) {
        try {
            return Files.isRegularFile(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Problem toProblem(Resource r, Issue issue) {
        Problem.Severity sev = switch (issue.getSeverity()) {
            case ERROR -> Problem.Severity.ERROR;
            case WARNING -> Problem.Severity.WARNING;
            default -> Problem.Severity.INFO;
        };
        int line = issue.getLineNumber() == null ? 0 : issue.getLineNumber();
        int col = issue.getColumn() == null ? 0 : issue.getColumn();
        return new Problem(sev, SourceLocation.displayName(r.getURI()), line, col, issue.getMessage());
    }

    /** Parses text without a file (tests, benchmark): the resource gets {@code name} as its URI. */
    public static XtextResource parse(String name, String text) throws IOException {
        XtextResourceSet rs = injector().getInstance(XtextResourceSet.class);
        XtextResource res = (XtextResource) rs.createResource(URI.createURI(name));
        res.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
        return res;
    }
}
