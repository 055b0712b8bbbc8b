package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.ModelCall;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.ContentBlock;
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
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.UserNotice;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@link SessionHandle} of every store: each method is one append through
 * {@link SessionStore#appendAll}, waited for, with the store's typed exception rethrown as it is
 * (never wrapped in a {@link CompletionException}).
 */
public final class DefaultSessionHandle implements SessionHandle {
    private final SessionStore store;
    private final SessionId id;
    private final Clock clock;
    private final FailureClassifier classifier;
    private final SessionViews views;

    /** A handle on {@code id} in {@code store}; deadlines are computed with {@code clock}. */
    public DefaultSessionHandle(SessionStore store, SessionId id, Clock clock, FailureClassifier classifier,
                                SessionViews views) {
        requireArgument(store != null, "store must not be null");
        requireArgument(id != null, "session id must not be null");
        requireArgument(clock != null, "clock must not be null");
        requireArgument(classifier != null, "failure classifier must not be null");
        requireArgument(views != null, "views must not be null");
        this.store = store;
        this.id = id;
        this.clock = clock;
        this.classifier = classifier;
        this.views = views;
    }

    @Override
    public SessionId id() {
        return id;
    }

    /**
     * Appends {@code started} as the session's first event; when the session exists already, does
     * what {@link SessionHandle#start} promises: records the key with {@link SessionKeyAssigned} when
     * the session has none and {@code started} names one, and is otherwise a no-op answered as a
     * duplicate of the session's first event. A concurrent start that assigns a key first makes this
     * one a no-op too.
     */
    @Override
    public AppendResult start(SessionStarted started) {
        requireArgument(started != null, "start event must not be null");
        try {
            return await(store.appendAll(id, ExpectedSequence.noSession(), List.of(NewEvent.of(started))));
        } catch (WrongExpectedSequenceException | SessionEndedException startedBefore) {
            return startedBefore(started); // an ended session is refused before its expected sequence is checked
        }
    }

    private AppendResult startedBefore(SessionStarted started) {
        if (started.sessionKey() == null) {
            return firstEventAgain();
        }
        SessionKey key = summaryOrEnded().sessionKey();
        if (key != null && !key.equals(started.sessionKey())) {
            return firstEventAgain();
        }
        try {
            return append(SessionKeyAssigned.of(started)); // a duplicate when this start recorded it before
        } catch (InvalidEventException | SessionEndedException refused) {
            if (summaryOrEnded().sessionKey() != null) {
                return firstEventAgain(); // the session has its key from its start or from another start
            }
            throw refused;
        }
    }

    /** The answer to a start that changes nothing: its session's first event, as a duplicate. */
    private AppendResult firstEventAgain() {
        List<RecordedEvent> first = store.read(id, 1, 1);
        if (first.isEmpty()) {
            throw new SessionEndedException(id, SessionEnded.Reason.DELETED);
        }
        return new AppendResult(id, 1, 1, first.get(0).position(), true);
    }

    /** The session's index entry; a session that exists and has none was deleted. */
    private SessionSummary summaryOrEnded() {
        return store.summary(id).orElseThrow(() -> new SessionEndedException(id, SessionEnded.Reason.DELETED));
    }

    /**
     * Stores the message; on a session that does not exist yet, a {@code SessionStarted(INITIAL)}
     * without key goes first in the same append, so a session always begins with its start.
     */
    @Override
    public AppendResult receiveUserMessage(String messageId, List<ContentBlock> content) {
        NewEvent message = NewEvent.of(new UserMessageReceived(messageId, content, null));
        if (store.summary(id).isEmpty()) {
            NewEvent start = NewEvent.of(new SessionStarted(null, null, null, null, SessionStarted.Reason.INITIAL, null));
            try {
                return await(store.appendAll(id, ExpectedSequence.noSession(), List.of(start, message)));
            } catch (WrongExpectedSequenceException startedMeanwhile) {
                // Another caller started the session between the check and the append: just add the message.
            }
        }
        return await(store.appendAll(id, ExpectedSequence.any(), List.of(message)));
    }

    @Override
    public ModelCall startModelCall(String provider, String model, Duration timeout) {
        return startModelCall(CallId.random(), provider, model, 1, timeout);
    }

    @Override
    public ModelCall startModelCall(CallId callId, String provider, String model, int attempt, Duration timeout) {
        requireArgument(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive, was %s",
                timeout);
        ModelCallStarted started = new ModelCallStarted(callId, provider, model, attempt, clock.instant().plus(timeout));
        append(started);
        return new Call(started);
    }

    @Override
    public AppendResult recordToolResult(String toolCallId, String toolName, List<ContentBlock> content,
                                         boolean isError) {
        return append(new ToolResultRecorded(toolCallId, toolName, content, isError));
    }

    @Override
    public AppendResult changeSettings(SettingsChanged change) {
        requireArgument(change != null, "settings change must not be null");
        return append(change);
    }

    @Override
    public AppendResult compact(String summary, long firstKeptSequence, long tokensBefore) {
        return append(new TranscriptCompacted(summary, firstKeptSequence, tokensBefore));
    }

    @Override
    public AppendResult recordDelivery(String deliveryId, String target, String text) {
        return append(new DeliveryRecorded(deliveryId, target, text));
    }

    @Override
    public AppendResult abortTurn(TurnAborted.Reason reason, CallId callId) {
        return append(new TurnAborted(reason, callId));
    }

    @Override
    public AppendResult end(SessionEnded.Reason reason) {
        return append(new SessionEnded(reason));
    }

    @Override
    public Transcript transcript() {
        return views.transcript(store, id);
    }

    @Override
    public SessionStatus status() {
        return views.status(store, id);
    }

    @Override
    public List<UserNotice> notices() {
        return views.notices(store, id);
    }

    @Override
    public Optional<SessionSummary> summary() {
        return store.summary(id);
    }

    @Override
    public List<RecordedEvent> lastEvents(int maxCount) {
        return store.readLast(id, maxCount);
    }

    private AppendResult append(SessionEvent event) {
        return await(store.appendAll(id, ExpectedSequence.any(), List.of(NewEvent.of(event))));
    }

    private static AppendResult await(CompletableFuture<AppendResult> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** One call in flight; its outcome goes through the store, which refuses a second one. */
    private final class Call implements ModelCall {
        private final ModelCallStarted started;
        private volatile boolean ended;

        Call(ModelCallStarted started) {
            this.started = started;
        }

        @Override
        public CallId callId() {
            return started.callId();
        }

        @Override
        public synchronized AppendResult complete(List<ContentBlock> content, Usage usage, String stopReason) {
            return record(new ModelCallCompleted(started.callId(), content, usage, stopReason));
        }

        @Override
        public synchronized AppendResult fail(ProviderError error) {
            requireArgument(error != null, "provider error must not be null");
            ProviderError attributed = error.provider() != null ? error : error.withProvider(started.provider());
            return record(ModelCallFailed.classified(started.callId(), started.model(), attributed, classifier));
        }

        @Override
        public AppendResult fail(Throwable error) {
            requireArgument(error != null, "error must not be null");
            return fail(ProviderError.of(started.provider(), error));
        }

        @Override
        public boolean ended() {
            return ended;
        }

        /**
         * Records {@code CANCELLED} unless an outcome was recorded; a call the watchdog (or the
         * session's end) already ended is left as it is.
         */
        @Override
        public synchronized void close() {
            if (ended) {
                return;
            }
            try {
                record(ModelCallFailed.of(started.callId(), started.provider(), started.model(), FailureKind.CANCELLED));
            } catch (CallAlreadyEndedException | SessionEndedException alreadyEnded) {
                ended = true;
            }
        }

        private AppendResult record(SessionEvent outcome) {
            AppendResult result = append(outcome);
            ended = true;
            return result;
        }
    }
}
