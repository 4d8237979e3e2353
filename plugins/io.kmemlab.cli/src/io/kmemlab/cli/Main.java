package io.kmemlab.cli;

import picocli.CommandLine;

/** {@code kmemlab}: the command line of docs/language.md section 7, on the same engine as the IDE. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        StartupTrace.mark("main");
        CommandLine cl = commandLine();
        StartupTrace.mark("command line built");
        int status = execute(cl, args);
        StartupTrace.mark("done");
        System.exit(status);
    }

    /**
     * Runs {@code cl}: whatever happens, a message and an exit status. picocli hands the
     * commands' exceptions to the handler below; an Error (StackOverflowError,
     * OutOfMemoryError) passes it by and is caught here.
     */
    public static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            cl.getErr().println("kmemlab: " + KmemlabFailure.describe(t) + " (a bug in kmemlab: please report it with the "
                    + "command and its files)");
            cl.getErr().flush();
            return KmemlabFailure.EXIT;
        }
    }

    /** The configured command line (tests call it with their own writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KmemlabCommand());
        // Usage mistakes exit 2 (like a file that does not parse); messages, never stack traces.
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : KmemlabFailure.EXIT);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kmemlab " + cmd.getCommandName() + ": " + KmemlabFailure.describe(e)
                    + " (a bug in kmemlab: please report it with the command and its files)");
            cmd.getErr().flush();
            return KmemlabFailure.EXIT;
        });
        return cl;
    }
}
