package dev.sessionlog.cli;

import dev.sessionlog.AppendResult;
import dev.sessionlog.EventId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreReadOnlyException;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.event.SessionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A read-only store that returns exactly the events and index it is given, broken ones included:
 * what a damaged or buggy store could hand the CLI, which a real store's rules never produce.
 */
final class ScriptedStore implements SessionStore {
    private final Map<SessionId, List<RecordedEvent>> events = new LinkedHashMap<>();
    private final Map<SessionId, SessionSummary> summaries = new LinkedHashMap<>();
    private long position;

    /** Adds {@code event} to {@code session} with {@code sequence}, as given. */
    ScriptedStore add(SessionId session, long sequence, SessionEvent event) {
        RecordedEvent recorded = new RecordedEvent(position++, session, sequence, EventId.random(),
                Instant.parse("2026-11-24T10:00:00Z").plusSeconds(position), event, null);
        events.computeIfAbsent(session, s -> new ArrayList<>()).add(recorded);
        summaries.put(session, new SessionSummary(session, null, null, null, SessionSummary.State.IDLE, sequence, 0,
                0, null, null, 0, recorded.recordedAt(), recorded.recordedAt(), null));
        return this;
    }

    /** Replaces the index entry's last sequence, so the index disagrees with the log. */
    ScriptedStore indexSays(SessionId session, long lastSequence) {
        SessionSummary s = summaries.get(session);
        summaries.put(session, new SessionSummary(session, null, null, null, s.state(), lastSequence, 0, 0, null, null,
                0, s.createdAt(), s.updatedAt(), null));
        return this;
    }

    @Override
    public CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected, List<NewEvent> list) {
        return CompletableFuture.failedFuture(new StoreReadOnlyException("scripted store"));
    }

    @Override
    public List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        List<RecordedEvent> all = events.getOrDefault(session, List.of());
        int start = 0;
        while (start < all.size() && all.get(start).sequence() < fromSequence) {
            start++;
        }
        return List.copyOf(all.subList(start, Math.min(all.size(), start + maxCount)));
    }

    @Override
    public List<RecordedEvent> readLast(SessionId session, int maxCount) {
        List<RecordedEvent> all = events.getOrDefault(session, List.of());
        return List.copyOf(all.subList(Math.max(0, all.size() - maxCount), all.size()));
    }

    @Override
    public <S> S project(SessionId session, Projection<S> projection) {
        return projection.fold(events.getOrDefault(session, List.of()));
    }

    @Override
    public Optional<SessionSummary> summary(SessionId session) {
        return Optional.ofNullable(summaries.get(session));
    }

    @Override
    public List<SessionSummary> sessions(SessionQuery query) {
        return summaries.values().stream().filter(query::matches).limit(query.limit()).toList();
    }

    @Override
    public Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public SessionHandle session(SessionId session) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public void close() {
    }
}
