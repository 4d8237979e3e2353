import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Build step of the command line (run by the build as a single-file program: java UnsignJars.java DIR):
 * rewrites every signed jar in DIR without its signature files and per-entry digests.
 *
 * Why: the JDK leaves classes of signed jars out of an AOT cache, and most of the command
 * line's classes (Xtext, EMF, Equinox) come from signed jars; a cache without them saves
 * little. On a class path outside OSGi the signatures buy nothing, and verifying them costs
 * start-up time too. The IDE's p2 repository keeps the signed originals.
 */
public final class UnsignJars {
    private UnsignJars() { }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: java UnsignJars.java DIR");
        List<Path> jars;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        int rewritten = 0;
        for (Path jar : jars) if (unsign(jar)) rewritten++;
        System.out.println("unsigned " + rewritten + " of " + jars.size() + " jars in " + args[0]);
    }

    private static boolean unsign(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        boolean signed = false;
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            for (JarEntry e : in.stream().toList()) if (isSignatureFile(e.getName())) signed = true;
            if (!signed) return false;
            Manifest manifest = in.getManifest();
            try (OutputStream os = Files.newOutputStream(tmp);
                 JarOutputStream out = manifest == null ? new JarOutputStream(os) : new JarOutputStream(os, mainOnly(manifest))) {
                for (JarEntry e : in.stream().toList()) {
                    String name = e.getName();
                    if (isSignatureFile(name) || name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) continue;
                    JarEntry copy = new JarEntry(name);
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        FileTime mtime = Files.getLastModifiedTime(jar);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, mtime);
        return true;
    }

    /** The manifest's main attributes only: the per-entry sections hold the signature's digests. */
    private static Manifest mainOnly(Manifest m) {
        Manifest out = new Manifest();
        out.getMainAttributes().putAll(m.getMainAttributes());
        if (out.getMainAttributes().getValue(Attributes.Name.MANIFEST_VERSION) == null) {
            out.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        }
        return out;
    }

    private static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) return false;
        return n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC") || n.startsWith("META-INF/SIG-");
    }
}
