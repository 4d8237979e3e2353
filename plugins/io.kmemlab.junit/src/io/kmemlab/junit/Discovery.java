package io.kmemlab.junit;

import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * Turns a discovery request into the test tree: engine, then a {@link KmemScenarios} class
 * (selected, or found in a selected package or classpath root) or nothing, then files,
 * scenarios and expects. Files are parsed and validated here (a
 * scenario's expects are only known from its parsed body); nothing is run.
 */
final class Discovery {
    private static final String CLASS = "class";
    private static final String FILE = "file";
    private static final String SCENARIO = "scenario";
    private static final String EXPECT = "expect";
    private static final String NONE = "none";

    private final EngineDiscoveryRequest request;
    private final EngineDescriptor engine;

    Discovery(EngineDiscoveryRequest request, UniqueId uniqueId) {
        this.request = request;
        this.engine = new EngineDescriptor(uniqueId, "kmemlab scenarios");
    }

    TestDescriptor run() {
        for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
            annotatedClass(s).ifPresent(this::addClass);
        }
        // console launcher --scan-classpath / --select-package: the annotated classes among those scanned
        Predicate<String> names = Filter.composeFilters(request.getFiltersByType(ClassNameFilter.class)).toPredicate();
        Predicate<Class<?>> annotated = c -> c.isAnnotationPresent(KmemScenarios.class);
        for (ClasspathRootSelector s : request.getSelectorsByType(ClasspathRootSelector.class)) {
            ReflectionSupport.findAllClassesInClasspathRoot(s.getClasspathRoot(), annotated, names).forEach(this::addClass);
        }
        for (PackageSelector s : request.getSelectorsByType(PackageSelector.class)) {
            ReflectionSupport.findAllClassesInPackage(s.getPackageName(), annotated, names).forEach(this::addClass);
        }
        for (FileSelector s : request.getSelectorsByType(FileSelector.class)) {
            Path p = s.getPath().toAbsolutePath().normalize();
            if (isKmem(p) && Files.isRegularFile(p)) addFile(engine, p);
        }
        for (DirectorySelector s : request.getSelectorsByType(DirectorySelector.class)) {
            try {
                for (Path p : kmemFilesUnder(s.getPath())) addFile(engine, p);
            } catch (IOException e) {
                addNone(engine, s.getPath().toString(), "cannot read the directory " + s.getPath() + ": " + e.getMessage());
            }
        }
        selectUniqueIds();
        return engine;
    }

    // ---------------------------------------------------------------- classes

    private static Optional<Class<?>> annotatedClass(ClassSelector s) {
        Class<?> c;
        try {
            c = s.getJavaClass();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();    // not loadable: another engine's business (it reports it)
        }
        return c.isAnnotationPresent(KmemScenarios.class) ? Optional.of(c) : Optional.empty();
    }

    private void addClass(Class<?> c) {
        UniqueId id = engine.getUniqueId().append(CLASS, c.getName());
        if (engine.findByUniqueId(id).isPresent()) return;
        ScenarioClassDescriptor cd = new ScenarioClassDescriptor(id, c);
        engine.addChild(cd);
        for (String path : paths(c.getAnnotation(KmemScenarios.class))) addPath(cd, path);
    }

    /** The annotation's paths, else the configuration parameter's, else the default. */
    private List<String> paths(KmemScenarios a) {
        if (a.value().length > 0) return Arrays.asList(a.value());
        String configured = request.getConfigurationParameters().get(KmemTestEngine.SCENARIOS_PARAMETER)
                .orElse(KmemTestEngine.DEFAULT_SCENARIOS);
        return Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private void addPath(TestDescriptor parent, String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (Files.isRegularFile(p)) {
            addFile(parent, p);
            return;
        }
        if (!Files.isDirectory(p)) {
            addNone(parent, path, "no such file or directory: " + p + " (scenarios are looked for in the paths of @"
                    + KmemScenarios.class.getSimpleName() + ", else in the configuration parameter "
                    + KmemTestEngine.SCENARIOS_PARAMETER + ", else in " + KmemTestEngine.DEFAULT_SCENARIOS
                    + "; relative paths start at the working directory " + Path.of("").toAbsolutePath() + ")");
            return;
        }
        try {
            List<Path> files = kmemFilesUnder(p);
            if (files.isEmpty()) addNone(parent, path, "no .kmem file in " + p);
            for (Path f : files) addFile(parent, f);
        } catch (IOException e) {
            addNone(parent, path, "cannot read the directory " + p + ": " + e.getMessage());
        }
    }

    private void addNone(TestDescriptor parent, String path, String message) {
        UniqueId id = parent.getUniqueId().append(NONE, path);
        if (parent.findByUniqueId(id).isEmpty()) parent.addChild(new NoScenariosDescriptor(id, path, message));
    }

    // ---------------------------------------------------------------- files

    private static boolean isKmem(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".kmem");
    }

    private static List<Path> kmemFilesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> isKmem(p) && Files.isRegularFile(p)).map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        }
    }

    private void addFile(TestDescriptor parent, Path file) {
        UniqueId id = parent.getUniqueId().append(FILE, file.toString());
        if (parent.findByUniqueId(id).isPresent()) return;
        List<Problem> errors = new ArrayList<>();
        List<Scenario> scenarios = List.of();
        try {
            KmemFiles.Loaded loaded = KmemFiles.load(file);
            loaded.problems().stream().filter(Problem::isError).forEach(errors::add);
            scenarios = ScenarioRunner.scenarios(loaded.model());
        } catch (RuntimeException | StackOverflowError e) {
            errors.add(new Problem(Problem.Severity.ERROR, shown(file), 0, 0, "kmemlab could not load this file: " + e));
        }
        ScenarioFileDescriptor fd = new ScenarioFileDescriptor(id, shown(file), file, errors);
        parent.addChild(fd);
        for (Scenario s : scenarios) fd.addChild(scenario(fd, file, s, errors));
    }

    private static ScenarioDescriptor scenario(ScenarioFileDescriptor parent, Path file, Scenario s, List<Problem> errors) {
        String name = s.getName() == null ? "" : s.getName();
        UniqueId id = parent.getUniqueId().append(SCENARIO, name);
        if (parent.findByUniqueId(id).isPresent()) {
            id = parent.getUniqueId().append(SCENARIO, name + " [line " + SourceLocation.of(s).line() + "]");  // the validator reports the duplicate
        }
        ScenarioDescriptor sd = new ScenarioDescriptor(id, file, s, errors);
        if (s.getBody() == null) return sd;
        for (TreeIterator<EObject> it = s.getBody().eAllContents(); it.hasNext();) {
            if (it.next() instanceof Expect e) {
                SourceLocation at = SourceLocation.of(e);
                sd.addChild(new ExpectDescriptor(id.append(EXPECT, at.line() + ":" + at.column()), file, at));
            }
        }
        return sd;
    }

    private static String shown(Path file) {
        return SourceLocation.displayName(URI.createFileURI(file.toString()));
    }

    // ---------------------------------------------------------------- unique ids (re-runs, IDEs)

    /**
     * A unique id names a class or a file, then perhaps a scenario and an expect: the class or
     * file is discovered whole, then cut down to what was selected.
     */
    private void selectUniqueIds() {
        Map<UniqueId, Set<UniqueId>> byTop = new LinkedHashMap<>();
        for (UniqueIdSelector s : request.getSelectorsByType(UniqueIdSelector.class)) {
            UniqueId id = s.getUniqueId();
            List<UniqueId.Segment> segments = id.getSegments();
            if (!id.hasPrefix(engine.getUniqueId()) || segments.size() < 2) continue;
            UniqueId top = engine.getUniqueId().append(segments.get(1).getType(), segments.get(1).getValue());
            byTop.computeIfAbsent(top, k -> new LinkedHashSet<>()).add(id);
        }
        for (Map.Entry<UniqueId, Set<UniqueId>> e : byTop.entrySet()) {
            UniqueId top = e.getKey();
            if (engine.findByUniqueId(top).isPresent()) continue;   // selected whole by another selector
            UniqueId.Segment seg = top.getLastSegment();
            if (seg.getType().equals(CLASS)) {
                ReflectionSupport.tryToLoadClass(seg.getValue()).toOptional()
                        .filter(c -> c.isAnnotationPresent(KmemScenarios.class)).ifPresent(this::addClass);
            } else if (seg.getType().equals(FILE)) {
                Path p = Path.of(seg.getValue());
                if (Files.isRegularFile(p)) addFile(engine, p);
            }
            engine.findByUniqueId(top).ifPresent(d -> keepOnly(d, e.getValue()));
        }
    }

    /** Removes the descendants of {@code d} that are neither selected nor on the way to a selected one. */
    private static void keepOnly(TestDescriptor d, Set<UniqueId> selected) {
        if (selected.contains(d.getUniqueId())) return;
        for (TestDescriptor c : List.copyOf(d.getChildren())) {
            UniqueId cid = c.getUniqueId();
            if (selected.stream().anyMatch(s -> s.hasPrefix(cid))) keepOnly(c, selected);
            else d.removeChild(c);
        }
    }
}
