package io.kmemlab.benchmark;

import com.google.inject.Injector;
import io.kmemlab.lang.ide.KmemIdeSetup;
import io.kmemlab.lang.ide.contentassist.ProposalComputer;
import io.kmemlab.lang.ide.text.LiveResource;
import io.kmemlab.lang.ide.text.TextParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The editor's latencies on a 10 000-line scenario, through the same UI-free services the
 * editor calls (io.kmemlab.lang.ide):
 * <ul>
 * <li>content assist (Ctrl+Space) after {@code let x = kma} near the end of the scenario and in
 * its middle (goal: under 50 ms). {@code assistAfterKeystroke} is the editor's path: the model of
 * its last parse (a keystroke old) and the current text; {@code assistOnParsedText*} the same
 * with a model of the current text. The editor keeps the document's model current by partial
 * reparsing ({@code LiveResource}); {@code liveAssist*} type one character, ask for proposals
 * and delete the character again (two partial reparses and one assist per operation). The
 * {@code assist*} variants parse the whole text first, as a stateless service would;</li>
 * <li>keystroke to markers: {@code liveKeystrokeToIssues} types a character into a statement of
 * the live model, validates the file and deletes the character (writing the markers is a
 * workspace operation, not measured); {@code keystrokeToIssues} parses the whole text.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EditorBenchmark {
    private static final String TYPED = "    let x = kma";
    private static final URI URI_OF_FILE = URI.createURI("inmemory:/bench.kmem");

    String atEnd;
    int atEndOffset;
    String inMiddle;
    int inMiddleOffset;
    String edited;
    int editAt;
    XtextResource parsedAtEnd;
    XtextResource parsedInMiddle;
    XtextResource parsedBeforeKeystroke;
    LiveResource liveAtEnd;
    LiveResource liveInMiddle;
    LiveResource liveText;
    ProposalComputer proposals;
    TextParser parser;
    IResourceValidator validator;

    @Setup
    public void setup() {
        String text = ScenarioText.generate(10_000);
        int end = text.lastIndexOf('}');
        atEnd = text.substring(0, end) + TYPED + "\n" + text.substring(end);
        atEndOffset = end + TYPED.length();
        int middle = text.indexOf("    let p500 ");
        inMiddle = text.substring(0, middle) + TYPED + "\n" + text.substring(middle);
        inMiddleOffset = middle + TYPED.length();
        // one keystroke: a character typed into a statement in the middle of the file
        int at = text.indexOf("kmalloc(", middle) + "kmalloc(".length();
        edited = text.substring(0, at) + "1" + text.substring(at);
        editAt = at;
        Injector injector = new KmemIdeSetup().createInjectorAndDoEMFRegistration();
        proposals = injector.getInstance(ProposalComputer.class);
        parser = injector.getInstance(TextParser.class);
        validator = injector.getInstance(IResourceValidator.class);
        parsedAtEnd = parser.parse(atEnd, URI_OF_FILE);
        parsedInMiddle = parser.parse(inMiddle, URI_OF_FILE);
        // the editor's last parse, from before the 'a' of "kma" was typed
        parsedBeforeKeystroke = parser.parse(atEnd.substring(0, atEndOffset - 1) + atEnd.substring(atEndOffset), URI_OF_FILE);
        liveAtEnd = new LiveResource(parser, atEnd, URI_OF_FILE);
        liveInMiddle = new LiveResource(parser, inMiddle, URI_OF_FILE);
        liveText = new LiveResource(parser, text, URI_OF_FILE);
        if (liveAssistAtTheEnd().stream().noneMatch(e -> "kmalloc".equals(e.getProposal()))) {
            throw new IllegalStateException("kmalloc is not proposed after 'kmal' in the live model");
        }
        if (assistAfterKeystroke().stream().noneMatch(e -> "kmalloc".equals(e.getProposal()))) {
            throw new IllegalStateException("kmalloc is not proposed after 'kma' on the model of 'km'");
        }
        List<ContentAssistEntry> check = assistAtTheEnd();
        if (check.stream().noneMatch(e -> "kmalloc".equals(e.getProposal()))) {
            throw new IllegalStateException("kmalloc is not proposed after 'kma': " + check.size() + " proposals");
        }
    }

    @Benchmark
    public List<ContentAssistEntry> assistAtTheEnd() {
        return proposals.compute(atEnd, atEndOffset, URI_OF_FILE);
    }

    /**
     * Ctrl+Space as the editor does it: on the model of its last parse (here a keystroke old,
     * the reconciler has not parsed the 'a' of "kma" yet) and the current text.
     */
    @Benchmark
    public List<ContentAssistEntry> assistAfterKeystroke() {
        return proposals.compute(parsedBeforeKeystroke, atEnd, atEndOffset);
    }

    /** Ctrl+Space on a model parsed from the current text (the reconciler caught up). */
    @Benchmark
    public List<ContentAssistEntry> assistOnParsedTextAtTheEnd() {
        return proposals.compute(parsedAtEnd, atEnd, atEndOffset);
    }

    @Benchmark
    public List<ContentAssistEntry> assistOnParsedTextInTheMiddle() {
        return proposals.compute(parsedInMiddle, inMiddle, inMiddleOffset);
    }

    @Benchmark
    public List<ContentAssistEntry> assistInTheMiddle() {
        return proposals.compute(inMiddle, inMiddleOffset, URI_OF_FILE);
    }

    @Benchmark
    public List<ContentAssistEntry> liveAssistAtTheEnd() {
        return typeAndAssist(liveAtEnd, atEndOffset);
    }

    @Benchmark
    public List<ContentAssistEntry> liveAssistInTheMiddle() {
        return typeAndAssist(liveInMiddle, inMiddleOffset);
    }

    /** "kma" becomes "kmal", proposals are asked for, and the "l" is deleted again. */
    private List<ContentAssistEntry> typeAndAssist(LiveResource live, int offset) {
        live.edit(offset, 0, "l");
        List<ContentAssistEntry> entries = proposals.compute(live.resource(), offset + 1);
        live.edit(offset, 1, "");
        return entries;
    }

    @Benchmark
    public List<Issue> liveKeystrokeToIssues() {
        liveText.edit(editAt, 0, "1");
        List<Issue> issues = validator.validate(liveText.resource(), CheckMode.ALL, CancelIndicator.NullImpl);
        liveText.edit(editAt, 1, "");
        return issues;
    }

    @Benchmark
    public List<Issue> keystrokeToIssues() {
        return validator.validate(parser.parse(edited, URI_OF_FILE), CheckMode.ALL, CancelIndicator.NullImpl);
    }
}
