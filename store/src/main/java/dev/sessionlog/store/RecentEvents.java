package dev.sessionlog.store;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest events of the sessions read lately, decoded: a gateway builds each prompt from a
 * session's newest events, so the next read of them decodes only what was appended since (decoding
 * is most of a read's cost). Bounded: at most {@value #EVENTS_PER_SESSION} events of each of the
 * {@code maxSessions} sessions read most recently.
 *
 * <p>Stored events never change, and each cached event is used only where the position index still
 * puts it (its position is compared with the index's), so a session deleted, compacted away or
 * rewritten by a repair is never answered from here. Events are immutable and shared by every
 * caller.
 *
 * <p>Threads: any; a lock guards the map for the lookups and updates only, never for a decode.
 */
final class RecentEvents {
    /** The most events kept of one session: more than a prompt usually takes. */
    static final int EVENTS_PER_SESSION = 64;

    private final Map<SessionId, Tail> tails;

    /** The newest events read of one session: consecutive sequences from {@code firstSequence}. */
    record Tail(long firstSequence, List<RecordedEvent> events) {
        /** The sequence after the last one held. */
        long endSequence() {
            return firstSequence + events.size();
        }
    }

    /** A cache of the newest events of at most {@code maxSessions} sessions. */
    RecentEvents(int maxSessions) {
        this.tails = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SessionId, Tail> eldest) {
                return size() > maxSessions;
            }
        };
    }

    /** What is kept of {@code session}, or null. */
    Tail of(SessionId session) {
        synchronized (tails) {
            return tails.get(session);
        }
    }

    /**
     * Keeps {@code events}, the consecutive events of {@code session} from {@code firstSequence}
     * (their last {@value #EVENTS_PER_SESSION}), unless what is kept already reaches further.
     */
    void remember(SessionId session, long firstSequence, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        int from = Math.max(0, events.size() - EVENTS_PER_SESSION);
        Tail tail = new Tail(firstSequence + from, List.copyOf(events.subList(from, events.size())));
        synchronized (tails) {
            Tail kept = tails.get(session);
            if (kept == null || kept.endSequence() <= tail.endSequence()) {
                tails.put(session, tail);
            }
        }
    }

    /** Forgets {@code session} (its cached events no longer match the log). */
    void forget(SessionId session) {
        synchronized (tails) {
            tails.remove(session);
        }
    }
}
