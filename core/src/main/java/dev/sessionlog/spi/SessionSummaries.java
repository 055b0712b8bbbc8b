package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
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
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.SaturatingMath;
import java.time.Instant;

/**
 * The session index entry ({@link SessionSummary}), kept up to date one event at a time: a store
 * calls {@link #apply} for every event it appends or replays, in sequence order, and keeps the
 * result. Each step is O(1), so keeping the index current never re-reads a session, let alone the
 * index (field failure 7).
 *
 * <p>Its dates are the events' own times ({@link RecordedEvent#occurredAt()}: the transcript's times
 * for an imported session, the store's otherwise): {@code createdAt} the first event's,
 * {@code updatedAt} the latest of all so far.
 *
 * <p>The key, agent and channel come from {@code SessionStarted}; a later {@code SessionKeyAssigned}
 * (a key given to a session a message started) sets the key, and the agent and channel it names.
 *
 * <p>Because it is O(1), the entry counts open calls instead of naming them: it trusts the writer's
 * rule that every {@code ModelCallStarted} gets exactly one terminal event. A terminal event with no
 * open call never takes the count below zero. The rules for {@code lastFailure} and {@code model}
 * are those of {@link dev.sessionlog.projection.SessionStatusProjection}.
 */
final class SessionSummaries {
    private SessionSummaries() {}

    /**
     * The entry after {@code event}.
     *
     * @param previous the entry before it, or null when {@code event} is the session's first
     * @param event the next event of the same session
     * @throws IllegalArgumentException when {@code event} is null or belongs to another session
     */
    static SessionSummary apply(SessionSummary previous, RecordedEvent event) {
        requireArgument(event != null, "event must not be null");
        requireArgument(previous == null || previous.sessionId().equals(event.sessionId()),
                "event of session %s cannot update the entry of session %s",
                event.sessionId(), previous == null ? null : previous.sessionId());
        return event.event().accept(new Draft(previous, event)).toSummary();
    }

    /**
     * A mutable copy of an entry, changed by one event and frozen again: one line per rule instead
     * of a fourteen-argument constructor call. It never escapes {@link #apply}.
     */
    private static final class Draft implements SessionEvent.Visitor<Draft> {
        private final SessionId sessionId;
        private SessionKey sessionKey;
        private String agentId;
        private String channel;
        private final long lastSequence;
        private long messageCount;
        private int openCalls;
        private FailureKind lastFailure;
        private String model;
        private long totalTokens;
        private final Instant createdAt;
        private final Instant updatedAt;
        private SessionEnded.Reason endReason;

        Draft(SessionSummary previous, RecordedEvent event) {
            sessionId = event.sessionId();
            lastSequence = event.sequence();
            if (previous == null) {
                createdAt = event.occurredAt();
                updatedAt = event.occurredAt();
            } else {
                // never earlier than before: an imported transcript's times are not always in order
                updatedAt = later(previous.updatedAt(), event.occurredAt());
                sessionKey = previous.sessionKey();
                agentId = previous.agentId();
                channel = previous.channel();
                messageCount = previous.messageCount();
                openCalls = previous.openCalls();
                lastFailure = previous.lastFailure();
                model = previous.model();
                totalTokens = previous.totalTokens();
                createdAt = previous.createdAt();
                endReason = previous.endReason();
            }
        }

        private static Instant later(Instant a, Instant b) {
            return b.isAfter(a) ? b : a;
        }

        SessionSummary toSummary() {
            SessionSummary.State state = endReason != null ? SessionSummary.State.ENDED
                    : openCalls > 0 ? SessionSummary.State.AWAITING_MODEL
                    : SessionSummary.State.IDLE;
            return new SessionSummary(sessionId, sessionKey, agentId, channel, state, lastSequence, messageCount,
                    openCalls, lastFailure, model, totalTokens, createdAt, updatedAt, endReason);
        }

        @Override
        public Draft sessionStarted(SessionStarted event) {
            sessionKey = event.sessionKey();
            agentId = event.agentId();
            channel = event.channel();
            return this;
        }

        @Override
        public Draft userMessageReceived(UserMessageReceived event) {
            messageCount++;
            return this;
        }

        @Override
        public Draft modelCallStarted(ModelCallStarted event) {
            openCalls++;
            model = event.model();
            return this;
        }

        @Override
        public Draft modelCallCompleted(ModelCallCompleted event) {
            closeCall();
            messageCount++;
            lastFailure = null;
            totalTokens = SaturatingMath.add(totalTokens, event.usage().tokensInAll());
            return this;
        }

        @Override
        public Draft modelCallFailed(ModelCallFailed event) {
            closeCall();
            lastFailure = event.kind();
            return this;
        }

        @Override
        public Draft toolResultRecorded(ToolResultRecorded event) {
            return this;
        }

        @Override
        public Draft settingsChanged(SettingsChanged event) {
            model = event.model() != null ? event.model() : model;
            return this;
        }

        @Override
        public Draft transcriptCompacted(TranscriptCompacted event) {
            return this;
        }

        @Override
        public Draft deliveryRecorded(DeliveryRecorded event) {
            return this;
        }

        @Override
        public Draft turnAborted(TurnAborted event) {
            return this;
        }

        @Override
        public Draft customEntryRecorded(CustomEntryRecorded event) {
            return this;
        }

        @Override
        public Draft contextMessageAdded(ContextMessageAdded event) {
            return this;
        }

        @Override
        public Draft sessionKeyAssigned(SessionKeyAssigned event) {
            sessionKey = event.sessionKey();
            agentId = event.agentId() != null ? event.agentId() : agentId;
            channel = event.channel() != null ? event.channel() : channel;
            return this;
        }

        @Override
        public Draft sessionEnded(SessionEnded event) {
            endReason = event.reason();
            return this;
        }

        private void closeCall() {
            openCalls = Math.max(0, openCalls - 1);
        }
    }
}
