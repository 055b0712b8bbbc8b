package dev.sessionlog.internal;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.UserNotice;
import java.util.List;

/**
 * How a {@link DefaultSessionHandle} computes its views of a session. Kept apart from the handle so
 * a store builder can supply them; {@link #standard()} uses the shipped projections.
 */
public interface SessionViews {

    /** The messages for the next prompt. */
    Transcript transcript(SessionStore store, SessionId session);

    /** Where the session stands. */
    SessionStatus status(SessionStore store, SessionId session);

    /** One notice per failed call, oldest first. */
    List<UserNotice> notices(SessionStore store, SessionId session);

    /**
     * The views over the shipped projections ({@code TranscriptProjection}, {@code SessionStatusProjection},
     * {@code UserNoticeProjection}). Those are joined to this interface when the projections and the
     * stores meet; until then each view reports that it is not wired.
     */
    static SessionViews standard() {
        return NotWired.INSTANCE;
    }

    /** The views before the projections are joined in. */
    enum NotWired implements SessionViews {
        INSTANCE;

        @Override
        public Transcript transcript(SessionStore store, SessionId session) {
            throw new UnsupportedOperationException("the transcript view is wired at merge");
        }

        @Override
        public SessionStatus status(SessionStore store, SessionId session) {
            throw new UnsupportedOperationException("the status view is wired at merge");
        }

        @Override
        public List<UserNotice> notices(SessionStore store, SessionId session) {
            throw new UnsupportedOperationException("the notices view is wired at merge");
        }
    }
}
