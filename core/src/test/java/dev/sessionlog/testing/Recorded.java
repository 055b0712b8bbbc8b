package dev.sessionlog.testing;

import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link RecordedEvent}s by hand, as a store would have recorded them, for tests of
 * projections and of anything else that reads stored events without a store.
 *
 * <p>Event {@code n} of a session gets sequence {@code n}, position {@code n * 10} (positions need
 * not be contiguous) and is recorded {@code n} seconds after {@link #T0}, so a test can say when
 * an event happened with {@link #at(long)}.
 */
public final class Recorded {
    /** The session {@link #events(SessionEvent...)} records into. */
    public static final SessionId SESSION = SessionId.of("s1");

    /** When sequence 0 would have been recorded: sequence {@code n} is recorded {@code n} seconds later. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Recorded() {}

    /** {@code events} recorded as sequences 1, 2, 3 … of {@link #SESSION}. */
    public static List<RecordedEvent> events(SessionEvent... events) {
        return events(SESSION, events);
    }

    /** {@code events} recorded as sequences 1, 2, 3 … of {@code session}. */
    public static List<RecordedEvent> events(SessionId session, SessionEvent... events) {
        return events(session, Arrays.asList(events));
    }

    /** {@code events} recorded as sequences 1, 2, 3 … of {@code session}. */
    public static List<RecordedEvent> events(SessionId session, List<? extends SessionEvent> events) {
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (SessionEvent event : events) {
            recorded.add(event(session, recorded.size() + 1, event));
        }
        return List.copyOf(recorded);
    }

    /** One event recorded as {@code sequence} of {@code session}. */
    public static RecordedEvent event(SessionId session, long sequence, SessionEvent event) {
        return new RecordedEvent(sequence * 10, session, sequence, EventId.random(), at(sequence), event,
                EventMetadata.EMPTY);
    }

    /** When the event with {@code sequence} was recorded. */
    public static Instant at(long sequence) {
        return T0.plusSeconds(sequence);
    }
}
