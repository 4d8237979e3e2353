package io.kmemlab.dap;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.kmem.Scenario;

/** A step as a line of the debug console: its line, its statement, its value; reports and failures below it. */
final class StepText {
	private StepText() {
	}

	static String of(Step s) {
		StringBuilder sb = new StringBuilder();
		String value = s.kind() == Step.Kind.STATEMENT ? ValueFormat.typed(s.value()) : "";
		sb.append(String.format("%5d  %s%s%n", s.location().line(), s.label(), value.isEmpty() ? "" : "  = " + value));
		for (StepEvent e : s.events()) {
			switch (e) {
				case StepEvent.Output o -> sb.append(o.text().endsWith("\n") ? o.text() : o.text() + "\n");
				case StepEvent.Report r -> sb.append("       ").append(r.expected() ? "(expected) " : "").append(r.report().headline())
						.append('\n');
				case StepEvent.Finding f -> sb.append("       ").append(f.problem().isError() ? "FAILED " : "warning ")
						.append(f.problem()).append('\n');
				default -> {
				}
			}
		}
		return sb.toString();
	}

	static String start(Scenario s) {
		return "== scenario \"" + s.getName() + "\"\n";
	}
}
