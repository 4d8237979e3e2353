package io.kmemlab.ui.wizards;

/**
 * What a new .kmem file starts with: a small x86_64 machine and a first scenario on it, which
 * validate without a warning, so the user starts from a file that runs.
 */
public final class NewFileTemplate {

	private NewFileTemplate() {
	}

	/** The text of a new file named {@code fileName} (its base name names the scenario). */
	public static String text(String fileName) {
		String base = fileName.endsWith(".kmem") ? fileName.substring(0, fileName.length() - ".kmem".length()) : fileName;
		String scenario = base.isBlank() ? "first steps" : base.replace('"', '\'').replace('\\', '/').replace('_', ' ');
		return """
				// A machine and a scenario that runs on it. Ctrl+Space proposes kernel functions
				// and constants; Help > Help Contents > kmemlab has the language reference.

				machine pc {
				    arch x86_64
				    ram 0x1000 .. 0x9fbff
				    ram 0x100000 .. 0x7fffffff
				}

				scenario "%s" on pc {
				    let p = alloc_page(GFP_KERNEL)
				    expect page_to_pfn(p) == page_to_phys(p) >> PAGE_SHIFT
				    show page p
				}
				""".formatted(scenario);
	}
}
