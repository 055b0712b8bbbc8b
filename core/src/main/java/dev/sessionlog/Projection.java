package dev.sessionlog;

import java.util.List;

/**
 * A pure fold over a session's events: the way state is derived from the log. Implementations must
 * not have side effects; they may be replayed from the start at any time, or up to a sequence
 * (time travel).
 *
 * @param <S> the state
 */
public interface Projection<S> {

    /** The state before any event. */
    S initial();

    /** The state after {@code event}. */
    S apply(S state, RecordedEvent event);

    /** Folds {@code events} in order from {@link #initial()}. */
    default S fold(List<RecordedEvent> events) {
        S state = initial();
        for (RecordedEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    /** Folds the events with a sequence at most {@code lastSequence}: the state as it was then. */
    default S foldUpTo(List<RecordedEvent> events, long lastSequence) {
        S state = initial();
        for (RecordedEvent event : events) {
            if (event.sequence() > lastSequence) {
                break;
            }
            state = apply(state, event);
        }
        return state;
    }
}
