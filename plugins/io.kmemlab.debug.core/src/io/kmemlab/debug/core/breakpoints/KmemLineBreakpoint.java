package io.kmemlab.debug.core.breakpoints;

import io.kmemlab.debug.core.KmemDebug;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.LineBreakpoint;

/**
 * A breakpoint on a statement's line of a .kmem file, with an optional condition written in
 * the language ({@code page_count(p) > 1}): the scenario stops before the statement runs,
 * when the condition holds. Kept as a persistent marker, so it survives restarts.
 */
public class KmemLineBreakpoint extends LineBreakpoint {
	/** Marker attribute: the condition's text, empty for none. */
	public static final String CONDITION = "io.kmemlab.debug.condition";
	/** Marker attribute: whether the condition is used. */
	public static final String CONDITION_ENABLED = "io.kmemlab.debug.conditionEnabled";

	/** For the breakpoint manager, which recreates breakpoints from their markers. */
	public KmemLineBreakpoint() {
	}

	/** Makes the marker of a new breakpoint on {@code line} (1-based) of {@code resource}; register it with the manager. */
	public KmemLineBreakpoint(IResource resource, int line) throws CoreException {
		run(getMarkerRule(resource), monitor -> {
			IMarker marker = resource.createMarker(KmemDebug.LINE_BREAKPOINT_MARKER);
			setMarker(marker);
			marker.setAttribute(IBreakpoint.ENABLED, true);
			marker.setAttribute(IBreakpoint.PERSISTED, true);
			marker.setAttribute(IMarker.LINE_NUMBER, line);
			marker.setAttribute(IBreakpoint.ID, getModelIdentifier());
			marker.setAttribute(IMarker.MESSAGE, "kmemlab line breakpoint: " + resource.getName() + " [line: " + line + "]");
		});
	}

	/** Creates a breakpoint on {@code line} of {@code resource} and registers it. */
	public static KmemLineBreakpoint create(IResource resource, int line) throws CoreException {
		KmemLineBreakpoint b = new KmemLineBreakpoint(resource, line);
		DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(b);
		return b;
	}

	@Override
	public String getModelIdentifier() {
		return KmemDebug.MODEL_ID;
	}

	/** The condition's text, trimmed; empty when there is none. */
	public String getCondition() {
		IMarker m = getMarker();
		return m == null ? "" : m.getAttribute(CONDITION, "").strip();
	}

	public void setCondition(String condition) throws CoreException {
		setAttribute(CONDITION, condition == null ? "" : condition.strip());
	}

	public boolean isConditionEnabled() {
		IMarker m = getMarker();
		return m != null && m.getAttribute(CONDITION_ENABLED, false);
	}

	public void setConditionEnabled(boolean enabled) throws CoreException {
		setAttribute(CONDITION_ENABLED, enabled);
	}

	/** The condition that decides a hit, or empty when every arrival at the line is a hit. */
	public String activeCondition() {
		return isConditionEnabled() ? getCondition() : "";
	}
}
