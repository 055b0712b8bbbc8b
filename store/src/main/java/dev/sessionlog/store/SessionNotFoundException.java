package dev.sessionlog.store;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;

/** The store holds no event of the session named (never appended to, or already deleted): nothing was changed. */
public final class SessionNotFoundException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final String directory;
    private final transient SessionId session;

    /**
     * @param directory the store directory
     * @param session the session asked for
     */
    public SessionNotFoundException(String directory, SessionId session) {
        super("the store " + directory + " holds no session " + session);
        this.directory = directory;
        this.session = session;
    }

    /** The store directory. */
    public String directory() {
        return directory;
    }

    /** The session asked for. */
    public SessionId session() {
        return session;
    }
}
