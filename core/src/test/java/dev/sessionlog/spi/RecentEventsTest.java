package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reads of a log whose events never change through the cache of recent events: every answer is the
 * log's, whatever part of it the cache held, and a gateway's turn (append one, read the newest 50)
 * reads only the new event from the log.
 */
class RecentEventsTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<SessionId, List<RecordedEvent>> log = new HashMap<>();
    private final AtomicInteger readsFromLog = new AtomicInteger();

    @Test
    void random_reads_and_appends_answer_what_the_log_holds() {
        RecentEvents recent = new RecentEvents(3);
        Random random = new Random(11);
        List<SessionId> sessions = List.of(SessionId.of("a"), SessionId.of("b"), SessionId.of("c"), SessionId.of("d"));
        for (int step = 0; step < 5000; step++) {
            SessionId session = sessions.get(random.nextInt(sessions.size()));
            if (random.nextInt(3) == 0 || log.getOrDefault(session, List.of()).isEmpty()) {
                append(session, 1 + random.nextInt(5));
                continue;
            }
            List<RecordedEvent> events = log.get(session);
            int from = random.nextInt(events.size());
            int count = 1 + random.nextInt(Math.min(100, events.size() - from));
            List<RecordedEvent> read = recent.read(session, from + 1, count, sequence -> fromLog(session, sequence));
            assertEquals(events.subList(from, from + count), read, "session " + session + " from " + (from + 1));
        }
    }

    @Test
    void a_turn_reads_only_the_new_event_from_the_log() {
        RecentEvents recent = new RecentEvents(16);
        SessionId session = SessionId.of("turns");
        append(session, 200);
        recent.read(session, 151, 50, sequence -> fromLog(session, sequence));
        for (int turn = 0; turn < 10; turn++) {
            append(session, 1);
            int size = log.get(session).size();
            readsFromLog.set(0);
            List<RecordedEvent> read = recent.read(session, size - 49, 50, sequence -> fromLog(session, sequence));
            assertEquals(log.get(session).subList(size - 50, size), read);
            assertEquals(1, readsFromLog.get(), "turn " + turn + " read more than the new event from the log");
        }
        readsFromLog.set(0);
        recent.read(session, 1, 10, sequence -> fromLog(session, sequence));
        assertEquals(10, readsFromLog.get(), "events older than the kept ones come from the log");
        assertTrue(recent.of(session).events().size() <= RecentEvents.EVENTS_PER_SESSION);
    }

    private RecordedEvent fromLog(SessionId session, long sequence) {
        readsFromLog.incrementAndGet();
        return log.get(session).get((int) (sequence - 1));
    }

    private void append(SessionId session, int count) {
        List<RecordedEvent> events = log.computeIfAbsent(session, s -> new ArrayList<>());
        for (int i = 0; i < count; i++) {
            long sequence = events.size() + 1;
            events.add(new RecordedEvent(sequence, session, sequence, EventId.random(), AT,
                    UserMessageReceived.text("m" + sequence, "text " + sequence), EventMetadata.EMPTY));
        }
    }
}
