package dev.sessionlog.benchmarks.log;

import dev.sessionlog.SessionId;
import java.util.List;

/**
 * The session-metadata facade: what {@code sessions.json} does for a lock-file gateway and the
 * session index does for sessionlog. Compared through {@link SessionIndexKind}.
 */
public interface SessionIndex extends AutoCloseable {

    /** Creates {@code sessions} the cheapest way the design allows; benchmarks call it during setup only. */
    void createSessions(List<SessionId> sessions);

    /** Records that {@code session} now uses {@code model}: one entry changed. */
    void updateModel(SessionId session, String model);

    /** Every session, most recently updated first. */
    List<SessionId> listSessions();

    @Override
    void close();
}
