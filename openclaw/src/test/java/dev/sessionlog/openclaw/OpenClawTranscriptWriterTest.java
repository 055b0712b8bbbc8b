package dev.sessionlog.openclaw;

import static dev.sessionlog.openclaw.OpenClawTestSupport.export;
import static dev.sessionlog.openclaw.OpenClawTestSupport.lines;
import static dev.sessionlog.openclaw.OpenClawTestSupport.recorded;
import static dev.sessionlog.openclaw.OpenClawTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exporting sessions a gateway recorded live (no OpenClaw metadata) as version 3 transcripts. */
class OpenClawTranscriptWriterTest {
    private static final SessionId SESSION = SessionId.of("5a5a5a5a-0000-4000-8000-000000000001");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Pattern HEX8 = Pattern.compile("^[0-9a-f]{8}$");

    private static List<RecordedEvent> session(SessionEvent... events) {
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            recorded.add(new RecordedEvent(i, SESSION, i + 1, EventId.random(), T0.plusSeconds(i), events[i], EventMetadata.EMPTY));
        }
        return recorded;
    }

    private static List<RecordedEvent> liveConversation() {
        CallId call = CallId.of("call-1");
        CallId failed = CallId.of("call-2");
        return session(
                SessionStarted.initial(SessionKey.of("agent:main:main"), "main", "telegram"),
                SettingsChanged.model("anthropic", "claude-sonnet-4-6"),
                UserMessageReceived.text("tg:1", "hello"),
                new ModelCallStarted(call, "anthropic", "claude-sonnet-4-6", 1, T0.plusSeconds(60)),
                new ModelCallCompleted(call, List.of(new ContentBlock.Text("checking"),
                        new ContentBlock.ToolCall("tool-1", "exec", "{\"command\":\"ls\"}")), Usage.of(10, 5), "toolUse"),
                new ToolResultRecorded("tool-1", "exec", List.of(new ContentBlock.Text("a.txt")), false),
                new ToolResultRecorded("tool-never-called", "exec", List.of(new ContentBlock.Text("?")), false),
                new ModelCallStarted(failed, "anthropic", "claude-sonnet-4-6", 1, null),
                ModelCallFailed.of(failed, "anthropic", "claude-sonnet-4-6", FailureKind.QUOTA_EXCEEDED),
                new TranscriptCompacted("summary", 3, 100));
    }

    @Test
    void a_live_session_exports_with_a_header_first_and_chained_fresh_ids() {
        List<ObjectNode> lines = lines(export(liveConversation()));

        ObjectNode header = lines.get(0);
        assertEquals("session", header.get("type").asText());
        assertEquals(3, header.get("version").asInt());
        assertEquals(SESSION.value(), header.get("id").asText());
        assertEquals(List.of("model_change", "message", "message", "message", "custom", "message", "compaction"),
                lines.subList(1, lines.size()).stream().map(l -> l.get("type").asText()).toList());
        assertTrue(lines.get(1).get("parentId").isNull());
        for (int i = 1; i < lines.size(); i++) {
            ObjectNode entry = lines.get(i);
            assertTrue(HEX8.matcher(entry.get("id").asText()).matches(), entry.toString());
            if (i > 1) {
                assertEquals(lines.get(i - 1).get("id").asText(), entry.get("parentId").asText());
            }
            Instant.parse(entry.get("timestamp").asText()); // ISO-8601, or this throws
            if (entry.has("message")) {
                assertEquals(Instant.parse(entry.get("timestamp").asText()).toEpochMilli(),
                        entry.at("/message/timestamp").asLong());
            }
        }
    }

    @Test
    void model_calls_become_assistant_messages_with_provider_usage_and_stop_reason() {
        List<ObjectNode> lines = lines(export(liveConversation()));

        ObjectNode assistant = (ObjectNode) lines.get(3).get("message");
        assertEquals("assistant", assistant.get("role").asText());
        assertEquals("anthropic", assistant.get("provider").asText());
        assertEquals("toolUse", assistant.get("stopReason").asText());
        assertEquals(15, assistant.at("/usage/totalTokens").asInt());
        assertEquals("ls", assistant.at("/content/1/arguments/command").asText());
        ObjectNode failure = (ObjectNode) lines.get(6).get("message");
        assertEquals("error", failure.get("stopReason").asText());
        assertEquals("quota exceeded", failure.get("errorMessage").asText());
        assertEquals(lines.get(2).get("id").asText(), lines.get(7).get("firstKeptEntryId").asText(),
                "sequence 3 is the user message");
    }

    @Test
    void a_tool_result_without_its_call_is_exported_as_a_custom_entry() throws Exception {
        StringWriter out = new StringWriter();
        ExportSummary summary = OpenClawTranscriptWriter.write(liveConversation(), out);

        ObjectNode orphan = lines(out.toString()).get(5);
        assertEquals("custom", orphan.get("type").asText());
        assertEquals(OpenClawTranscriptWriter.ORPHAN_TOOL_RESULT, orphan.get("customType").asText());
        assertEquals("tool-never-called", orphan.at("/data/toolCallId").asText());
        assertEquals(1, summary.orphanToolResults());
        assertEquals(7, summary.entries());
    }

    @Test
    void exporting_twice_writes_the_same_text() {
        List<RecordedEvent> events = liveConversation();
        assertEquals(export(events), export(events));
    }

    @Test
    void an_exported_live_session_imports_back_to_the_same_conversation(@TempDir Path dir) {
        String exported = export(liveConversation());
        TranscriptImport imported = OpenClawTranscriptReader.standard()
                .read(write(dir, SESSION.value() + ".jsonl", exported), SessionsIndex.empty());

        List<SessionEvent> events = OpenClawTestSupport.events(imported);
        UserMessageReceived user = (UserMessageReceived) events.get(2);
        assertEquals(List.of(new ContentBlock.Text("hello")), user.content());
        ModelCallCompleted completed = (ModelCallCompleted) events.get(4);
        assertEquals(Usage.of(10, 5), completed.usage());
        ModelCallFailed failed = (ModelCallFailed) events.get(8);
        assertEquals("quota exceeded", failed.providerMessage());
        assertEquals(exported, export(recorded(imported)), "and exports to the same file again");
    }

    @Test
    void an_empty_session_writes_nothing() throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(new ExportSummary(0, 0), OpenClawTranscriptWriter.write(List.of(), out));
        assertEquals("", out.toString());
    }

    @Test
    void settings_with_a_model_and_thinking_level_write_both_entries() {
        List<ObjectNode> lines = lines(export(session(SessionStarted.initial(null, null, null),
                new SettingsChanged("openai", "gpt-5", "high", Map.of("verbose", "on")))));
        assertEquals(List.of("model_change", "thinking_level_change", "custom"),
                lines.subList(1, 4).stream().map(l -> l.get("type").asText()).toList());
        assertEquals("on", lines.get(3).at("/data/verbose").asText());
    }
}
