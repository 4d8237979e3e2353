package io.kmemlab.ui.contentassist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.templates.DocumentTemplateContext;
import org.eclipse.jface.text.templates.GlobalTemplateVariables;
import org.eclipse.jface.text.templates.Template;
import org.eclipse.jface.text.templates.TemplateContextType;
import org.eclipse.jface.text.templates.TemplateProposal;

/**
 * Templates of statements and top-level elements, and calls with their arguments: inserted
 * with placeholders in linked mode (Tab moves to the next one, Enter leaves).
 */
final class KmemTemplates {

	private static final String CONTEXT = "io.kmemlab.ui.kmem.templates";
	private static final TemplateContextType TYPE = new TemplateContextType(CONTEXT, "kmem");
	static {
		TYPE.addResolver(new GlobalTemplateVariables.Cursor());
	}

	/** A statement or element template: the keyword it starts with, what it is, its pattern. */
	record Snippet(String keyword, String description, String pattern) {
	}

	static final List<Snippet> STATEMENTS = List.of(
			new Snippet("let", "declare a variable", "let ${name} = ${value}"),
			new Snippet("for", "loop over a range", "for ${i} in ${from} .. ${to} {\n\t${cursor}\n}"),
			new Snippet("repeat", "repeat a block", "repeat ${count} {\n\t${cursor}\n}"),
			new Snippet("if", "conditional block", "if ${condition} {\n\t${cursor}\n}"),
			new Snippet("process", "user process with its own mm", "process ${name} {\n\t${cursor}\n}"),
			new Snippet("kthread", "kernel thread", "kthread ${name} {\n\t${cursor}\n}"),
			new Snippet("on cpu", "kernel calls on another CPU", "on cpu ${n} {\n\t${cursor}\n}"),
			new Snippet("expect", "expect an oops", "expect oops ${statement}"),
			new Snippet("walk", "walk the page tables of an address", "walk ${address}"));

	static final List<Snippet> TOP_LEVEL = List.of(
			new Snippet("machine", "a machine: arch and RAM",
					"machine ${name} {\n\tarch ${x86_64}\n\tram ${0x0} size ${1G}\n}\n"),
			new Snippet("scenario", "a scenario on a machine", "scenario \"${name}\" on ${machine} {\n\t${cursor}\n}\n"));

	private KmemTemplates() {
	}

	/** The snippets whose keyword starts with the typed prefix, at the offset. */
	static List<ICompletionProposal> snippets(List<Snippet> snippets, IDocument document, int offset, String prefix) {
		List<ICompletionProposal> proposals = new ArrayList<>();
		String indent = indentation(document, offset);
		for (Snippet s : snippets) {
			if (s.keyword().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
				Template template = new Template(s.keyword(), s.description(), CONTEXT, indented(s.pattern(), indent), false);
				proposals.add(proposal(template, document, offset, prefix.length(), 20));
			}
		}
		return proposals;
	}

	/** A call with a placeholder per required parameter: kmalloc(${size}, ${flags}). */
	static ICompletionProposal call(String name, List<String> parameters, String description, IDocument document,
			int offset, int prefixLength) {
		StringBuilder pattern = new StringBuilder(name).append('(');
		for (int i = 0; i < parameters.size(); i++) {
			pattern.append(i == 0 ? "" : ", ").append("${").append(parameters.get(i)).append('}');
		}
		pattern.append(")${cursor}");
		Template template = new Template(name, description, CONTEXT, pattern.toString(), false);
		IRegion region = new Region(offset - prefixLength, prefixLength);
		DocumentTemplateContext context = new DocumentTemplateContext(TYPE, document, region.getOffset(), region.getLength());
		return new CallProposal(template, context, region, description);
	}

	/**
	 * A call shows its prototype ("kmalloc(size, gfp) – ..."), as the kernel-name proposals it
	 * replaces did, rather than a template's "name - description".
	 */
	private static final class CallProposal extends TemplateProposal {
		private final String display;

		CallProposal(Template template, DocumentTemplateContext context, IRegion region, String display) {
			super(template, context, region, null, 10);
			this.display = display;
		}

		@Override
		public String getDisplayString() {
			return display;
		}

		// The popup draws the styled form when a proposal has one.
		public org.eclipse.jface.viewers.StyledString getStyledDisplayString() {
			return new org.eclipse.jface.viewers.StyledString(display);
		}
	}

	private static ICompletionProposal proposal(Template template, IDocument document, int offset, int prefixLength,
			int relevance) {
		IRegion region = new Region(offset - prefixLength, prefixLength);
		DocumentTemplateContext context = new DocumentTemplateContext(TYPE, document, region.getOffset(), region.getLength());
		return new TemplateProposal(template, context, region, null, relevance);
	}

	/** Continuation lines get the current line's indentation; a tab is one more level (four spaces). */
	private static String indented(String pattern, String indent) {
		return pattern.replace("\n", "\n" + indent).replace("\t", "    ");
	}

	private static String indentation(IDocument document, int offset) {
		try {
			IRegion line = document.getLineInformationOfOffset(offset);
			String text = document.get(line.getOffset(), offset - line.getOffset());
			int i = 0;
			while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
				i++;
			}
			return text.substring(0, i);
		} catch (BadLocationException e) {
			return "";
		}
	}
}
