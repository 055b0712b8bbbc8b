package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;

/**
 * Something {@link ChronicleSessionStore#verify()} found wrong, and where. The store never rewrites
 * or truncates what it reports: reads skip a record it cannot use.
 *
 * @param kind what was checked
 * @param position the log position of the record or event concerned (an event's position; the
 *     first event's for a whole record), or -1 when the problem is not at one place in the log
 * @param session the session concerned, or null when unknown (a record too damaged to name it)
 * @param sequence the sequence of the event concerned, or 0 when the problem is not one event's
 * @param description what is wrong, for people
 */
public record StoreProblem(Kind kind, long position, SessionId session, long sequence, String description) {

    /** What a problem was found by. */
    public enum Kind {
        /** The log's bytes: a record that is torn, corrupted, does not parse, repeats sequences, or an event that does not decode. */
        RECORD,
        /** A readable event that the append rules would not have stored there: a gap before it, a lifecycle broken. */
        EVENT,
        /** The session index disagrees with the log. */
        INDEX
    }

    /** Requires a kind and a description, and a sequence of 0 or more. */
    public StoreProblem {
        requireArgument(kind != null, "kind must not be null");
        requireArgument(sequence >= 0, "sequence must not be negative, was %s", sequence);
        requireArgument(description != null && !description.isBlank(), "description must not be blank");
    }

    /** A {@link Kind#RECORD} problem at {@code position}, of no known session. */
    public StoreProblem(long position, String description) {
        this(Kind.RECORD, position, null, 0, description);
    }
}
