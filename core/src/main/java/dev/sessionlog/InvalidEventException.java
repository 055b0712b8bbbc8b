package dev.sessionlog;

/**
 * An event was refused as invalid (oversized, a terminal event for an unknown call, an event that
 * must come first arriving late…); nothing of the append was stored.
 */
public final class InvalidEventException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final transient SessionId session;

    /** @param session the session, or null when the error is not about one */
    public InvalidEventException(SessionId session, String reason) {
        super(session == null ? reason : "session " + session + ": " + reason);
        this.session = session;
    }

    /** The session, or null. */
    public SessionId session() {
        return session;
    }
}
