package io.kmemlab.debug.core.breakpoints;

import io.kmemlab.debug.core.KmemDebug;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.Breakpoint;
import org.eclipse.debug.core.model.IBreakpoint;

/**
 * A breakpoint on something the kernel does rather than on a line: an oops/BUG/WARN, a pfn's
 * refcount changing, an entry mapping an address being written, a pfn allocated or freed.
 * Its marker sits on the workspace root (it belongs to no file) and persists.
 */
public class KmemEventBreakpoint extends Breakpoint {
	/** Marker attribute: the {@link EventKind}'s name. */
	public static final String KIND = "io.kmemlab.debug.event";
	/** Marker attribute: the pfn or address, as text (hex with 0x, or decimal). */
	public static final String ARGUMENT = "io.kmemlab.debug.eventArgument";

	public KmemEventBreakpoint() {
	}

	private KmemEventBreakpoint(EventKind kind, long argument) throws CoreException {
		IResource root = ResourcesPlugin.getWorkspace().getRoot();
		run(getMarkerRule(root), monitor -> {
			IMarker marker = root.createMarker(KmemDebug.EVENT_BREAKPOINT_MARKER);
			setMarker(marker);
			marker.setAttribute(IBreakpoint.ENABLED, true);
			marker.setAttribute(IBreakpoint.PERSISTED, true);
			marker.setAttribute(IBreakpoint.ID, getModelIdentifier());
			marker.setAttribute(KIND, kind.name());
			marker.setAttribute(ARGUMENT, kind.takesArgument() ? "0x" + Long.toHexString(argument) : "");
			marker.setAttribute(IMarker.MESSAGE, describe(kind, argument));
		});
	}

	/** Creates an event breakpoint and registers it; {@code argument} is ignored for kinds without one. */
	public static KmemEventBreakpoint create(EventKind kind, long argument) throws CoreException {
		KmemEventBreakpoint b = new KmemEventBreakpoint(kind, argument);
		DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(b);
		return b;
	}

	static String describe(EventKind kind, long argument) {
		return switch (kind) {
			case REPORT -> "kmemlab: stop at an oops, BUG or WARN";
			case REFCOUNT -> "kmemlab: stop when the refcount of pfn 0x" + Long.toHexString(argument) + " changes";
			case ENTRY_WRITE -> "kmemlab: stop when an entry mapping 0x" + Long.toHexString(argument) + " is written";
			case ALLOC_FREE -> "kmemlab: stop when pfn 0x" + Long.toHexString(argument) + " is allocated or freed";
		};
	}

	@Override
	public String getModelIdentifier() {
		return KmemDebug.MODEL_ID;
	}

	/** The kind; null when the marker is damaged (then the breakpoint never hits). */
	public EventKind getKind() {
		IMarker m = getMarker();
		if (m == null) {
			return null;
		}
		try {
			return EventKind.valueOf(m.getAttribute(KIND, ""));
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** The pfn or address; 0 for kinds without an argument. */
	public long getArgument() {
		IMarker m = getMarker();
		String text = m == null ? "" : m.getAttribute(ARGUMENT, "").strip();
		if (text.isEmpty()) {
			return 0;
		}
		try {
			return text.startsWith("0x") || text.startsWith("0X") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	/** The text the Breakpoints view shows. */
	public String describe() {
		EventKind k = getKind();
		return k == null ? "kmemlab event breakpoint (damaged marker)" : describe(k, getArgument());
	}
}
