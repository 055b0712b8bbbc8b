package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.openclaw.OpenClawTranscriptReader;
import dev.sessionlog.openclaw.SessionsIndex;
import dev.sessionlog.openclaw.TranscriptImport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportOpenclawCommandTest {
    private static final SessionId BIG = SessionId.of("0a1b2c3d-0000-4000-8000-000000000002");

    @TempDir
    Path tmp;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();
    private Path sessions;
    private Path storeDir;

    @BeforeEach
    void files() {
        sessions = OpenClawFiles.sessionsDirectory(tmp);
        storeDir = tmp.resolve("store");
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
                && r.get("status").asText().equals("SKIPPED")), run::toString);
        assertTrue(run.err().contains("3 imported, 0 resumed, 1 skipped, 0 failed"), run::toString);

        InMemorySessionStore store = opener.storeAt(storeDir);
        SessionSummary keyed = store.summary(SessionId.of("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11")).orElseThrow();
        assertEquals("agent:main:telegram:direct:111", keyed.sessionKey().value());
        SessionSummary archive = store.sessions(SessionQuery.all()).stream()
                .filter(s -> s.sessionId().value().startsWith("0a1b2c3d-0000-4000-8000-000000000003"))
                .findFirst().orElseThrow();
        assertTrue(archive.ended(), "an archive is imported as an ended session");
        assertEquals(List.of("read-write " + storeDir), opener.opens);
    }

    @Test
    void a_second_run_imports_nothing_and_the_source_files_are_never_changed() {
        Map<String, String> before = OpenClawFiles.fingerprint(sessions);
        assertEquals(ExitCodes.OK, importIt(sessions).exitCode());
        long events = totalEvents(opener.storeAt(storeDir));
        CliRun again = importIt(sessions);
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().contains("0 imported, 0 resumed, 4 skipped, 0 failed; 0 events appended"), again::toString);
        assertEquals(events, totalEvents(opener.storeAt(storeDir)));
        assertEquals(before, OpenClawFiles.fingerprint(sessions));
    }

    @Test
    void an_interrupted_import_is_finished_by_the_next_run_with_the_same_result_as_one_clean_run() {
        // the clean run, into its own store
        Path cleanDir = tmp.resolve("clean");
        assertEquals(ExitCodes.OK, CliRun.run(opener, "--store", cleanDir.toString(), "import-openclaw",
                sessions.toString()).exitCode());

        // an interrupted run: the big session holds only a prefix of its events (whole batches are atomic)
        TranscriptImport big = OpenClawTranscriptReader.standard().read(
                sessions.resolve(BIG.value() + ".jsonl"), SessionsIndex.read(sessions.resolve("sessions.json")));
        assertTrue(big.events().size() > 1000, "the big session spans several batches");
        opener.storeAt(storeDir).appendAll(BIG, ExpectedSequence.noSession(), big.events().subList(0, 600)).join();

        CliRun resumed = importIt(sessions);
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed::toString);
        JsonNode bigReport = CommandTestSupport.jsonLines(resumed.out()).stream()
                .filter(r -> r.get("session").asText().equals(BIG.value())).findFirst().orElseThrow();
        assertEquals("RESUMED", bigReport.get("status").asText());
        assertEquals(big.events().size() - 600, bigReport.get("appended").asLong());
        assertEquals(contents(opener.storeAt(cleanDir)), contents(opener.storeAt(storeDir)));
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
    void a_session_id_with_path_traversal_inside_a_file_is_refused() {
        OpenClawFiles.write(sessions.resolve("evil.jsonl"),
                "{\"type\":\"session\",\"version\":3,\"id\":\"../../../etc/passwd\",\"timestamp\":\"2026-04-13T09:41:05.012Z\"}\n"
                        + "{\"type\":\"message\",\"id\":\"00000001\",\"parentId\":null,\"timestamp\":\"2026-04-13T09:41:06.000Z\","
                        + "\"message\":{\"role\":\"user\",\"content\":\"hi\",\"timestamp\":1776073266000}}\n");
        CliRun run = importIt(sessions);
        assertFalse(run.hasStackTrace(), run::toString);
        assertTrue(opener.storeAt(storeDir).sessions(SessionQuery.all()).stream()
                .noneMatch(s -> s.sessionId().value().contains("..") || s.sessionId().value().contains("/")), run::toString);
    }

    @Test
    void a_missing_or_non_directory_source_exits_4() throws IOException {
        CliRun missing = importIt(tmp.resolve("nowhere"));
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("no such directory"), missing::toString);
        CliRun file = importIt(Files.writeString(tmp.resolve("a-file"), "x"));
        assertEquals(ExitCodes.BAD_INPUT, file.exitCode(), file::toString);
    }

    @Test
    void a_terminal_gets_a_progress_bar_on_stderr_and_a_table_report() {
        CliRun run = CliRun.run(opener, true, Map.of(), "--store", storeDir.toString(), "import-openclaw",
                sessions.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("] 3/3 files"), run::toString);
        assertTrue(run.out().startsWith("FILE"), run::toString);
    }

    @Test
    void imports_and_exports_the_real_pi_fixtures_without_touching_them() throws IOException {
        Path fixtures = List.of(Path.of("../shared/fixtures/pi-sessions"), Path.of("../../shared/fixtures/pi-sessions"))
                .stream().filter(Files::isDirectory).findFirst().orElse(null);
        Assumptions.assumeTrue(fixtures != null, "pi fixtures not found at ../shared/fixtures/pi-sessions; skipping");
        Map<String, String> before = OpenClawFiles.fingerprint(fixtures);
        Files.createDirectories(storeDir);
        CliRun run = importIt(fixtures);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> imported = CommandTestSupport.jsonLines(run.out()).stream()
                .filter(r -> r.get("status").asText().equals("IMPORTED")).toList();
        assertEquals(2, imported.size(), run::toString);
        for (JsonNode report : imported) {
            assertTrue(report.get("entries").asLong() > 1000, report::toString);
            CliRun export = CliRun.run(opener, "--store", storeDir.toString(), "export", report.get("session").asText(),
                    "--format", "openclaw-jsonl");
            assertEquals(ExitCodes.OK, export.exitCode(), export::toString);
            assertEquals(report.get("entries").asLong() + 1, export.out().lines().count(), export.err());
        }
        assertEquals(before, OpenClawFiles.fingerprint(fixtures));
    }

    private static long totalEvents(InMemorySessionStore store) {
        return store.sessions(SessionQuery.all()).stream().mapToLong(SessionSummary::lastSequence).sum();
    }

    /** Every session's events without the store-assigned ids and times. */
    private static List<String> contents(InMemorySessionStore store) {
        List<String> contents = new ArrayList<>();
        store.sessions(SessionQuery.all()).stream().map(SessionSummary::sessionId).sorted().forEach(id -> {
            for (RecordedEvent event : store.read(id, 1, Integer.MAX_VALUE)) {
                contents.add(id + " " + event.sequence() + " " + event.event() + " " + event.metadata());
            }
        });
        return contents;
    }
}
