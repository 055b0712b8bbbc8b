package dev.sessionlog.cli;

import static dev.sessionlog.testing.Bytes.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.openclaw.OpenClawFiles;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on real Chronicle stores, damaged ones included, in process (surefire passes the JVM flags). */
class ChronicleStoreCliTest {
    @TempDir
    Path tmp;

    private Path store;
    private final ChronicleStoreOpener opener = new ChronicleStoreOpener();

    @BeforeEach
    void fill() {
        store = tmp.resolve("store");
        // one partition: the tests below read and damage its log's files
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store,
                ChronicleStoreOptions.defaults().withPartitions(1))) {
            Stores.fill(writer);
        }
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = store.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(opener, all);
    }

    @Test
    void every_read_command_works_on_a_chronicle_store() {
        for (List<String> command : List.of(List.of("sessions"), List.of("events", "alice-1"), List.of("tail"),
                List.of("replay", "alice-1"), List.of("failures"), List.of("verify"), List.of("stats"),
                List.of("doctor"), List.of("export", "alice-1", "--format", "openclaw-jsonl"))) {
            CliRun run = run(command.toArray(String[]::new));
            assertEquals(ExitCodes.OK, run.exitCode(), () -> command + "\n" + run);
            assertTrue(!run.out().isEmpty() || command.get(0).equals("verify"), () -> command + "\n" + run);
        }
    }

    @Test
    void a_store_of_a_newer_format_exits_3_with_one_line() throws IOException {
        Path properties = store.resolve("sessionlog-store.properties");
        Files.writeString(properties, Files.readString(properties).replace("format=1", "format=99"));
        CliRun run = run("sessions");
        assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("newer"), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
    }

    @Test
    void a_directory_that_is_not_a_store_exits_3() throws IOException {
        CliRun run = CliRun.run(opener, "--store", Files.createDirectory(tmp.resolve("empty")).toString(), "verify");
        assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
    }

    @Test
    void a_truncated_queue_file_gives_one_line_and_a_non_zero_exit_never_a_stack_trace() throws IOException {
        Path queueFile = queueFile();
        try (RandomAccessFile file = new RandomAccessFile(queueFile.toFile(), "rw")) {
            file.setLength(1000);
        }
        for (String command : List.of("sessions", "verify")) {
            CliRun run = run(command);
            assertTrue(run.exitCode() == ExitCodes.STORE_UNAVAILABLE || run.exitCode() == ExitCodes.PROBLEMS_FOUND,
                    run::toString);
            assertFalse(run.hasStackTrace(), run::toString);
        }
    }

    @Test
    void binary_garbage_over_a_stored_record_is_reported_by_verify_not_thrown() throws IOException {
        Path queueFile = queueFile();
        byte[] bytes = Files.readAllBytes(queueFile);
        int at = indexOf(bytes, "What's the weather?".getBytes(StandardCharsets.UTF_8));
        assertTrue(at > 0, "the record's text is in the queue file");
        byte[] garbage = new byte[24];
        new Random(3).nextBytes(garbage);
        try (RandomAccessFile file = new RandomAccessFile(queueFile.toFile(), "rw")) {
            file.seek(at);
            file.write(garbage);
        }
        CliRun run = run("verify");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        CliRun sessions = run("sessions");
        assertEquals(ExitCodes.OK, sessions.exitCode(), "the rest stays readable: " + sessions);
    }

    @Test
    void verify_prints_what_the_store_checked() {
        CliRun run = run("verify");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("2 sessions, 13 events checked; 0 problem(s)"), run::toString);
    }

    @Test
    void verify_names_the_damaged_record_and_the_gap_it_leaves_in_its_session() throws IOException {
        Path queueFile = queueFile();
        byte[] bytes = Files.readAllBytes(queueFile);
        int at = indexOf(bytes, "What's the weather?".getBytes(StandardCharsets.UTF_8));
        bytes[at] ^= 0x01;
        Files.write(queueFile, bytes);
        CliRun run = run("verify");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        List<JsonNode> problems = CommandTestSupport.jsonLines(run.out());
        assertEquals(2, problems.size(), run::toString);
        assertEquals("records", problems.get(0).get("check").asText(), run::toString);
        assertTrue(problems.get(0).get("description").asText().contains("checksum"), run::toString);
        assertEquals("verify", problems.get(1).get("check").asText(), run::toString);
        assertEquals("alice-1", problems.get(1).get("session").asText(), run::toString);
        assertEquals(6, problems.get(1).get("sequence").asLong(), run::toString);
        assertTrue(problems.get(1).get("description").asText().contains("sequence gap: expected 5, found 6"),
                run::toString);
        assertTrue(run.err().contains("2 sessions, 12 events checked; 2 problem(s)"), run::toString);
    }

    @Test
    void import_into_a_store_another_writer_holds_exits_3() throws IOException {
        Path sessions = OpenClawFiles.sessionsDirectory(tmp);
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store,
                ChronicleStoreOptions.defaults().withPartitions(1))) {
            CliRun run = run("import-openclaw", sessions.toString());
            assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("another process") || run.err().contains("locked")
                    || run.err().contains("writ"), run::toString);
            assertFalse(run.hasStackTrace(), run::toString);
            CliRun read = run("sessions");
            assertEquals(ExitCodes.OK, read.exitCode(), "reads work while a writer holds the store: " + read);
        }
    }

    @Test
    void import_then_import_again_on_chronicle_appends_nothing_new() {
        Path sessions = OpenClawFiles.sessionsDirectory(tmp);
        Path fresh = tmp.resolve("fresh");
        CliRun first = CliRun.run(opener, "--store", fresh.toString(), "import-openclaw", sessions.toString());
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        CliRun second = CliRun.run(opener, "--store", fresh.toString(), "import-openclaw", sessions.toString());
        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertTrue(second.err().contains("0 imported, 0 resumed, 4 skipped, 0 failed; 0 events appended"), second::toString);
    }

    @Test
    void the_demo_runs_on_a_temporary_chronicle_store_and_deletes_it() {
        CliRun run = CliRun.run(opener, false, Map.of(), "demo");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Chronicle store"), run::toString);
        assertTrue(run.out().contains("ModelCallFailed(TIMEOUT)"), run::toString);
        String directory = run.out().lines().findFirst().orElseThrow().replaceAll(".*store (\\S+) .*", "$1");
        assertFalse(Files.exists(Path.of(directory)), () -> directory + " left behind");
    }

    private Path queueFile() throws IOException {
        try (Stream<Path> files = Files.list(store.resolve("log"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }
}
