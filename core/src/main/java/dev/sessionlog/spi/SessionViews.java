package dev.sessionlog.spi;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.projection.NoticeTemplates;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.SessionStatusProjection;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.TranscriptProjection;
import dev.sessionlog.projection.UserNotice;
import dev.sessionlog.projection.UserNoticeProjection;
import java.util.List;

/**
 * How a {@link DefaultSessionHandle} computes its views of a session. Kept apart from the handle so
 * a store builder can supply them (other notice templates, say); {@link #standard()} uses the
 * shipped projections.
 */
public interface SessionViews {

    /** The messages for the next prompt. */
    Transcript transcript(SessionStore store, SessionId session);

    /** Where the session stands. */
    SessionStatus status(SessionStore store, SessionId session);

    /** One notice per failed call, oldest first. */
    List<UserNotice> notices(SessionStore store, SessionId session);

    /** The views over the shipped projections, with the default notice templates. */
    static SessionViews standard() {
        return withNotices(NoticeTemplates.defaults());
    }

    /** The views over the shipped projections, with notices rendered by {@code templates}. */
    static SessionViews withNotices(NoticeTemplates templates) {
        UserNoticeProjection notices = new UserNoticeProjection(templates);
        return new SessionViews() {
            @Override
            public Transcript transcript(SessionStore store, SessionId session) {
                return store.project(session, TranscriptProjection.INSTANCE).transcript();
            }

            @Override
            public SessionStatus status(SessionStore store, SessionId session) {
                return store.project(session, SessionStatusProjection.INSTANCE).status();
            }

            @Override
            public List<UserNotice> notices(SessionStore store, SessionId session) {
                return store.project(session, notices);
            }
        };
    }
}
