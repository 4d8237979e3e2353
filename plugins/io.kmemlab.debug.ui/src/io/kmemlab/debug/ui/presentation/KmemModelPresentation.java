package io.kmemlab.debug.ui.presentation;

import io.kmemlab.debug.core.breakpoints.KmemEventBreakpoint;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.core.model.KmemThread;
import io.kmemlab.debug.core.model.KmemVariable;
import io.kmemlab.interpreter.debug.SuspendReason;
import io.kmemlab.interpreter.variables.VarNode;
import io.kmemlab.debug.ui.KmemDebugUi;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.debug.ui.IValueDetailListener;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.part.FileEditorInput;

/**
 * How the Debug, Variables and Breakpoints views name kmemlab elements, and which editor
 * shows a frame's file (the .kmem editor).
 */
public class KmemModelPresentation extends LabelProvider implements IDebugModelPresentation {
	@Override
	public void setAttribute(String attribute, Object value) {
	}

	@Override
	public Image getImage(Object element) {
		return null;
	}

	@Override
	public String getText(Object element) {
		try {
			return switch (element) {
				case KmemDebugTarget t -> t.getName() + (t.isTerminated() ? " <terminated>" : "");
				case KmemThread t -> thread(t);
				case KmemStackFrame f -> f.getName() + "  \u2014 " + fileName(f) + ":" + f.getLineNumber();
				case KmemLineBreakpoint b -> lineBreakpoint(b);
				case KmemEventBreakpoint b -> b.describe();
				default -> null;
			};
		} catch (CoreException e) {
			return null;
		}
	}

	private static String thread(KmemThread t) {
		KmemDebugTarget target = (KmemDebugTarget) t.getDebugTarget();
		if (t.isTerminated()) {
			return t.getName() + " (terminated)";
		}
		if (!t.isSuspended()) {
			return t.getName() + " (running)";
		}
		if (!t.isActive()) {
			return t.getName() + (t.hasStackFrames() ? " (waiting in its block)" : " (not running)");
		}
		Suspension s = target.suspension();
		return s == null ? t.getName() : t.getName() + " (suspended " + why(s.reason()) + ")";
	}

	/** The reason as the Debug view's thread label says it: "suspended at a breakpoint". */
	static String why(SuspendReason reason) {
		return switch (reason) {
			case SuspendReason.LineHit l -> "at breakpoint " + l.breakpoint().describe();
			case SuspendReason.EventHit e -> "at event breakpoint: " + e.detail();
			case SuspendReason.RunToLine r -> "at line " + r.line() + " (run to line)";
			case SuspendReason.Entry e -> "before the first statement";
			case SuspendReason.BootPhase b -> "after boot phase " + b.phase();
			case SuspendReason.Requested r -> "on request";
			case SuspendReason.Start s -> "at the start: nothing has run";
			case SuspendReason.HistoryLimit h -> "at the oldest step kept (" + h.oldestStep() + ")";
			case SuspendReason.StepEnd e -> "after " + e.command().name().toLowerCase().replace('_', ' ');
		};
	}

	private static String fileName(KmemStackFrame f) {
		if (f.sourceFile() == null || f.sourceFile().getPath() == null) {
			return "?";
		}
		String p = f.sourceFile().getPath();
		return p.substring(p.lastIndexOf('/') + 1);
	}

	private static String lineBreakpoint(KmemLineBreakpoint b) throws CoreException {
		IMarker m = b.getMarker();
		String text = (m == null ? "?" : m.getResource().getName()) + " [line: " + b.getLineNumber() + "]";
		String condition = b.activeCondition();
		return condition.isEmpty() ? text : text + " when " + condition;
	}

	@Override
	public void computeDetail(IValue value, IValueDetailListener listener) {
		String detail;
		try {
			detail = value.getValueString();
			if (value.hasVariables()) {
				StringBuilder sb = new StringBuilder(detail);
				for (var v : value.getVariables()) {
					if (v instanceof KmemVariable kv) {
						VarNode n = kv.node();
						sb.append("\n  ").append(n.name()).append(" = ").append(n.value());
					}
				}
				detail = sb.toString();
			}
		} catch (CoreException e) {
			detail = e.getMessage();
		}
		listener.detailComputed(value, detail);
	}

	@Override
	public IEditorInput getEditorInput(Object element) {
		if (element instanceof IFile f) {
			return new FileEditorInput(f);
		}
		if (element instanceof KmemLineBreakpoint b && b.getMarker() != null && b.getMarker().getResource() instanceof IFile f) {
			return new FileEditorInput(f);
		}
		return null;
	}

	@Override
	public String getEditorId(IEditorInput input, Object element) {
		return KmemDebugUi.EDITOR_ID;
	}
}
