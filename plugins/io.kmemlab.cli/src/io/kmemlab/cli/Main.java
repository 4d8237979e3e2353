package io.kmemlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** {@code kmemlab}: the command line of docs/language.md section 7, on the same engine as the IDE. */
public final class Main {
    private Main() { }

    /** The subcommands by name, in the order the usage lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("identify", IdentifyCommand::new);
        COMMANDS.put("import-host", ImportHostCommand::new);
        COMMANDS.put("check-host", CheckHostCommand::new);
        COMMANDS.put("lsp", LspCommand::new);
        COMMANDS.put("dap", DapCommand::new);
    }

    public static void main(String[] args) {
        StartupTrace.mark("main");
        CommandLine cl = commandLine(args);
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

    /** The configured command line with every subcommand (tests call it with their own writers). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: when the first names a subcommand, only that
     * one is added, since picocli reads each added command's annotations by reflection (all seven
     * took about a fifth of a `kmemlab check`'s start-up); otherwise (usage, help, a mistyped
     * command) all of them.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new KmemlabCommand());
        Supplier<Object> only = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(only.get());
        } else {
            for (Supplier<Object> c : COMMANDS.values()) cl.addSubcommand(c.get());
        }
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
