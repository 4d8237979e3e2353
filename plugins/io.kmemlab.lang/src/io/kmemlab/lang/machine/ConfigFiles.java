package io.kmemlab.lang.machine;

import io.kmemlab.emulator.spec.KernelConfigFile;
import io.kmemlab.lang.kmem.ConfigClause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * The kernel .config a `config from "FILE"` clause names, relative to the .kmem file that
 * holds the clause (as imports are). The validator and the interpreter read it through here, so
 * the editor reports what a run would meet. A file is read again only when it changes.
 */
public final class ConfigFiles {
    private ConfigFiles() { }

    /**
     * The outcome of reading a clause's file: the file and where it is, or why it cannot be used
     * ({@code error}, a whole message naming the clause's path).
     */
    public record Loaded(KernelConfigFile file, Path path, String error) {
        public boolean ok() { return file != null && error == null; }
    }

    private record Cached(FileTime modified, long size, KernelConfigFile file) { }

    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    /** The file of {@code c}; null when the clause names none or its resource has no file location. */
    public static Loaded load(ConfigClause c) {
        String name = c.getFile();
        Resource resource = c.eResource();
        if (name == null || resource == null || resource.getURI() == null) {
            return null;
        }
        Path path;
        try {
            if (name.startsWith("/")) {                       // /proc/config.gz, /boot/config-6.12.0
                return load(name, Path.of(name));
            }
            URI uri = URI.createURI(name).resolve(resource.getURI());
            if (!uri.isFile()) {
                return null;
            }
            path = Path.of(uri.toFileString());
        } catch (IllegalArgumentException e) {                  // InvalidPathException too
            return new Loaded(null, null, "config from \"" + name + "\": not a file name (" + e.getMessage() + ")");
        }
        return load(name, path);
    }

    /** Reads {@code path} (written {@code name} in the clause). */
    public static Loaded load(String name, Path path) {
        if (!Files.exists(path)) {
            return new Loaded(null, path, "config from \"" + name + "\": no such file (" + path + "); paths are relative to this file");
        }
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            Cached cached = CACHE.get(path);
            KernelConfigFile file;
            if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
                file = cached.file();
            } else {
                file = KernelConfigFile.read(path);
                CACHE.put(path, new Cached(modified, size, file));
            }
            if (file.recognisedLines() == 0) {
                return new Loaded(null, path, "config from \"" + name + "\": " + path
                        + " is not a kernel .config (no CONFIG_NAME=value or # CONFIG_NAME is not set lines)");
            }
            return new Loaded(file, path, null);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Loaded(null, path, "config from \"" + name + "\": cannot read " + path + ": " + why
                    + (name.endsWith(".gz") ? " (a .gz file must be gzip-compressed, as /proc/config.gz is)" : ""));
        }
    }
}
