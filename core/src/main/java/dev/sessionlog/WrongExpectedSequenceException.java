package dev.sessionlog;

/** The session's last sequence was not what the append expected; nothing was stored. */
public final class WrongExpectedSequenceException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final transient SessionId session;
    private final transient ExpectedSequence expected;
    private final long actual;

    /** @param actual the session's last sequence, 0 when it does not exist */
    public WrongExpectedSequenceException(SessionId session, ExpectedSequence expected, long actual) {
        super("session " + session + ": expected " + expected + " but its last sequence is " + actual);
        this.session = session;
        this.expected = expected;
        this.actual = actual;
    }

    /** The session. */
    public SessionId session() {
        return session;
    }

    /** What the append expected. */
    public ExpectedSequence expected() {
        return expected;
    }

    /** The session's last sequence when the append was checked; 0 when it did not exist. */
    public long actual() {
        return actual;
    }
}
