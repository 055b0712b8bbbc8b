package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.openclaw.OpenClawDatabases;
import dev.sessionlog.openclaw.OpenClawFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-openclaw}'s own behaviour: arguments, exit codes, report and progress output. What
 * the import does to a store is {@code OpenClawImportTest}'s, in the openclaw module.
 */
class ImportOpenclawCommandTest {
    @TempDir
    Path tmp;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();
    private Path sessions;
    private Path storeDir;

    @BeforeEach
    void files() {
        sessions = OpenClawFiles.sessionsDirectory(tmp);
        storeDir = tmp.resolve("store");
        try {
            Files.createDirectories(storeDir); // the in-memory opener keeps no files; read commands want the directory
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CliRun importIt(Path source) {
        return CliRun.run(opener, "--store", storeDir.toString(), "import-openclaw", source.toString());
    }

    @Test
    void imports_every_transcript_with_a_per_file_report_and_skips_lock_files() {
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> reports = CommandTestSupport.jsonLines(run.out());
        assertEquals(4, reports.size(), run::toString);
        assertEquals(3, reports.stream().filter(r -> r.get("status").asText().equals("IMPORTED")).count(), run::toString);
        assertTrue(reports.stream().anyMatch(r -> r.get("file").asText().endsWith(".jsonl.lock")
                && r.get("status").asText().equals("SKIPPED") && r.get("session").isNull()), run::toString);
        assertTrue(reports.stream().anyMatch(r -> r.get("file").asText().equals("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl")
                && r.get("session").asText().equals("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11")), run::toString);
        assertTrue(run.err().contains("3 imported, 0 resumed, 1 skipped, 0 failed"), run::toString);
        assertEquals(List.of("read-write " + storeDir), opener.opens);
    }

    @Test
    void binary_garbage_fails_that_file_with_one_line_and_exit_4_and_the_others_still_import() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(sessions.resolve("0a1b2c3d-0000-4000-8000-00000000dead.jsonl"), garbage);
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        assertEquals(1, run.err().lines().filter(l -> l.contains("00000000dead.jsonl")).count(), run::toString);
        assertTrue(run.err().contains("3 imported"), run::toString);
    }

    @Test
    void a_200_mb_single_line_fails_that_file_without_exhausting_memory() throws IOException {
        Path huge = sessions.resolve("0a1b2c3d-0000-4000-8000-0000000000ff.jsonl");
        try (OutputStream out = Files.newOutputStream(huge)) {
            out.write("{\"type\":\"session\",\"version\":3,\"id\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.contains("0000000000ff.jsonl") && l.length() < 600), run::toString);
    }

    @Test
    void a_missing_or_non_directory_source_exits_4() throws IOException {
        CliRun missing = importIt(tmp.resolve("nowhere"));
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("no such file or directory"), missing::toString);
        CliRun file = importIt(Files.writeString(tmp.resolve("a-file"), "x"));
        assertEquals(ExitCodes.BAD_INPUT, file.exitCode(), file::toString);
        assertTrue(file.err().contains("is not something import-openclaw reads (not a transcript)"), file::toString);
    }

    @Test
    void a_terminal_gets_a_progress_bar_on_stderr_and_a_table_report() {
        CliRun run = CliRun.run(opener, true, Map.of(), "--store", storeDir.toString(), "import-openclaw",
                sessions.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("] 3/3 files"), run::toString);
        assertTrue(run.out().startsWith("FILE"), run::toString);
    }

    private static final String ID = "6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11";

    @Test
    void imports_openclaws_sqlite_database_with_keys_and_original_times() {
        Path database = OpenClawDatabases.create(tmp.resolve("agents/main/agent/openclaw-agent.sqlite"),
                Map.of(ID, OpenClawFiles.transcript(ID, 3)), Map.of("agent:main:telegram:direct:111", ID));
        CliRun run = importIt(database);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("1 session(s) in the OpenClaw database"), run::toString);
        assertTrue(run.err().contains("1 imported, 0 resumed, 0 skipped, 0 failed"), run::toString);

        JsonNode session = CommandTestSupport.jsonLines(CliRun.run(opener, "--store", storeDir.toString(), "sessions",
                "--key", "agent:main:telegram:direct:111").out()).get(0);
        assertEquals(ID, session.get("sessionId").asText());
        assertEquals("2026-04-13T09:41:05.012Z", session.get("createdAt").asText());
        assertEquals(ExitCodes.OK, importIt(database).exitCode(), "again: nothing new");
    }

    @Test
    void a_single_transcript_file_imports_with_the_keys_of_the_sessions_json_beside_it() {
        CliRun run = importIt(sessions.resolve(ID + ".jsonl"));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("1 imported"), run::toString);
        JsonNode session = CommandTestSupport.jsonLines(CliRun.run(opener, "--store", storeDir.toString(), "sessions").out()).get(0);
        assertEquals("agent:main:telegram:direct:111", session.get("sessionKey").asText());
    }

