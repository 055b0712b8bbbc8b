package dev.sessionlog.openclaw;

import static dev.sessionlog.openclaw.OpenClawTestSupport.export;
import static dev.sessionlog.openclaw.OpenClawTestSupport.lines;
import static dev.sessionlog.openclaw.OpenClawTestSupport.recorded;
import static dev.sessionlog.openclaw.OpenClawTestSupport.sameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Importing a transcript and exporting it again gives every entry back: on hand-written version 2
 * and 3 files covering every entry type, and on the two real version 1 pi fixtures.
 */
class TranscriptRoundTripTest {
    private static final Pattern HEX8 = Pattern.compile("^[0-9a-f]{8}$");
    private final OpenClawTranscriptReader reader = OpenClawTranscriptReader.standard();

    @Test
    void a_version_3_file_with_every_entry_type_exports_back_entry_for_entry() {
        Path file = OpenClawTestSupport.resource("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl");
        TranscriptImport imported = reader.read(file, SessionsIndex.empty());
        List<ObjectNode> original = lines(file);
        List<ObjectNode> exported = lines(export(recorded(imported)));

        assertEquals(original.size(), exported.size(), "header and every entry");
        for (int i = 0; i < original.size(); i++) {
            ObjectNode expected = original.get(i);
            ObjectNode actual = exported.get(i);
            assertTrue(sameJson(expected, actual), "line " + (i + 1) + "\nexpected " + expected + "\nactual   " + actual);
        }
    }

    @Test
    void a_version_2_file_exports_as_version_3_with_hook_messages_renamed_custom() {
        Path file = OpenClawTestSupport.resource("11111111-2222-4333-8444-555555555555.jsonl");
        List<ObjectNode> original = lines(file);
        List<ObjectNode> exported = lines(export(recorded(reader.read(file, SessionsIndex.empty()))));

        assertEquals(3, exported.get(0).get("version").asInt());
        assertEquals("custom", exported.get(2).at("/message/role").asText());
        ((ObjectNode) original.get(2).get("message")).put("role", "custom");
        original.get(0).put("version", 3);
        for (int i = 0; i < original.size(); i++) {
            assertTrue(sameJson(original.get(i), exported.get(i)), "line " + (i + 1) + ": " + exported.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-compaction.jsonl", "large-session.jsonl"})
    void a_real_version_1_transcript_keeps_every_entry_through_export(String name) {
        Path file = fixture(name);
        TranscriptImport imported = reader.read(file, SessionsIndex.empty());
        assertEquals(0, imported.malformedCount(), () -> "malformed: " + imported.malformedLines());
        List<ObjectNode> original = lines(file);
        List<ObjectNode> exported = lines(export(recorded(imported)));
        assertEquals(original.size(), exported.size());

        ObjectNode header = original.get(0).deepCopy();
        header.put("version", 3);
        assertTrue(sameJson(header, exported.get(0)), "the header gains version 3 and nothing else: " + exported.get(0));

        Set<String> ids = new HashSet<>();
        String previous = null;
        for (int i = 1; i < original.size(); i++) {
            ObjectNode expected = original.get(i).deepCopy();
            ObjectNode actual = exported.get(i).deepCopy();
            String id = actual.get("id").asText();
            assertTrue(HEX8.matcher(id).matches(), "8-hex id: " + id);
            assertTrue(ids.add(id), "unique id: " + id);
            assertEquals(previous, actual.get("parentId").isNull() ? null : actual.get("parentId").asText(),
                    "line " + (i + 1) + " is chained to the line before");
            previous = id;
            if (expected.has("firstKeptEntryIndex")) {
                int keptLine = expected.remove("firstKeptEntryIndex").asInt();
                assertEquals(exported.get(keptLine).get("id").asText(), actual.remove("firstKeptEntryId").asText(),
                        "firstKeptEntryIndex becomes the id of the entry at that index");
            }
            actual.remove("id");
            actual.remove("parentId");
            assertTrue(sameJson(expected, actual), "line " + (i + 1) + "\nexpected " + expected + "\nactual   " + actual);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-compaction.jsonl", "large-session.jsonl"})
    void re_importing_an_exported_transcript_exports_the_same_file(String name, @TempDir Path dir) {
        TranscriptImport first = reader.read(fixture(name), SessionsIndex.empty());
        String exported = export(recorded(first));
        Path again = OpenClawTestSupport.write(dir, first.sessionId().value() + ".jsonl", exported);

        TranscriptImport second = reader.read(again, SessionsIndex.empty());

        assertEquals(exported, export(recorded(second)));
        assertEquals(first.events().size(), second.events().size());
        for (int i = 0; i < first.events().size(); i++) {
            assertEquals(first.events().get(i).event(), second.events().get(i).event(), "event " + (i + 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-compaction.jsonl", "large-session.jsonl"})
    void an_export_never_writes_a_tool_result_before_its_call(String name) {
        List<ObjectNode> exported = lines(export(recorded(reader.read(fixture(name), SessionsIndex.empty()))));
        Set<String> calls = new HashSet<>();
        int results = 0;
        for (ObjectNode entry : exported) {
            JsonNode message = entry.get("message");
            if (message == null) {
                continue;
            }
            message.path("content").forEach(block -> {
                if ("toolCall".equals(block.path("type").asText())) {
                    calls.add(block.get("id").asText());
                }
            });
            if ("toolResult".equals(message.path("role").asText())) {
                results++;
                assertTrue(calls.contains(message.get("toolCallId").asText()), "call before result: " + entry);
            }
            assertTrue(message.get("timestamp").isIntegralNumber(), "epoch-ms message timestamp");
        }
        assertTrue(results > 300, "the fixture's tool results are all there: " + results);
        assertNull(exported.get(1).get("parentId").textValue(), "the first entry is a root");
    }

    private static Path fixture(String name) {
        var dir = OpenClawTestSupport.piFixtures();
        assumeTrue(dir.isPresent(), "pi fixtures not found at ../shared/fixtures/pi-sessions; skipping");
        return dir.get().resolve(name);
    }
}
