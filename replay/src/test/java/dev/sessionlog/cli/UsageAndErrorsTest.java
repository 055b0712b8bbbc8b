package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageAndErrorsTest {
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
    void no_command_is_a_usage_error() {
        CliRun run = CliRun.run(opener);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("a command is required"), run::toString);
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        CliRun run = CliRun.run(opener, "--store", store, "explode");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("explode"), run::toString);
    }

    @Test
    void help_lists_every_command_and_the_exit_codes() {
        CliRun run = CliRun.run(opener, "--help");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        for (String command : List.of("sessions", "events", "tail", "replay", "failures", "verify", "stats",
                "doctor", "demo")) {
            assertTrue(run.out().contains(command), () -> command + " missing from\n" + run);
        }
        assertTrue(run.out().contains("Exit codes"), run::toString);
    }

    @Test
    void help_and_version_work_on_subcommands() {
        CliRun help = CliRun.run(opener, "replay", "--help");
        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        assertTrue(help.out().contains("--at-sequence"), help::toString);
        CliRun version = CliRun.run(opener, "sessions", "--version");
        assertEquals(ExitCodes.OK, version.exitCode(), version::toString);
        assertTrue(version.out().startsWith("sessionlog "), version::toString);
    }

    @Test
    void no_store_given_is_a_usage_error_naming_the_option_and_variable() {
        CliRun run = CliRun.run(opener, "sessions");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--store") && run.err().contains("SESSIONLOG_STORE"), run::toString);
    }

    @Test
    void the_store_can_come_from_the_environment() {
        CliRun run = CliRun.run(opener, false, Map.of("SESSIONLOG_STORE", store), "sessions");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(2, run.out().lines().count(), run::toString);
    }

    @Test
    void the_store_option_may_follow_the_subcommand() {
        CliRun run = CliRun.run(opener, "sessions", "--store", store);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
    }

    @Test
    void a_store_directory_that_does_not_exist_exits_3_with_one_line() {
        CliRun run = CliRun.run(opener, "--store", dir.resolve("nowhere").toString(), "sessions");
        assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("does not exist"), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void a_file_given_as_store_exits_3() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "not a store");
        CliRun run = CliRun.run(opener, "--store", file.toString(), "stats");
        assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not a directory"), run::toString);
    }

    @Test
    void a_directory_that_is_not_a_store_exits_3() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        CliRun run = CliRun.run(opener, "--store", other.toString(), "verify");
        assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not a sessionlog store"), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
    }

    @Test
    void a_session_id_with_path_traversal_is_a_usage_error_without_a_stack_trace() {
        for (String hostile : List.of("../../etc/passwd", "a/b", "..", "x\u0000y", "-", "a".repeat(500))) {
            CliRun run = CliRun.run(opener, "--store", store, "events", "--", hostile);
            assertEquals(ExitCodes.USAGE, run.exitCode(), () -> hostile + "\n" + run);
            assertTrue(run.err().contains("session id"), run::toString);
            assertFalse(run.hasStackTrace(), run::toString);
            assertTrue(run.err().lines().allMatch(line -> line.length() < 600), run::toString);
        }
    }

    @Test
    void an_unknown_output_format_is_a_usage_error() {
        CliRun run = CliRun.run(opener, "--store", store, "-o", "xml", "sessions");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    }

    @Test
    void a_negative_limit_is_a_usage_error_not_a_crash() {
        CliRun run = CliRun.run(opener, "--store", store, "sessions", "--limit", "-3");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--limit"), run::toString);
    }

    @Test
    void a_session_the_store_does_not_hold_is_a_usage_error() {
        CliRun run = CliRun.run(opener, "--store", store, "replay", "nobody-here");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no session nobody-here"), run::toString);
    }

    @Test
    void an_unexpected_error_is_one_line_and_a_hint_and_debug_adds_the_stack_trace() {
        StoreOpener broken = new InMemoryStoreOpener() {
            @Override
            public OpenedStore openReadOnly(Path directory) {
                throw new IllegalStateException("boom");
            }
        };
        CliRun plain = CliRun.run(broken, "--store", store, "sessions");
        assertEquals(ExitCodes.INTERNAL_ERROR, plain.exitCode(), plain::toString);
        assertTrue(plain.err().startsWith("sessionlog: internal error: boom"), plain::toString);
        assertFalse(plain.hasStackTrace(), plain::toString);

        CliRun debug = CliRun.run(broken, "--store", store, "sessions", "--debug");
        assertEquals(ExitCodes.INTERNAL_ERROR, debug.exitCode(), debug::toString);
        assertTrue(debug.hasStackTrace(), debug::toString);
    }

    @Test
    void error_lines_drop_control_characters_and_are_bounded() {
        String line = ErrorReporter.oneLine("evil\u001b[2Jtext\nsecond" + "x".repeat(10_000));
        assertFalse(line.contains("\u001b") || line.contains("\n"), line);
        assertTrue(line.length() <= 401, () -> "length " + line.length());
    }

    @Test
    void help_names_a_command_and_prints_its_help() {
        CliRun run = CliRun.run(opener, "help", "events");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: sessionlog events") && run.out().contains("--last"), run::toString);
        CliRun all = CliRun.run(opener, "help");
        assertEquals(ExitCodes.OK, all.exitCode(), all::toString);
        assertTrue(all.out().contains("Usage: sessionlog"), all::toString);
    }

    @Test
    void completion_prints_a_bash_script_that_knows_every_command_and_option() {
        CliRun run = CliRun.run(opener, "completion");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("#!/usr/bin/env bash"), run::toString);
        for (String word : List.of("complete -F", "sessions", "import-openclaw", "--store", "--last", "--since", "search")) {
            assertTrue(run.out().contains(word), () -> word + " missing from the completion script");
        }
    }

    /**
     * picocli starts a new line at every element of a description and wraps each at the usage width:
     * an element cut by hand in mid-sentence leaves a short ragged line in the help. So each element
     * must be a whole paragraph (ending like a sentence).
     */
    @Test
    void help_texts_are_whole_paragraphs_so_they_wrap_evenly() {
        picocli.CommandLine root = Cli.create(new CliContext(opener, false, false, Map.of()),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
        List<String> ragged = new java.util.ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> pending = new java.util.ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            picocli.CommandLine command = pending.pop();
            pending.addAll(command.getSubcommands().values());
            String name = command.getCommandSpec().qualifiedName();
            List<String> texts = new java.util.ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
            command.getCommandSpec().options().forEach(option -> texts.addAll(List.of(option.description())));
            command.getCommandSpec().positionalParameters().forEach(parameter -> texts.addAll(List.of(parameter.description())));
            for (String text : texts) {
                String trimmed = text.replace("%n", "").strip();
                if (!trimmed.isEmpty() && !trimmed.matches("(?s).*[.:)!?]$")) {
                    ragged.add(name + ": " + trimmed);
                }
            }
        }
        assertTrue(ragged.isEmpty(), () -> "help text cut in mid-sentence:\n" + String.join("\n", ragged));
    }
}
