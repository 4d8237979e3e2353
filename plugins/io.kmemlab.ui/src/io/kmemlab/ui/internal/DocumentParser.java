package io.kmemlab.ui.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.LazyStringInputStream;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Parses editor text into a fresh, detached Xtext resource. The editor works on unsaved text,
 * so nothing is read from disk except what the text imports (resolved relative to {@code uri}).
 */
public class DocumentParser {

	private final Provider<XtextResourceSet> resourceSets;
	private final Provider<XtextResource> resources;

	@Inject
	public DocumentParser(Provider<XtextResourceSet> resourceSets, Provider<XtextResource> resources) {
		this.resourceSets = resourceSets;
		this.resources = resources;
	}

	public XtextResource parse(String text, URI uri) {
		XtextResourceSet resourceSet = resourceSets.get();
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
}
