package dev.sessionlog.openclaw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.openclaw.FileImportReport.Status;
import dev.sessionlog.openclaw.OpenClawDatabaseException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpenClawDatabase}: OpenClaw's SQLite transcripts, read-only, safe while OpenClaw writes. */
class OpenClawDatabaseTest {
    private static final String ID = "6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11";
    private static final String OTHER = "0a1b2c3d-0000-4000-8000-000000000002";
    private static final String KEY = "agent:main:telegram:direct:111";

    @TempDir
    Path tmp;

    private final InMemorySessionStore store = InMemorySessionStore.create();

    @AfterEach
    void close() {
        store.close();
    }

    private Path database() {
        return OpenClawDatabases.create(tmp.resolve("agents/main/agent/openclaw-agent.sqlite"),
                Map.of(ID, OpenClawFiles.transcript(ID, 3), OTHER, OpenClawFiles.transcript(OTHER, 1)), Map.of(KEY, ID));
    }

    private ImportReport importDatabase(Path file, Duration busyTimeout) {
        try (OpenClawDatabase database = OpenClawDatabase.open(file, busyTimeout)) {
            return new OpenClawImport(store).importDatabase(database, ImportListener.none());
        }
    }

    @Test
    void a_database_imports_as_the_transcript_files_it_replaced_with_keys_agent_and_original_times() throws IOException {
        ImportReport report = importDatabase(database(), Duration.ofSeconds(1));

        assertEquals(List.of("openclaw-agent.sqlite:" + OTHER + ":IMPORTED", "openclaw-agent.sqlite:" + ID + ":IMPORTED"),
                report.files().stream().map(f -> f.file() + ":" + f.status()).sorted().toList());
        InMemorySessionStore fromFile = InMemorySessionStore.create();
        Path file = Files.createDirectories(tmp.resolve("files")).resolve(ID + ".jsonl");
        Files.writeString(file, OpenClawFiles.transcript(ID, 3));
        new OpenClawImport(fromFile).importDirectory(OpenClawSessionsDirectory.ofFile(file), ImportListener.none());
        List<RecordedEvent> imported = store.read(SessionId.of(ID), 1, 1000);
        List<RecordedEvent> expected = fromFile.read(SessionId.of(ID), 1, 1000);
        assertEquals(expected.stream().map(RecordedEvent::event).toList(), imported.stream().map(RecordedEvent::event).toList()
                .stream().map(event -> event instanceof dev.sessionlog.event.SessionStarted started
                        ? new dev.sessionlog.event.SessionStarted(null, null, null, null, started.reason(), started.parentSession())
                        : event).toList(), "the same events; only the start's key, agent and channel come from the database");
        fromFile.close();

        SessionSummary summary = store.summary(SessionId.of(ID)).orElseThrow();
        assertEquals(KEY, summary.sessionKey().value());
        assertEquals("main", summary.agentId(), "the agent of agents/main/agent/openclaw-agent.sqlite");
        assertEquals(Instant.parse("2026-04-13T09:41:05.012Z"), summary.createdAt(), "the transcript's own time");
        assertEquals(Instant.parse("2026-04-13T09:41:07Z"), summary.updatedAt());
        assertTrue(imported.get(0).recordedAt().isAfter(Instant.parse("2026-05-01T00:00:00Z")),
                "recordedAt stays the store's time");
    }

    @Test
    void reading_while_openclaw_writes_neither_waits_for_nor_blocks_the_writer() throws Exception {
        Path file = database();
        try (Connection openclaw = OpenClawDatabases.connect(file); Statement writer = openclaw.createStatement()) {
            writer.execute("BEGIN IMMEDIATE");
            OpenClawDatabases.append(openclaw, ID, "{\"type\":\"message\",\"id\":\"bbbb0001\",\"parentId\":\"00000007\","
                    + "\"timestamp\":\"2026-04-13T10:00:00.000Z\",\"message\":{\"role\":\"user\",\"content\":\"later\"}}");

            // no wait allowed: a reader that needed the writer's lock would fail at once
            ImportReport first = importDatabase(file, Duration.ZERO);

            assertEquals(0, first.count(Status.FAILED), first::toString);
            long before = store.summary(SessionId.of(ID)).orElseThrow().lastSequence();
            writer.execute("COMMIT");
            try (ResultSet checkpoint = writer.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertTrue(checkpoint.next());
                assertEquals(0, checkpoint.getInt(1), "the writer checkpoints freely after the import");
            }

            ImportReport second = importDatabase(file, Duration.ZERO);

            assertEquals(Status.RESUMED, second.files().stream().filter(f -> f.file().endsWith(ID)).findFirst()
                    .orElseThrow().status(), second::toString);
            assertEquals(before + 1, store.summary(SessionId.of(ID)).orElseThrow().lastSequence());
        }
    }

