package dev.sessionlog.cli;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
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
            public void close() {
                if (closeStore) {
                    store.close();
                }
            }
        };
    }
}
