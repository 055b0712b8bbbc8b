package dev.sessionlog.openclaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.NewEvent;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a store needs from an import: it can be appended to a new session in one batch, as it is. */
class ImportInvariantsTest {

    static Stream<Path> transcripts() {
        List<Path> files = new ArrayList<>(List.of(
                OpenClawTestSupport.resource("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl"),
                OpenClawTestSupport.resource("11111111-2222-4333-8444-555555555555.jsonl")));
        OpenClawTestSupport.piFixtures().ifPresent(dir -> {
            files.add(dir.resolve("before-compaction.jsonl"));
            files.add(dir.resolve("large-session.jsonl"));
        });
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void an_import_starts_with_session_started_and_has_unique_idempotency_keys(Path file) {
        TranscriptImport imported = OpenClawTranscriptReader.standard().read(file, SessionsIndex.empty());
        assumeTrue(imported.ok(), imported::error);

        SessionStarted started = assertInstanceOf(SessionStarted.class, imported.events().get(0).event());
        assertEquals(SessionStarted.Reason.IMPORT, started.reason());
        Set<String> keys = new HashSet<>();
        for (NewEvent event : imported.events()) {
            event.event().idempotencyKey().ifPresent(key -> assertTrue(keys.add(key), "duplicate key " + key));
            assertTrue(event.metadata().attributes().size() <= EventMetadata.MAX_ATTRIBUTES);
        }
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void every_started_call_ends_exactly_once_right_after_it(Path file) {
        List<SessionEvent> events = OpenClawTestSupport.events(
                OpenClawTranscriptReader.standard().read(file, SessionsIndex.empty()));
        Map<CallId, Integer> ends = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof ModelCallStarted started) {
                SessionEvent next = events.get(i + 1);
                CallId ended = next instanceof ModelCallCompleted c ? c.callId()
                        : next instanceof ModelCallFailed f ? f.callId() : null;
                assertEquals(started.callId(), ended, "event " + (i + 2) + " ends the call started before it");
                ends.merge(started.callId(), 1, Integer::sum);
            }
        }
        assertTrue(ends.values().stream().allMatch(n -> n == 1));
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void a_compaction_keeps_from_an_earlier_event(Path file) {
        List<SessionEvent> events = OpenClawTestSupport.events(
                OpenClawTranscriptReader.standard().read(file, SessionsIndex.empty()));
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TranscriptCompacted compacted) {
                assertTrue(compacted.firstKeptSequence() < i + 1, "kept sequence before the compaction's own");
                assertTrue(events.get((int) compacted.firstKeptSequence() - 1) instanceof UserMessageReceived
                        || events.get((int) compacted.firstKeptSequence() - 1) instanceof ModelCallStarted);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void failed_calls_of_the_real_transcripts_are_cancelled_or_classified(Path file) {
        TranscriptImport imported = OpenClawTranscriptReader.standard().read(file, SessionsIndex.empty());
        List<ModelCallFailed> failures = imported.events().stream().map(NewEvent::event)
                .filter(ModelCallFailed.class::isInstance).map(ModelCallFailed.class::cast).toList();
        long header = imported.events().stream().filter(n -> n.event() instanceof SettingsChanged)
                .filter(n -> "true".equals(n.metadata().attributes().get(OpenClawAttributes.FROM_HEADER))).count();
        if (file.getFileName().toString().equals("before-compaction.jsonl")) {
            assertEquals(19, failures.size(), "18 aborted, 1 error");
            assertEquals(18, failures.stream().filter(f -> f.kind() == FailureKind.CANCELLED).count());
            ModelCallFailed error = failures.stream().filter(f -> f.kind() != FailureKind.CANCELLED).findFirst().orElseThrow();
            assertEquals(400, error.httpStatus());
            assertEquals("invalid_request_error", error.providerErrorCode());
            assertEquals(1, header, "the version 1 header's model and thinking level");
        }
    }
}
