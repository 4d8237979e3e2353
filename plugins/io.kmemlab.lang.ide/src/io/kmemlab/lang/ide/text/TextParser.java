package io.kmemlab.lang.ide.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.LazyStringInputStream;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Parses editor text into a fresh, detached Xtext resource. Editors work on unsaved text, so
 * nothing is read from disk except what the text imports (resolved relative to {@code uri}).
 * Every text+offset service of this bundle starts from a resource made here.
 */
public class TextParser {

	private final Provider<XtextResourceSet> resourceSets;
	private final Provider<XtextResource> resources;

	@Inject
	public TextParser(Provider<XtextResourceSet> resourceSets, Provider<XtextResource> resources) {
		this.resourceSets = resourceSets;
		this.resources = resources;
	}

	/** The text parsed in a resource set of its own. */
	public XtextResource parse(String text, URI uri) {
		return parse(text, uri, resourceSets.get());
	}

	/** The text parsed into the given resource set (where other files' resources may already live). */
	public XtextResource parse(String text, URI uri, ResourceSet resourceSet) {
		XtextResource resource = resources.get();
		resource.setURI(uri);
		resourceSet.getResources().add(resource);
		String encoding = StandardCharsets.UTF_8.name();
		try {
			resource.load(new LazyStringInputStream(text, encoding), Map.of(XtextResource.OPTION_ENCODING, encoding));
		} catch (IOException e) {
			// Reading from a string does not fail; keep the signature free of checked exceptions.
			throw new UncheckedIOException(e);
		}
		return resource;
	}

	/** An empty resource set for parsing several files that refer to each other. */
	public XtextResourceSet newResourceSet() {
		return resourceSets.get();
	}
}
