package io.kmemlab.ui.edit;

import org.eclipse.core.runtime.preferences.InstanceScope;

/** The editor's preferences (in the io.kmemlab.ui preference node); a preference page may set them. */
public final class EditorPreferences {

	public static final String NODE = "io.kmemlab.ui";

	/** Boolean, default false: format a .kmem file when it is saved. */
	public static final String FORMAT_ON_SAVE = "formatOnSave";

	private EditorPreferences() {
	}

	public static boolean formatOnSave() {
		return InstanceScope.INSTANCE.getNode(NODE).getBoolean(FORMAT_ON_SAVE, false);
	}
}
