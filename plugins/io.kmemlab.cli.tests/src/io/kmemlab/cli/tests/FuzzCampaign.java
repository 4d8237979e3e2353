package io.kmemlab.cli.tests;

import io.kmemlab.lang.types.Builtins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A seeded fuzzing campaign against `kmemlab check`, as a hostile user would run it: mutants of
 * the examples, of the acceptance files (read where they are, when ../shared/acceptance exists)
 * and of programs generated from the grammar's statements, each checked in-process with small
 * budgets. Every file must end in diagnostics: an internal error (exit 3, "kmemlab failed", a
 * validator that failed, a Java exception name in the output) or a file that takes longer than
 * {@link #HANG_MILLIS} counts against it. The same seed gives the same files.
 */
final class FuzzCampaign {
    /** A file that takes this long is a hang (the budgets below stop any scenario long before). */
    static final long HANG_MILLIS = 30_000;

    private static final String[] BUDGETS = {"--max-steps", "5000", "--max-seconds", "10"};

    private static final String[] EXTREMES = {"0", "-1", "0xffffffffffffffff", "0x8000000000000000", "4096T", "1 << 63",
        "99", "-4096", "0xfffffffffffff000", "1000000000"};

    private static final Pattern TOKEN = Pattern.compile("\"[^\"\\n]*\"|//[^\\n]*|[A-Za-z_][A-Za-z0-9_]*|0x[0-9a-fA-F_]+|[0-9][0-9_]*[KMGT]?"
            + "|->|<<|>>|<=|>=|==|!=|&&|\\|\\||\\.\\.|\\s+|.", Pattern.DOTALL);

    /** What a campaign found. */
    record Figures(int files, int clean, int diagnosed, int passedOrFailed, int internalErrors, int hangs, long millis,
            long slowestMillis, List<String> failures) {
        String line(long seed) {
            return String.format("fuzz: %d files (seed %d) in %.1f s: %d checked clean, %d with diagnostics, %d ran scenarios; "
                    + "%d internal errors, %d hangs; slowest file %d ms", files, seed, millis / 1000.0, clean, diagnosed,
                    passedOrFailed, internalErrors, hangs, slowestMillis);
        }
    }

    private record Seed(Path dir, String name, String text) { }

    private final Random random;
    private final List<Seed> seeds = new ArrayList<>();
    private final Path work;

    private final long seedValue;
    /** Figures so far every this many files (0: none), so a long campaign shows where it is. */
    private int progressEvery;

    FuzzCampaign(long seed) {
        this.seedValue = seed;
        this.random = new Random(seed);
        try {
            this.work = Files.createTempDirectory("kmemlab-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The examples, and the acceptance files when they exist next to the repository (read in place). */
    FuzzCampaign withKnownSeeds() {
        Optional<Path> root = repositoryRoot();
        root.map(r -> r.resolve("examples")).ifPresent(this::addSeeds);
        root.map(r -> r.resolveSibling("shared").resolve("acceptance")).filter(Files::isDirectory).ifPresent(this::addSeeds);
        return this;
    }

    int seedCount() { return seeds.size(); }

    FuzzCampaign progressEvery(int files) {
        progressEvery = files;
        return this;
    }

    /** Each directory's .kmem files, copied once into a work directory so that mutants next to them import them. */
    private void addSeeds(Path dir) {
        Path copy = work.resolve("seeds" + seeds.size());
        try (Stream<Path> files = Files.list(dir)) {
            Files.createDirectories(copy);
            for (Path f : files.filter(p -> p.toString().endsWith(".kmem")).sorted().toList()) {
                String text = Files.readString(f);
                Files.writeString(copy.resolve(f.getFileName().toString()), text);
                seeds.add(new Seed(copy, f.getFileName().toString(), text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code files} mutants and generated programs through `kmemlab check`. */
    Figures run(int files) {
        long start = System.currentTimeMillis();
        int clean = 0, diagnosed = 0, ran = 0, internal = 0, hangs = 0;
        long slowest = 0;
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < files; n++) {
            String what;
            String text;
            Path dir;
            if (seeds.isEmpty() || n % 4 == 3) {
                dir = work;
                text = generated();
                what = "generated program";
            } else {
                Seed s = seeds.get(random.nextInt(seeds.size()));
                dir = s.dir;
                String[] op = new String[1];
                text = mutate(s.text, op);
                what = s.name + ": " + op[0];
            }
            Path file = dir.resolve("fuzz" + n + ".kmem");
            long t0 = System.currentTimeMillis();
            Cli r;
            try {
                Files.write(file, text.getBytes(StandardCharsets.UTF_8));
                List<String> args = new ArrayList<>(List.of("check"));
                args.addAll(List.of(BUDGETS));
                args.add(file.toString());
                r = Cli.run(args.toArray(String[]::new));
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long took = System.currentTimeMillis() - t0;
            slowest = Math.max(slowest, took);
            String all = r.out() + r.err();
            boolean broken = r.exit() == 3 || all.contains("kmemlab failed") || all.contains("kmemlab could not check")
                    || all.contains("Exception") || all.contains("\tat ") || all.contains("internal error");
            if (broken) {
                internal++;
                if (failures.size() < 5) failures.add("file " + n + " (" + what + "):\n" + text + "\n--- output:\n" + all);
            } else if (took > HANG_MILLIS) {
                hangs++;
                if (failures.size() < 5) failures.add("file " + n + " (" + what + ") took " + took + " ms:\n" + text);
            } else if (r.exit() == 2) {
                diagnosed++;
            } else {
                ran++;
                if (r.exit() == 0) clean++;
            }
            if (progressEvery > 0 && (n + 1) % progressEvery == 0) {
                System.out.println(new Figures(n + 1, clean, diagnosed, ran, internal, hangs, System.currentTimeMillis() - start,
                        slowest, failures).line(seedValue) + " (so far)");
            }
        }
        deleteWork();
        return new Figures(files, clean, diagnosed, ran, internal, hangs, System.currentTimeMillis() - start, slowest, failures);
    }

    // ------------------------------------------------------------------ mutation

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    private String mutate(String text, String[] op) {
        List<String> t = tokens(text);
        if (t.isEmpty()) {
            op[0] = "empty";
            return text;
        }
        int i = random.nextInt(t.size());
        int j = random.nextInt(t.size());
        switch (random.nextInt(11)) {
            case 0 -> { op[0] = "delete token " + i; t.remove(i); }
            case 1 -> { op[0] = "swap tokens " + i + ", " + j; String x = t.get(i); t.set(i, t.get(j)); t.set(j, x); }
            case 2 -> { op[0] = "duplicate token " + i; t.add(i, t.get(i)); }
            case 3 -> {
                // a number becomes an extreme value: sizes, counts, node ids, addresses at the limits
                int k = firstNumberFrom(t, i);
                String v = EXTREMES[random.nextInt(EXTREMES.length)];
                op[0] = "number at token " + k + " -> " + v;
                if (k >= 0) t.set(k, v);
            }
            case 4 -> { op[0] = "nest token " + i + " in 300 parentheses"; t.set(i, "(".repeat(300) + t.get(i) + ")".repeat(300)); }
            case 5 -> { op[0] = "repeat token " + i + " 500 times"; t.set(i, (t.get(i) + " ").repeat(500)); }
            case 6 -> { op[0] = "truncate at token " + i; t = new ArrayList<>(t.subList(0, i)); }
            case 7 -> {
                char c = (char) random.nextInt(32);
                op[0] = "control character " + (int) c + " at token " + i;
                t.add(i, String.valueOf(c));
            }
            case 8 -> { op[0] = "call inserted at token " + i; t.add(i, "\n    let fz = " + randomCall() + "\n"); }
            case 9 -> { op[0] = "statement inserted at token " + i; t.add(i, "\n" + randomStatement(1) + "\n"); }
            default -> { op[0] = "chain of 3000 + at token " + i; t.add(i, " + 1".repeat(3000)); }
        }
        return String.join("", t);
    }

    private static int firstNumberFrom(List<String> t, int i) {
        for (int k = 0; k < t.size(); k++) {
            int at = (i + k) % t.size();
            if (!t.get(at).isEmpty() && Character.isDigit(t.get(at).charAt(0))) return at;
        }
        return -1;
    }

    // ------------------------------------------------------------------ generation from the grammar

    private static final String[] ARCHES = {"x86_64", "i386", "arm", "sparc"};
    private static final String[] PAGING = {"4-level", "5-level", "2-level", "pae", "short"};
    private static final String[] KERNELS = {"6.12", "6.14", "2.6"};
    private static final String[] VALUES = {"0", "1", "3", "4096", "PAGE_SIZE", "GFP_KERNEL", "GFP_ATOMIC | __GFP_ZERO", "p",
        "p + 1", "fz", "0xffffffffffffffff", "-1", "1G", "NULL", "true"};

    /** A machine of random clauses and a scenario of random statements, the shapes of the grammar's rules. */
    private String generated() {
        StringBuilder b = new StringBuilder("machine m {\n");
        b.append("    arch ").append(pick(ARCHES)).append('\n');
        if (random.nextBoolean()) b.append("    paging ").append(pick(PAGING)).append('\n');
        if (random.nextBoolean()) b.append("    kernel ").append(pick(KERNELS)).append('\n');
        if (random.nextInt(4) == 0) b.append("    cpus ").append(pick(EXTREMES)).append('\n');
        long start = random.nextInt(3) == 0 ? 0 : 0x100000;
        b.append("    ram ").append(String.format("%#x", start)).append(" size ")
                .append(random.nextInt(5) == 0 ? pick(EXTREMES) : (16 << random.nextInt(8)) + "M").append('\n');
        if (random.nextInt(4) == 0) b.append("    node ").append(pick(EXTREMES)).append(" { ram 8G size 1G }\n");
        if (random.nextInt(4) == 0) b.append("    config { HIGHMEM ").append(random.nextBoolean() ? "on" : "off").append(" }\n");
        if (random.nextInt(5) == 0) b.append("    zones { Small size 1M  Rest rest }\n");
        b.append("}\nscenario \"generated\" on m {\n    let p = alloc_pages(GFP_KERNEL, 0)\n    let fz = 0\n");
        int statements = 1 + random.nextInt(8);
        for (int k = 0; k < statements; k++) b.append(randomStatement(1)).append('\n');
        return b.append("}\n").toString();
    }

    private String randomStatement(int depth) {
        String indent = "    ".repeat(depth);
        return switch (random.nextInt(depth > 3 ? 4 : 8)) {
            case 0 -> indent + "let v" + random.nextInt(4) + " = " + randomCall();
            case 1 -> indent + "expect " + randomCall() + " == " + pick(VALUES);
            case 2 -> indent + "print " + randomCall();
            case 3 -> indent + "show " + pick(new String[] {"zoneinfo", "buddyinfo", "page p", "meminfo", "memblock"});
            case 4 -> indent + "repeat " + pick(new String[] {"0", "2", "0xffffffffffffffff", "-1", "100000"}) + " {\n"
                    + randomStatement(depth + 1) + "\n" + indent + "}";
            case 5 -> indent + "for i in 0 .. " + pick(new String[] {"3", "0xffffffffffffffff", "-1"}) + " {\n"
                    + randomStatement(depth + 1) + "\n" + indent + "}";
            case 6 -> indent + "if " + randomCall() + " {\n" + randomStatement(depth + 1) + "\n" + indent + "} else {\n"
                    + randomStatement(depth + 1) + "\n" + indent + "}";
            default -> indent + "process app {\n" + randomStatement(depth + 1) + "\n" + indent + "}";
        };
    }

    private String randomCall() {
        List<String> names = new ArrayList<>(Builtins.allNames());
        names.sort(Comparator.naturalOrder());
        String fn = names.get(random.nextInt(names.size()));
        int args = random.nextInt(4);
        List<String> a = new ArrayList<>();
        for (int k = 0; k < args; k++) a.add(pick(VALUES));
        return fn + "(" + String.join(", ", a) + ")";
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    // ------------------------------------------------------------------ files

    private static Optional<Path> repositoryRoot() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("plugins")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("releng"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private void deleteWork() {
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary directory left behind is no failure of the campaign
        }
    }
}
