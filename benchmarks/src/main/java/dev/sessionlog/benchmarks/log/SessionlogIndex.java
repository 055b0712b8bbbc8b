package dev.sessionlog.benchmarks.log;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * sessionlog's session index: a model change is a {@code SettingsChanged} event, which the writer
 * folds into that one session's index entry; listing reads the index the writer keeps in memory.
 */
final class SessionlogIndex implements SessionIndex {
    /** Below the writer queue's capacity, so that setup never meets {@link dev.sessionlog.StoreBusyException}. */
    private static final int SETUP_APPENDS_IN_FLIGHT = 1_000;

    private final ChronicleSessionStore store;

    SessionlogIndex(Path directory) {
        this.store = ChronicleSessionStore.open(directory, ChronicleStoreOptions.defaults());
    }

    @Override
    public void createSessions(List<SessionId> sessions) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>(SETUP_APPENDS_IN_FLIGHT);
        for (SessionId session : sessions) {
            inFlight.add(store.append(session, ExpectedSequence.noSession(), List.of(SessionlogEventLog.started(session))));
            if (inFlight.size() == SETUP_APPENDS_IN_FLIGHT) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
    }

    @Override
    public void updateModel(SessionId session, String model) {
        store.append(session, ExpectedSequence.any(), List.of(SettingsChanged.model("anthropic", model))).join();
    }

    @Override
    public List<SessionId> listSessions() {
        List<SessionSummary> summaries = store.sessions(SessionQuery.all());
        List<SessionId> sessions = new ArrayList<>(summaries.size());
        for (SessionSummary summary : summaries) {
            sessions.add(summary.sessionId());
        }
        return sessions;
    }

    @Override
    public void close() {
        store.close();
    }
}
