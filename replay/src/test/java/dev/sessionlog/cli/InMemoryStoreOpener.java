package dev.sessionlog.cli;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.store.SessionNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The test double of {@link StoreOpener}: one in-memory store per directory, kept across opens so a
 * test can fill a store and then run commands against it. Records how each store was opened.
 */
class InMemoryStoreOpener implements StoreOpener {
    private final Map<Path, InMemorySessionStore> stores = new HashMap<>();
    final List<String> opens = new ArrayList<>();
    List<Problem> recordProblems = List.of();

    /** The store at {@code directory}, created empty on first use. */
    synchronized InMemorySessionStore storeAt(Path directory) {
        return stores.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> InMemorySessionStore.create());
    }

    synchronized void put(Path directory, InMemorySessionStore store) {
        stores.put(directory.toAbsolutePath().normalize(), store);
    }

    @Override
    public synchronized OpenedStore openReadOnly(Path directory) {
        opens.add("read-only " + directory);
        InMemorySessionStore store = stores.get(directory.toAbsolutePath().normalize());
        if (store == null) {
            throw new StoreUnavailableException(directory + " is not a sessionlog store");
        }
        return opened(store, "in-memory store (read-only)", false);
    }

    @Override
    public synchronized OpenedStore openForWriting(Path directory) {
        opens.add("read-write " + directory);
        return opened(storeAt(directory), "in-memory store", false);
    }

    @Override
    public synchronized OpenedStore openExistingForWriting(Path directory) {
        opens.add("read-write existing " + directory);
        InMemorySessionStore store = stores.get(directory.toAbsolutePath().normalize());
        if (store == null) {
            throw new StoreUnavailableException(directory + " is not a sessionlog store");
        }
        return opened(store, "in-memory store", false);
    }

    @Override
    public synchronized OpenedStore openTemporary() {
        opens.add("temporary");
        InMemorySessionStore store = InMemorySessionStore.builder().watchdogInterval(Duration.ofMillis(20)).build();
        return opened(store, "in-memory store", true);
    }

    @Override
    public synchronized RepairOutcome repair(Path directory) {
        opens.add("repair " + directory);
        return new RepairOutcome(false, List.of(), "an in-memory store is never damaged");
    }

    private OpenedStore opened(InMemorySessionStore store, String description, boolean closeStore) {
        List<Problem> problems = recordProblems;
        return new OpenedStore() {
            @Override
            public SessionStore store() {
                return store;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void forEachSession(Consumer<SessionSummary> action) {
                store.sessions(SessionQuery.all()).forEach(action);
            }

            @Override
            public void forEachEvent(Consumer<RecordedEvent> action) {
                store.sessions(SessionQuery.all()).forEach(summary -> SessionEvents.forEach(store, summary.sessionId(),
                        action));
            }

            @Override
            public Optional<String> damage() {
                return Optional.empty();
            }

            @Override
            public Verification verify() {
                // the in-memory store holds what its rules wrote: only the problems a test plants
                List<SessionSummary> sessions = store.sessions(SessionQuery.all());
                long events = sessions.stream().mapToLong(SessionSummary::lastSequence).sum();
                return new Verification(sessions.size(), events, problems);
            }

            @Override
            public List<Problem> recordProblems() {
                return problems;
            }

            @Override
            public List<Stat> storageStats() {
                return List.of(new Stat("storage", "memory"));
            }

            @Override
            public List<Stat> backup(Path destination) {
                throw new StoreUnavailableException("an in-memory store has no files to back up");
            }

            @Override
            public long delete(SessionId session) {
                long events = store.summary(session).map(SessionSummary::lastSequence)
                        .orElseThrow(() -> new SessionNotFoundException("memory", session));
                store.append(session, ExpectedSequence.any(), List.of(new SessionEnded(SessionEnded.Reason.DELETED)))
                        .join();
                return events + 1;
            }

            @Override
            public int compact() {
                return 0;
            }

            @Override
            public void close() {
                if (closeStore) {
                    store.close();
                }
            }
        };
    }
}
