package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.load.KmemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs to `kmemlab check`: each ends in a diagnostic with its file and line and the
 * right exit status, never a Java stack trace, and one bad file never stops the others.
 */
class BadInputTest {
    @TempDir Path dir;

    @BeforeEach
    void machines() throws Exception {
        Files.writeString(dir.resolve("m.kmem"), CheckAndRunTest.MACHINE);
        Files.writeString(dir.resolve("ok.kmem"), "import \"m.kmem\"\nscenario \"ok\" on pc {\n    expect PAGE_SIZE == 4096\n}\n");
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "import \"m.kmem\"\n" + text);
        return p;
    }

    private static void noJavaTrace(Cli r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception") || all.contains("Error:"), all);
    }

    @Test
    void aNulByteInAnImportPathIsAnErrorAtTheImportAndTheOtherFilesAreStillChecked() throws Exception {
        Path bad = file("nul.kmem", "import \"a\0b.kmem\"\nscenario \"s\" on pc {\n    expect 1 == 1\n}\n");
        Cli r = Cli.run("check", dir.toString());
        assertTrue(r.out().contains(bad + ":2:8: error: import \"a\\0b.kmem\": a file name cannot contain a NUL character (\\0)"),
                r.out());
        assertTrue(r.out().contains("PASS  ok ("), r.out());
        assertEquals(2, r.exit(), r.out());
        noJavaTrace(r);
    }

    @Test
    void parenthesesNestedDeeperThanTheParserFollowsAreAnErrorAtTheirLine() throws Exception {
        String let = "    let x = ";
        Path deep = file("deep.kmem", "scenario \"deep\" on pc {\n" + let + "(".repeat(5000) + "1" + ")".repeat(5000) + "\n}\n");
        Cli r = Cli.run("check", dir.toString());
        // line 3 (after the import line); the scenario's block is the first level, so the 128th parenthesis is one too many
        assertTrue(r.out().contains(deep + ":3:" + (let.length() + 128) + ": error: nested deeper than 128 levels (each (, [, {, "
                + "unary operator and else if opens one): split it up, naming inner expressions with let"), r.out());
        assertTrue(r.out().contains("NOT RUN deep (the file has errors)"), r.out());
        assertTrue(r.out().contains("PASS  ok ("), r.out());
        assertEquals(2, r.exit(), r.out());
        noJavaTrace(r);
    }

    @Test
    void anExpressionOfMoreThanTwoThousandOperatorsIsAnErrorAtTheFirstOneTooMany() throws Exception {
        String let = "    let x = ";
        Path chain = file("chain.kmem", "scenario \"chain\" on pc {\n    let y = 1\n" + let
                + String.join(" + ", java.util.Collections.nCopies(10_000, "y")) + "\n    expect x == 10000\n}\n");
        Cli r = Cli.run("check", dir.toString());
        // line 4; y + y + ...: the 2001st operator
        assertTrue(r.out().contains(chain + ":4:" + (let.length() + 2 + 4 * 2000 + 1) + ": error: more than 2000 operators in "
                + "one expression: split it up, naming parts with let"), r.out());
        assertTrue(r.out().contains("PASS  ok ("), r.out());
        assertEquals(2, r.exit(), r.out());
        noJavaTrace(r);
    }

    @Test
    void aChainOfTwoThousandTermsIsCheckedAndRun() throws Exception {
        file("chain.kmem", "scenario \"chain\" on pc {\n    let y = 1\n    let x = " + String.join(" + ", java.util.Collections.nCopies(2000, "y"))
                + "\n    expect x == 2000\n}\n");
        Cli r = Cli.run("check", dir.toString());
        assertTrue(r.out().contains("PASS  chain ("), r.out());
        assertEquals("2 passed, 0 failed", r.lastLine(), r.out());
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void kmemlabFailingOnOneFileIsADiagnosticWithExitThreeAndTheNextFileIsStillChecked() throws Exception {
        // 127 parentheses are within the language's limit; a thread with a 64 KiB stack (the JVM's default is
        // 1 MiB) cannot parse them: a StackOverflowError inside kmemlab, as a bug would be. A small file runs there.
        Path deep = file("deep.kmem", "scenario \"deep\" on pc {\n    let x = " + "(".repeat(127) + "1" + ")".repeat(127) + "\n}\n");
        KmemFiles.injector();   // created on a normal stack, as the command line does before any file
        AtomicReference<Cli> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> result.set(Cli.run("check", deep.toString(), dir.resolve("ok.kmem").toString())),
                "small-stack", 64 * 1024);
        small.start();
        small.join();
        Cli r = result.get();
        assertTrue(r.out().contains(deep + ": error: kmemlab failed while checking this file: StackOverflowError (a bug in "
                + "kmemlab: please report it with this file)"), r.out());
        assertTrue(r.out().contains("PASS  ok ("), r.out());
        assertEquals(3, r.exit(), r.out());
        noJavaTrace(r);
    }

    @Test
    void aMachineBeyondMaxPhysmemBitsIsAnErrorAtItsRamClauseAndTheOtherFilesAreStillChecked() throws Exception {
        Path big = dir.resolve("big.kmem");
        Files.writeString(big, "machine huge {\n    ram 0 size 256T\n    cpus 1000000000\n}\nscenario \"s\" on huge {\n    expect 1 == 1\n}\n");
        Cli r = Cli.run("check", dir.toString());
        assertTrue(r.out().contains(big + ":2:5: error: RAM above 2^46 bytes: x86_64 with 4-level paging has MAX_PHYSMEM_BITS 46; "
                + "use paging 5-level"), r.out());
        assertTrue(r.out().contains(big + ":3:10: error: cpus 1000000000 exceeds NR_CPUS 8192: the kernel brings up at most NR_CPUS CPUs "
                + "and leaves the others offline; write cpus 8192 or fewer (x86_64 with 4-level paging has NR_CPUS at most 8192, "
                + "arch/x86/Kconfig NR_CPUS_RANGE_END with MAXSMP)"), r.out());
        assertTrue(r.out().contains("PASS  ok ("), r.out());
        assertEquals(2, r.exit(), r.out());
        noJavaTrace(r);
    }
}
