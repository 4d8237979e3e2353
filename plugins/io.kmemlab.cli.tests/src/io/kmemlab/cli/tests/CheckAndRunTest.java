package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kmemlab check` and `kmemlab run` on small files, on the real emulator. */
class CheckAndRunTest {
    static final String MACHINE = """
            machine pc {
                arch x86_64
                ram 0x1000 .. 0x9fbff
                ram 0x100000 .. 0x3fffffff
            }
            """;

    @TempDir Path dir;

    @BeforeEach
    void machines() throws Exception {
        Files.writeString(dir.resolve("m.kmem"), MACHINE);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "import \"m.kmem\"\n" + text);
        return p;
    }

    @Test
    void checkCountsScenariosAndExitsOneOnAFailure() throws Exception {
        file("a.kmem", """
                scenario "page arithmetic" on pc {
                    let p = alloc_page(GFP_KERNEL)
                    expect pfn_to_page(page_to_pfn(p)) == p
                }
                scenario "wrong on purpose" on pc {
                    let p = alloc_page(GFP_KERNEL)
                    expect page_to_pfn(p) == page_to_pfn(p) + 1
                }
                """);
        Cli r = Cli.run("check", dir.toString());
        assertEquals("1 passed, 1 failed", r.lastLine(), r.out());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("PASS  page arithmetic"), r.out());
        assertTrue(r.out().matches("(?s).*FAIL  wrong on purpose.*a\\.kmem:8:\\d+: error: expect failed: page_to_pfn\\(p\\) == page_to_pfn\\(p\\) \\+ 1.*"), r.out());
    }

    @Test
    void checkExitsZeroWhenAllPass() throws Exception {
        file("ok.kmem", """
                scenario "ok" on pc {
                    expect PAGE_SIZE == 4096
                    expect 1 + 1 == 2
                }
                """);
        Cli r = Cli.run("check", dir.resolve("ok.kmem").toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals("1 passed, 0 failed", r.lastLine());
    }

    @Test
    void checkExitsTwoForAFileThatDoesNotParse() throws Exception {
        file("bad.kmem", "scenario \"broken\" on pc {\n    let = 1\n}\n");
        Cli r = Cli.run("check", dir.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().matches("(?s).*bad\\.kmem:3:\\d+: error: .*"), r.out());
        assertTrue(r.lastLine().matches("\\d+ passed, \\d+ failed"), r.lastLine());
    }

    @Test
    void checkOfAMissingFileIsAnError() {
        Cli r = Cli.run("check", dir.resolve("nothing-here.kmem").toString());
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("nothing-here.kmem: error: no such file or directory"), r.out());
    }

    @Test
    void runPrintsValuesWithTheirTypeAndAWalkPerLevel() throws Exception {
        Path f = file("r.kmem", """
                scenario "walk" on pc {
                    let p = alloc_page(GFP_KERNEL)
                    let a = page_address(p)
                    walk a
                }
                """);
        Cli r = Cli.run("run", f.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\\n\\s+3  let p = alloc_page\\(GFP_KERNEL\\)\\s+= \\(struct page \\*\\) 0xffffea[0-9a-f]+\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+pgd\\s+0x[0-9a-f]{16}\\s+\\d+\\s+0x[0-9a-f]{16}\\s+.*"), r.out());
        assertTrue(r.out().contains("level table"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+5  walk a\\s+= \\(physical address\\) 0x[0-9a-f]+\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+0xffff888[0-9a-f]+ -> phys 0x[0-9a-f]+ \\(mapped by the (pte|pmd|pud) entry\\)\\n.*"), r.out());
        assertEquals("1 passed, 0 failed", r.lastLine());
    }

    @Test
    void runSelectsAScenarioAndWritesJson() throws Exception {
        Path f = file("j.kmem", """
                scenario "one" on pc { let x = PAGE_SIZE }
                scenario "two" on pc { let p = alloc_page(GFP_KERNEL) }
                """);
        Cli r = Cli.run("run", f.toString(), "--scenario", "two", "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("{\"problems\":[]"), r.out());
        assertTrue(r.out().contains("\"name\":\"two\""), r.out());
        assertTrue(!r.out().contains("\"name\":\"one\""), r.out());
        assertTrue(r.out().matches("(?s).*\"type\":\"struct page \\*\",\"value\":\"0xffffea[0-9a-f]+\".*"), r.out());
        assertTrue(r.out().strip().endsWith("\"passed\":1,\"failed\":0}"), r.out());
        // and it is one well-formed document a tool can read
        com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        com.google.gson.JsonObject two = doc.getAsJsonArray("scenarios").get(0).getAsJsonObject();
        assertEquals("pc", two.get("machine").getAsString());
        com.google.gson.JsonObject let = two.getAsJsonArray("statements").get(0).getAsJsonObject();
        assertEquals("let p = alloc_page(GFP_KERNEL)", let.get("source").getAsString());
        assertEquals(let.get("value"), let.getAsJsonObject("bound").get("p"), "the value is bound to p");
    }

    @Test
    void jsonKeepsFormulasReadableAndEscapesWhatJsonMust() throws Exception {
        Path f = file("q.kmem", """
                scenario "<html> & = signs" on pc { print "a \\"quoted\\" word" }
                """);
        Cli r = Cli.run("run", f.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        com.google.gson.JsonObject sc = doc.getAsJsonArray("scenarios").get(0).getAsJsonObject();
        assertEquals("<html> & = signs", sc.get("name").getAsString());
        assertTrue(r.out().contains("\"<html> & = signs\""), "no HTML escaping of names and formulas: " + r.out());
        String printed = sc.getAsJsonArray("statements").get(0).getAsJsonObject().getAsJsonArray("output").toString();
        assertTrue(printed.contains("\\\"quoted\\\""), "quotes escaped as JSON asks: " + printed);
    }

    /** A problem that belongs to no statement (the machine cannot be built) is shown by run as check shows it. */
    @Test
    void runShowsAMachineProblemAsCheckDoes() throws Exception {
        Path f = dir.resolve("k.kmem");
        Files.writeString(f, """
                machine odd {
                    arch x86_64
                    ram 0x1000 .. 0x3fffffff
                    config { KASAN on }
                }
                scenario "on odd" on odd { let p = alloc_page(GFP_KERNEL) }
                """);
        Cli check = Cli.run("check", f.toString());
        String problem = check.out().lines().filter(l -> l.contains("k.kmem:4:")).findFirst().orElseThrow(() -> new AssertionError(check.out()));
        Cli run = Cli.run("run", f.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains(problem + "\nFAIL  on odd (0 steps)"), run.out());
    }

    /**
     * Validation problems of a file, warnings and errors, print the same under run as under
     * check: FILE:LINE:COLUMN, the severity word, the message, in the same order.
     */
    @Test
    void runPrintsValidationProblemsExactlyAsCheck() throws Exception {
        Path warn = file("w.kmem", """
                scenario "warned" on pc {
                    let p = alloc_page(GFP_KERNEL)
                    let x = folio_pfn(p)
                    let y = __pa(p)
                }
                """);
        Path bad = file("e.kmem", """
                scenario "broken" on pc {
                    let n = PHYS_PFN(0x1000)
                    show page n
                    let q = kmaloc(8, GFP_KERNEL)
                }
                """);
        for (Path f : new Path[] {warn, bad}) {
            java.util.List<String> fromCheck = problemLines(Cli.run("check", f.toString()).out());
            java.util.List<String> fromRun = problemLines(Cli.run("run", f.toString()).out());
            assertTrue(fromCheck.size() >= 2, () -> "check printed: " + fromCheck);
            assertEquals(fromCheck, fromRun);
        }
        java.util.List<String> w = problemLines(Cli.run("run", warn.toString()).out());
        // import "m.kmem" is line 1: the scenario's body starts on line 3
        assertTrue(w.get(0).matches(".*w\\.kmem:4:\\d+: warning: folio_pfn\\(\\) takes a struct folio \\* as folio, not a struct page \\*; use page_folio\\(p\\).*"), w.get(0));
        java.util.List<String> e = problemLines(Cli.run("run", bad.toString()).out());
        assertTrue(e.stream().anyMatch(l -> l.matches(".*e\\.kmem:4:\\d+: error: show page takes a struct page \\*, not a pfn; use show page pfn_to_page\\(n\\)")), () -> "" + e);
        assertTrue(e.stream().anyMatch(l -> l.matches(".*e\\.kmem:5:\\d+: error: unknown function 'kmaloc'.*")), () -> "" + e);
    }

    /** The FILE:LINE[:COLUMN]: severity: lines a command prints before it runs anything (the validation's). */
    private static java.util.List<String> problemLines(String out) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String l : out.lines().toList()) {
            if (l.startsWith("PASS") || l.startsWith("FAIL") || l.startsWith("NOT RUN") || l.startsWith("== scenario")) break;
            if (l.matches("\\S+\\.kmem:\\d+(:\\d+)?: (error|warning|info): .*")) lines.add(l);
        }
        return lines;
    }

    /** Values print as the kernel prints them: an address-sized literal in hex, never negative; in JSON unsigned. */
    @Test
    void largeNumbersAreNeverNegative() throws Exception {
        Path f = file("h.kmem", """
                scenario "hex" on pc {
                    let big = 0xffff880000000000
                    let p = alloc_page(GFP_KERNEL)
                    expect page_to_virt(p) == 0xffff880000000000
                }
                """);
        Cli text = Cli.run("run", f.toString());
        assertTrue(text.out().matches("(?s).*\\n\\s+3  let big = 0xffff880000000000\\s+= 0xffff880000000000\\n.*"), text.out());
        assertTrue(text.out().contains("right: 0xffff880000000000)"), text.out());
        assertTrue(!text.out().contains("-131941395333120"), text.out());
        Cli json = Cli.run("run", f.toString(), "--format", "json");
        com.google.gson.JsonObject let = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("scenarios")
                .get(0).getAsJsonObject().getAsJsonArray("statements").get(0).getAsJsonObject();
        assertEquals(new java.math.BigInteger("ffff880000000000", 16), let.get("value").getAsBigInteger(), json.out());
    }

    /** show page renders the struct page with its kernel field names, in text and in JSON alike. */
    @Test
    void showPageIsTheStructPageNotAJavaRecord() throws Exception {
        Path f = file("p.kmem", """
                scenario "page" on pc {
                    let p = alloc_page(GFP_KERNEL)
                    show page p
                }
                """);
        Cli text = Cli.run("run", f.toString());
        assertTrue(!text.out().contains("StructPage["), text.out());
        // dump_page()'s first line (mm/debug.c v6.12), then the struct page with its fields and union views
        assertTrue(text.out().matches("(?s).*page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x[0-9a-f]+\\n.*"), text.out());
        assertTrue(text.out().matches("(?s).*struct page 0xffffea[0-9a-f]+: pfn 0x[0-9a-f]+, .*"), text.out());
        Cli json = Cli.run("run", f.toString(), "--format", "json");
        String shown = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("scenarios").get(0)
                .getAsJsonObject().getAsJsonArray("statements").get(1).getAsJsonObject().getAsJsonArray("output").get(0).getAsString();
        assertTrue(shown.startsWith("page: refcount:1 mapcount:0 "), shown);
        // _mapcount -1 and _refcount 1 are word 6 of the raw dump: 0x00000001ffffffff
        assertTrue(shown.contains(" 00000001ffffffff "), shown);
    }

    @Test
    void runOfAnUnknownScenarioSaysWhichExist() throws Exception {
        Path f = file("u.kmem", "scenario \"one\" on pc { let x = 1 }\n");
        Cli r = Cli.run("run", f.toString(), "--scenario", "three");
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("no scenario called \"three\" (names: \"one\")"), r.out());
    }
}
