package dev.sessionlog;

import dev.sessionlog.event.SessionEnded;

/** The session has ended; nothing can be appended to it. Start a new session instead. */
public final class SessionEndedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final transient SessionId session;
    private final SessionEnded.Reason reason;

    /** @param reason why it ended */
    public SessionEndedException(SessionId session, SessionEnded.Reason reason) {
        super("session " + session + " has ended (" + reason + "); nothing can be appended to it");
        this.session = session;
        this.reason = reason;
    }

    /** The session. */
    public SessionId session() {
        return session;
    }

    /** Why it ended. */
    public SessionEnded.Reason reason() {
        return reason;
    }
}
