package io.kmemlab.cli;

import picocli.CommandLine;

/** {@code kmemlab}: the command line of docs/language.md section 7, on the same engine as the IDE. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests call it with their own writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KmemlabCommand());
        // Usage mistakes exit 2 (like a file that does not parse); messages, never stack traces.
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 3);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kmemlab " + cmd.getCommandName() + ": internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            cmd.getErr().flush();
            return 3;
        });
        return cl;
    }
}
