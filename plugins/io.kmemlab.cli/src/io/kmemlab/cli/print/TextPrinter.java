package io.kmemlab.cli.print;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.exec.TraceItem;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.kmem.Scenario;
import io.kmemlab.lang.types.Kind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * `kmemlab run --format text`: one entry per statement (line, source, value with its C
 * type), a walk as one line per level (table, index, entry, flags), reports and failures
 * under the statement, then a verdict per scenario and the summary.
 */
public final class TextPrinter implements ScenarioPrinter {
    private static final int SOURCE_WIDTH = 44;
    private final PrintWriter out;
    private final boolean formulas;
    private final List<String> bootPhases = new ArrayList<>();
    /** The findings printed under their steps, so the verdict adds only the others (the machine's setup problems). */
    private final List<Problem> printed = new ArrayList<>();
    private int depth;

    /** @param formulas also print the kernel formula of every statement (the emulator's trace) */
    public TextPrinter(PrintWriter out, boolean formulas) {
        this.out = out;
        this.formulas = formulas;
    }

    @Override public void fileProblems(String file, List<Problem> problems) {
        for (Problem p : problems) out.println(p);
        out.flush();
    }

    @Override public void scenarioStart(Scenario scenario) {
        SourceLocation at = SourceLocation.of(scenario);
        out.printf("== scenario \"%s\" on %s (%s)%n", scenario.getName(),
                scenario.getMachine() == null ? "?" : scenario.getMachine().getName(), at.where());
        bootPhases.clear();
        printed.clear();
    }

    @Override public void step(Step s) {
        if (s.kind() == Step.Kind.BOOT) {
            bootPhases.add(s.label().replaceFirst("^boot: ", ""));
            if (s.events().stream().anyMatch(e -> e instanceof StepEvent.Finding || e instanceof StepEvent.Report)) flushBoot();
            events(s, "      ");
            return;
        }
        flushBoot();
        depth = Math.max(0, s.stack().size() - 1);
        String indent = "  ".repeat(depth);
        String source = indent + s.label();
        String value = valueText(s);
        if (value.isEmpty()) out.printf("%5d  %s%n", s.location().line(), source);
        else out.printf("%5d  %-" + SOURCE_WIDTH + "s  %s%n", s.location().line(), source, value);
        events(s, "       " + indent + "  ");
        out.flush();
    }

    private void flushBoot() {
        if (bootPhases.isEmpty()) return;
        out.printf("%5s  boot: %s%n", "", String.join(" -> ", bootPhases));
        bootPhases.clear();
    }

    /** {@code = (struct page *) 0xffffea0000040000}; a bound name in front for let. */
    private static String valueText(Step s) {
        Value v = s.value();
        if (v == null || v.kind() == Kind.VOID) return "";
        if (s.kind() == Step.Kind.ENTER) return "";
        return "= " + ValueFormat.typed(v);
    }

    private void events(Step s, String indent) {
        List<TraceItem.EntryRead> entries = s.entries();
        if (!entries.isEmpty()) {
            out.printf("%s%-5s %-18s %5s  %-18s  %s%n", indent, "level", "table", "index", "entry", "flags");
            for (TraceItem.EntryRead e : entries) {
                out.printf("%s%-5s 0x%016x %5d  0x%016x  %s%n", indent, e.level(), e.tableAddr(), e.index(), e.raw(), e.flags());
            }
        }
        for (StepEvent e : s.events()) {
            switch (e) {
                case StepEvent.Output o -> {
                    for (String line : o.text().split("\n")) out.println(indent + line);
                }
                case StepEvent.Trace t when formulas && !(t.item() instanceof TraceItem.EntryRead) -> out.println(indent + "; " + traceText(t.item()));
                case StepEvent.Trace t when t.item() instanceof TraceItem.Note n && entries.size() > 0 -> out.println(indent + "; " + n.text());
                case StepEvent.Report r -> {
                    out.println(indent + (r.expected() ? "(expected) " : "") + r.report().headline());
                }
                case StepEvent.Finding f -> {
                    out.println(indent + (f.problem().isError() ? "FAILED " : "warning ") + f.problem());
                    printed.add(f.problem());
                }
                default -> { }
            }
        }
    }

    private static String traceText(TraceItem i) {
        return switch (i) {
            case TraceItem.Formula f -> f.text();
            case TraceItem.Note n -> n.text();
            case TraceItem.EntryRead r -> r.toString();
            case TraceItem.Report r -> r.headline();
        };
    }

    /** The verdict; problems no step showed (a machine that cannot be built) are printed as `check` prints them. */
    @Override public void scenarioEnd(ScenarioResult r) {
        flushBoot();
        for (Problem p : r.problems()) if (!printed.contains(p)) out.println("      " + p);
        out.printf("%s  %s (%d steps)%n%n", r.passed() ? "PASS" : "FAIL", r.name(), r.steps());
        out.flush();
    }

    @Override public void summary(int passed, int failed) {
        out.printf("%d passed, %d failed%n", passed, failed);
        out.flush();
    }
}
