package dev.sessionlog;

/**
 * The model call already has its terminal event (completed, failed, or ended by the store's
 * deadline watchdog or on recovery); a second, different outcome is refused.
 */
public final class CallAlreadyEndedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final transient SessionId session;
    private final transient CallId callId;

    /** For {@code callId} of {@code session}. */
    public CallAlreadyEndedException(SessionId session, CallId callId) {
        super("session " + session + ": model call " + callId + " has already ended");
        this.session = session;
        this.callId = callId;
    }

    /** The session. */
    public SessionId session() {
        return session;
    }

    /** The call. */
    public CallId callId() {
        return callId;
    }
}
