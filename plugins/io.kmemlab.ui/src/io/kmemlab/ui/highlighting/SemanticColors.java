package io.kmemlab.ui.highlighting;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

import io.kmemlab.lang.ide.highlighting.KmemStyle;

/**
 * The colour of each semantic style: a default here, overridden by the preference
 * {@code color.<style id>} = "r,g,b" in the io.kmemlab.ui node (a colour preference page writes
 * it; the editor repaints when it changes).
 */
public final class SemanticColors {

	public static final String NODE = "io.kmemlab.ui";
	private static final Map<KmemStyle, RGB> DEFAULTS = new EnumMap<>(KmemStyle.class);
	static {
		DEFAULTS.put(KmemStyle.VARIABLE, new RGB(0x6A, 0x1B, 0x9A));
		DEFAULTS.put(KmemStyle.MACHINE, new RGB(0x00, 0x69, 0x5C));
		DEFAULTS.put(KmemStyle.ZONE, new RGB(0x8D, 0x6E, 0x00));
		DEFAULTS.put(KmemStyle.PROCESS, new RGB(0x4E, 0x34, 0x2E));
		DEFAULTS.put(KmemStyle.SYMBOL, new RGB(0x55, 0x6B, 0x2F));
		DEFAULTS.put(KmemStyle.ALLOCATION, new RGB(0xC2, 0x5E, 0x00));
		DEFAULTS.put(KmemStyle.TRANSLATION, new RGB(0xAD, 0x14, 0x57));
		DEFAULTS.put(KmemStyle.PAGE_WALK, new RGB(0x28, 0x35, 0x93));
		DEFAULTS.put(KmemStyle.KMAP, new RGB(0x00, 0x83, 0x8F));
		DEFAULTS.put(KmemStyle.REFCOUNT, new RGB(0xB7, 0x1C, 0x1C));
		DEFAULTS.put(KmemStyle.OTHER_FUNCTION, new RGB(0x79, 0x55, 0x48));
		DEFAULTS.put(KmemStyle.CONSTANT, new RGB(0x15, 0x65, 0xC0));
		DEFAULTS.put(KmemStyle.CONFIG_OPTION, new RGB(0x2E, 0x7D, 0x32));
	}

	private SemanticColors() {
	}

	/** The preference key of a style's colour. */
	public static String key(KmemStyle style) {
		return "color." + style.id();
	}

	public static RGB defaultOf(KmemStyle style) {
		return DEFAULTS.get(style);
	}

	public static IEclipsePreferences preferences() {
		return InstanceScope.INSTANCE.getNode(NODE);
	}

	/** The style's colour now (SWT colours hold no OS resources: no disposal). */
	public static Color colorOf(KmemStyle style) {
		RGB rgb = parse(preferences().get(key(style), null));
		return new Color(rgb != null ? rgb : DEFAULTS.get(style));
	}

	/** "r,g,b" as a preference value. */
	public static String format(RGB rgb) {
		return rgb.red + "," + rgb.green + "," + rgb.blue;
	}

	private static RGB parse(String value) {
		if (value == null) {
			return null;
		}
		String[] parts = value.split(",");
		try {
			return parts.length == 3 ? new RGB(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
					Integer.parseInt(parts[2].trim())) : null;
		} catch (IllegalArgumentException e) {
			return null; // a malformed value falls back to the default
		}
	}
}
