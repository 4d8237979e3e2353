package io.kmemlab.lang.ide.quickfix;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.ITextRegion;
import org.eclipse.xtext.validation.Issue;

import io.kmemlab.lang.ide.text.Regions;
import io.kmemlab.lang.kmem.Block;
import io.kmemlab.lang.kmem.Call;
import io.kmemlab.lang.kmem.Expect;
import io.kmemlab.lang.kmem.Import;
import io.kmemlab.lang.kmem.Index;
import io.kmemlab.lang.kmem.KernelClause;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.kmem.Let;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.MachineClause;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.kmem.NameRef;
import io.kmemlab.lang.kmem.Print;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.kmem.Statement;
import io.kmemlab.lang.machine.MachineFacts;
import io.kmemlab.lang.scoping.NameResolver;
import io.kmemlab.lang.types.Kind;
import io.kmemlab.lang.types.KindInference;
import io.kmemlab.lang.validation.IssueCodes;

/**
 * Quick fixes for the problems whose messages name a fix. UI-free: the editor's Ctrl+1 and the
 * Problems view use them through marker resolutions, and the edits are plain text edits.
 *
 * <p>Most codes carry their replacements as issue data (io.kmemlab.lang.validation.FixData): the
 * fix replaces the text the issue marks. The others are edits of their own, written here:
 * <ul>
 * <li>unknown machine (a linking error): the close names, an import of a file that declares
 * it, or a new machine of that name;</li>
 * <li>{@code NOT_IN_KERNEL}: data are the version that introduced the function and the call
 * rewritten for older kernels; the fixes rewrite the call or raise the machine's kernel;</li>
 * <li>kmap_atomic's KM_ type: remove it (gone since 2.6.37) or add KM_USER0 (2.6);</li>
 * <li>a name used before its let: move the let up;</li>
 * <li>a void call kept in a let or printed: call it on its own;</li>
 * <li>a second clause of a kind, or a 32-bit clause on x86_64: remove it;</li>
 * <li>{@code page[i]}: {@code page + i}.</li>
 * </ul>
 */
public class KmemQuickFixes {

	/** Codes whose data are replacements of the marked text. */
	private static final Set<String> REPLACEMENTS = Set.of(IssueCodes.UNKNOWN_NAME, IssueCodes.UNKNOWN_FUNCTION,
			IssueCodes.WRONG_KIND, IssueCodes.SUSPICIOUS_KIND, IssueCodes.DEPRECATED, IssueCodes.UNKNOWN_FIELD,
			IssueCodes.UNKNOWN_PROCESS, IssueCodes.SIGSEGV_OUTSIDE_PROCESS, IssueCodes.UNKNOWN_ARCH,
			IssueCodes.BAD_PAGING, IssueCodes.BAD_MEMORY_MODEL, IssueCodes.UNKNOWN_KERNEL, IssueCodes.BAD_BOOT_ALLOCATOR,
			IssueCodes.UNKNOWN_CONFIG, IssueCodes.BAD_SECTION);

	private static final Set<String> OWN_EDITS = Set.of(Diagnostic.LINKING_DIAGNOSTIC, IssueCodes.NOT_IN_KERNEL,
			IssueCodes.KM_TYPE_GONE, IssueCodes.KM_TYPE_MISSING, IssueCodes.USED_BEFORE_LET, IssueCodes.NO_VALUE,
			IssueCodes.DUPLICATE_CLAUSE, IssueCodes.ONLY_32BIT, IssueCodes.NOT_A_LIST);

	/** Whether problems of this code may have fixes (cheap: for the lightbulb and the Problems view). */
	public boolean handles(String code) {
		return code != null && (REPLACEMENTS.contains(code) || OWN_EDITS.contains(code));
	}

