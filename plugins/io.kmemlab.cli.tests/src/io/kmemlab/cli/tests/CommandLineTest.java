package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.cli.Main;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command builds only the subcommand it runs (picocli reads each added command's annotations
 * at start-up); usage, help and a mistyped command still know all of them.
 */
class CommandLineTest {
    private static final List<String> ALL = List.of("run", "check", "identify", "import-host", "check-host", "lsp", "dap");

    @Test
    void aCommandBuildsOnlyItself() {
        assertEquals(List.of("check"), List.copyOf(Main.commandLine(new String[] {"check", "a.kmem"}).getSubcommands().keySet()));
        assertEquals(List.of("lsp"), List.copyOf(Main.commandLine(new String[] {"lsp"}).getSubcommands().keySet()));
    }

    @Test
    void usageAndHelpListEveryCommand() {
        assertEquals(ALL, List.copyOf(Main.commandLine(new String[0]).getSubcommands().keySet()));
        assertEquals(ALL, List.copyOf(Main.commandLine(new String[] {"--help"}).getSubcommands().keySet()));
        Cli help = Cli.run("--help");
        assertEquals(0, help.exit(), help.err());
        for (String c : ALL) assertTrue(help.out().contains("\n  " + c + " "), c + " in:\n" + help.out());
    }

    @Test
    void aMistypedCommandIsAnsweredWithTheRightOne() {
        Cli r = Cli.run("chek", "a.kmem");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("Did you mean: kmemlab check or kmemlab check-host?"), r.err());
    }
}
