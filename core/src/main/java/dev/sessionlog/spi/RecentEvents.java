package dev.sessionlog.spi;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The newest events of the sessions read lately, decoded: a gateway builds each prompt from a
 * session's newest events, so the next read of them decodes only what was appended since (decoding
 * is most of a read's cost). Bounded: at most {@value #EVENTS_PER_SESSION} events of each of the
 * {@code maxSessions} sessions read most recently.
 *
 * <p>Stored events never change; a store whose log can be rewritten (the Chronicle store's
 * compaction and repair) uses a cached event only where its index still puts it, and forgets a
 * session that is erased. Events are immutable and shared by every caller.
 *
 * <p>Threads: any; a lock guards the map for the lookups and updates only, never for a decode.
 */
public final class RecentEvents {
    /** The most events kept of one session: more than a prompt usually takes. */
    public static final int EVENTS_PER_SESSION = 64;

    private final Map<SessionId, Tail> tails;

    /** The newest events read of one session: consecutive sequences from {@code firstSequence}. */
    public record Tail(long firstSequence, List<RecordedEvent> events) {
        /** The sequence after the last one held. */
        public long endSequence() {
            return firstSequence + events.size();
        }
    }

    /** A cache of the newest events of at most {@code maxSessions} sessions. */
    public RecentEvents(int maxSessions) {
        this.tails = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SessionId, Tail> eldest) {
                return size() > maxSessions;
            }
        };
    }

    /** What is kept of {@code session}, or null. */
    public Tail of(SessionId session) {
        synchronized (tails) {
            return tails.get(session);
        }
    }

    /**
     * Keeps {@code events}, the consecutive events of {@code session} from {@code firstSequence}
     * (their last {@value #EVENTS_PER_SESSION}), unless what is kept already reaches further.
     */
    public void remember(SessionId session, long firstSequence, List<RecordedEvent> events) {
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

    /**
     * The {@code count} events of {@code session} from {@code firstSequence}, in a log whose events
     * never change: those kept here as they are, the others from {@code bySequence}; what was read
     * is remembered.
     */
    public List<RecordedEvent> read(SessionId session, long firstSequence, int count,
                                    LongFunction<RecordedEvent> bySequence) {
        Tail tail = of(session);
        long keptFrom = tail == null ? 0 : tail.firstSequence();
        long keptEnd = tail == null ? 0 : tail.endSequence();
        List<RecordedEvent> events = new ArrayList<>(count);
        for (long sequence = firstSequence; sequence < firstSequence + count; sequence++) {
            events.add(sequence >= keptFrom && sequence < keptEnd ? tail.events().get((int) (sequence - keptFrom))
                    : bySequence.apply(sequence));
        }
        remember(session, firstSequence, events);
        return events;
    }

    /** Forgets {@code session} (its cached events no longer match the log). */
    public void forget(SessionId session) {
        synchronized (tails) {
            tails.remove(session);
        }
    }
}
