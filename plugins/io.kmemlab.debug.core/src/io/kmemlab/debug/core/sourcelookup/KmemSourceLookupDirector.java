package io.kmemlab.debug.core.sourcelookup;

import org.eclipse.debug.core.sourcelookup.AbstractSourceLookupDirector;
import org.eclipse.debug.core.sourcelookup.ISourceLookupParticipant;

/** Finds the .kmem file of a stack frame, so the editor opens it and shows the current line. */
public final class KmemSourceLookupDirector extends AbstractSourceLookupDirector {
	@Override
	public void initializeParticipants() {
		addParticipants(new ISourceLookupParticipant[] { new KmemSourceLookupParticipant() });
	}
}
