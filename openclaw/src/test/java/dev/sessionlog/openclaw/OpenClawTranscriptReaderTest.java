package dev.sessionlog.openclaw;

import static dev.sessionlog.openclaw.OpenClawTestSupport.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How each entry type of a version 3 transcript becomes events, as the format's table says. */
class OpenClawTranscriptReaderTest {
    private static final String FILE = "6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl";
    private final TranscriptImport imported = OpenClawTranscriptReader.standard()
            .read(OpenClawTestSupport.resource(FILE), SessionsIndex.empty());
    private final List<SessionEvent> events = events(imported);

    @Test
    void every_entry_type_maps_to_the_event_the_format_table_names() {
        List<Class<?>> expected = List.of(SessionStarted.class,
                SettingsChanged.class, SettingsChanged.class, UserMessageReceived.class,
                ModelCallStarted.class, ModelCallCompleted.class, ToolResultRecorded.class,
                ModelCallStarted.class, ModelCallFailed.class, UserMessageReceived.class,
                ModelCallStarted.class, ModelCallCompleted.class, DeliveryRecorded.class, UserMessageReceived.class,
                ModelCallStarted.class, ModelCallFailed.class, TurnAborted.class, ContextMessageAdded.class,
                ModelCallStarted.class, ModelCallFailed.class, CustomEntryRecorded.class, TranscriptCompacted.class,
                ContextMessageAdded.class, ContextMessageAdded.class, CustomEntryRecorded.class,
                CustomEntryRecorded.class, CustomEntryRecorded.class, ContextMessageAdded.class,
                CustomEntryRecorded.class, CustomEntryRecorded.class, ModelCallStarted.class,
                ModelCallCompleted.class, ToolResultRecorded.class, ModelCallStarted.class, ModelCallCompleted.class);
        assertEquals(expected, events.stream().map(Object::getClass).toList());
        assertEquals(27, imported.entries());
        assertEquals(0, imported.malformedCount());
        assertTrue(imported.ok());
    }

    @Test
    void the_session_starts_as_an_import_linked_to_its_parent_transcript() {
        SessionStarted started = (SessionStarted) events.get(0);
        assertEquals(SessionStarted.Reason.IMPORT, started.reason());
        assertEquals(SessionId.of("0a1b2c3d-0000-4000-8000-000000000001"), started.parentSession());
        assertEquals(SessionId.of("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11"), imported.sessionId());
        assertEquals(3, imported.header().version());
        assertEquals("/home/ana/.openclaw/workspace", imported.header().cwd());
    }

    @Test
    void a_normal_assistant_message_is_a_started_and_completed_call_keyed_by_its_entry_id() {
        ModelCallStarted started = (ModelCallStarted) events.get(4);
        ModelCallCompleted completed = (ModelCallCompleted) events.get(5);
        assertEquals(CallId.of("openclaw:7b6c5d4e"), started.callId());
        assertEquals(started.callId(), completed.callId());
        assertEquals("anthropic", started.provider());
        assertEquals("claude-sonnet-4-6", started.model());
        assertNull(started.deadline());
        assertEquals("toolUse", completed.stopReason());
        assertEquals(new Usage(12034, 88, 11264, 0, 23386, 0.0408), completed.usage());
        assertEquals(List.of(new ContentBlock.Thinking("Check the calendar.", "sig-1"),
                new ContentBlock.ToolCall("toolu_01", "exec", "{\"command\":\"gcalcli agenda\"}")), completed.content());
    }

    @Test
    void an_error_stop_reason_is_a_failed_call_classified_from_the_error_message() {
        ModelCallFailed failed = (ModelCallFailed) events.get(8);
        assertEquals(CallId.of("openclaw:e4d3c2b1"), failed.callId());
        assertEquals(FailureKind.RATE_LIMITED, failed.kind());
        assertEquals(429, failed.httpStatus());
        assertEquals("rate_limit_error", failed.providerErrorCode());
        assertTrue(failed.providerMessage().contains("per-minute rate limit"));
    }

    @Test
    void an_aborted_message_is_a_cancelled_call() {
        ModelCallFailed failed = (ModelCallFailed) events.get(15);
        assertEquals(FailureKind.CANCELLED, failed.kind());
        assertEquals("Request was aborted", failed.providerMessage());
    }

    @Test
    void a_prompt_error_custom_entry_is_a_failed_call_with_its_provider_and_model() {
        ModelCallStarted started = (ModelCallStarted) events.get(18);
        ModelCallFailed failed = (ModelCallFailed) events.get(19);
        assertEquals(CallId.of("openclaw:6f708192"), failed.callId());
        assertEquals("anthropic", started.provider());
        assertEquals(402, failed.httpStatus());
        assertEquals("billing_error", failed.providerErrorCode());
        assertEquals(FailureClassifier.standard().classify(new ProviderError("anthropic", 402, "billing_error",
                failed.providerMessage(), null, null)), failed.kind());
    }

