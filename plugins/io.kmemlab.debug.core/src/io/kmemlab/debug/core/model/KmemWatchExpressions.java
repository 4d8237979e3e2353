package io.kmemlab.debug.core.model;

import io.kmemlab.interpreter.debug.Evaluation;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IDebugElement;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IWatchExpressionDelegate;
import org.eclipse.debug.core.model.IWatchExpressionListener;
import org.eclipse.debug.core.model.IWatchExpressionResult;

/**
 * The Expressions view for kmemlab: an expression of the language ({@code page_to_pfn(p)},
 * {@code zone(Normal)}) evaluated where the suspended scenario stands, in a Job so the UI never
 * waits for the engine. The machine is left as it was, even when the expression allocates.
 */
public final class KmemWatchExpressions implements IWatchExpressionDelegate {
	@Override
	public void evaluateExpression(String expression, IDebugElement context, IWatchExpressionListener listener) {
		if (!(context.getDebugTarget() instanceof KmemDebugTarget target)) {
			listener.watchEvaluationFinished(null);
			return;
		}
		Job job = Job.create("kmemlab: evaluate " + expression, (IProgressMonitor monitor) -> {
			listener.watchEvaluationFinished(result(expression, target.evaluate(expression), target));
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
	}

	static IWatchExpressionResult result(String expression, Evaluation e, KmemDebugTarget target) {
		String error = e == null ? "the scenario is not suspended" : e.ok() ? null : e.text();
		IValue value = error == null ? target.valueOf(expression, e.value()) : null;
		return new IWatchExpressionResult() {
			@Override
			public IValue getValue() {
				return value;
			}

			@Override
			public boolean hasErrors() {
				return error != null;
			}

			@Override
			public String[] getErrorMessages() {
				return error == null ? new String[0] : new String[] { error };
			}

			@Override
			public String getExpressionText() {
				return expression;
			}

			@Override
			public DebugException getException() {
				return null;
			}
		};
	}
}
