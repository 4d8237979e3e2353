package io.kmemlab.ui.preferences;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/**
 * The kinds of text the editor colours, each with a colour, bold and italic preference
 * (Window > Preferences > kmemlab > Colours). The keys are {@code colour.<id>},
 * {@code colour.<id>.bold} and {@code colour.<id>.italic} in {@link KmemPreferences#store()};
 * colouring code asks {@link #textAttribute(IPreferenceStore)} and never hard-codes a colour.
 */
public enum HighlightingStyle {

	KEYWORD("Keywords", new RGB(0x7B, 0x1F, 0xA2), SWT.BOLD),
	NUMBER("Numbers", new RGB(0x00, 0x89, 0x7B), SWT.NORMAL),
	STRING("Strings", new RGB(0x2E, 0x7D, 0x32), SWT.NORMAL),
	COMMENT("Comments", new RGB(0x80, 0x86, 0x8B), SWT.ITALIC),
	/** A kernel function that belongs to none of the families below. */
	BUILTIN("Kernel functions (other)", new RGB(0xC2, 0x5E, 0x00), SWT.NORMAL),
	ALLOCATION("Allocation: alloc_pages, kmalloc, vmalloc, free_pages…", new RGB(0xD8, 0x43, 0x15), SWT.NORMAL),
	TRANSLATION("Translation: virt_to_page, __pa, pfn_to_page…", new RGB(0xAD, 0x14, 0x57), SWT.NORMAL),
	PAGE_WALK("Page walk: pgd_offset … pte_offset_map, pte_page…", new RGB(0x6D, 0x4C, 0x41), SWT.NORMAL),
	KMAP("kmap: kmap, kmap_atomic, kmap_local_page…", new RGB(0x45, 0x27, 0xA0), SWT.NORMAL),
	REFCOUNT("Reference counts: get_page, put_page, page_count…", new RGB(0x9E, 0x9D, 0x24), SWT.NORMAL),
	/** GFP flags, PAGE_SIZE, layout constants: kernel macros. */
	CONSTANT("Kernel constants", new RGB(0x15, 0x65, 0xC0), SWT.NORMAL),
	CONFIG_OPTION("Config options", new RGB(0x00, 0x60, 0x64), SWT.NORMAL),
	VARIABLE("Variables", new RGB(0x37, 0x47, 0x4F), SWT.NORMAL),
	MACHINE("Machines", new RGB(0x1B, 0x5E, 0x20), SWT.BOLD),
	ZONE("Zones", new RGB(0x28, 0x35, 0x93), SWT.ITALIC),
	PROCESS("Processes and kthreads", new RGB(0x4E, 0x34, 0x2E), SWT.ITALIC),
	/** A symbol of the kernel image the machine declares. */
	SYMBOL("Kernel-image symbols", new RGB(0x55, 0x6B, 0x2F), SWT.NORMAL);

	private final String label;
	private final RGB defaultColour;
	private final int defaultFontStyle;

	HighlightingStyle(String label, RGB defaultColour, int defaultFontStyle) {
		this.label = label;
		this.defaultColour = defaultColour;
		this.defaultFontStyle = defaultFontStyle;
	}

	/** What the preference page shows for this style. */
	public String label() {
		return label;
	}

	public RGB defaultColour() {
		return defaultColour;
	}

	public boolean boldByDefault() {
		return (defaultFontStyle & SWT.BOLD) != 0;
	}

	public boolean italicByDefault() {
		return (defaultFontStyle & SWT.ITALIC) != 0;
	}

	public String colourKey() {
		return "colour." + name().toLowerCase(java.util.Locale.ROOT);
	}

	public String boldKey() {
		return colourKey() + ".bold";
	}

	public String italicKey() {
		return colourKey() + ".italic";
	}

	/** The style as the preferences say now. SWT colours hold no OS resources: nothing to dispose. */
	public TextAttribute textAttribute(IPreferenceStore store) {
		int fontStyle = (store.getBoolean(boldKey()) ? SWT.BOLD : SWT.NORMAL)
				| (store.getBoolean(italicKey()) ? SWT.ITALIC : SWT.NORMAL);
		return new TextAttribute(new Color(PreferenceConverter.getColor(store, colourKey())), null, fontStyle);
	}
}
