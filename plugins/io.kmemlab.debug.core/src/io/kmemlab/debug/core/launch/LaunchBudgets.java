package io.kmemlab.debug.core.launch;

import io.kmemlab.interpreter.exec.Budget;
import io.kmemlab.interpreter.exec.LimitKnobs;
import io.kmemlab.interpreter.exec.Limits;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;

/**
 * The run budgets of a "kmemlab scenario" launch configuration (the ones {@code kmemlab run}
 * takes as --max-steps, --max-seconds, --max-history-mib). Each is kept as the text the user
 * typed under a stable attribute, absent meaning the default, so a configuration saved with a
 * bad value still opens and says what is wrong: the Budgets tab in its message area, a launch
 * in its error dialog.
 */
public final class LaunchBudgets {
	/** Where the user raises a budget that stopped a debugged run: named in the stop message. */
	public static final LimitKnobs KNOBS = new LimitKnobs(knob(Field.STEPS), knob(Field.SECONDS), knob(Field.HISTORY_MIB),
			"giving Eclipse more heap (-Xmx in eclipse.ini, e.g. -Xmx8g)");

	/** One budget field: its attribute, its label on the Budgets tab, its budget. */
	public enum Field {
		STEPS("io.kmemlab.debug.maxSteps", "Max steps", Budget.STEPS),
		SECONDS("io.kmemlab.debug.maxSeconds", "Max seconds", Budget.SECONDS),
		HISTORY_MIB("io.kmemlab.debug.maxHistoryMiB", "Max history (MiB)", Budget.HISTORY_MIB);

		private final String attribute;
		private final String label;
		private final Budget budget;

		Field(String attribute, String label, Budget budget) {
			this.attribute = attribute;
			this.label = label;
			this.budget = budget;
		}

		/** The launch configuration attribute (a string): saved in users' workspaces, it does not change. */
		public String attribute() {
			return attribute;
		}

		public String label() {
			return label;
		}

		public Budget budget() {
			return budget;
		}

		/** The field's text in {@code c}: what the user typed, or the default. */
		public String text(ILaunchConfiguration c) throws CoreException {
			return c.getAttribute(attribute, Long.toString(budget.defaultValue()));
		}

		/** Stores {@code text}; the default (or nothing) removes the attribute, so configurations stay small. */
		public void write(ILaunchConfigurationWorkingCopy c, String text) {
			String t = text == null ? "" : text.strip();
			c.setAttribute(attribute, t.equals(Long.toString(budget.defaultValue())) ? null : t);
		}

		/** Null when {@code text} is a value of this field, else what is wrong and what it accepts. */
		public String check(String text) {
			return budget.parse(label, text).error();
		}
	}

	private LaunchBudgets() {
	}

	private static String knob(Field f) {
		return "the \"" + f.label() + "\" field on the Budgets tab of the launch configuration (Run > Run Configurations...)";
	}

	/**
	 * The limits a launch of {@code c} runs within, named for the launch configuration.
	 *
	 * @throws CoreException when a field does not hold a value it accepts (the message says which and why)
	 */
	public static Limits limits(ILaunchConfiguration c) throws CoreException {
		Limits limits = Limits.defaults().withKnobs(KNOBS);
		for (Field f : Field.values()) {
			Budget.Parsed p = f.budget().parse(f.label(), f.text(c));
			if (!p.ok()) {
				throw new CoreException(Status.error("The launch configuration \"" + c.getName() + "\" has a bad budget on its Budgets tab: "
						+ p.error()));
			}
			limits = f.budget().apply(limits, p.value());
		}
		return limits;
	}
}