    @Test
    void a_sqlite_database_that_is_not_openclaws_is_refused_and_left_unchanged() throws Exception {
        Path file = tmp.resolve("notes.sqlite");
        try (Connection connection = OpenClawDatabases.connect(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            statement.execute("INSERT INTO notes (body) VALUES ('hello')");
        }
        byte[] before = Files.readAllBytes(file);

        OpenClawDatabaseException refused = assertThrows(OpenClawDatabaseException.class, () -> OpenClawDatabase.open(file));

        assertEquals(Reason.NOT_OPENCLAW, refused.reason());
        assertTrue(refused.getMessage().contains("no transcript_events table (its tables: notes)"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void a_file_that_is_not_sqlite_or_is_corrupt_is_refused() throws IOException {
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Path random = Files.write(tmp.resolve("random.sqlite"), garbage);
        assertEquals(Reason.NOT_SQLITE, assertThrows(OpenClawDatabaseException.class,
                () -> OpenClawDatabase.open(random)).reason());

        Path file = database();
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 100; i < bytes.length; i++) {
            bytes[i] = garbage[i % garbage.length];
        }
        Path corrupt = Files.write(tmp.resolve("corrupt.sqlite"), bytes);
        OpenClawDatabaseException refused = assertThrows(OpenClawDatabaseException.class, () -> OpenClawDatabase.open(corrupt));
        assertEquals(Reason.NOT_SQLITE, refused.reason(), refused.getMessage());
    }

    @Test
    void a_database_a_writer_holds_locked_is_refused_after_the_busy_timeout() throws Exception {
        Path file = database();
        try (Connection openclaw = OpenClawDatabases.connect(file); Statement writer = openclaw.createStatement()) {
            writer.execute("PRAGMA journal_mode=DELETE");
            writer.execute("BEGIN EXCLUSIVE");
            writer.execute("INSERT INTO sessions VALUES ('x', 'agent:main:main', 0)");

            OpenClawDatabaseException refused = assertThrows(OpenClawDatabaseException.class,
                    () -> OpenClawDatabase.open(file, Duration.ofMillis(200)));

            assertEquals(Reason.LOCKED, refused.reason(), refused.getMessage());
            assertTrue(refused.getMessage().contains("locked by another process"), refused.getMessage());
            writer.execute("COMMIT");
        }
    }

    @Test
    void a_row_longer_than_the_line_limit_is_reported_and_the_rest_of_the_session_imported() {
        String huge = "{\"type\":\"message\",\"id\":\"bbbb0002\",\"parentId\":\"00000007\",\"timestamp\":\"2026-04-13T10:00:00.000Z\","
                + "\"message\":{\"role\":\"user\",\"content\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
        String after = "{\"type\":\"message\",\"id\":\"bbbb0003\",\"parentId\":\"00000007\",\"timestamp\":\"2026-04-13T10:01:00.000Z\","
                + "\"message\":{\"role\":\"user\",\"content\":\"after the huge one\"}}";
        Path file = OpenClawDatabases.create(tmp.resolve("openclaw-agent.sqlite"),
                Map.of(ID, OpenClawFiles.transcript(ID, 3) + huge + "\n" + after + "\n"), Map.of());

        ImportReport report;
        try (OpenClawDatabase database = OpenClawDatabase.open(file)) {
            report = new OpenClawImport(store, new OpenClawTranscriptReader(
                    dev.sessionlog.failure.FailureClassifier.standard(), 1024 * 1024)).importDatabase(database, ImportListener.none());
        }

        FileImportReport session = report.files().get(0);
        assertEquals(Status.IMPORTED, session.status(), session::toString);
        assertEquals(1, session.malformed());
        assertTrue(session.warnings().get(0).contains("longer than the 1048576 allowed"), session::toString);
        List<RecordedEvent> events = store.read(SessionId.of(ID), 1, 1000);
        assertTrue(events.get(events.size() - 1).event().toString().contains("after the huge one"));
    }

    @Test
    void deleted_sessions_in_the_archive_table_are_not_imported_and_said_so() throws Exception {
        Path file = database();
        try (Connection openclaw = OpenClawDatabases.connect(file); Statement statement = openclaw.createStatement()) {
            statement.execute("CREATE TABLE session_transcript_archives (session_id TEXT, archived_at INTEGER, blob BLOB)");
            statement.execute("INSERT INTO session_transcript_archives VALUES ('gone-1', 0, x'28b52ffd'), ('gone-2', 0, x'28b52ffd')");
        }
        try (OpenClawDatabase database = OpenClawDatabase.open(file)) {
            assertTrue(database.warnings().stream().anyMatch(w -> w.startsWith("2 deleted session(s)")), database.warnings()::toString);
            assertEquals(java.util.Set.of(ID, OTHER), java.util.Set.copyOf(database.sessionIds()));
        }
    }
}
