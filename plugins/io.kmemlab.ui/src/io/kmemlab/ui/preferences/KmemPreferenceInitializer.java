package io.kmemlab.ui.preferences;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.jface.resource.StringConverter;

import io.kmemlab.ui.KmemUi;

/** Defaults of every kmemlab preference (plugin.xml registers it; the runtime calls it on first use). */
public class KmemPreferenceInitializer extends AbstractPreferenceInitializer {

	@Override
	public void initializeDefaultPreferences() {
		IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(KmemUi.PLUGIN_ID);
		for (HighlightingStyle style : HighlightingStyle.values()) {
			defaults.put(style.colourKey(), StringConverter.asString(style.defaultColour()));
			defaults.putBoolean(style.boldKey(), style.boldByDefault());
			defaults.putBoolean(style.italicKey(), style.italicByDefault());
		}
		defaults.putBoolean(KmemPreferences.FORMAT_ON_SAVE, KmemPreferences.DEFAULT_FORMAT_ON_SAVE);
		defaults.putInt(KmemPreferences.INDENTATION, KmemPreferences.DEFAULT_INDENTATION);
	}
}
