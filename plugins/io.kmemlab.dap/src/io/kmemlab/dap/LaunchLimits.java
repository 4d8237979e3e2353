package io.kmemlab.dap;

import io.kmemlab.interpreter.exec.Budget;
import io.kmemlab.interpreter.exec.LimitKnobs;
import io.kmemlab.interpreter.exec.Limits;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The run budgets a client sets in its launch arguments ({@code maxSteps}, {@code maxSeconds},
 * {@code maxHistoryMiB}, as {@code kmemlab run}'s --max-steps, --max-seconds,
 * --max-history-mib), read into {@link Limits} whose stop messages name those arguments.
 */
final class LaunchLimits {
	/** An argument and the budget it sets. */
	private enum Argument {
		STEPS("maxSteps", Budget.STEPS), SECONDS("maxSeconds", Budget.SECONDS), HISTORY_MIB("maxHistoryMiB", Budget.HISTORY_MIB);

		final String name;
		final Budget budget;

		Argument(String name, Budget budget) {
			this.name = name;
			this.budget = budget;
		}

		String knob() {
			return "the launch argument \"" + name + "\" (e.g. in launch.json)";
		}
	}

	static final LimitKnobs KNOBS = new LimitKnobs(Argument.STEPS.knob(), Argument.SECONDS.knob(), Argument.HISTORY_MIB.knob(),
			"giving the adapter's Java more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx8g in the adapter's environment");

	/** The limits, or the message of the first argument that is not a value of its budget. */
	record Read(Limits limits, String error) {
	}

	private LaunchLimits() {
	}

	static Read of(Map<String, Object> args) {
		Limits limits = Limits.defaults().withKnobs(KNOBS);
		for (Argument a : Argument.values()) {
			Object v = args.get(a.name);
			if (v == null) {
				continue;
			}
			String text = v instanceof Number n ? plain(n) : v instanceof String s ? s : null;
			if (text == null) {
				return new Read(null, "launch argument \"" + a.name + "\" must be a number of " + a.budget.unit() + ", not " + v);
			}
			Budget.Parsed p = a.budget.parse("launch argument \"" + a.name + "\"", text);
			if (!p.ok()) {
				return new Read(null, p.error());
			}
			limits = a.budget.apply(limits, p.value());
		}
		return new Read(limits, null);
	}

	/** JSON numbers arrive as doubles: 256 is "256", 2.5 stays "2.5" (and is refused as not whole). */
	private static String plain(Number n) {
		try {
			return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
		} catch (NumberFormatException e) {
			return n.toString();
		}
	}
}
