package dev.sessionlog.cli;

import dev.sessionlog.AppendResult;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.event.UserMessageReceived;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A store too big to build in a test, made up as it is read: {@code sessions} sessions
 * ({@code s-0}, {@code s-1} …) of {@code events} messages each, every one {@code textLength}
 * characters long and a string of its own, produced only when asked for. Its session query honours the limit, as every
 * store's does; only {@link #opener()}'s {@link OpenedStore#forEachSession} visits them all.
 */
final class SyntheticStore implements SessionStore {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private final long sessions;
    private final long events;
    private final String text;

    SyntheticStore(long sessions, long events, int textLength) {
        this.sessions = sessions;
        this.events = events;
        this.text = "x".repeat(textLength);
    }

    private SessionSummary summary(long n) {
        return new SessionSummary(SessionId.of("s-" + n), null, "main", "test", SessionSummary.State.IDLE, events,
                events, 0, null, null, 0, CREATED, CREATED, null);
    }

    private long number(SessionId session) {
        String id = session.value();
        if (!id.startsWith("s-")) {
            return -1;
        }
        try {
            long n = Long.parseLong(id.substring(2));
            return n < sessions ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        if (number(session) < 0) {
            return List.of();
        }
        List<RecordedEvent> page = new ArrayList<>();
        for (long sequence = fromSequence; sequence <= events && page.size() < maxCount; sequence++) {
            page.add(new RecordedEvent(sequence, session, sequence, EventId.random(), CREATED,
                    UserMessageReceived.text("m" + sequence, text + sequence), EventMetadata.EMPTY));
        }
        return page;
    }

    @Override
    public List<RecordedEvent> readLast(SessionId session, int maxCount) {
        return read(session, Math.max(1, events - maxCount + 1), maxCount);
    }

    @Override
    public Optional<SessionSummary> summary(SessionId session) {
        long n = number(session);
        return n < 0 ? Optional.empty() : Optional.of(summary(n));
    }

    @Override
    public List<SessionSummary> sessions(SessionQuery query) {
        List<SessionSummary> listed = new ArrayList<>();
        for (long n = 0; n < sessions && listed.size() < query.limit(); n++) {
            listed.add(summary(n));
        }
        return listed;
    }

    @Override
    public CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        throw new UnsupportedOperationException("a synthetic store is read-only");
    }

    @Override
    public <S> S project(SessionId session, Projection<S> projection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionHandle session(SessionId session) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    /** Opens this store at any directory. */
    StoreOpener opener() {
        SyntheticStore store = this;
        OpenedStore opened = new OpenedStore() {
            @Override
            public SessionStore store() {
                return store;
            }

            @Override
            public String description() {
                return "synthetic store";
            }

            @Override
            public void forEachSession(Consumer<SessionSummary> action) {
                for (long n = 0; n < sessions; n++) {
                    action.accept(summary(n));
                }
            }

            @Override
            public void forEachEvent(Consumer<RecordedEvent> action) {
                for (long n = 0; n < sessions; n++) {
                    SessionEvents.forEach(store, SessionId.of("s-" + n), action);
                }
            }

            @Override
            public Optional<String> damage() {
                return Optional.empty();
            }

            @Override
            public Verification verify() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Problem> recordProblems() {
                return List.of();
            }

            @Override
            public List<Stat> storageStats() {
                return List.of();
            }

            @Override
            public List<Stat> backup(Path destination) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long delete(SessionId session) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int compact() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        return new StoreOpener() {
            @Override
            public OpenedStore openReadOnly(Path directory) {
                return opened;
            }

            @Override
            public OpenedStore openForWriting(Path directory) {
                throw new UnsupportedOperationException();
            }

            @Override
            public OpenedStore openExistingForWriting(Path directory) {
                throw new UnsupportedOperationException();
            }

            @Override
            public OpenedStore openTemporary() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RepairOutcome repair(Path directory) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
