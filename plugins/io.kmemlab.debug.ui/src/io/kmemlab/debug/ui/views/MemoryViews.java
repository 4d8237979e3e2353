package io.kmemlab.debug.ui.views;

/** Identifiers of the memory views: stable, because the perspective, tests and users' layouts refer to them. */
public final class MemoryViews {
	private MemoryViews() {
	}

	public static final String CATEGORY = "io.kmemlab.ui.views";

	public static final String TRANSLATIONS = "io.kmemlab.ui.views.translations";

	public static final String PAGE = "io.kmemlab.ui.views.page";

	public static final String PAGE_TABLES = "io.kmemlab.ui.views.pagetables";

	public static final String ZONES = "io.kmemlab.ui.views.zones";

	public static final String PHYSICAL_MAP = "io.kmemlab.ui.views.physmap";

	/** Editor and Variables view command: show the value under the caret (the selected variable) in Translations. */
	public static final String SHOW_IN_TRANSLATIONS_COMMAND = "io.kmemlab.debug.ui.showInTranslations";

	/** Editor and Variables view command: show the value in the Page Descriptor view. */
	public static final String SHOW_IN_PAGE_COMMAND = "io.kmemlab.debug.ui.showInPage";
}
