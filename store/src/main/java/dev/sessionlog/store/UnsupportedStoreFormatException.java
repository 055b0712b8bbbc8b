package dev.sessionlog.store;

import dev.sessionlog.SessionStoreException;

/**
 * The store directory was written by a newer sessionlog (a higher store format version) or holds a
 * store metadata file this version cannot read. Nothing was changed; open it with a sessionlog that
 * supports the format.
 */
public final class UnsupportedStoreFormatException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final String directory;

    /** @param directory the store directory; @param reason what was found */
    public UnsupportedStoreFormatException(String directory, String reason) {
        super("cannot open the store " + directory + ": " + reason);
        this.directory = directory;
    }

    /** The store directory. */
    public String directory() {
        return directory;
    }
}
