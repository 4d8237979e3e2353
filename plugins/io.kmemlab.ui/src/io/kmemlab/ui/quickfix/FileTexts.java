package io.kmemlab.ui.quickfix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;

import io.kmemlab.lang.ide.quickfix.TextEdit;

/** Reads and edits a file through its text buffer, so an open editor sees the change (and undoes it). */
public final class FileTexts {

	private FileTexts() {
	}

	/** The text an editor shows, or the file's contents when it is not open. */
	public static String read(IFile file) {
		ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(file.getFullPath(),
				LocationKind.IFILE);
		if (buffer != null) {
			return buffer.getDocument().get();
		}
		try (InputStream in = file.getContents(true)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException | CoreException e) {
			return "";
		}
	}

	/** Applies the edits; a file that no editor has open is saved, an open one stays dirty. */
	public static void edit(IFile file, java.util.List<TextEdit> edits) throws CoreException {
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		boolean open = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE) != null;
		manager.connect(file.getFullPath(), LocationKind.IFILE, null);
		try {
			ITextFileBuffer buffer = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
			apply(buffer.getDocument(), edits);
			if (!open) {
				buffer.commit(null, true);
			}
		} finally {
			manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
		}
	}

	/** Applies edits made against the document's current text, from the last to the first. */
	public static void apply(IDocument document, java.util.List<TextEdit> edits) {
		try {
			for (TextEdit e : edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed()).toList()) {
				document.replace(e.offset(), e.length(), e.text());
			}
		} catch (BadLocationException e) {
			throw new IllegalStateException("a quick fix's edit lies outside the text", e);
		}
	}
}
