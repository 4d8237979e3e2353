package io.kmemlab.debug.ui.editor;

import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.interpreter.variables.VarNode;
import io.kmemlab.interpreter.value.Value;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;

/**
 * While a kmemlab scenario is suspended, hovering a variable's name in the .kmem editor shows
 * its value where the scenario stands, with the fields behind a pointer (a struct page's
 * flags, refcount ...). Otherwise it shows nothing and the editor's other hovers speak.
 */
public class SuspendedValueHover implements ITextHover {
	/** Fields shown under a pointer's value; the Variables view has them all. */
	static final int MAX_FIELDS = 12;

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		IDocument d = viewer.getDocument();
		try {
			int start = offset;
			while (start > 0 && isNamePart(d.getChar(start - 1))) {
				start--;
			}
			int end = offset;
			while (end < d.getLength() && isNamePart(d.getChar(end))) {
				end++;
			}
			return new Region(start, end - start);
		} catch (BadLocationException e) {
			return new Region(offset, 0);
		}
	}

	private static boolean isNamePart(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		if (region.getLength() == 0) {
			return null;
		}
		String name;
		try {
			name = viewer.getDocument().get(region.getOffset(), region.getLength());
		} catch (BadLocationException e) {
			return null;
		}
		KmemDebugTarget target = suspendedTarget();
		Suspension s = target == null ? null : target.suspension();
		Value v = s == null ? null : s.variables().get(name);
		return v == null ? null : describe(target.variablesModel().value(name, v, false));
	}

	/** {@code p = (struct page *) 0x...} and, for a pointer to a structure, its first fields. */
	static String describe(VarNode node) {
		StringBuilder sb = new StringBuilder(node.name()).append(" = ").append(node.value());
		if (node.hasChildren()) {
			int n = 0;
			for (VarNode f : node.children()) {
				if (n++ == MAX_FIELDS) {
					sb.append("\n  ...");
					break;
				}
				sb.append("\n  ").append(f.name()).append(" = ").append(f.value());
			}
		}
		return sb.toString();
	}

	private static KmemDebugTarget suspendedTarget() {
		for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
			for (IDebugTarget t : l.getDebugTargets()) {
				if (t instanceof KmemDebugTarget k && k.isSuspended()) {
					return k;
				}
			}
		}
		return null;
	}
}