    @Test
    void user_messages_carry_namespaced_entry_ids_as_idempotency_keys() {
        UserMessageReceived first = (UserMessageReceived) events.get(3);
        assertEquals("openclaw:c81b7a44", first.messageId());
        UserMessageReceived stringContent = (UserMessageReceived) events.get(9);
        assertEquals(List.of(new ContentBlock.Text("try again please")), stringContent.content());
        assertEquals("{\"channel\":\"telegram\",\"messageId\":\"4711\"}", stringContent.provenance());
        UserMessageReceived image = (UserMessageReceived) events.get(13);
        assertEquals(new ContentBlock.Image("image/png", "iVBORw0KGgo=", null), image.content().get(1));
    }

    @Test
    void gateway_messages_become_deliveries_aborts_and_context_messages() {
        assertEquals(new DeliveryRecorded("telegram:4712", null, "You have a dentist appointment at 10:00."), events.get(12));
        assertEquals(new TurnAborted(TurnAborted.Reason.USER_STOP, null), events.get(16));
        ContextMessageAdded injected = (ContextMessageAdded) events.get(17);
        assertEquals(List.of(new ContentBlock.Text("⚠️ The previous run was stopped.")), injected.content());
    }

    @Test
    void a_compaction_keeps_from_the_sequence_of_the_entry_it_names() {
        TranscriptCompacted compacted = (TranscriptCompacted) events.get(21);
        assertEquals(14, compacted.firstKeptSequence(), "the user message 2b3c4d5e is event 14");
        assertInstanceOf(UserMessageReceived.class, events.get((int) compacted.firstKeptSequence() - 1));
        assertEquals(24012, compacted.tokensBefore());
    }

    @Test
    void settings_custom_entries_and_context_messages_keep_their_values() {
        assertEquals(SettingsChanged.model("anthropic", "claude-sonnet-4-6"), events.get(1));
        assertEquals(SettingsChanged.thinkingLevel("low"), events.get(2));
        CustomEntryRecorded snapshot = (CustomEntryRecorded) events.get(20);
        assertEquals("model-snapshot", snapshot.customType());
        assertTrue(snapshot.data().contains("\"modelApi\":\"anthropic-messages\""));
        ContextMessageAdded recall = (ContextMessageAdded) events.get(22);
        assertEquals("memory-recall", recall.source());
        assertFalse(recall.display());
        ContextMessageAdded branch = (ContextMessageAdded) events.get(23);
        assertEquals(List.of(new ContentBlock.Text("An abandoned branch asked about the weather.")), branch.content());
    }

    @Test
    void labels_session_names_bash_executions_and_unknown_types_are_kept_whole() {
        assertEquals("openclaw.entry/label", ((CustomEntryRecorded) events.get(24)).customType());
        assertEquals("openclaw.entry/session_info", ((CustomEntryRecorded) events.get(25)).customType());
        assertEquals("openclaw.entry/message.bashExecution", ((CustomEntryRecorded) events.get(26)).customType());
        CustomEntryRecorded future = (CustomEntryRecorded) events.get(29);
        assertEquals("openclaw.entry/future_entry", future.customType());
        assertTrue(future.data().contains("\"payload\":{\"nested\":[1,2,{\"x\":null}]}"));
        assertEquals("true", imported.events().get(29).metadata().attributes().get(OpenClawAttributes.RAW));
    }

    @Test
    void an_empty_user_message_is_kept_as_a_custom_entry_and_reported() {
        CustomEntryRecorded empty = (CustomEntryRecorded) events.get(28);
        assertEquals("openclaw.entry/message.user", empty.customType());
        assertTrue(imported.warnings().stream().anyMatch(w -> w.startsWith("line 24:") && w.contains("user")),
                () -> "warnings: " + imported.warnings());
    }

    @Test
    void metadata_keeps_the_entry_id_parent_timestamps_api_and_unmodelled_fields() {
        NewEvent assistant = imported.events().get(5);
        var attributes = assistant.metadata().attributes();
        assertEquals("7b6c5d4e", attributes.get(OpenClawAttributes.ID));
        assertEquals("c81b7a44", attributes.get(OpenClawAttributes.PARENT_ID));
        assertEquals("2026-04-13T09:41:09.870Z", attributes.get(OpenClawAttributes.TIMESTAMP));
        assertEquals("1776073269100", attributes.get(OpenClawAttributes.MESSAGE_TIMESTAMP));
        assertEquals("anthropic-messages", attributes.get(OpenClawAttributes.API));
        assertEquals("5", attributes.get(OpenClawAttributes.LINE));
        assertTrue(attributes.get(OpenClawAttributes.MESSAGE_EXTRA).contains("\"cost\":{\"input\":0.0361"),
                "the cost breakdown Usage does not model: " + attributes);
        var unknownTopLevel = imported.events().get(31).metadata().attributes();
        assertEquals("{\"unknownTopLevel\":\"kept\"}", unknownTopLevel.get(OpenClawAttributes.EXTRA));
        assertNull(imported.events().get(1).metadata().attributes().get(OpenClawAttributes.PARENT_ID),
                "the first entry's parent is null");
    }

    @Test
    void reading_the_same_file_twice_gives_the_same_events_and_keys() {
        TranscriptImport again = OpenClawTranscriptReader.standard()
                .read(OpenClawTestSupport.resource(FILE), SessionsIndex.empty());
        assertEquals(imported.events(), again.events());
    }
}
