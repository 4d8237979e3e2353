package io.kmemlab.ui;

/** Identifiers that plugin.xml declares and code (and tests) refer to. */
public final class KmemUi {

	public static final String PLUGIN_ID = "io.kmemlab.ui";

	/** The content type of .kmem files; the generic editor picks our contributions by it. */
	public static final String CONTENT_TYPE_ID = PLUGIN_ID + ".kmem";

	/** Problem markers made by the editor's validation (and only those are replaced by it). */
	public static final String PROBLEM_MARKER_TYPE = PLUGIN_ID + ".problem";

	/** Product id of the kmemlab IDE (org.eclipse.core.runtime.products extension "ide"). */
	public static final String PRODUCT_ID = PLUGIN_ID + ".ide";

	private KmemUi() {
	}
}