	public List<QuickFix> fixes(XtextResource resource, Issue issue, MachineLocator machines) {
		List<QuickFix> fixes = new ArrayList<>();
		String code = issue.getCode();
		if (!handles(code) || issue.getOffset() == null || issue.getLength() == null) {
			return fixes;
		}
		EObject object = issue.getUriToProblem() == null ? null
				: resource.getEObject(issue.getUriToProblem().fragment());
		String[] data = issue.getData() == null ? new String[0] : issue.getData();
		String text = resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText();
		if (REPLACEMENTS.contains(code)) {
			for (String replacement : data) {
				if (replacement != null && !replacement.isEmpty()) {
					String label = code.equals(IssueCodes.DEPRECATED) ? "Use " + replacement + "()"
							: "Change to " + replacement;
					fixes.add(new QuickFix(label, List.of(new TextEdit(issue.getOffset(), issue.getLength(), replacement))));
				}
			}
			return fixes;
		}
		switch (code) {
		case Diagnostic.LINKING_DIAGNOSTIC -> unknownMachine(object, issue, data, machines, fixes);
		case IssueCodes.NOT_IN_KERNEL -> notInKernel(object, data, fixes);
		case IssueCodes.KM_TYPE_GONE -> kmTypeGone(object, fixes);
		case IssueCodes.KM_TYPE_MISSING -> kmTypeMissing(object, fixes);
		case IssueCodes.USED_BEFORE_LET -> moveLetUp(object, text, fixes);
		case IssueCodes.NO_VALUE -> callOnItsOwn(object, fixes);
		case IssueCodes.DUPLICATE_CLAUSE, IssueCodes.ONLY_32BIT -> removeClause(object, text, fixes);
		case IssueCodes.NOT_A_LIST -> pagePlusIndex(object, fixes);
		default -> {
		}
		}
		return fixes;
	}

	private static void unknownMachine(EObject object, Issue issue, String[] data, MachineLocator machines,
			List<QuickFix> fixes) {
		if (!(object instanceof Scenario scenario) || !(EcoreUtil2.getRootContainer(scenario) instanceof Model model)) {
			return;
		}
		for (String name : data) {
			fixes.add(new QuickFix("Change to " + name, List.of(new TextEdit(issue.getOffset(), issue.getLength(), name))));
		}
		ITextRegion written = Regions.of(scenario, KmemPackage.Literals.SCENARIO__MACHINE);
		String name = written == null ? null
				: model.eResource() instanceof XtextResource r
						? r.getParseResult().getRootNode().getText().substring(written.getOffset(),
								written.getOffset() + written.getLength())
						: null;
		if (name == null || name.isBlank()) {
			return;
		}
		int importAt = 0;
		if (!model.getImports().isEmpty()) {
			ITextRegion last = Regions.of(model.getImports().get(model.getImports().size() - 1));
			importAt = last.getOffset() + last.getLength();
		}
		for (String path : machines.importPathsDeclaring(name, scenario.eResource().getURI())) {
			boolean already = model.getImports().stream().map(Import::getImportURI).anyMatch(path::equals);
			if (!already) {
				String line = "import \"" + path + "\"";
				fixes.add(new QuickFix("Add " + line, List.of(new TextEdit(importAt, 0,
						importAt == 0 ? line + "\n\n" : "\n" + line))));
			}
		}
		ITextRegion at = Regions.of(scenario);
		fixes.add(new QuickFix("Create machine " + name, List.of(new TextEdit(at.getOffset(), 0,
				"machine " + name + " {\n    arch x86_64\n    ram 0x0 size 1G\n}\n\n"))));
	}

	private static void notInKernel(EObject object, String[] data, List<QuickFix> fixes) {
		if (!(object instanceof Call call)) {
			return;
		}
		if (data.length > 1 && !data[1].isEmpty()) {
			ITextRegion region = Regions.of(call);
			fixes.add(new QuickFix("Use " + data[1], List.of(new TextEdit(region.getOffset(), region.getLength(), data[1]))));
		}
		Machine machine = NameResolver.machineOf(call);
		if (data.length == 0 || machine == null || machine.eIsProxy() || machine.eResource() != call.eResource()) {
			return; // a machine in another file is not edited from here
		}
		// The oldest profile that has the function: the smallest change to the machine.
		String kernel = MachineFacts.KERNEL_VERSIONS.stream()
				.filter(v -> MachineFacts.compareVersions(v, data[0]) >= 0).min(MachineFacts::compareVersions).orElse(null);
		if (kernel == null) {
			return;
		}
		String label = "Set kernel " + kernel + " on machine " + machine.getName();
		for (MachineClause clause : machine.getClauses()) {
			if (clause instanceof KernelClause k) {
				ITextRegion version = Regions.of(k, KmemPackage.Literals.KERNEL_CLAUSE__VERSION);
				fixes.add(new QuickFix(label, List.of(new TextEdit(version.getOffset(), version.getLength(), kernel))));
				return;
			}
		}
		// No kernel clause: the machine runs the default; add one as its first clause.
		ITextRegion name = Regions.of(machine, KmemPackage.Literals.TOP_LEVEL__NAME);
		String text = ((XtextResource) machine.eResource()).getParseResult().getRootNode().getText();
		int brace = text.indexOf('{', name.getOffset() + name.getLength());
		if (brace >= 0) {
			fixes.add(new QuickFix(label, List.of(new TextEdit(brace + 1, 0, "\n    kernel " + kernel))));
		}
	}

