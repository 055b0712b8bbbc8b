package dev.sessionlog.internal;

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
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;

/**
 * The session-index fold the ledger applies on every commit: one summary in, one event, one
 * summary out. A stand-in for the shared {@code SessionSummaries.apply} of the projections work,
 * with the same signature, so the two can be swapped when they meet.
 */
final class LedgerSummaries {
    private LedgerSummaries() {}

    /** The summary after {@code event}; {@code previous} is null before the session's first event. */
    static SessionSummary apply(SessionSummary previous, RecordedEvent event) {
        Builder b = new Builder(previous, event);
        event.event().accept(b);
        return b.build();
    }

    private static final class Builder implements SessionEvent.Visitor<Void> {
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

        Builder(SessionSummary p, RecordedEvent event) {
            sessionId = event.sessionId();
            lastSequence = event.sequence();
            updatedAt = event.recordedAt();
            if (p == null) {
                createdAt = event.recordedAt();
                return;
            }
            sessionKey = p.sessionKey();
            agentId = p.agentId();
            channel = p.channel();
            messageCount = p.messageCount();
            openCalls = p.openCalls();
            lastFailure = p.lastFailure();
            model = p.model();
            totalTokens = p.totalTokens();
            createdAt = p.createdAt();
            endReason = p.endReason();
        }

        SessionSummary build() {
            SessionSummary.State state = endReason != null ? SessionSummary.State.ENDED
                    : openCalls > 0 ? SessionSummary.State.AWAITING_MODEL : SessionSummary.State.IDLE;
            return new SessionSummary(sessionId, sessionKey, agentId, channel, state, lastSequence, messageCount,
                    openCalls, lastFailure, model, totalTokens, createdAt, updatedAt, endReason);
        }

        @Override
        public Void sessionStarted(SessionStarted e) {
            sessionKey = e.sessionKey();
            agentId = e.agentId();
            channel = e.channel();
            return null;
        }

        @Override
        public Void userMessageReceived(UserMessageReceived e) {
            messageCount++;
            return null;
        }

        @Override
        public Void modelCallStarted(ModelCallStarted e) {
            openCalls++;
            model = e.model();
            return null;
        }

        @Override
        public Void modelCallCompleted(ModelCallCompleted e) {
            openCalls = Math.max(0, openCalls - 1);
            messageCount++;
            lastFailure = null;
            totalTokens += e.usage().totalTokens();
            return null;
        }

        @Override
        public Void modelCallFailed(ModelCallFailed e) {
            openCalls = Math.max(0, openCalls - 1);
            lastFailure = e.kind();
            return null;
        }

        @Override
        public Void toolResultRecorded(ToolResultRecorded e) {
            return null;
        }

        @Override
        public Void settingsChanged(SettingsChanged e) {
            if (e.model() != null) {
                model = e.model();
            }
            return null;
        }

        @Override
        public Void transcriptCompacted(TranscriptCompacted e) {
            return null;
        }

        @Override
        public Void deliveryRecorded(DeliveryRecorded e) {
            return null;
        }

        @Override
        public Void turnAborted(TurnAborted e) {
            return null;
        }

        @Override
        public Void customEntryRecorded(CustomEntryRecorded e) {
            return null;
        }

        @Override
        public Void contextMessageAdded(ContextMessageAdded e) {
            return null;
        }

        @Override
        public Void sessionEnded(SessionEnded e) {
            endReason = e.reason();
            return null;
        }
    }
}
