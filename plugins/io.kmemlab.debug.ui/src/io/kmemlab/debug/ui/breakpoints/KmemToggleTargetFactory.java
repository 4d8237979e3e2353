package io.kmemlab.debug.ui.breakpoints;

import java.util.Set;
import org.eclipse.debug.ui.actions.IToggleBreakpointsTarget;
import org.eclipse.debug.ui.actions.IToggleBreakpointsTargetFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IWorkbenchPart;

/**
 * Offers the kmemlab line breakpoint to the Platform's breakpoint actions. plugin.xml enables
 * it only for editors of .kmem files, so other files in the generic editor are left alone.
 */
public final class KmemToggleTargetFactory implements IToggleBreakpointsTargetFactory {
	public static final String TARGET_ID = "io.kmemlab.debug.ui.lineBreakpointTarget";
	private static final IToggleBreakpointsTarget TARGET = new KmemBreakpointToggle();

	@Override
	public Set<String> getToggleTargets(IWorkbenchPart part, ISelection selection) {
		return Set.of(TARGET_ID);
	}

	@Override
	public String getDefaultToggleTarget(IWorkbenchPart part, ISelection selection) {
		return TARGET_ID;
	}

	@Override
	public IToggleBreakpointsTarget createToggleTarget(String targetID) {
		return TARGET_ID.equals(targetID) ? TARGET : null;
	}

	@Override
	public String getToggleTargetName(String targetID) {
		return "kmemlab line breakpoint";
	}

	@Override
	public String getToggleTargetDescription(String targetID) {
		return "a breakpoint on a statement of a .kmem scenario";
	}
}
