import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step of the command line (run by the build as a single-file program with ASM on the
 * class path: java -cp asm.jar OldClassFrames.java DIR): rewrites the classes of class-file
 * version 49 or older in the jars of DIR as version 52, with the stack map frames the split
 * verifier needs, computed by ASM. Nothing else in them changes.
 *
 * Why: picocli, reload4j (log4j, which Xtext logs through) and antlr-runtime are compiled for
 * Java 5 or older. Such classes are checked by the old, type-inferring verifier, and JDK 25
 * leaves classes verified that way out of an AOT cache ("Old class has been linked"): every
 * `kmemlab check` loaded and verified about 250 of them from their jars, about a tenth of its
 * start-up. With frames they are verified like any other class and the cache holds them.
 * A class ASM cannot rewrite (JSR/RET, a type it cannot see) is left as it was.
 */
public final class OldClassFrames {
    private static final int OLDEST_WITH_FRAMES = 50;

    private OldClassFrames() { }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: java -cp asm.jar OldClassFrames.java DIR");
        List<Path> jars;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) urls.add(jar.toUri().toURL());
        // ASM's common-superclass question loads classes: from the jars themselves, without running them
        try (URLClassLoader types = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            int classes = 0, left = 0, rewrittenJars = 0;
            for (Path jar : jars) {
                int[] counts = rewrite(jar, types);
                classes += counts[0];
                left += counts[1];
                if (counts[0] > 0) rewrittenJars++;
            }
            System.out.println("gave stack map frames to " + classes + " old classes in " + rewrittenJars + " jars of " + args[0]
                    + (left > 0 ? " (" + left + " left as they were)" : ""));
        }
    }

    /** {rewritten, left as they were}; the jar is rewritten only when it holds old classes. */
    private static int[] rewrite(Path jar, ClassLoader types) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int rewritten = 0, left = 0;
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            boolean old = false;
            for (JarEntry e : in.stream().toList()) {
                if (isClass(e.getName())) {
                    try (InputStream data = in.getInputStream(e)) {
                        byte[] head = data.readNBytes(8);
                        if (head.length == 8 && ((head[6] & 0xff) << 8 | (head[7] & 0xff)) < OLDEST_WITH_FRAMES) old = true;
                    }
                }
                if (old) break;
            }
            if (!old) return new int[] {0, 0};
            try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(os)) {
                for (JarEntry e : in.stream().toList()) {
                    byte[] bytes;
                    try (InputStream data = in.getInputStream(e)) {
                        bytes = data.readAllBytes();
                    }
                    if (isClass(e.getName()) && bytes.length > 8 && ((bytes[6] & 0xff) << 8 | (bytes[7] & 0xff)) < OLDEST_WITH_FRAMES) {
                        byte[] framed = withFrames(bytes, types);
                        if (framed != null) {
                            bytes = framed;
                            rewritten++;
                        } else {
                            left++;
                        }
                    }
                    JarEntry copy = new JarEntry(e.getName());
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
        FileTime mtime = Files.getLastModifiedTime(jar);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, mtime);
        return new int[] {rewritten, left};
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }

    /** The class as version 52 with computed frames, or null when ASM cannot do it. */
    private static byte[] withFrames(byte[] bytes, ClassLoader types) {
        try {
            ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override protected ClassLoader getClassLoader() {
                    return types;
                }

                @Override protected String getCommonSuperClass(String a, String b) {
                    try {
                        return super.getCommonSuperClass(a, b);
                    } catch (TypeNotPresentException e) {
                        // an optional dependency that is not shipped (log4j's JMS and mail appenders): code
                        // that uses it fails when it runs, as it did before; its frames only need a type
                        return "java/lang/Object";
                    }
                }
            };
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, w) {
                @Override public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                }
            }, ClassReader.SKIP_FRAMES);
            return w.toByteArray();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
