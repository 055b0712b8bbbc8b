package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * A record {@link ChronicleSessionStore#verify()} could not use: torn, corrupted, undecodable, or out
 * of sequence. The store skips it and never rewrites or truncates it.
 *
 * @param position the record's log position (the Chronicle index)
 * @param description what is wrong, for people
 */
public record StoreProblem(long position, String description) {
    /** Requires a description. */
    public StoreProblem {
        requireArgument(description != null && !description.isBlank(), "description must not be blank");
    }
}
