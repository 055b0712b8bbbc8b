package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command line naming one command builds only that command, and behaves exactly as the whole tree
 * would; anything else gets the whole tree. Only commands that never write declare a read-only process.
 */
class CliTreeTest {
    @TempDir
    Path dir;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();
    private String store;

    @BeforeEach
    void fill() {
        store = dir.toString();
        Stores.fill(opener.storeAt(dir));
    }

    @Test
    void the_command_is_the_first_argument_that_is_not_a_top_option_or_its_value() {
        assertEquals("sessions", Cli.commandName(new String[] {"sessions"}));
        assertEquals("events", Cli.commandName(new String[] {"--store", "sessions", "-o", "json", "events", "x"}));
        assertEquals("stats", Cli.commandName(new String[] {"--store=/s", "--debug", "-ojson", "stats"}));
        assertEquals("tail", Cli.commandName(new String[] {"--output", "table", "tail", "-f"}));
        assertNull(Cli.commandName(new String[] {"--store", "/s"}));
        assertNull(Cli.commandName(new String[] {"--", "sessions"}));
        assertNull(Cli.commandName(new String[] {}));
    }

    @Test
    void a_named_command_gets_a_tree_of_that_command_alone() {
        assertEquals(Set.of("sessions"), tree("--store", store, "sessions").getSubcommands().keySet());
        assertEquals(Set.of("serve"), tree("serve", "--help").getSubcommands().keySet());
    }

    @Test
    void help_completion_a_misspelt_command_and_no_command_get_the_whole_tree() {
        int every = Cli.create(context(), writer(), writer()).getSubcommands().size();
        assertTrue(every > 15, "every command: " + every);
        for (List<String> args : List.of(List.of("help", "sessions"), List.of("completion"), List.of("sesions"),
                List.of("--store", store), List.of("--help"))) {
            assertEquals(every, tree(args.toArray(String[]::new)).getSubcommands().size(), args::toString);
        }
    }

    @Test
    void a_command_runs_the_same_in_its_own_tree_as_in_the_whole_tree() {
        for (List<String> args : List.of(List.of("--store", store, "sessions"), List.of("--store", store, "-o", "json",
                "stats"), List.of("events", "--help"), List.of("--store", store, "events", "no-such-session"),
                List.of("--store", store, "sessions", "--limit", "-1"), List.of("replay", "--bogus"))) {
            String[] argv = args.toArray(String[]::new);
            CliRun lean = CliRun.run(opener, argv);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.create(context(), new PrintWriter(out, true), new PrintWriter(err, true)).execute(argv);
            assertEquals(new CliRun(code, out.toString(), err.toString()).toString(), lean.toString(), args::toString);
        }
    }

    @Test
    void only_commands_that_never_write_declare_a_read_only_process() {
        for (String reader : List.of("sessions", "events", "search", "tail", "replay", "failures", "verify", "stats",
                "export", "console")) {
            assertTrue(Cli.onlyReadsStores(tree(reader)), reader);
        }
        for (String writer : List.of("serve", "import-openclaw", "doctor", "repair", "backup", "delete", "compact",
                "demo")) {
            assertFalse(Cli.onlyReadsStores(tree(writer)), writer);
        }
        assertFalse(Cli.onlyReadsStores(tree("--help")), "the whole tree");
    }

    private CommandLine tree(String... args) {
        return Cli.forArguments(context(), writer(), writer(), args);
    }

    private CliContext context() {
        return new CliContext(opener, false, false, Map.of());
    }

    private static PrintWriter writer() {
        return new PrintWriter(new StringWriter(), true);
    }
}
