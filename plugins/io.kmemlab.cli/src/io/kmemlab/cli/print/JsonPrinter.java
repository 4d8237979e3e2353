package io.kmemlab.cli.print;

import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.exec.TraceItem;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.load.SourceLocation;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.value.CType;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.interpreter.value.ValueFormat;
import io.kmemlab.lang.kmem.Scenario;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * `kmemlab run --format json`: one JSON document,
 * {@code {"files":[...problems], "scenarios":[{name, machine, file, line, boot:[...],
 * statements:[{line, source, kind, stack, type, value, bound, walk:[...], trace:[...],
 * reports:[...], output:[...], problems:[...]}], passed, problems}], "passed":N, "failed":N}}.
 * Numbers the kernel prints in hex are strings "0x..." (JSON numbers lose 64-bit precision).
 */
public final class JsonPrinter implements ScenarioPrinter {
    private final PrintWriter out;
    private final List<String> fileProblems = new ArrayList<>();
    private final List<String> scenarios = new ArrayList<>();
    private List<String> boot = new ArrayList<>();
    private List<String> statements = new ArrayList<>();
    private Scenario current;

    public JsonPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override public void fileProblems(String file, List<Problem> problems) {
        for (Problem p : problems) fileProblems.add(problem(p));
    }

    @Override public void scenarioStart(Scenario scenario) {
        current = scenario;
        boot = new ArrayList<>();
        statements = new ArrayList<>();
    }

    @Override public void step(Step s) {
        if (s.kind() == Step.Kind.BOOT) {
            boot.add("{\"phase\":" + Json.str(s.label().replaceFirst("^boot: ", "")) + ",\"trace\":" + trace(s) + ",\"problems\":" + problems(s) + "}");
            return;
        }
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"line\":").append(s.location().line());
        sb.append(",\"source\":").append(Json.str(s.label()));
        sb.append(",\"kind\":").append(Json.str(s.kind().name().toLowerCase()));
        StringJoiner stack = new StringJoiner(",", "[", "]");
        for (String f : s.stack()) stack.add(Json.str(f));
        sb.append(",\"stack\":").append(stack);
        Value v = s.value();
        if (v != null && v.type() != CType.VOID) {
            sb.append(",\"type\":").append(Json.str(v.type().c)).append(",\"value\":").append(value(v));
        }
        StringJoiner bound = new StringJoiner(",", "{", "}");
        StringJoiner walk = new StringJoiner(",", "[", "]");
        StringJoiner reports = new StringJoiner(",", "[", "]");
        StringJoiner output = new StringJoiner(",", "[", "]");
        for (StepEvent e : s.events()) {
            switch (e) {
                case StepEvent.Bound b -> bound.add(Json.str(b.name()) + ":" + value(b.value()));
                case StepEvent.Trace t when t.item() instanceof TraceItem.EntryRead r -> walk.add(String.format(
                        "{\"level\":%s,\"table\":\"0x%x\",\"index\":%d,\"entry_address\":\"0x%x\",\"entry\":\"0x%x\",\"flags\":%s}",
                        Json.str(r.level()), r.tableAddr(), r.index(), r.entryAddr(), r.raw(), Json.str(r.flags())));
                case StepEvent.Report r -> reports.add("{\"kind\":" + Json.str(r.report().kind()) + ",\"headline\":" + Json.str(r.report().headline())
                        + ",\"text\":" + Json.str(r.report().text()) + ",\"expected\":" + r.expected() + "}");
                case StepEvent.Output o -> output.add(Json.str(o.text()));
                default -> { }
            }
        }
        sb.append(",\"bound\":").append(bound).append(",\"walk\":").append(walk).append(",\"trace\":").append(trace(s))
                .append(",\"reports\":").append(reports).append(",\"output\":").append(output).append(",\"problems\":").append(problems(s)).append('}');
        statements.add(sb.toString());
    }

    private static String trace(Step s) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (StepEvent e : s.events()) {
            if (e instanceof StepEvent.Trace t) {
                if (t.item() instanceof TraceItem.Formula f) j.add("{\"formula\":" + Json.str(f.text()) + "}");
                if (t.item() instanceof TraceItem.Note n) j.add("{\"note\":" + Json.str(n.text()) + "}");
            }
        }
        return j.toString();
    }

    private static String problems(Step s) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (Problem p : s.problems()) j.add(problem(p));
        return j.toString();
    }

    static String problem(Problem p) {
        return "{\"severity\":" + Json.str(p.severity().name().toLowerCase()) + ",\"file\":" + Json.str(p.file()) + ",\"line\":" + p.line()
                + ",\"column\":" + p.column() + ",\"message\":" + Json.str(p.message()) + "}";
    }

    private static String value(Value v) {
        return switch (v.type()) {
            case BOOL -> v.truthy() ? "true" : "false";
            case INT -> Long.toString(v.bits());
            case STRING -> Json.str((String) v.ref());
            case LIST -> {
                StringJoiner j = new StringJoiner(",", "[", "]");
                for (Value i : v.items()) j.add(value(i));
                yield j.toString();
            }
            case ZONE, OBJECT, VOID -> Json.str(ValueFormat.plain(v));
            default -> Json.str(ValueFormat.hex(v.bits()));
        };
    }

    @Override public void scenarioEnd(ScenarioResult r) {
        SourceLocation at = r.location();
        StringJoiner probs = new StringJoiner(",", "[", "]");
        for (Problem p : r.problems()) probs.add(problem(p));
        scenarios.add("{\"name\":" + Json.str(r.name()) + ",\"machine\":" + Json.str(current == null || current.getMachine() == null ? null : current.getMachine().getName())
                + ",\"file\":" + Json.str(at.file()) + ",\"line\":" + at.line() + ",\"passed\":" + r.passed() + ",\"steps\":" + r.steps()
                + ",\"boot\":[" + String.join(",", boot) + "],\"statements\":[" + String.join(",\n", statements) + "],\"problems\":" + probs + "}");
    }

    @Override public void summary(int passed, int failed) {
        out.println("{\"problems\":[" + String.join(",", fileProblems) + "],\n\"scenarios\":[" + String.join(",\n", scenarios)
                + "],\n\"passed\":" + passed + ",\"failed\":" + failed + "}");
        out.flush();
    }
}
