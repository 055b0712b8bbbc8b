package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import java.util.ArrayList;
import java.util.List;

/** Session ids shaped like a gateway's (a UUID-like name per conversation). */
final class SessionIds {
    private SessionIds() {}

    static List<SessionId> first(int count) {
        List<SessionId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(of(i));
        }
        return ids;
    }

    /** The id of the {@code i}th session: the same as {@code first(i + 1).get(i)}. */
    static SessionId of(int i) {
        return SessionId.of(String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", i));
    }
}
