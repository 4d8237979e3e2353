package io.kmemlab.interpreter.exec;

/**
 * How the user of one front end raises each budget of {@link Limits}: the command line names
 * its options, the Eclipse debugger its launch configuration's fields, the debug adapter its
 * launch arguments. A stop message ends with the knob, so it says what to change where the user
 * is.
 *
 * @param steps      raises {@link Limits#maxSteps()} ("--max-steps N")
 * @param seconds    raises {@link Limits#maxRunMillis()} ("--max-seconds N")
 * @param historyMib raises {@link Limits#historyBytes()} ("--max-history-mib N")
 * @param heap       how to give the JVM more heap, for {@link Limits#maxHeapBytes()}
 */
public record LimitKnobs(String steps, String seconds, String historyMib, String heap) {
    public static final LimitKnobs COMMAND_LINE = new LimitKnobs("--max-steps N", "--max-seconds N", "--max-history-mib N",
            "giving Java more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx8g");
}
