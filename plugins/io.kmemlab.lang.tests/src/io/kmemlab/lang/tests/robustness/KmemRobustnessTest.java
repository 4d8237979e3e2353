package io.kmemlab.lang.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.kmemlab.lang.formatting2.KmemFormatting;
import io.kmemlab.lang.tests.KmemFiles;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import io.kmemlab.lang.validation.IssueCodes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenSource;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of broken programs (a token deleted, two swapped, one duplicated, one nested in
 * thousands of parentheses or repeated thousands of times) go through parse, validate and
 * format: every one must come back as diagnostics, never as an uncaught exception or a
 * validator that failed. The mutations are seeded, so a failure names a reproducible input.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class KmemRobustnessTest {

    private static final int MUTANTS = 2000;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private IResourceValidator validator;

    @Inject
    private KmemFormatting formatting;

    @Inject
    private Provider<io.kmemlab.lang.parser.antlr.internal.InternalKmemLexer> lexers;

    private static final String BUILT_IN_SAMPLE = """
            machine pc { arch x86_64 paging 4-level kernel 6.12 ram 0x1000 .. 0x9fbff ram 0x1_0000_0000 size 4G
                zones { Normal until 4G  NewMem size 512M allocator none  HighMem rest } config { VMAP_STACK on } }
            scenario "s" on pc {
                let p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2)
                expect compound_head(p + 3) == p && !PageTail(p)
                process app { let u = mmap(16K, PROT_READ | PROT_WRITE) write8(u + 0x10, 0xff)
                    let pages = get_user_pages(u, 4, FOLL_WRITE) expect page_count(pages[0]) >= 2 walk u in app }
                show zoneinfo
                for i in 0 .. 3 { if i == 1 { print zone(Normal).spanned } else { show page p + i } }
                expect oops write8(0xdead000000000000, 1)
            }
            """;

    private List<String> tokens(String text) {
        Lexer lexer = lexers.get();
        lexer.setCharStream(new org.antlr.runtime.ANTLRStringStream(text));
        List<String> tokens = new ArrayList<>();
        TokenSource source = lexer;
        for (Token t = source.nextToken(); t.getType() != Token.EOF; t = source.nextToken()) {
            tokens.add(t.getText());
        }
        return tokens;
    }

    @Test
    void mutatedProgramsNeverThrow() throws Exception {
        List<String> samples = new ArrayList<>();
        samples.add(BUILT_IN_SAMPLE);
        for (Path file : KmemFiles.allKnownFiles()) {
            samples.add(KmemFiles.read(file));
        }
        Random random = new Random(20261122);
        long start = System.nanoTime();
        int parsedCleanly = 0;
        for (int n = 0; n < MUTANTS; n++) {
            String sample = samples.get(n % samples.size());
            List<String> tokens = tokens(sample);
            int i = random.nextInt(tokens.size());
            int j = random.nextInt(tokens.size());
            String operation;
            switch (n % 5) {
                case 0 -> {
                    operation = "delete token " + i;
                    tokens.remove(i);
                }
                case 1 -> {
                    operation = "swap tokens " + i + " and " + j;
                    String t = tokens.get(i);
                    tokens.set(i, tokens.get(j));
                    tokens.set(j, t);
                }
                case 2 -> {
                    operation = "duplicate token " + i;
                    tokens.add(i, tokens.get(i));
                }
                case 3 -> {
                    // deeper than the parser's stack could follow: a syntax error, not a StackOverflowError
                    operation = "nest token " + i + " in 2000 parentheses";
                    tokens.set(i, "(".repeat(2000) + tokens.get(i) + ")".repeat(2000));
                }
                default -> {
                    // a long run of one token: `- - - ...`, `{ { { ...`, `p p p ...` ...
                    operation = "repeat token " + i + " 3000 times";
                    tokens.set(i, (tokens.get(i) + " ").repeat(3000));
                }
            }
            String mutant = String.join("", tokens);
            try {
                XtextResource r = (XtextResource) resourceSets.get().createResource(URI.createURI("mutant" + n + ".kmem"));
                r.load(new ByteArrayInputStream(mutant.getBytes(StandardCharsets.UTF_8)), null);
                List<Issue> issues = validator.validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
                // a validator that throws is caught and turned into this issue: a bug, not a diagnosis of the input
                for (Issue issue : issues) {
                    if (IssueCodes.VALIDATOR_FAILED.equals(issue.getCode())) {
                        throw new AssertionError("mutant " + n + " (" + operation + "): " + issue.getMessage() + ":\n" + mutant);
                    }
                }
                if (r.getErrors().isEmpty()) {
                    parsedCleanly++;
                    formatting.format(r);
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("mutant " + n + " (" + operation + ") threw " + e + ":\n" + mutant, e);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("KmemRobustnessTest: " + MUTANTS + " mutants of " + samples.size() + " programs, "
                + parsedCleanly + " still parsed (and were formatted), no exception, " + millis + " ms");
        assertTrue(parsedCleanly < MUTANTS, "the mutations must break some programs");
    }
}
