package dev.sessionlog.projection;

import dev.sessionlog.CallId;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
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
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.SaturatingMath;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * Folds a session into where it stands, a {@link SessionStatus}:
 * <pre>{@code
 * SessionStatus status = store.project(sessionId, SessionStatusProjection.INSTANCE).status();
 * }</pre>
 *
 * <ul>
 *   <li><b>state</b>: {@code ENDED} after {@code SessionEnded}; otherwise {@code AWAITING_MODEL} while
 *       a model call is open (started, no outcome yet), else {@code IDLE}. Calls may overlap; the
 *       status names the newest open one and when it started, and the next newest once that one
 *       ends.</li>
 *   <li><b>lastFailure</b>: the kind of the newest call outcome when it was a failure; a later
 *       completed call clears it.</li>
 *   <li><b>provider, model</b>: from whichever came last, a {@code SettingsChanged} override (each
 *       field only when it is set) or a {@code ModelCallStarted}; <b>thinkingLevel</b> from the last
 *       {@code SettingsChanged} that set one.</li>
 *   <li><b>tokens and cost</b>: the sums over completed calls' {@link Usage}; token sums saturate at
 *       {@link Long#MAX_VALUE} rather than wrap.</li>
 *   <li><b>abortedLastRun</b>: true after a {@code TurnAborted}, or when the newest call outcome is a
 *       failure of kind {@link FailureKind#CANCELLED} or {@link FailureKind#INTERRUPTED}; a later
 *       outcome of any other kind resets it.</li>
 *   <li><b>updatedAt</b>: the latest time any event happened ({@link RecordedEvent#occurredAt()}: an imported
 *       transcript's own times, else when events were recorded), as in the session index.</li>
 * </ul>
 *
 * <p>The fold state is a {@link State}, not the {@code SessionStatus} record: following
 * overlapping calls needs the set of open ones, which the status does not show. The state is
 * persistent, so each step costs effectively O(1) however many calls are open.
 */
public final class SessionStatusProjection implements Projection<SessionStatusProjection.State> {

    /** The projection; it has no configuration, so one instance serves everyone. */
    public static final SessionStatusProjection INSTANCE = new SessionStatusProjection();

    /** Same as {@link #INSTANCE}. */
    public SessionStatusProjection() {
    }

    @Override
    public State initial() {
        return State.EMPTY;
    }

    @Override
    public State apply(State state, RecordedEvent event) {
        Draft draft = new Draft(state, event);
        return event.event().accept(draft).toState();
    }

    /** A started call that has no outcome yet. */
    private record OpenCall(CallId callId, Instant since) {
    }

    /** The status fold state. Immutable; obtain the status with {@link #status()}. */
    public static final class State {
        private static final State EMPTY = new State(new Draft());

        private final boolean ended;
        /** Open calls by the sequence of their start, so the newest is the greatest key. */
        private final TreeMap<Long, OpenCall> openCalls;
        /** Open call id to the sequence of its start: finds the entry to remove when the call ends. */
        private final Map<CallId, Long> openCallStarts;
        private final FailureKind lastFailure;
        private final String provider;
        private final String model;
        private final String thinkingLevel;
        private final long inputTokens;
        private final long outputTokens;
        private final long totalTokens;
        private final double cost;
        private final boolean abortedLastRun;
        private final Instant updatedAt;

        private State(Draft draft) {
            ended = draft.ended;
            openCalls = draft.openCalls;
            openCallStarts = draft.openCallStarts;
            lastFailure = draft.lastFailure;
            provider = draft.provider;
            model = draft.model;
            thinkingLevel = draft.thinkingLevel;
            inputTokens = draft.inputTokens;
            outputTokens = draft.outputTokens;
            totalTokens = draft.totalTokens;
            cost = draft.cost;
            abortedLastRun = draft.abortedLastRun;
            updatedAt = draft.updatedAt;
        }

        /** Where the session stands, by the rules of {@link SessionStatusProjection}. */
        public SessionStatus status() {
            Option<OpenCall> newestOpen = ended ? Option.none() : openCalls.max().map(Tuple2::_2);
            SessionSummary.State state = ended ? SessionSummary.State.ENDED
                    : newestOpen.isDefined() ? SessionSummary.State.AWAITING_MODEL
                    : SessionSummary.State.IDLE;
            return new SessionStatus(state, newestOpen.map(OpenCall::callId).getOrNull(),
                    newestOpen.map(OpenCall::since).getOrNull(), lastFailure, provider, model, thinkingLevel,
                    inputTokens, outputTokens, totalTokens, cost, abortedLastRun, updatedAt);
        }
    }

    /**
     * A mutable copy of a state, changed by one event and frozen again: keeps each rule a line or two
     * instead of a constructor call per field. It never escapes {@link #apply}, so the fold stays pure.
     */
    private static final class Draft implements SessionEvent.Visitor<Draft> {
        private final long sequence;
        private final Instant recordedAt;
        private boolean ended;
        private TreeMap<Long, OpenCall> openCalls;
        private Map<CallId, Long> openCallStarts;
        private FailureKind lastFailure;
        private String provider;
        private String model;
        private String thinkingLevel;
        private long inputTokens;
        private long outputTokens;
        private long totalTokens;
        private double cost;
        private boolean abortedLastRun;
        private Instant updatedAt;

        /** The draft of the empty state. */
        Draft() {
            sequence = 0;
            recordedAt = null;
            openCalls = TreeMap.empty();
            openCallStarts = HashMap.empty();
        }

        Draft(State state, RecordedEvent event) {
            sequence = event.sequence();
            recordedAt = event.recordedAt();
            ended = state.ended;
            openCalls = state.openCalls;
            openCallStarts = state.openCallStarts;
            lastFailure = state.lastFailure;
            provider = state.provider;
            model = state.model;
            thinkingLevel = state.thinkingLevel;
            inputTokens = state.inputTokens;
            outputTokens = state.outputTokens;
            totalTokens = state.totalTokens;
            cost = state.cost;
            abortedLastRun = state.abortedLastRun;
            Instant occurred = event.occurredAt();
            updatedAt = state.updatedAt != null && state.updatedAt.isAfter(occurred) ? state.updatedAt : occurred;
        }

        State toState() {
            return new State(this);
        }

        @Override
        public Draft sessionStarted(SessionStarted event) {
            return this;
        }

        @Override
        public Draft userMessageReceived(UserMessageReceived event) {
            return this;
        }

        @Override
        public Draft modelCallStarted(ModelCallStarted event) {
            if (!openCallStarts.containsKey(event.callId())) {
                openCalls = openCalls.put(sequence, new OpenCall(event.callId(), recordedAt));
                openCallStarts = openCallStarts.put(event.callId(), sequence);
            }
            provider = event.provider();
            model = event.model();
            return this;
        }

        @Override
        public Draft modelCallCompleted(ModelCallCompleted event) {
            close(event.callId());
            lastFailure = null;
            abortedLastRun = false;
            Usage usage = event.usage();
            inputTokens = SaturatingMath.add(inputTokens, usage.inputTokens());
            outputTokens = SaturatingMath.add(outputTokens, usage.outputTokens());
            totalTokens = SaturatingMath.add(totalTokens, usage.tokensInAll());
            cost += usage.costTotal();
            return this;
        }

        @Override
        public Draft modelCallFailed(ModelCallFailed event) {
            close(event.callId());
            lastFailure = event.kind();
            abortedLastRun = event.kind() == FailureKind.CANCELLED || event.kind() == FailureKind.INTERRUPTED;
            return this;
        }

        @Override
        public Draft toolResultRecorded(ToolResultRecorded event) {
            return this;
        }

        @Override
        public Draft settingsChanged(SettingsChanged event) {
            provider = event.provider() != null ? event.provider() : provider;
            model = event.model() != null ? event.model() : model;
            thinkingLevel = event.thinkingLevel() != null ? event.thinkingLevel() : thinkingLevel;
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
            abortedLastRun = true;
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
            return this; // the status does not show the key
        }

        @Override
        public Draft sessionEnded(SessionEnded event) {
            ended = true;
            return this;
        }

        /** An outcome for a call that is not open (the store rejects those) changes nothing here. */
        private void close(CallId callId) {
            Option<Long> start = openCallStarts.get(callId);
            if (start.isDefined()) {
                openCalls = openCalls.remove(start.get());
                openCallStarts = openCallStarts.remove(callId);
            }
        }
    }
}
