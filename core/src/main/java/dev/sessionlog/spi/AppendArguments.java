package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import java.util.List;

/**
 * The arguments of {@link dev.sessionlog.SessionStore#appendAll}, checked the same way in every
 * store: a null session, expected sequence, list or event is the caller's mistake, reported at the
 * call with an {@link IllegalArgumentException} before anything is queued.
 */
public final class AppendArguments {

    private AppendArguments() {
    }

    /**
     * Checks the arguments of an append and returns its events as an immutable copy, so that a caller
     * changing its list afterwards cannot change what is written.
     *
     * @throws IllegalArgumentException naming the argument, or the index of the event, that is null
     */
    public static List<NewEvent> checkedBatch(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        requireArgument(session != null, "session must not be null");
        requireArgument(expected != null, "expected sequence must not be null");
        requireArgument(events != null, "events must not be null");
        for (int i = 0; i < events.size(); i++) {
            requireArgument(events.get(i) != null, "event %s of the append is null", i);
        }
        return List.copyOf(events);
    }
}
