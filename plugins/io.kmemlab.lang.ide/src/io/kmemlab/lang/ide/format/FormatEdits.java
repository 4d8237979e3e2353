package io.kmemlab.lang.ide.format;

import java.util.List;

import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Provider;

import io.kmemlab.lang.ide.quickfix.TextEdit;

/**
 * The language's formatter (io.kmemlab.lang.formatting2) as text edits: an editor applies them
 * in place, so the caret, markers and undo follow the changed white space only.
 */
public class FormatEdits {

	private final IFormatter2 formatter;
	private final Provider<FormatterRequest> requests;
	private final Provider<TextRegionAccessBuilder> regionAccess;

	@Inject
	public FormatEdits(IFormatter2 formatter, Provider<FormatterRequest> requests,
			Provider<TextRegionAccessBuilder> regionAccess) {
		this.formatter = formatter;
		this.requests = requests;
		this.regionAccess = regionAccess;
	}

	/** Whether the text can be formatted: the formatter needs a text without syntax errors. */
	public boolean canFormat(XtextResource resource) {
		return resource.getParseResult() != null && !resource.getParseResult().hasSyntaxErrors();
	}

	/** The edits that format the whole text, none when it has syntax errors. */
	public List<TextEdit> edits(XtextResource resource) {
		if (!canFormat(resource)) {
			return List.of();
		}
		ITextRegionAccess access = regionAccess.get().forNodeModel(resource).create();
		FormatterRequest request = requests.get();
		request.setTextRegionAccess(access);
		return formatter.format(request).stream()
				.filter(r -> !r.getReplacementText().equals(r.getText()))
				.map(r -> new TextEdit(r.getOffset(), r.getLength(), r.getReplacementText())).toList();
	}
}
