package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
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
 * The rules of the session index entry ({@link SessionSummary}), kept up to date one event at a
 * time, in sequence order: {@link #apply} folds an event into a summary, and the session index
 * applies the same rules ({@link Draft}) to its rows in place ({@link SessionIndex#apply}). Each
 * step is O(1), so keeping the index current never re-reads a session, let alone the index (field
 * failure 7).
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
 * open call never takes the count below zero. The rules for {@code lastFailure}, {@code model} and
 * {@code provider} are those of {@link dev.sessionlog.projection.SessionStatusProjection}: the model and
 * the provider each come from the last call or the last override that names one.
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
        Draft draft = new Draft();
        if (previous != null) {
            draft.takeFrom(previous);
        }
        event.event().accept(draft);
        return new SessionSummary(event.sessionId(), draft.sessionKey, draft.agentId, draft.channel,
                state(draft.endReason, draft.openCalls), event.sequence(), draft.messageCount, draft.openCalls,
                draft.lastFailure, draft.model, draft.provider, draft.totalTokens,
                previous == null ? event.occurredAt() : previous.createdAt(),
                previous == null ? event.occurredAt() : later(previous.updatedAt(), event.occurredAt()),
                draft.endReason);
    }

    /**
     * The later of a session's {@code updatedAt} and its next event's time: {@code updatedAt} never
     * goes back, since an imported transcript's times are not always in order.
     */
    static Instant later(Instant updatedAt, Instant occurredAt) {
        return occurredAt.isAfter(updatedAt) ? occurredAt : updatedAt;
    }

    /** Where a session with these stands: ended, awaiting a model while a call is open, else idle. */
    static SessionSummary.State state(SessionEnded.Reason endReason, int openCalls) {
        return endReason != null ? SessionSummary.State.ENDED
                : openCalls > 0 ? SessionSummary.State.AWAITING_MODEL
                : SessionSummary.State.IDLE;
    }

    /**
     * What an event may change in an entry, mutable: one line per rule instead of a fourteen-argument
     * constructor call. The sequence and the instants are the event's and are set by the caller. The
     * key is only ever set by an event, never read, so an entry stored elsewhere (the index's rows)
     * need not load it: {@link #keyChanged} says whether the event set it.
     */
    static final class Draft implements SessionEvent.Visitor<Draft> {
        SessionKey sessionKey;
        boolean keyChanged;
        String agentId;
        String channel;
        long messageCount;
        int openCalls;
        FailureKind lastFailure;
        String model;
        String provider;
        long totalTokens;
        SessionEnded.Reason endReason;

        /** Makes this the draft of a new session's first event. */
        void clear() {
            sessionKey = null;
            keyChanged = false;
            agentId = null;
            channel = null;
            messageCount = 0;
            openCalls = 0;
            lastFailure = null;
            model = null;
            provider = null;
            totalTokens = 0;
            endReason = null;
        }

        void takeFrom(SessionSummary previous) {
            sessionKey = previous.sessionKey();
            agentId = previous.agentId();
            channel = previous.channel();
            messageCount = previous.messageCount();
            openCalls = previous.openCalls();
            lastFailure = previous.lastFailure();
            model = previous.model();
            provider = previous.provider();
            totalTokens = previous.totalTokens();
            endReason = previous.endReason();
        }

        @Override
        public Draft sessionStarted(SessionStarted event) {
            sessionKey = event.sessionKey();
            keyChanged = true;
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
            provider = event.provider();
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
            provider = event.provider() != null ? event.provider() : provider;
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
            keyChanged = true;
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
