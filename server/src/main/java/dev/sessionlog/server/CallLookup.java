package dev.sessionlog.server;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallStarted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@code ModelCallStarted} of a call named in a URL, for the provider and model its
 * outcome records. Calls started through this server are remembered until they end (bounded:
 * past the bound the memory is dropped, never grown); others (started before a restart, or by a
 * library caller) are found by reading the session backwards, where a recent call is near the end.
 */
final class CallLookup {
    private static final int MAX_REMEMBERED = 100_000;
    private static final int PAGE = 256;

    private final SessionStore store;
    private final Map<Key, ModelCallStarted> started = new ConcurrentHashMap<>();

    CallLookup(SessionStore store) {
        this.store = store;
    }

    void remember(SessionId session, ModelCallStarted call) {
        if (started.size() >= MAX_REMEMBERED) {
            started.clear();
        }
        started.put(new Key(session, call.callId()), call);
    }

    void forget(SessionId session, CallId callId) {
        started.remove(new Key(session, callId));
    }

    Optional<ModelCallStarted> find(SessionId session, CallId callId) {
        ModelCallStarted known = started.get(new Key(session, callId));
        if (known != null) {
            return Optional.of(known);
        }
        Optional<SessionSummary> summary = store.summary(session);
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        for (long to = summary.get().lastSequence(); to >= 1; to -= PAGE) {
            long from = Math.max(1, to - PAGE + 1);
            List<RecordedEvent> page = store.read(session, from, (int) (to - from + 1));
            for (int i = page.size() - 1; i >= 0; i--) {
                if (page.get(i).event() instanceof ModelCallStarted call && call.callId().equals(callId)) {
                    return Optional.of(call);
                }
            }
        }
        return Optional.empty();
    }

    private record Key(SessionId session, CallId callId) {
    }
}
