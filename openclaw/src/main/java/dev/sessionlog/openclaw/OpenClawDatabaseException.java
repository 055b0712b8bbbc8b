package dev.sessionlog.openclaw;

import java.nio.file.Path;

/**
 * An OpenClaw database that cannot be imported as a whole: not a SQLite file, corrupt, locked by
 * another process for longer than the wait allowed, or a SQLite database that is not OpenClaw's.
 * Nothing was imported from it. (A session whose rows cannot be read fails alone, in its report.)
 */
public final class OpenClawDatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the database cannot be used. */
    public enum Reason {
        /** The file is not a SQLite database, or its first pages are damaged. */
        NOT_SQLITE,
        /** A SQLite database without OpenClaw's {@code transcript_events} table (or its columns). */
        NOT_OPENCLAW,
        /** Another process holds a lock that kept it unreadable for longer than the wait allowed. */
        LOCKED,
        /** The file cannot be opened or read (missing, permissions, I/O error). */
        UNREADABLE
    }

    private final transient Path file;
    private final Reason reason;

    /** The database {@code file} cannot be used for {@code reason}, as {@code message} says. */
    public OpenClawDatabaseException(Path file, Reason reason, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Why it cannot be used. */
    public Reason reason() {
        return reason;
    }
}
