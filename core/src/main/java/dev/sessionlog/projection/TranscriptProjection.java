package dev.sessionlog.projection;

import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.projection.TranscriptMessage.Role;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds a session into the messages of its next prompt, a {@link Transcript}:
 * <pre>{@code
 * Transcript next = store.project(sessionId, TranscriptProjection.INSTANCE).transcript();
 * }</pre>
 *
 * <p>The rules, in the order the messages come out:
 * <ol>
 *   <li>The latest {@link TranscriptCompacted} contributes a {@link Role#SUMMARY} message first, and
 *       every message with a sequence before its {@code firstKeptSequence} is left out. Earlier
 *       compactions no longer count. A compaction never drops a message appended after it (a
 *       {@code firstKeptSequence} beyond the compaction's own sequence is read as "keep everything
 *       after it"), because its summary cannot stand for messages it never saw.</li>
 *   <li>{@link UserMessageReceived} is a {@link Role#USER} message, {@link ModelCallCompleted} an
 *       {@link Role#ASSISTANT} message with its blocks (text, thinking, tool calls),
 *       {@link ContextMessageAdded} a {@link Role#CONTEXT} message, all in log order.</li>
 *   <li>A {@link ToolResultRecorded} is a {@link Role#TOOL_RESULT} message placed right after the
 *       assistant message holding the tool call it answers; the results of one assistant message
 *       follow in the order of its calls, whatever order they were recorded in. A result answers the
 *       newest assistant message with an unanswered call of that id (some models reuse ids such as
 *       {@code call_0} from turn to turn); a second result for an answered call is left out, so the
 *       first one counts.</li>
 *   <li>No prompt gets an unpaired call or result (field failure 14, where one orphan made every
 *       later request fail with HTTP 400): a tool call without a result is removed from its
 *       assistant message, and an assistant or context message left without any block is left out
 *       entirely; a result without a call is left out. This includes a call whose tool is still
 *       running at the end of the log: the transcript is what can be sent next, and a provider
 *       refuses a call without its result. The call comes back, with its result, once the result is
 *       recorded. Tool-call blocks found anywhere but in an assistant message are removed too.</li>
 *   <li>Failed calls ({@link ModelCallFailed}), {@link CustomEntryRecorded}, {@link DeliveryRecorded},
 *       {@link SettingsChanged}, {@link TurnAborted}, {@link ModelCallStarted}, {@link SessionStarted}
 *       and {@link SessionEnded} never enter the prompt.</li>
 * </ol>
 *
 * <p>The fold state is a {@link State}, not the {@code Transcript} itself: pairing results with
 * their calls needs bookkeeping that a prompt must not show. The state is persistent (vavr
 * collections), so each step costs effectively O(1) and folding n events costs O(n);
 * {@link State#transcript()} renders the messages in one pass.
 */
public final class TranscriptProjection implements Projection<TranscriptProjection.State> {

    /** The projection; it has no configuration, so one instance serves everyone. */
    public static final TranscriptProjection INSTANCE = new TranscriptProjection();

    /** Same as {@link #INSTANCE}. */
    public TranscriptProjection() {
    }

    /** The transcript of {@code events}, folded in order. */
    public static Transcript transcriptOf(List<RecordedEvent> events) {
        return INSTANCE.fold(events).transcript();
    }

    @Override
    public State initial() {
        return State.EMPTY;
    }

    @Override
    public State apply(State state, RecordedEvent event) {
        return event.event().accept(new Step(state, event.sequence()));
    }

    /**
     * The transcript fold state: every message kept so far, the tool results paired with their
     * calls, and the latest compaction. Immutable; obtain the prompt with {@link #transcript()}.
     */
    public static final class State {
        private static final State EMPTY = new State(Vector.empty(), HashMap.empty(), null, 0);

        /** USER, ASSISTANT and CONTEXT messages in log order; an assistant entry carries its results. */
        private final Vector<Entry> entries;
        /** Tool-call id to the index (in entries) of the newest assistant message with that call unanswered. */
        private final Map<String, Integer> awaitingResult;
        /** The latest compaction's summary, or null. */
        private final TranscriptMessage summary;
        /** Entries before this sequence were compacted away. */
        private final long firstKeptSequence;

        private State(Vector<Entry> entries, Map<String, Integer> awaitingResult, TranscriptMessage summary,
                      long firstKeptSequence) {
            this.entries = entries;
            this.awaitingResult = awaitingResult;
            this.summary = summary;
            this.firstKeptSequence = firstKeptSequence;
        }

        /** The messages for the next prompt, by the rules of {@link TranscriptProjection}. */
        public Transcript transcript() {
            List<TranscriptMessage> messages = new ArrayList<>(entries.size() + 1);
            if (summary != null) {
                messages.add(summary);
            }
            for (Entry entry : entries) {
                if (entry.message.sequence() >= firstKeptSequence) {
                    entry.renderInto(messages);
                }
            }
            return new Transcript(messages);
        }

        private State withMessage(TranscriptMessage message) {
            return new State(entries.append(new Entry(message, HashMap.empty())), awaitingResult, summary,
                    firstKeptSequence);
        }

        private State withAssistantMessage(TranscriptMessage message) {
            int index = entries.size();
            Map<String, Integer> awaiting = awaitingResult;
            for (ContentBlock block : message.content()) {
                if (block instanceof ContentBlock.ToolCall call) {
                    // A reused id now means this call: an older unanswered one stays an orphan.
                    awaiting = awaiting.put(call.id(), index);
                }
            }
            return new State(entries.append(new Entry(message, HashMap.empty())), awaiting, summary,
                    firstKeptSequence);
        }

        private State withToolResult(TranscriptMessage result) {
            Option<Integer> index = awaitingResult.get(result.toolCallId());
            if (index.isEmpty()) {
                return this; // no call, or already answered: the first result counts
            }
            Entry answered = entries.get(index.get()).withResult(result);
            return new State(entries.update(index.get(), answered), awaitingResult.remove(result.toolCallId()),
                    summary, firstKeptSequence);
        }

        private State withCompaction(TranscriptMessage newSummary, long newFirstKeptSequence) {
            return new State(entries, awaitingResult, newSummary, newFirstKeptSequence);
        }
    }

    /** One kept message; for an assistant message, the results recorded for its tool calls by call id. */
    private record Entry(TranscriptMessage message, Map<String, TranscriptMessage> results) {

        Entry withResult(TranscriptMessage result) {
            return new Entry(message, results.put(result.toolCallId(), result));
        }

        /** Adds the message without its unanswered calls, then the results in call order; nothing if empty. */
        void renderInto(List<TranscriptMessage> out) {
            List<ContentBlock> blocks = new ArrayList<>(message.content().size());
            List<TranscriptMessage> answers = new ArrayList<>();
            Set<String> answered = new HashSet<>();
            for (ContentBlock block : message.content()) {
                if (block instanceof ContentBlock.ToolCall call) {
                    Option<TranscriptMessage> result = results.get(call.id());
                    if (result.isEmpty() || !answered.add(call.id())) {
                        continue; // unanswered, or a second block with the same id: one result pairs with one call
                    }
                    answers.add(result.get());
                }
                blocks.add(block);
            }
            if (blocks.isEmpty()) {
                return; // providers refuse empty messages
            }
            out.add(blocks.size() == message.content().size() ? message
                    : new TranscriptMessage(message.role(), blocks, message.sequence(), null, null, false));
            out.addAll(answers);
        }
    }

    /** One fold step: the state after one event. */
    private record Step(State state, long sequence) implements SessionEvent.Visitor<State> {

        @Override
        public State sessionStarted(SessionStarted event) {
            return state;
        }

        @Override
        public State userMessageReceived(UserMessageReceived event) {
            return state.withMessage(message(Role.USER, event.content()));
        }

        @Override
        public State modelCallStarted(ModelCallStarted event) {
            return state;
        }

        @Override
        public State modelCallCompleted(ModelCallCompleted event) {
            return state.withAssistantMessage(message(Role.ASSISTANT, event.content()));
        }

        @Override
        public State modelCallFailed(ModelCallFailed event) {
            return state;
        }

        @Override
        public State toolResultRecorded(ToolResultRecorded event) {
            List<ContentBlock> content = event.content().stream()
                    .filter(block -> !(block instanceof ContentBlock.ToolCall))
                    .toList();
            return state.withToolResult(new TranscriptMessage(Role.TOOL_RESULT, content, sequence,
                    event.toolCallId(), event.toolName(), event.isError()));
        }

        @Override
        public State settingsChanged(SettingsChanged event) {
            return state;
        }

        @Override
        public State transcriptCompacted(TranscriptCompacted event) {
            TranscriptMessage summary = message(Role.SUMMARY, List.of(new ContentBlock.Text(event.summary())));
            return state.withCompaction(summary, Math.min(event.firstKeptSequence(), sequence));
        }

        @Override
        public State deliveryRecorded(DeliveryRecorded event) {
            return state;
        }

        @Override
        public State turnAborted(TurnAborted event) {
            return state;
        }

        @Override
        public State customEntryRecorded(CustomEntryRecorded event) {
            return state;
        }

        @Override
        public State contextMessageAdded(ContextMessageAdded event) {
            return state.withMessage(message(Role.CONTEXT, event.content()));
        }

        @Override
        public State sessionKeyAssigned(SessionKeyAssigned event) {
            return state; // never part of a prompt
        }

        @Override
        public State sessionEnded(SessionEnded event) {
            return state;
        }

        private TranscriptMessage message(Role role, List<ContentBlock> content) {
            return new TranscriptMessage(role, content, sequence, null, null, false);
        }
    }
}
