package io.kmemlab.debug.ui;

/** Identifiers of the debugger UI; tests, key bindings and the documentation use them. */
public final class KmemDebugUi {
	private KmemDebugUi() {
	}

	public static final String BUNDLE_ID = "io.kmemlab.debug.ui";

	/** The editor .kmem files open in (the Platform's generic editor, bound to the .kmem content type). */
	public static final String EDITOR_ID = "org.eclipse.ui.genericeditor.GenericEditor";

	public static final String STEP_BACK_COMMAND = "io.kmemlab.debug.ui.stepBack";

	public static final String REVERSE_RESUME_COMMAND = "io.kmemlab.debug.ui.reverseResume";

	public static final String ADD_EVENT_BREAKPOINT_COMMAND = "io.kmemlab.debug.ui.addEventBreakpoint";

	/** Launch shortcut for a whole file (editor, Project Explorer). */
	public static final String FILE_SHORTCUT = "io.kmemlab.debug.ui.shortcut.file";

	/** Launch shortcut for the scenario the editor's cursor is in. */
	public static final String SCENARIO_SHORTCUT = "io.kmemlab.debug.ui.shortcut.scenario";

	/** The ruler double-click action contributed to the generic editor. */
	public static final String RULER_DOUBLE_CLICK_ACTION = "io.kmemlab.debug.ui.rulerDoubleClick";
}
