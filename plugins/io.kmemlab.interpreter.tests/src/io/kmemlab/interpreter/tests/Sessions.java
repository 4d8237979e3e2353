package io.kmemlab.interpreter.tests;

import io.kmemlab.interpreter.exec.Limits;
import io.kmemlab.interpreter.exec.Session;
import io.kmemlab.interpreter.exec.Step;
import io.kmemlab.interpreter.exec.StepEvent;
import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Model;
import java.util.List;

/** Runs scenario text to its end for the tests, and reads what the run reported. */
final class Sessions {
    private Sessions() {
    }

    /** Runs BODY as the one scenario on MACHINE, one of the machines MACHINES declares. */
    static Session runOn(String machines, String machine, String body) {
        Model m = Kmem.parse(machines + "scenario \"t\" on " + machine + " {\n" + body + "\n}\n");
        Session s = Session.start(ScenarioRunner.scenarios(m).get(0), Limits.defaults());
        s.runToEnd(null);
        return s;
    }

    static List<Problem> errors(Session s) {
        return s.problems().stream().filter(Problem::isError).toList();
    }

    /** What the run printed (show, print, dump_page), one line per output event. */
    static String output(Session s) {
        StringBuilder sb = new StringBuilder();
        for (Step st : s.steps()) for (StepEvent e : st.events()) if (e instanceof StepEvent.Output o) sb.append(o.text()).append('\n');
        return sb.toString();
    }
}
