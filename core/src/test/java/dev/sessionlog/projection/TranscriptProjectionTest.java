package dev.sessionlog.projection;

import static dev.sessionlog.testing.Events.callStarted;
import static dev.sessionlog.testing.Events.completed;
import static dev.sessionlog.testing.Events.describe;
import static dev.sessionlog.testing.Events.failed;
import static dev.sessionlog.testing.Events.result;
import static dev.sessionlog.testing.Events.started;
import static dev.sessionlog.testing.Events.text;
import static dev.sessionlog.testing.Events.toolCall;
import static dev.sessionlog.testing.Events.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.projection.TranscriptMessage.Role;
import dev.sessionlog.testing.RandomLogs;
import dev.sessionlog.testing.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TranscriptProjectionTest {

    private static List<String> transcriptOf(SessionEvent... events) {
        return describe(TranscriptProjection.transcriptOf(Recorded.events(events)));
    }

    @Test
    void an_empty_session_has_an_empty_transcript() {
        assertEquals(List.of(), transcriptOf());
        assertEquals(List.of(), transcriptOf(started()));
    }

    @Test
    void user_messages_and_completed_calls_become_user_and_assistant_messages_in_log_order() {
        List<String> transcript = transcriptOf(started(),
                user("hello"),
                callStarted("c1"),
                completed("c1", new ContentBlock.Thinking("hmm", "sig"), text("hi there")),
                user("how are you?"),
                callStarted("c2"),
                completed("c2", text("fine")));

        assertEquals(List.of("USER:hello", "ASSISTANT:think(hmm)|hi there", "USER:how are you?", "ASSISTANT:fine"),
                transcript);
    }

    @Test
    void messages_keep_their_roles_sequences_and_content() {
        List<RecordedEvent> events = Recorded.events(started(), user("hello"), callStarted("c1"),
                completed("c1", text("answer"), toolCall("t1")),
                new ToolResultRecorded("t1", "exec", List.of(text("boom")), true));

        List<TranscriptMessage> messages = TranscriptProjection.transcriptOf(events).messages();

        assertEquals(new TranscriptMessage(Role.USER, List.of(text("hello")), 2, null, null, false), messages.get(0));
        assertEquals(new TranscriptMessage(Role.ASSISTANT, List.of(text("answer"), toolCall("t1")), 4, null, null,
                false), messages.get(1));
        assertEquals(new TranscriptMessage(Role.TOOL_RESULT, List.of(text("boom")), 5, "t1", "exec", true),
                messages.get(2));
    }

    @Test
    void a_tool_result_follows_the_assistant_message_that_called_it() {
        List<String> transcript = transcriptOf(started(),
                user("list files"),
                callStarted("c1"),
                completed("c1", text("running ls"), toolCall("t1")),
                user("also, hurry"),          // arrived while the tool ran
                result("t1", "a.txt"),
                callStarted("c2"),
                completed("c2", text("there is a.txt")));

        assertEquals(List.of("USER:list files", "ASSISTANT:running ls|call(t1)", "TOOL_RESULT(t1):a.txt",
                "USER:also, hurry", "ASSISTANT:there is a.txt"), transcript);
    }

    @Test
    void results_arriving_out_of_order_follow_their_calls_in_call_order() {
        List<String> transcript = transcriptOf(started(),
                user("go"),
                callStarted("c1"),
                completed("c1", toolCall("a"), toolCall("b"), toolCall("c")),
                result("c", "third"),
                result("a", "first"),
                result("b", "second"));

        assertEquals(List.of("USER:go", "ASSISTANT:call(a)|call(b)|call(c)", "TOOL_RESULT(a):first",
                "TOOL_RESULT(b):second", "TOOL_RESULT(c):third"), transcript);
    }

    @Test
    void an_orphaned_tool_call_never_reaches_the_prompt() {
        List<String> transcript = transcriptOf(started(),
                user("run two things"),
                callStarted("c1"),
                completed("c1", text("on it"), toolCall("a"), toolCall("b")),
                result("a", "done a"),
                new TurnAborted(TurnAborted.Reason.USER_STOP, null), // b's result never comes
                user("never mind"),
                callStarted("c2"),
                completed("c2", text("ok")));

        assertEquals(List.of("USER:run two things", "ASSISTANT:on it|call(a)", "TOOL_RESULT(a):done a",
                "USER:never mind", "ASSISTANT:ok"), transcript);
    }

    @Test
    void an_assistant_message_left_empty_by_orphaned_calls_is_left_out() {
        List<String> transcript = transcriptOf(started(),
                user("go"),
                callStarted("c1"),
                completed("c1", toolCall("a")),
                user("next"),
                callStarted("c2"),
                completed("c2"));  // an empty answer is left out too

        assertEquals(List.of("USER:go", "USER:next"), transcript);
    }

    @Test
    void a_tool_call_still_running_at_the_end_of_the_log_is_left_out_until_its_result_arrives() {
        List<SessionEvent> events = new ArrayList<>(List.of(started(), user("go"), callStarted("c1"),
                completed("c1", text("checking"), toolCall("a"))));

        assertEquals(List.of("USER:go", "ASSISTANT:checking"), transcriptOf(events.toArray(SessionEvent[]::new)));

        events.add(result("a", "found"));
        assertEquals(List.of("USER:go", "ASSISTANT:checking|call(a)", "TOOL_RESULT(a):found"),
                transcriptOf(events.toArray(SessionEvent[]::new)));
    }

    @Test
    void a_tool_result_without_its_call_is_dropped() {
        List<String> transcript = transcriptOf(started(),
                result("ghost", "from nowhere"),
                user("hi"),
                callStarted("c1"),
                completed("c1", text("hello"), toolCall("a")),
                result("b", "not asked for"),
                result("a", "asked for"));

        assertEquals(List.of("USER:hi", "ASSISTANT:hello|call(a)", "TOOL_RESULT(a):asked for"), transcript);
    }

    @Test
    void a_second_result_for_the_same_call_is_dropped() {
        List<String> transcript = transcriptOf(started(),
                user("go"),
                callStarted("c1"),
                completed("c1", toolCall("a")),
                result("a", "first"),
                result("a", "retry of the same result"));

        assertEquals(List.of("USER:go", "ASSISTANT:call(a)", "TOOL_RESULT(a):first"), transcript);
    }

    @Test
    void a_reused_tool_call_id_pairs_with_the_newest_unanswered_call() {
        List<String> transcript = transcriptOf(started(),
                user("one"),
                callStarted("c1"),
                completed("c1", text("first turn"), toolCall("call_0")),
                result("call_0", "answer 1"),
                user("two"),
                callStarted("c2"),
                completed("c2", text("second turn"), toolCall("call_0")),
                result("call_0", "answer 2"));

        assertEquals(List.of("USER:one", "ASSISTANT:first turn|call(call_0)", "TOOL_RESULT(call_0):answer 1",
                "USER:two", "ASSISTANT:second turn|call(call_0)", "TOOL_RESULT(call_0):answer 2"), transcript);
    }

    @Test
    void an_unanswered_call_whose_id_is_reused_stays_an_orphan() {
        List<String> transcript = transcriptOf(started(),
                user("one"),
                callStarted("c1"),
                completed("c1", text("first turn"), toolCall("call_0")),   // aborted, never answered
                user("two"),
                callStarted("c2"),
                completed("c2", text("second turn"), toolCall("call_0")),
                result("call_0", "answer"));

        assertEquals(List.of("USER:one", "ASSISTANT:first turn", "USER:two", "ASSISTANT:second turn|call(call_0)",
                "TOOL_RESULT(call_0):answer"), transcript);
    }

    @Test
    void two_calls_with_one_id_in_one_message_pair_with_one_result() {
        List<String> transcript = transcriptOf(started(),
                user("go"),
                callStarted("c1"),
                completed("c1", toolCall("a"), toolCall("a")),
                result("a", "once"));

        assertEquals(List.of("USER:go", "ASSISTANT:call(a)", "TOOL_RESULT(a):once"), transcript);
    }

    @Test
    void tool_call_blocks_outside_assistant_messages_are_removed() {
        List<String> transcript = transcriptOf(started(),
                new UserMessageReceived(null, List.of(text("look"), toolCall("forged")), null),
                new UserMessageReceived(null, List.of(toolCall("only a call")), null),
                new ContextMessageAdded("ext", List.of(toolCall("x")), false),
                callStarted("c1"),
                completed("c1", toolCall("a")),
                new ToolResultRecorded("a", "exec", List.of(text("out"), toolCall("nested")), false));

        assertEquals(List.of("USER:look", "ASSISTANT:call(a)", "TOOL_RESULT(a):out"), transcript);
    }

    @Test
    void failed_calls_and_custom_entries_are_excluded() {
        List<String> transcript = transcriptOf(started(),
                user("hi"),
                callStarted("c1"),
                failed("c1", FailureKind.RATE_LIMITED),
                new CustomEntryRecorded("openclaw.cache-ttl", "{\"ttl\":5}"),
                SettingsChanged.model("openai", "gpt-5"),
                callStarted("c2"),
                failed("c2", FailureKind.QUOTA_EXCEEDED),
                new TurnAborted(TurnAborted.Reason.SUPERSEDED, CallId.of("c2")),
                user("hello?"),
                callStarted("c3"),
                completed("c3", text("hello!")),
                new DeliveryRecorded("d1", "telegram:1", "hello!"),
                new SessionEnded(SessionEnded.Reason.RESET));

        assertEquals(List.of("USER:hi", "USER:hello?", "ASSISTANT:hello!"), transcript);
    }

    @Test
    void context_messages_stay_in_place_and_empty_ones_are_left_out() {
        List<String> transcript = transcriptOf(started(),
                user("hi"),
                new ContextMessageAdded("branch_summary", List.of(text("earlier branch")), false),
                new ContextMessageAdded("ext", List.of(), false),
                callStarted("c1"),
                completed("c1", text("hello")));

        assertEquals(List.of("USER:hi", "CONTEXT:earlier branch", "ASSISTANT:hello"), transcript);
    }

    @Test
    void compaction_summary_comes_first_and_earlier_messages_are_dropped() {
        List<RecordedEvent> events = Recorded.events(started(),  // 1
                user("old question"),                           // 2
                callStarted("c1"),                              // 3
                completed("c1", text("old answer")),            // 4
                user("kept question"),                          // 5
                callStarted("c2"),                              // 6
                completed("c2", text("kept answer")),           // 7
                new TranscriptCompacted("we talked about old things", 5, 1000), // 8
                user("new question"));                          // 9

        Transcript transcript = TranscriptProjection.transcriptOf(events);

        assertEquals(List.of("SUMMARY:we talked about old things", "USER:kept question", "ASSISTANT:kept answer",
                "USER:new question"), describe(transcript));
        assertEquals(8, transcript.messages().get(0).sequence());
    }

    @Test
    void only_the_latest_compaction_counts() {
        List<String> transcript = transcriptOf(started(),  // 1
                user("a"),                                // 2
                user("b"),                                // 3
                new TranscriptCompacted("first summary", 3, 10),  // 4
                user("c"),                                // 5
                new TranscriptCompacted("second summary", 5, 10), // 6
                user("d"));                               // 7

        assertEquals(List.of("SUMMARY:second summary", "USER:c", "USER:d"), transcript);
    }

    @Test
    void a_compaction_never_drops_messages_appended_after_it() {
        List<String> transcript = transcriptOf(started(),   // 1
                user("a"),                                  // 2
                new TranscriptCompacted("summary", 1_000_000, 10),  // 3: points past itself
                user("b"));                                 // 4

        assertEquals(List.of("SUMMARY:summary", "USER:b"), transcript);
    }

    @Test
    void a_tool_result_whose_call_was_compacted_away_is_dropped() {
        List<String> transcript = transcriptOf(started(),   // 1
                user("go"),                                 // 2
                callStarted("c1"),                          // 3
                completed("c1", toolCall("a")),             // 4
                new TranscriptCompacted("summary", 5, 10),  // 5
                result("a", "late"));                       // 6

        assertEquals(List.of("SUMMARY:summary"), transcript);
    }

    @Test
    void projection_up_to_a_sequence_shows_the_past() {
        List<RecordedEvent> events = Recorded.events(started(),  // 1
                user("go"),                                     // 2
                callStarted("c1"),                              // 3
                completed("c1", text("calling"), toolCall("a")), // 4
                result("a", "done"),                            // 5
                new TranscriptCompacted("summary", 6, 10),      // 6
                user("later"));                                 // 7
        TranscriptProjection projection = TranscriptProjection.INSTANCE;

        assertEquals(List.of("USER:go"), describe(projection.foldUpTo(events, 3).transcript()));
        assertEquals(List.of("USER:go", "ASSISTANT:calling"), describe(projection.foldUpTo(events, 4).transcript()));
        assertEquals(List.of("USER:go", "ASSISTANT:calling|call(a)", "TOOL_RESULT(a):done"),
                describe(projection.foldUpTo(events, 5).transcript()));
        assertEquals(List.of("SUMMARY:summary", "USER:later"), describe(projection.foldUpTo(events, 7).transcript()));
    }

    @Test
    void a_state_is_not_changed_by_folding_further() {
        List<RecordedEvent> events = Recorded.events(started(), user("go"), callStarted("c1"),
                completed("c1", toolCall("a")), result("a", "done"));
        TranscriptProjection projection = TranscriptProjection.INSTANCE;
        TranscriptProjection.State before = projection.foldUpTo(events, 4);

        projection.apply(before, events.get(4));

        assertEquals(List.of("USER:go"), describe(before.transcript()));
    }

    @Test
    void random_messy_logs_always_give_a_well_formed_transcript() {
        for (int seed = 0; seed < 300; seed++) {
            List<RecordedEvent> events = Recorded.events(Recorded.SESSION, RandomLogs.generate(new Random(seed), 200));
            for (long upTo = 1; upTo <= events.size(); upTo += 7) {
                Transcript transcript = TranscriptProjection.INSTANCE.foldUpTo(events, upTo).transcript();
                TranscriptChecks.assertWellFormed(transcript, "seed " + seed + " up to " + upTo);
            }
        }
    }

    @Test
    void a_long_session_folds_into_every_one_of_its_messages() {
        int turns = 12_500; // 50,001 events
        List<SessionEvent> log = new ArrayList<>(5 * turns + 1);
        log.add(started());
        for (int turn = 0; turn < turns; turn++) {
            log.add(user("q" + turn));
            log.add(callStarted("c" + turn));
            log.add(completed("c" + turn, toolCall("t" + turn)));
            log.add(result("t" + turn, "r" + turn));
        }
        List<RecordedEvent> events = Recorded.events(Recorded.SESSION, log);

        Transcript transcript = TranscriptProjection.transcriptOf(events);

        assertEquals(3 * turns, transcript.messages().size());
        assertEquals("TOOL_RESULT(t12499):r12499", describe(transcript.messages().get(3 * turns - 1)));
        TranscriptChecks.assertWellFormed(transcript, "long session");
        assertTrue(transcript.messages().stream().noneMatch(m -> m.role() == Role.SUMMARY));
    }
}
