package io.kmemlab.ui.validation;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.text.TextParser;

/** Syntax errors, linking errors and the language's checks for a text, as Xtext issues. */
public class DocumentValidator {

	private final TextParser parser;
	private final IResourceValidator validator;

	@Inject
	public DocumentValidator(TextParser parser, IResourceValidator validator) {
		this.parser = parser;
		this.validator = validator;
	}

	public List<Issue> validate(String text, URI uri, CancelIndicator cancel) {
		return validate(parser.parse(text, uri), cancel);
	}

	/** The issues of an already parsed text (an editor's live model). */
	public List<Issue> validate(org.eclipse.xtext.resource.XtextResource resource, CancelIndicator cancel) {
		return validator.validate(resource, CheckMode.ALL, cancel);
	}
}
