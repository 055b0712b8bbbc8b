package dev.sessionlog.openclaw;

import static dev.sessionlog.openclaw.OpenClawTestSupport.events;
import static dev.sessionlog.openclaw.OpenClawTestSupport.export;
import static dev.sessionlog.openclaw.OpenClawTestSupport.lines;
import static dev.sessionlog.openclaw.OpenClawTestSupport.recorded;
import static dev.sessionlog.openclaw.OpenClawTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed, oversized and hostile transcripts: reported per line or refused per file, never thrown. */
class HostileTranscriptTest {
    private static final String ID = "0c9e4b1a-1111-4222-8333-444455556666";
    private static final String HEADER = "{\"type\":\"session\",\"version\":3,\"id\":\"" + ID
            + "\",\"timestamp\":\"2026-04-13T09:41:05.012Z\",\"cwd\":\"/w\"}\n";
    private final OpenClawTranscriptReader reader = OpenClawTranscriptReader.standard();

    @TempDir
    Path dir;

    private static String user(String id, String parent, String text) {
        return "{\"type\":\"message\",\"id\":\"" + id + "\",\"parentId\":" + (parent == null ? "null" : "\"" + parent + "\"")
                + ",\"timestamp\":\"2026-04-13T09:41:06.000Z\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\""
                + text + "\"}],\"timestamp\":1776073266000}}\n";
    }

