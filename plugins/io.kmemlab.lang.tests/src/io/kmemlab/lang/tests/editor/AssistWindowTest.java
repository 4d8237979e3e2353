package io.kmemlab.lang.tests.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

import io.kmemlab.lang.ide.KmemIdeSetup;
import io.kmemlab.lang.ide.contentassist.AssistWindow;
import io.kmemlab.lang.ide.contentassist.ProposalComputer;
import io.kmemlab.lang.ide.text.TextParser;

/**
 * Content assist reads a short window of the text (the headers around the cursor, the last two
 * statements and the one being typed) and proposes exactly what the whole text gives, with a
 * model parsed from the current text or from the text before the last keystrokes.
 */
class AssistWindowTest {

	private static final URI FILE = URI.createURI("inmemory:/window.kmem");
	private static ProposalComputer proposals;
	private static TextParser parser;

	@BeforeAll
	static void injector() {
		Injector injector = new KmemIdeSetup().createInjectorAndDoEMFRegistration();
		proposals = injector.getInstance(ProposalComputer.class);
		parser = injector.getInstance(TextParser.class);
	}

	/**
	 * A machine, a scenario of 300 lets, closed blocks, and a process block in a loop that holds
	 * the given lines (| is the cursor); then a second machine and {@code after}.
	 */
	private static String longScenario(String inProcess, String after) {
		StringBuilder text = new StringBuilder("import \"other.kmem\"\n");
		text.append("machine m {\n    arch x86_64\n    ram 0x0 size 1G\n}\n");
		text.append("scenario \"s\" on m {\n");
		for (int i = 0; i < 300; i++) {
			text.append("    let k").append(i).append(" = kmalloc(64, GFP_KERNEL)\n");
			if (i % 100 == 50) {
				text.append("    repeat 2 {\n        let kinner").append(i).append(" = 1\n    }\n");
			}
		}
		text.append("    // a comment\n    for idx in 0 .. 3 {\n        process app {\n            let u = mmap(4K, PROT_READ)\n")
				.append(inProcess).append("\n        }\n    }\n    let klater = 1\n}\n")
				.append("machine m2 {\n    arch i386\n    ram 0x0 size 512M\n}\n").append(after);
		return text.toString();
	}

	private static List<String> labels(List<ContentAssistEntry> entries) {
		return entries.stream()
				.map(e -> e.getKind() + " " + e.getProposal() + " [" + e.getPrefix() + "] " + e.getLabel() + " " + e.getDescription())
				.toList();
	}

	/**
	 * The proposals at the | of the text, from a model of the text itself and from a model of the
	 * text before the characters {@code typedSince} before the cursor were typed, equal the whole
	 * text's. Returns them.
	 */
	private static List<String> assertSameAsWholeText(String withCursor, int typedSince) {
		int offset = withCursor.indexOf('|');
		String text = withCursor.replace("|", "");
		List<String> whole = labels(proposals.computeWhole(parser.parse(text, FILE), offset));
		assertFalse(whole.isEmpty(), "nothing proposed at " + around(text, offset));

		XtextResource current = parser.parse(text, FILE);
		AssistWindow window = AssistWindow.of(current, text, offset);
		assertTrue(window.text().length() < 700, "the window is not short:\n" + window.text());
		assertEquals(whole, labels(proposals.compute(current, text, offset)), "window of the current text at " + around(text, offset));

		for (int typed = 1; typed <= Math.min(typedSince, offset); typed++) {
			XtextResource earlier = parser.parse(text.substring(0, offset - typed) + text.substring(offset), FILE);
			assertEquals(whole, labels(proposals.compute(earlier, text, offset)),
					"model " + typed + " characters old at " + around(text, offset));
		}
		return whole;
	}

	private static String around(String text, int offset) {
		int line = text.lastIndexOf('\n', offset - 1) + 1;
		return "'" + text.substring(line, offset) + "|'";
	}

	private static List<String> inProcess(String line) {
		return assertSameAsWholeText(longScenario(line, ""), 3);
	}