    @Test
    void a_dry_run_writes_nothing_and_needs_no_store() {
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        opener.opens.clear();
        Path other = tmp.resolve("no-store-here");
        CliRun dry = CliRun.run(opener, "--store", other.toString(), "import-openclaw", "--dry-run", sessions.toString());
        assertEquals(ExitCodes.OK, dry.exitCode(), dry::toString);
        assertTrue(dry.err().contains("events would be appended (dry run)"), dry::toString);
        assertTrue(dry.err().contains("3 imported"), dry::toString);
        assertEquals(List.of(), opener.opens, "no store opened, none created");
        assertFalse(Files.exists(other));

        CliRun again = CliRun.run(opener, "--store", storeDir.toString(), "import-openclaw", "--dry-run", sessions.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().contains("0 imported, 0 resumed, 4 skipped"), again::toString);
        assertEquals(List.of("read-only " + storeDir), opener.opens, "an existing store is only read");
    }

    @Test
    void a_database_that_is_not_openclaws_or_is_corrupt_exits_4_with_one_line() throws Exception {
        Path notOurs = tmp.resolve("notes.sqlite");
        try (java.sql.Connection connection = OpenClawDatabases.connect(notOurs);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE notes (body TEXT)");
        }
        CliRun run = importIt(notOurs);
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not an OpenClaw agent database"), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);

        byte[] corrupt = new byte[4096];
        new Random(3).nextBytes(corrupt);
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, corrupt, 0, header.length);
        CliRun broken = importIt(Files.write(tmp.resolve("openclaw-agent.sqlite"), corrupt));
        assertEquals(ExitCodes.BAD_INPUT, broken.exitCode(), broken::toString);
        assertEquals(1, broken.err().lines().count(), broken::toString);
        assertFalse(broken.hasStackTrace(), broken::toString);
    }

    @Test
    void imported_sessions_show_their_original_times_in_every_view() throws IOException {
        String newer = "aaaaaaaa-0000-4000-8000-000000000001";
        String older = "bbbbbbbb-0000-4000-8000-000000000002";
        Path dir = Files.createDirectories(tmp.resolve("dated"));
        Files.writeString(dir.resolve(newer + ".jsonl"), OpenClawFiles.transcript(newer, 2));
        Files.writeString(dir.resolve(older + ".jsonl"), OpenClawFiles.transcript(older, 2).replace("2026-04-13", "2025-01-02"));
        assertEquals(ExitCodes.OK, importIt(dir).exitCode());

        List<JsonNode> sessions = CommandTestSupport.jsonLines(run("sessions").out());
        assertEquals(List.of(newer, older), sessions.stream().map(n -> n.get("sessionId").asText()).toList(),
                "newest first by the transcripts' times, not by the order they were imported in");
        assertEquals("2025-01-02T09:41:07Z", sessions.get(1).get("updatedAt").asText());

        List<JsonNode> events = CommandTestSupport.jsonLines(run("events", older).out());
        assertEquals("2025-01-02T09:41:05.012Z", events.get(0).get("occurredAt").asText());
        assertTrue(events.get(0).get("recordedAt").asText().compareTo("2026-05") > 0, "recordedAt is the store's time");

        JsonNode failure = CommandTestSupport.jsonLines(run("failures", "--session", older).out()).get(0);
        assertEquals("2025-01-02T09:41:07Z", failure.get("at").asText());
        CliRun table = CliRun.run(opener, true, Map.of(), "--store", storeDir.toString(), "events", older);
        assertTrue(table.out().contains("2025-01-02T09:41:06Z"), table::toString);
    }

    private CliRun run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--store", storeDir.toString()));
        all.addAll(List.of(args));
        return CliRun.run(opener, all.toArray(String[]::new));
    }
}