    @Test
    void malformed_lines_are_counted_with_their_numbers_and_the_rest_is_imported() {
        Path file = write(dir, ID + ".jsonl", HEADER
                + user("aaaa0001", null, "one")
                + "this is not json\n"
                + "[1,2,3]\n"
                + "{\"id\":\"aaaa0009\",\"parentId\":null}\n"
                + "{\"type\":\"message\",\"id\":\n"
                + "{\"type\":\"x\"} trailing\n"
                + "\n"
                + user("aaaa0002", "aaaa0001", "two"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertTrue(imported.ok());
        assertEquals(2, imported.entries());
        assertEquals(5, imported.malformedCount());
        assertEquals(List.of(new MalformedLine(3, "not JSON"), new MalformedLine(4, "not a JSON object"),
                new MalformedLine(5, "has no type"), new MalformedLine(6, "not JSON"), new MalformedLine(7, "not JSON")),
                imported.malformedLines());
        assertEquals(List.of("openclaw:aaaa0001", "openclaw:aaaa0002"), events(imported).stream()
                .filter(UserMessageReceived.class::isInstance).map(e -> ((UserMessageReceived) e).messageId()).toList());
    }

    @Test
    void a_parent_naming_a_missing_entry_makes_a_root_with_a_warning() {
        Path file = write(dir, ID + ".jsonl", HEADER + user("aaaa0001", null, "one") + user("aaaa0002", "deadbeef", "two"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertEquals(2, imported.entries());
        assertTrue(imported.warnings().contains("line 3: parentId \"deadbeef\" names no earlier entry; treated as a root"),
                () -> imported.warnings().toString());
        List<ObjectNode> exported = lines(export(recorded(imported)));
        assertTrue(exported.get(2).get("parentId").isNull(), "exported as the root it was treated as");
    }

    @Test
    void a_header_that_does_not_match_the_file_name_is_reported_and_the_header_wins() {
        Path file = write(dir, "1b2b3b4b-0000-4000-8000-000000000000.jsonl", HEADER + user("aaaa0001", null, "one"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertEquals(SessionId.of(ID), imported.sessionId());
        assertTrue(imported.warnings().stream().anyMatch(w -> w.contains("does not match the file name")));
    }

    @Test
    void path_traversal_in_the_header_id_refuses_the_file() {
        Path file = write(dir, ID + ".jsonl", "{\"type\":\"session\",\"version\":3,\"id\":\"../../etc/passwd\"}\n"
                + user("aaaa0001", null, "one"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertFalse(imported.ok());
        assertTrue(imported.error().contains("\"../../etc/passwd\" is invalid"), imported.error());
        assertTrue(imported.events().isEmpty());
        assertNull(imported.sessionId());
    }

    @Test
    void path_traversal_in_the_file_name_refuses_the_file() {
        Path file = write(dir, "..%2F..%2Fetc.jsonl", user("aaaa0001", null, "one"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertFalse(imported.ok());
        assertTrue(imported.error().contains("file name's session id"), imported.error());
    }

    @Test
    void a_line_longer_than_the_limit_is_reported_without_being_read_whole(@TempDir Path big) throws IOException {
        Path file = big.resolve(ID + ".jsonl");
        byte[] filler = new byte[1024 * 1024];
        Arrays.fill(filler, (byte) 'A');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            out.write("{\"type\":\"custom\",\"customType\":\"x\",\"data\":\"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                out.write(filler);
            }
            out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write(user("aaaa0001", null, "after the big line").getBytes(StandardCharsets.UTF_8));
        }

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertTrue(imported.ok());
        assertEquals(1, imported.malformedCount());
        MalformedLine line = imported.malformedLines().get(0);
        assertEquals(2, line.lineNumber());
        assertTrue(line.reason().contains("longer than the 16777216 allowed"), line.reason());
        assertEquals(1, imported.entries(), "the line after it is imported");
    }

    @Test
    void binary_garbage_is_reported_line_by_line_and_never_throws() {
        byte[] garbage = new byte[256 * 1024];
        new Random(42).nextBytes(garbage);
        Path file = dir.resolve(ID + ".jsonl");
        try {
            Files.write(file, garbage);
        } catch (IOException e) {
            throw new AssertionError(e);
        }

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertTrue(imported.ok());
        assertEquals(0, imported.entries());
        assertTrue(imported.malformedCount() > 100, "about one line per newline byte: " + imported.malformedCount());
        assertEquals(List.of(SessionStarted.class), events(imported).stream().map(Object::getClass).toList());
    }

    @Test
    void a_torn_first_line_loses_only_the_header() {
        Path file = write(dir, ID + ".jsonl", "{\"type\":\"sess\n" + user("aaaa0001", null, "one"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertEquals(SessionId.of(ID), imported.sessionId(), "taken from the file name");
        assertEquals(1, imported.entries());
        assertEquals(1, imported.malformedCount());
        assertNull(imported.header());
    }

    @Test
    void an_empty_file_is_a_session_without_entries() {
        TranscriptImport imported = reader.read(write(dir, ID + ".jsonl", ""), SessionsIndex.empty());

        assertTrue(imported.ok());
        assertEquals(1, imported.events().size());
        assertTrue(imported.warnings().contains("the file has no entries"));
    }

    @Test
    void a_deleted_archive_is_refused_with_the_reason_not_imported() {
        Path file = write(dir, ID + ".jsonl.deleted.2026-04-13T09-41-07.123Z", HEADER + user("aaaa0001", null, "one"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertFalse(imported.ok());
        assertTrue(imported.events().isEmpty());
        assertTrue(imported.error().contains("its user deleted"), imported.error());
    }

    @Test
    void archives_are_ended_sessions_under_their_own_ids_at_the_archives_time() {
        for (var archive : List.of(
                new Object[] {"reset", SessionEnded.Reason.RESET},
                new Object[] {"bak", SessionEnded.Reason.ARCHIVED})) {
            Path file = write(dir, ID + ".jsonl." + archive[0] + ".2026-04-13T09-41-07.123Z", HEADER + user("aaaa0001", null, "one"));

            TranscriptImport imported = reader.read(file, SessionsIndex.empty());

            assertEquals(SessionId.of(ID + "." + archive[0] + ".2026-04-13t09-41-07.123z"), imported.sessionId());
            assertEquals(new SessionEnded((SessionEnded.Reason) archive[1]), events(imported).get(events(imported).size() - 1));
            assertEquals(java.util.Optional.of(java.time.Instant.parse("2026-04-13T09:41:07.123Z")),
                    imported.events().get(imported.events().size() - 1).metadata().occurredAt());
            assertEquals(ID, lines(export(recorded(imported))).get(0).get("id").asText(),
                    "the export's header names the session it archived");
        }
    }

    @Test
    void a_compaction_naming_no_earlier_entry_is_kept_whole_and_reported() {
        String compaction = "{\"type\":\"compaction\",\"id\":\"cccc0001\",\"parentId\":\"aaaa0001\",\"timestamp\":\"2026-04-13T09:42:00.000Z\","
                + "\"summary\":\"s\",\"firstKeptEntryId\":\"ffffffff\",\"tokensBefore\":10}\n";
        Path file = write(dir, ID + ".jsonl", HEADER + user("aaaa0001", null, "one") + compaction);

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        CustomEntryRecorded kept = assertInstanceOf(CustomEntryRecorded.class, events(imported).get(2));
        assertEquals("openclaw.entry/compaction", kept.customType());
        assertTrue(imported.warnings().stream().anyMatch(w -> w.startsWith("line 3:")));
        assertTrue(OpenClawTestSupport.sameJson(lines(compaction).get(0), lines(export(recorded(imported))).get(2)));
    }

    @Test
    void a_reused_entry_id_gets_a_distinct_idempotency_key() {
        Path file = write(dir, ID + ".jsonl", HEADER + user("aaaa0001", null, "one") + user("aaaa0001", "aaaa0001", "two"));

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        UserMessageReceived first = (UserMessageReceived) events(imported).get(1);
        UserMessageReceived second = (UserMessageReceived) events(imported).get(2);
        assertNotEquals(first.messageId(), second.messageId());
        assertTrue(imported.warnings().stream().anyMatch(w -> w.contains("used twice")));
    }

    @Test
    void odd_field_values_survive_the_round_trip() {
        String odd = "{\"type\":\"message\",\"id\":\"aaaa0001\",\"parentId\":null,\"timestamp\":1776073266000,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"plain string\",\"usage\":{\"input\":-5,\"output\":1.5},"
                + "\"stopReason\":\"stop\",\"timestamp\":\"not a number\"}}\n";
        Path file = write(dir, ID + ".jsonl", HEADER + odd);

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        assertEquals(0, imported.malformedCount());
        ObjectNode exported = lines(export(recorded(imported))).get(1);
        assertTrue(OpenClawTestSupport.sameJson(lines(odd).get(0), exported), exported.toString());
    }

    @Test
    void a_file_whose_name_is_no_transcript_is_refused() {
        TranscriptImport imported = reader.read(write(dir, ID + ".jsonl.lock", "{\"pid\":1}"), SessionsIndex.empty());
        assertFalse(imported.ok());
        assertTrue(imported.error().contains("lock file"));
    }

    @Test
    void a_delivery_mirrored_twice_under_one_key_stays_two_events_and_exports_back() {
        String mirror = "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
                + "\"provider\":\"openclaw\",\"model\":\"delivery-mirror\",\"stopReason\":\"stop\",\"idempotencyKey\":\"tg:9\",\"timestamp\":1}}\n";
        String lines = HEADER
                + "{\"type\":\"message\",\"id\":\"dddd0001\",\"parentId\":null,\"timestamp\":\"2026-04-13T09:41:06.000Z\"," + mirror
                + "{\"type\":\"message\",\"id\":\"dddd0002\",\"parentId\":\"dddd0001\",\"timestamp\":\"2026-04-13T09:41:07.000Z\"," + mirror;
        Path file = write(dir, ID + ".jsonl", lines);

        TranscriptImport imported = reader.read(file, SessionsIndex.empty());

        List<String> ids = events(imported).stream().filter(DeliveryRecorded.class::isInstance)
                .map(e -> ((DeliveryRecorded) e).deliveryId()).toList();
        assertEquals(List.of("tg:9", "openclaw:dddd0002"), ids);
        List<ObjectNode> original = lines(lines);
        List<ObjectNode> exported = lines(export(recorded(imported)));
        for (int i = 1; i < original.size(); i++) {
            assertTrue(OpenClawTestSupport.sameJson(original.get(i), exported.get(i)), exported.get(i).toString());
        }
    }

    @Test
    void an_api_key_in_a_provider_error_is_redacted_in_the_event_and_in_the_kept_original() {
        String error = "{\"type\":\"message\",\"id\":\"eeee0001\",\"parentId\":null,\"timestamp\":\"2026-04-13T09:41:06.000Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":[],\"provider\":\"openai\",\"model\":\"gpt-5\","
                + "\"stopReason\":\"error\",\"errorMessage\":\"401 Incorrect API key provided: sk-proj-abcdefghijklmnop1234\",\"timestamp\":1}}\n";
        TranscriptImport imported = reader.read(write(dir, ID + ".jsonl", HEADER + error), SessionsIndex.empty());

        assertFalse(imported.events().toString().contains("abcdefghijklmnop1234"), imported.events().toString());
        String exported = export(recorded(imported));
        assertFalse(exported.contains("abcdefghijklmnop1234"));
        assertTrue(exported.contains("Incorrect API key provided"));
    }

    @Test
    void a_newer_format_version_is_imported_with_a_warning() {
        TranscriptImport imported = reader.read(write(dir, ID + ".jsonl",
                HEADER.replace("\"version\":3", "\"version\":4") + user("aaaa0001", null, "one")), SessionsIndex.empty());
        assertEquals(1, imported.entries());
        assertTrue(imported.warnings().stream().anyMatch(w -> w.startsWith("format version 4 is newer than 3")));
    }

    @Test
    void version_3_entries_without_ids_get_derived_ids_and_a_warning() {
        String noId = "{\"type\":\"message\",\"timestamp\":\"2026-04-13T09:41:06.000Z\",\"message\":{\"role\":\"user\","
                + "\"content\":\"hi\",\"timestamp\":1}}\n";
        TranscriptImport imported = reader.read(write(dir, ID + ".jsonl", HEADER + noId + noId), SessionsIndex.empty());

        assertEquals(2, imported.entries());
        assertTrue(imported.warnings().contains("2 entries have no id; ids were derived from their line numbers"),
                imported.warnings()::toString);
        List<ObjectNode> exported = lines(export(recorded(imported)));
        assertEquals(exported.get(1).get("id").asText(), exported.get(2).get("parentId").asText());
    }
}
