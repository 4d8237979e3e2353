package io.kmemlab.ui.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The walkthroughs shipped inside this bundle (examples/ of the bundle; the build copies them
 * from the repository's examples/ folder, so there is one source of them).
 */
public final class BundledExamples {

	static final String FOLDER = "examples";

	private BundledExamples() {
	}

	/** File names of the shipped .kmem files, sorted. */
	public static List<String> names() {
		Bundle bundle = FrameworkUtil.getBundle(BundledExamples.class);
		Enumeration<URL> entries = bundle.findEntries(FOLDER, "*.kmem", false);
		List<String> names = new ArrayList<>();
		if (entries != null) {
			for (URL entry : Collections.list(entries)) {
				String path = entry.getPath();
				names.add(path.substring(path.lastIndexOf('/') + 1));
			}
		}
		Collections.sort(names);
		return names;
	}

	public static InputStream open(String name) throws IOException {
		URL entry = FrameworkUtil.getBundle(BundledExamples.class).getEntry(FOLDER + "/" + name);
		if (entry == null) {
			throw new IOException("the kmemlab bundle has no example " + name);
		}
		return entry.openStream();
	}
}
