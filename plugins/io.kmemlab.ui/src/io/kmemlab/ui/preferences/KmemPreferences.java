package io.kmemlab.ui.preferences;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import io.kmemlab.ui.KmemUi;

/**
 * The kmemlab editor's preferences: one store (the io.kmemlab.ui instance scope, defaults from
 * {@link KmemPreferenceInitializer}) and its keys. The colour keys are on
 * {@link HighlightingStyle}; the formatter's are here.
 */
public final class KmemPreferences {

	/** boolean: format a .kmem file when it is saved. */
	public static final String FORMAT_ON_SAVE = "formatter.onSave";

	/** int: spaces per indentation level of the formatter (the language's style is 4). */
	public static final String INDENTATION = "formatter.indentation";

	public static final boolean DEFAULT_FORMAT_ON_SAVE = false;
	public static final int DEFAULT_INDENTATION = 4;
	public static final int MIN_INDENTATION = 1;
	public static final int MAX_INDENTATION = 16;

	private static IPreferenceStore store;

	private KmemPreferences() {
	}

	/** The store the pages edit and the editor reads; listen to it for changes. */
	public static synchronized IPreferenceStore store() {
		if (store == null) {
			store = new ScopedPreferenceStore(InstanceScope.INSTANCE, KmemUi.PLUGIN_ID);
		}
		return store;
	}

	/** The formatter's indentation as text: that many spaces. */
	public static String indentation(IPreferenceStore store) {
		int width = Math.clamp(store.getInt(INDENTATION), MIN_INDENTATION, MAX_INDENTATION);
		return " ".repeat(width);
	}
}
