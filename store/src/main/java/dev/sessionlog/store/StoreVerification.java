package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.List;

/**
 * What {@link ChronicleSessionStore#verification()} checked and found.
 *
 * @param sessionsChecked how many sessions have events in the log, deleted ones included
 * @param eventsChecked how many events the records that could be parsed hold, decodable or not (a
 *     record too damaged to parse is one problem, its events uncounted)
 * @param problems everything that is wrong, in log order, index disagreements last; empty for a
 *     healthy store
 */
public record StoreVerification(int sessionsChecked, long eventsChecked, List<StoreProblem> problems) {
    /** Requires non-negative counts and the problems; copies them. */
    public StoreVerification {
        requireArgument(sessionsChecked >= 0 && eventsChecked >= 0, "counts must not be negative");
        requireArgument(problems != null, "problems must not be null");
        problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong. */
    public boolean healthy() {
        return problems.isEmpty();
    }
}
