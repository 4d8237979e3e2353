package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

import io.kmemlab.ui.internal.KmemInjector;
import io.kmemlab.ui.validation.DocumentValidator;

/** What the editor's validation reports for a text, without the workbench's timing. */
class DocumentValidatorTest {

	private final DocumentValidator validator = KmemInjector.get().getInstance(DocumentValidator.class);
	private final URI uri = URI.createURI("inmemory:/test.kmem");

	@Test
	void theEditorSampleIsValid() {
		List<Issue> errors = errors(KmemSamples.MACHINE_AND_SCENARIO);
		assertTrue(errors.isEmpty(), () -> "errors: " + errors);
	}

	@Test
	void aSyntaxErrorIsReportedOnItsLine() {
		List<Issue> errors = errors(KmemSamples.BROKEN_ON_LINE_3);
		assertEquals(1, errors.size(), () -> "errors: " + errors);
		assertEquals(3, errors.get(0).getLineNumber());
		assertTrue(errors.get(0).isSyntaxError());
	}

	@Test
	void anUnknownMachineIsALinkingError() {
		List<Issue> errors = errors("scenario \"s\" on nowhere { }\n");
		assertEquals(1, errors.size(), () -> "errors: " + errors);
		assertTrue(errors.get(0).getMessage().contains("nowhere"), errors.get(0).getMessage());
	}

	private List<Issue> errors(String text) {
		return validator.validate(text, uri, CancelIndicator.NullImpl).stream()
				.filter(issue -> issue.getSeverity() == Severity.ERROR).toList();
	}
}
