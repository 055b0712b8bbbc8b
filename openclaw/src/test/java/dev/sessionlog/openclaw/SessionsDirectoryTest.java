package dev.sessionlog.openclaw;

import static dev.sessionlog.openclaw.OpenClawTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning a sessions directory and reading its sessions.json. */
class SessionsDirectoryTest {
    private static final String ID = "6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11";
    private static final String HEADER = "{\"type\":\"session\",\"version\":3,\"id\":\"" + ID + "\",\"timestamp\":\"2026-04-13T09:41:05.012Z\"}\n";

    @TempDir
    Path dir;

    @Test
    void the_scan_lists_transcripts_and_says_why_other_files_are_skipped() throws IOException {
        for (String name : List.of(ID + ".jsonl", ID + ".jsonl.lock", ID + "-topic-42.jsonl",
                "2026-04-13T09-41-05-012Z_7d2c0e4f-1111-4222-8333-444455556666.jsonl",
                ID + ".jsonl.reset.2026-04-13T09-41-07.123Z", ID + ".jsonl.deleted.2026-04-14T00-00-00.000Z",
                ID + ".jsonl.bak.2026-04-15T00-00-00.000Z", ID + ".jsonl.reset.2026-04-13T09-41-07.123Z.zst",
                ID + ".checkpoint.0b1c2d3e-0000-4000-8000-000000000000.jsonl", ID + ".trajectory.jsonl", "notes.txt")) {
            write(dir, name, HEADER);
        }
        Files.createDirectory(dir.resolve("subdir"));
        write(dir, "sessions.json", "{}");

        OpenClawSessionsDirectory scan = OpenClawSessionsDirectory.scan(dir);

        assertEquals(List.of(
                "2026-04-13T09-41-05-012Z_7d2c0e4f-1111-4222-8333-444455556666.jsonl:FORK:7d2c0e4f-1111-4222-8333-444455556666",
                ID + "-topic-42.jsonl:TOPIC:" + ID,
                ID + ".jsonl:SESSION:" + ID,
                ID + ".jsonl.bak.2026-04-15T00-00-00.000Z:ARCHIVE:" + ID,
                ID + ".jsonl.reset.2026-04-13T09-41-07.123Z:ARCHIVE:" + ID),
                scan.transcripts().stream().map(f -> f.path().getFileName() + ":" + f.kind() + ":" + f.nameSessionId()).toList());
        assertEquals(List.of(SessionEnded.Reason.ARCHIVED, SessionEnded.Reason.RESET),
                scan.transcripts().subList(3, 5).stream().map(TranscriptFile::endReason).toList());
        Map<String, String> skipped = scan.skipped().stream()
                .collect(Collectors.toMap(s -> s.path().getFileName().toString(), SkippedFile::reason));
        assertEquals("lock file", skipped.get(ID + ".jsonl.lock"));
        assertTrue(skipped.get(ID + ".jsonl.deleted.2026-04-14T00-00-00.000Z").contains("its user deleted"),
                "a deleted session is not brought back: " + skipped);
        assertTrue(skipped.get(ID + ".jsonl.reset.2026-04-13T09-41-07.123Z.zst").contains("not supported"));
        assertTrue(skipped.get(ID + ".checkpoint.0b1c2d3e-0000-4000-8000-000000000000.jsonl").contains("checkpoint"));
        assertTrue(skipped.get(ID + ".trajectory.jsonl").contains("trajectory"));
        assertEquals("not a transcript", skipped.get("notes.txt"));
        assertEquals("not a regular file", skipped.get("subdir"));
        assertEquals(8, scan.skipped().size() + 1, "sessions.json is the index, not a skipped file (the .deleted. archive is)");
    }

    @Test
    void scanning_a_file_that_is_no_directory_is_a_clear_error() {
        Path file = write(dir, "x.jsonl", "");
        assertThrows(NotDirectoryException.class, () -> OpenClawSessionsDirectory.scan(file));
        assertThrows(NotDirectoryException.class, () -> OpenClawSessionsDirectory.scan(dir.resolve("missing")));
    }

