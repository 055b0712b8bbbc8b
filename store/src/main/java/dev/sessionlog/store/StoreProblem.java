package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;

/**
 * Something {@link ChronicleSessionStore#verify()} found wrong, and where. Verification changes
 * nothing: reads skip a record it cannot use, and {@link ChronicleSessionStore#repair} salvages
 * what is readable.
 *
 * @param kind what was checked
 * @param position the log position of the record or event concerned (an event's position; the
 *     first event's for a whole record), or -1 when the problem is not at one place Chronicle can
 *     reach (a place in a file is given by {@code file} and {@code offset})
 * @param session the session concerned, or null when unknown (a record too damaged to name it)
 * @param sequence the sequence of the event concerned (the first one, for a range), or 0 when the
 *     problem is not one event's; never a position
 * @param description what is wrong, for people
 * @param file the day file the problem is in, or null when it is not in one file
 * @param offset the byte offset in {@code file}, or -1
 */
public record StoreProblem(Kind kind, long position, SessionId session, long sequence, String description,
                           String file, long offset) {

    /** What a problem was found by. */
    public enum Kind {
        /** The log's bytes: a record that is torn, corrupted, does not parse, repeats sequences, or an event that does not decode; zeros or a broken header where records were. */
        RECORD,
        /** A readable event that the append rules would not have stored there: a gap before it, a lifecycle broken. */
        EVENT,
        /** The session index disagrees with the log. */
        INDEX,
        /** Events the store's checkpoints recorded that the log no longer holds (at the end of a session). */
        LOST
    }

    /** Requires a kind and a description, a sequence of 0 or more, and an offset only with a file. */
    public StoreProblem {
        requireArgument(kind != null, "kind must not be null");
        requireArgument(sequence >= 0, "sequence must not be negative, was %s", sequence);
        requireArgument(description != null && !description.isBlank(), "description must not be blank");
        requireArgument(file != null || offset < 0, "an offset needs a file");
    }

    /** A problem at no place in a file. */
    public StoreProblem(Kind kind, long position, SessionId session, long sequence, String description) {
        this(kind, position, session, sequence, description, null, -1);
    }

    /** A {@link Kind#RECORD} problem at {@code position}, of no known session. */
    public StoreProblem(long position, String description) {
        this(Kind.RECORD, position, null, 0, description);
    }
}
