package io.kmemlab.debug.core.engine;

import io.kmemlab.interpreter.load.SourceLocation;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.emf.ecore.EObject;

/**
 * A place in a .kmem file: the file's URI (a file: URI, as the interpreter loaded it), the
 * 1-based line and the character range of the statement, for the editor's highlight.
 */
public record Place(URI file, int line, int charStart, int charEnd) {
	public static final Place NOWHERE = new Place(null, -1, -1, -1);

	public static Place of(EObject o) {
		if (o == null || o.eResource() == null) {
			return NOWHERE;
		}
		SourceLocation at = SourceLocation.of(o);
		URI file;
		try {
			file = normalize(URI.create(o.eResource().getURI().toString()));
		} catch (IllegalArgumentException e) {
			file = null;
		}
		return new Place(file, at.line(), at.offset(), at.offset() + at.length());
	}

	/**
	 * The place of an interpreter location: its file is a display name (a path, relative to the
	 * working directory when that is shorter), which is turned back into a file URI.
	 */
	public static Place of(SourceLocation at) {
		if (at == null || at.line() <= 0 || at.file() == null || at.file().equals("?")) {
			return NOWHERE;
		}
		URI file;
		try {
			file = at.file().startsWith("file:") ? normalize(URI.create(at.file())) : Path.of(at.file()).toAbsolutePath().normalize().toUri();
		} catch (RuntimeException e) {
			file = null;
		}
		return new Place(file, at.line(), at.offset(), at.offset() + at.length());
	}

	/**
	 * One spelling per file ({@code file:///a/b.kmem}), so that a breakpoint's file and the
	 * interpreter's compare equal however each was written.
	 */
	public static URI normalize(URI file) {
		if (file == null || !"file".equals(file.getScheme())) {
			return file;
		}
		try {
			return Path.of(file).toAbsolutePath().normalize().toUri();
		} catch (RuntimeException e) {
			return file;
		}
	}
}