    @Test
    void the_session_key_agent_channel_and_origin_come_from_sessions_json() throws IOException {
        write(dir, "sessions.json", "{\"agent:main:telegram:direct:123456789\":{\"sessionId\":\"" + ID.toUpperCase()
                + "\",\"updatedAt\":1776073265010,\"channel\":\"telegram\",\"chatType\":\"direct\","
                + "\"origin\":{\"provider\":\"telegram\",\"from\":\"123456789\"},\"model\":\"x\"}}");
        write(dir, ID + ".jsonl", HEADER);

        OpenClawSessionsDirectory scan = OpenClawSessionsDirectory.scan(dir);
        TranscriptImport imported = OpenClawTranscriptReader.standard().read(scan.transcripts().get(0), scan.index());

        SessionStarted started = (SessionStarted) imported.events().get(0).event();
        assertEquals(SessionKey.of("agent:main:telegram:direct:123456789"), started.sessionKey());
        assertEquals("main", started.agentId());
        assertEquals("telegram", started.channel());
        assertEquals("{\"provider\":\"telegram\",\"from\":\"123456789\"}", started.origin());
        assertEquals(1776073265010L, scan.index().forSessionId(ID).orElseThrow().updatedAt());
    }

    @Test
    void a_sessions_file_of_junk_is_tolerated_with_warnings() {
        write(dir, "sessions.json", "{\"cron:job\":{\"sessionId\":\"a1\",\"updatedAt\":\"soon\",\"origin\":[1]},"
                + "\"no-id\":{\"updatedAt\":1},\"number\":42,\"bad\\u0001key\":{\"sessionId\":\"b1\"},"
                + "\"dup\":{\"sessionId\":\"A1\",\"updatedAt\":2},\"cut\":{\"sessionId\":\"c1\"");

        SessionsIndex index = SessionsIndex.read(dir.resolve("sessions.json"));

        assertEquals(SessionKey.of("cron:job"), index.forSessionId("A1").orElseThrow().key());
        assertEquals(0, index.forSessionId("a1").orElseThrow().updatedAt());
        assertEquals(null, index.forSessionId("a1").orElseThrow().origin(), "an origin that is no object is dropped");
        assertTrue(index.forSessionId("b1").isEmpty());
        assertEquals(1, index.entries().size());
        List<String> warnings = index.warnings();
        assertTrue(warnings.contains("entry \"no-id\" has no sessionId; skipped"), warnings::toString);
        assertTrue(warnings.contains("entry \"number\" is not an object; skipped"), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("invalid key")), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("listed under two keys")), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("sessions.json is damaged")), warnings::toString);
    }

    @Test
    void a_sessions_file_that_is_not_an_object_or_missing_gives_an_empty_index() {
        write(dir, "sessions.json", "[1,2]");
        assertTrue(SessionsIndex.read(dir.resolve("sessions.json")).entries().isEmpty());
        assertEquals(List.of("no sessions.json; no session keys are known"),
                SessionsIndex.read(dir.resolve("absent.json")).warnings());
        write(dir, "binary.json", "\u0000\u00ff\u0001garbage");
        assertEquals(1, SessionsIndex.read(dir.resolve("binary.json")).warnings().size());
    }

    @Test
    void without_an_index_entry_the_agent_comes_from_the_agents_directory() throws IOException {
        Path sessions = Files.createDirectories(dir.resolve("agents").resolve("work").resolve("sessions"));
        write(sessions, ID + ".jsonl", HEADER);

        TranscriptImport imported = OpenClawTranscriptReader.standard().read(sessions.resolve(ID + ".jsonl"),
                SessionsIndex.empty());

        SessionStarted started = (SessionStarted) imported.events().get(0).event();
        assertEquals("work", started.agentId());
        assertEquals(null, started.sessionKey());
    }
}