	private static void kmTypeGone(EObject object, List<QuickFix> fixes) {
		if (object instanceof Call call && call.getArguments().size() == 2) {
			ITextRegion page = Regions.of(call.getArguments().get(0));
			ITextRegion type = Regions.of(call.getArguments().get(1));
			int end = type.getOffset() + type.getLength();
			int pageEnd = page.getOffset() + page.getLength();
			fixes.add(new QuickFix("Remove the KM_ type argument",
					List.of(new TextEdit(pageEnd, end - pageEnd, ""))));
			if (!"kmap_atomic".equals(call.getFunction())) {
				return; // kunmap_atomic(addr, type): only the type goes
			}
			ITextRegion whole = Regions.of(call);
			String pageText = Regions.oneLine(call.getArguments().get(0));
			fixes.add(new QuickFix("Use kmap_local_page(" + pageText + ")",
					List.of(new TextEdit(whole.getOffset(), whole.getLength(), "kmap_local_page(" + pageText + ")"))));
		}
	}

	private static void kmTypeMissing(EObject object, List<QuickFix> fixes) {
		if (object instanceof Call call && call.getArguments().size() == 1) {
			ITextRegion page = Regions.of(call.getArguments().get(0));
			fixes.add(new QuickFix("Add the KM_USER0 slot type",
					List.of(new TextEdit(page.getOffset() + page.getLength(), 0, ", KM_USER0"))));
		}
	}

	private static void moveLetUp(EObject object, String text, List<QuickFix> fixes) {
		if (!(object instanceof NameRef ref)) {
			return;
		}
		Let let = NameResolver.laterLet(ref);
		if (let == null || !(let.eContainer() instanceof Block block)) {
			return;
		}
		Statement use = null;
		for (EObject o = ref; o != null; o = o.eContainer()) {
			if (o.eContainer() == block && o instanceof Statement s) {
				use = s;
			}
		}
		if (use == null || use == let) {
			return;
		}
		ITextRegion letLines = wholeLines(text, Regions.of(let));
		ITextRegion useLines = wholeLines(text, Regions.of(use));
		if (letLines == null || useLines == null) {
			return;
		}
		String moved = text.substring(letLines.getOffset(), letLines.getOffset() + letLines.getLength());
		fixes.add(new QuickFix("Move 'let " + let.getName() + "' before its first use", List.of(
				new TextEdit(letLines.getOffset(), letLines.getLength(), ""),
				new TextEdit(useLines.getOffset(), 0, moved))));
	}

	private static void callOnItsOwn(EObject object, List<QuickFix> fixes) {
		EObject value = object instanceof Let let ? let.getValue() : object instanceof Print print ? print.getValue() : null;
		if (value instanceof Call && !(object.eContainer() instanceof Expect)) {
			ITextRegion whole = Regions.of(object);
			String call = Regions.oneLine(value);
			fixes.add(new QuickFix("Call " + call + " on its own",
					List.of(new TextEdit(whole.getOffset(), whole.getLength(), call))));
		}
	}

	private static void removeClause(EObject object, String text, List<QuickFix> fixes) {
		if (object instanceof MachineClause clause) {
			ITextRegion lines = wholeLines(text, Regions.of(clause));
			if (lines != null) {
				fixes.add(new QuickFix("Remove this clause", List.of(new TextEdit(lines.getOffset(), lines.getLength(), ""))));
			}
		}
	}

	private static void pagePlusIndex(EObject object, List<QuickFix> fixes) {
		if (object instanceof Index index && index.getIndex() != null && KindInference.kindOf(index.getTarget()) == Kind.PAGE) {
			ITextRegion whole = Regions.of(index);
			String replacement = Regions.oneLine(index.getTarget()) + " + " + Regions.oneLine(index.getIndex());
			fixes.add(new QuickFix("Change to " + replacement,
					List.of(new TextEdit(whole.getOffset(), whole.getLength(), replacement))));
		}
	}

	/**
	 * The region grown to whole lines (from the line start to after its line break) when nothing
	 * else is on those lines; null otherwise.
	 */
	static ITextRegion wholeLines(String text, ITextRegion region) {
		if (region == null) {
			return null;
		}
		int start = region.getOffset();
		while (start > 0 && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')) {
			start--;
		}
		if (start > 0 && text.charAt(start - 1) != '\n') {
			return null;
		}
		int end = region.getOffset() + region.getLength();
		while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t' || text.charAt(end) == '\r')) {
			end++;
		}
		if (end < text.length() && text.charAt(end) != '\n') {
			return null;
		}
		if (end < text.length()) {
			end++;
		}
		return new org.eclipse.xtext.util.TextRegion(start, end - start);
	}
}
