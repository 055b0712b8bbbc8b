package dev.sessionlog.openclaw;

import dev.sessionlog.SessionId;

/** {@link OpenClawExport} was asked for a session the store does not hold; nothing was written. */
public final class SessionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SessionId session;

    /** @param session the session asked for */
    public SessionNotFoundException(SessionId session) {
        super("no session " + session + " in this store");
        this.session = session;
    }

    /** The session asked for. */
    public SessionId session() {
        return session;
    }
}