	@Test
	void aCallBeingTyped() {
		List<String> whole = inProcess("            let x = km|");
		assertTrue(whole.stream().anyMatch(l -> l.contains(" kmalloc ")), whole.toString());
	}

	@Test
	void aStatementStartAlsoContinuesThePreviousStatement() {
		List<String> whole = inProcess("            |");
		// The previous statement's call can go on with an operator: the window must keep it.
		assertTrue(whole.stream().anyMatch(l -> l.contains(" + ") || l.contains(" == ")), whole.toString());
		assertTrue(whole.stream().anyMatch(l -> l.contains(" let ")), whole.toString());
		inProcess("            let a = 1\n            print a\n            |");
	}

	@Test
	void showExpectAndLetValues() {
		inProcess("            show |");
		inProcess("            show pa|");
		inProcess("            expect |");
		inProcess("            let y = |");
	}

	@Test
	void callArgumentsOperatorsAndFields() {
		inProcess("            let y = kmalloc(64, |");
		inProcess("            let y = kmalloc(64, GFP_|");
		inProcess("            let y = u + |");
		inProcess("            let y = u << 2 |");
		inProcess("            let y = virt_to_page(u)->|");
		inProcess("            let y = u[|");
	}

	@Test
	void afterAClosedIfElseIsProposed() {
		List<String> whole = inProcess("            if u == 0 {\n                print u\n            } |");
		assertTrue(whole.stream().anyMatch(l -> l.contains(" else ")), whole.toString());
		inProcess("            if u == 0 {\n                print u\n            } else {\n                |");
		inProcess("            if u == 0 {\n                print u\n            } else if u == 1 {\n                print |");
	}

	@Test
	void variablesBeforeTheCursorTheLoopVariableAndNewLetsAreInScope() {
		List<String> whole = inProcess("            print k1|");
		assertTrue(whole.stream().anyMatch(l -> l.contains(" k10 ")) && whole.stream().anyMatch(l -> l.contains(" k199 ")), whole.toString());
		assertFalse(whole.stream().anyMatch(l -> l.contains(" klater ")), "a let after the cursor: " + whole);
		assertFalse(whole.stream().anyMatch(l -> l.contains(" kinner")), "a let of a closed block: " + whole);
		inProcess("            print i|");
		// Two statements typed since the last parse, one of them a let.
		String typed = "            let fresh = 1\n            print fresh + |";
		List<String> labels = assertSameAsWholeText(longScenario(typed, ""), typed.length());
		assertTrue(labels.stream().anyMatch(l -> l.contains(" fresh ")), labels.toString());
		// A block closed since the last parse: its lets are out of scope.
		assertSameAsWholeText(longScenario("            repeat 1 {\n                let gone = 1\n            }\n            print |", ""), 20);
	}

	@Test
	void machineClausesAndTopLevel() {
		assertSameAsWholeText(longScenario("            print u", "machine m3 {\n    arch |\n}\n"), 2);
		assertSameAsWholeText(longScenario("            print u", "machine m3 {\n    arch i386\n    memory-model |\n}\n"), 2);
		assertSameAsWholeText(longScenario("            print u", "machine m3 {\n    arch x86_64\n    |\n}\n"), 2);
		assertSameAsWholeText(longScenario("            print u", "machine m3 {\n    config { TH|}\n}\n"), 2);
		assertSameAsWholeText(longScenario("            print u", "|"), 0);
		List<String> machines = assertSameAsWholeText(longScenario("            print u", "scenario \"t\" on |"), 0);
		assertTrue(machines.stream().anyMatch(l -> l.contains(" m2 ")), machines.toString());
	}

	@Test
	void importsAndAShortFile() {
		assertSameAsWholeText("import \"a.kmem\"\n|", 0);
		assertSameAsWholeText("import \"a.kmem\"\nim|", 2);
		assertSameAsWholeText("machine m {\n    arch x86_64\n}\nscenario \"s\" on m {\n    let x = km|\n}\n", 2);
	}
}
