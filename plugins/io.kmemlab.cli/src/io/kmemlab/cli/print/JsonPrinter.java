package io.kmemlab.cli.print;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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
import java.math.BigInteger;
import java.util.Locale;

/**
 * `kmemlab run --format json`: one JSON document,
 * {@code {"problems":[...], "scenarios":[{name, machine, file, line, passed, steps, boot:[...],
 * statements:[{line, source, kind, stack, type, value, bound, walk:[...], trace:[...],
 * reports:[...], output:[...], problems:[...]}], problems}], "passed":N, "failed":N}}.
 * Numbers the kernel prints in hex are strings "0x..." (JSON numbers lose 64-bit precision).
 */
public final class JsonPrinter implements ScenarioPrinter {
    // Formulas and reports contain '=', '<' and '&': keep them readable rather than HTML-safe.
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final PrintWriter out;
    private final JsonArray fileProblems = new JsonArray();
    private final JsonArray scenarios = new JsonArray();
    private JsonArray boot = new JsonArray();
    private JsonArray statements = new JsonArray();
    private Scenario current;

    public JsonPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override public void fileProblems(String file, java.util.List<Problem> problems) {
        for (Problem p : problems) fileProblems.add(problem(p));
    }

    @Override public void scenarioStart(Scenario scenario) {
        current = scenario;
        boot = new JsonArray();
        statements = new JsonArray();
    }

    @Override public void step(Step s) {
        if (s.kind() == Step.Kind.BOOT) {
            JsonObject phase = new JsonObject();
            phase.addProperty("phase", s.label().replaceFirst("^boot: ", ""));
            phase.add("trace", trace(s));
            phase.add("problems", problems(s));
            boot.add(phase);
            return;
        }
        JsonObject st = new JsonObject();
        st.addProperty("line", s.location().line());
        st.addProperty("source", s.label());
        st.addProperty("kind", s.kind().name().toLowerCase(Locale.ROOT));
        JsonArray stack = new JsonArray();
        s.stack().forEach(stack::add);
        st.add("stack", stack);
        Value v = s.value();
        if (v != null && v.kind() != Kind.VOID) {
            st.addProperty("type", v.kind().cName());
            st.add("value", value(v));
        }
        JsonObject bound = new JsonObject();
        JsonArray walk = new JsonArray();
        JsonArray reports = new JsonArray();
        JsonArray output = new JsonArray();
        for (StepEvent e : s.events()) {
            switch (e) {
                case StepEvent.Bound b -> bound.add(b.name(), value(b.value()));
                case StepEvent.Trace t when t.item() instanceof TraceItem.EntryRead r -> walk.add(entry(r));
                case StepEvent.Report r -> {
                    JsonObject report = new JsonObject();
                    report.addProperty("kind", r.report().kind());
                    report.addProperty("headline", r.report().headline());
                    report.addProperty("text", r.report().text());
                    report.addProperty("expected", r.expected());
                    reports.add(report);
                }
                case StepEvent.Output o -> output.add(o.text());
                default -> { }
            }
        }
        st.add("bound", bound);
        st.add("walk", walk);
        st.add("trace", trace(s));
        st.add("reports", reports);
        st.add("output", output);
        st.add("problems", problems(s));
        statements.add(st);
    }

    private static JsonObject entry(TraceItem.EntryRead r) {
        JsonObject o = new JsonObject();
        o.addProperty("level", r.level());
        o.addProperty("table", ValueFormat.hex(r.tableAddr()));
        o.addProperty("index", r.index());
        o.addProperty("entry_address", ValueFormat.hex(r.entryAddr()));
        o.addProperty("entry", ValueFormat.hex(r.raw()));
        o.addProperty("flags", r.flags());
        return o;
    }

    private static JsonArray trace(Step s) {
        JsonArray a = new JsonArray();
        for (StepEvent e : s.events()) {
            if (e instanceof StepEvent.Trace t) {
                if (t.item() instanceof TraceItem.Formula f) a.add(single("formula", f.text()));
                if (t.item() instanceof TraceItem.Note n) a.add(single("note", n.text()));
            }
        }
        return a;
    }

    private static JsonObject single(String key, String text) {
        JsonObject o = new JsonObject();
        o.addProperty(key, text);
        return o;
    }

    private static JsonArray problems(Step s) {
        JsonArray a = new JsonArray();
        for (Problem p : s.problems()) a.add(problem(p));
        return a;
    }

    static JsonObject problem(Problem p) {
        JsonObject o = new JsonObject();
        o.addProperty("severity", p.severity().name().toLowerCase(Locale.ROOT));
        o.addProperty("file", p.file());
        o.addProperty("line", p.line());
        o.addProperty("column", p.column());
        o.addProperty("message", p.message());
        return o;
    }

    /**
     * Booleans and strings as such, lists as arrays, integers as JSON numbers (unsigned when
     * they do not fit an int: never a negative address), everything the kernel prints in hex
     * (addresses, pfns, entries, gfp_t) as a hex string, zones and tasks by name.
     */
    private static JsonElement value(Value v) {
        return switch (v.kind()) {
            case BOOL -> new JsonPrimitive(v.truthy());
            case INTEGER, ZONE_TYPE, KM_TYPE -> ValueFormat.isSmall(v.bits()) ? new JsonPrimitive(v.bits())
                    : new JsonPrimitive(new BigInteger(Long.toUnsignedString(v.bits())));
            case STRING -> v.text() == null ? JsonNull.INSTANCE : new JsonPrimitive(v.text());
            case LIST -> {
                JsonArray a = new JsonArray();
                for (Value i : v.items()) a.add(value(i));
                yield a;
            }
            case ZONE, TASK, VOID, MEM_SECTION -> new JsonPrimitive(ValueFormat.plain(v));
            default -> new JsonPrimitive(ValueFormat.hex(v.bits()));
        };
    }

    @Override public void scenarioEnd(ScenarioResult r) {
        SourceLocation at = r.location();
        JsonObject sc = new JsonObject();
        sc.addProperty("name", r.name());
        sc.addProperty("machine", current == null || current.getMachine() == null ? null : current.getMachine().getName());
        sc.addProperty("file", at.file());
        sc.addProperty("line", at.line());
        sc.addProperty("passed", r.passed());
        sc.addProperty("steps", r.steps());
        sc.add("boot", boot);
        sc.add("statements", statements);
        JsonArray probs = new JsonArray();
        for (Problem p : r.problems()) probs.add(problem(p));
        sc.add("problems", probs);
        scenarios.add(sc);
    }

    @Override public void summary(int passed, int failed) {
        JsonObject doc = new JsonObject();
        doc.add("problems", fileProblems);
        doc.add("scenarios", scenarios);
        doc.addProperty("passed", passed);
        doc.addProperty("failed", failed);
        out.println(GSON.toJson(doc));
        out.flush();
    }
}
