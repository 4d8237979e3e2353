package io.kmemlab.debug.core;

/**
 * The debugger's identifiers. Tests, plugin.xml files, launch configurations saved in users'
 * workspaces and the documentation rely on them: they do not change.
 */
public final class KmemDebug {
	private KmemDebug() {
	}

	public static final String BUNDLE_ID = "io.kmemlab.debug.core";

	/** The debug model: every debug element and breakpoint of kmemlab answers this. */
	public static final String MODEL_ID = "io.kmemlab.debug.model";

	/** The launch configuration type "kmemlab scenario". */
	public static final String LAUNCH_TYPE_ID = "io.kmemlab.debug.launchType";

	public static final String SOURCE_LOCATOR_ID = "io.kmemlab.debug.sourceLocator";

	public static final String SOURCE_PATH_COMPUTER_ID = "io.kmemlab.debug.sourcePathComputer";

	/** Marker of a line breakpoint (persistent, a line breakpoint marker of the Platform). */
	public static final String LINE_BREAKPOINT_MARKER = BUNDLE_ID + ".lineBreakpointMarker";

	/** Marker of an event breakpoint (oops/BUG/WARN, refcount, entry write, alloc/free). */
	public static final String EVENT_BREAKPOINT_MARKER = BUNDLE_ID + ".eventBreakpointMarker";

	/** The process type of a scenario run: the console's line tracker is bound to it. */
	public static final String PROCESS_TYPE = "io.kmemlab.scenario";

	/** The .kmem content type, declared by the editor bundle. */
	public static final String CONTENT_TYPE_ID = "io.kmemlab.ui.kmem";
}
