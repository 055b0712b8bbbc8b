package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.quiet;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.spi.RecentEvents;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.UserMessageReceived;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads that the cache of recent events ({@link RecentEvents}) answers in part or in whole return
 * exactly what a reader without that cache returns: random appends and random reads (ranges that
 * start before, inside and after what is kept, newest-N reads longer and shorter than what is kept)
 * on many sessions, each answer compared with a model of what was appended and with a fresh
 * read-only open of the store, event for event, position for position.
 */
class RecentEventsReadTest {
    private static final int SESSIONS = 12;

    @TempDir
    Path dir;

    @Test
    void reads_answered_from_the_cache_equal_reads_decoded_from_the_log() {
        Random random = new Random(42);
        Map<SessionId, List<String>> appended = new HashMap<>();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet().withPartitions(2))) {
            for (int n = 0; n < SESSIONS; n++) {
                SessionId session = SessionId.of("cached-" + n);
                store.append(session, ExpectedSequence.noSession(), List.of(started("k" + n))).join();
                appended.put(session, new ArrayList<>(List.of("<start>")));
            }
            List<SessionId> sessions = new ArrayList<>(appended.keySet());
            int reads = 0;
            for (int step = 0; step < 3_000; step++) {
                SessionId session = sessions.get(random.nextInt(sessions.size()));
                List<String> model = appended.get(session);
                int action = random.nextInt(10);
                if (action < 4) {
                    int count = 1 + random.nextInt(4);
                    List<SessionEvent> batch = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        String id = session.value() + "-m" + (model.size() + i);
                        batch.add(message(id));
                    }
                    store.append(session, ExpectedSequence.exactly(model.size()), batch).join();
                    for (int i = 0; i < count; i++) {
                        model.add(session.value() + "-m" + model.size());
                    }
                } else if (action < 7) {
                    int last = 1 + random.nextInt(100);
                    List<RecordedEvent> events = store.readLast(session, last);
                    int from = Math.max(1, model.size() - last + 1);
                    assertMatchesModel(session, model, from, events);
                    reads++;
                } else {
                    long from = 1 + random.nextInt(model.size() + 2);
                    int limit = 1 + random.nextInt(80);
                    List<RecordedEvent> events = store.read(session, from, limit);
                    assertMatchesModel(session, model, (int) from, events);
                    assertEquals(Math.max(0, Math.min(limit, model.size() - (int) from + 1)), events.size(),
                            "how many events a read of " + session + " from " + from + " returns");
                    reads++;
                }
            }
            assertTrue(reads > 1_000, "the run read " + reads + " times");
            try (ChronicleSessionStore cold = ChronicleSessionStore.openReadOnly(dir)) {
                for (SessionId session : sessions) {
                    List<RecordedEvent> decoded = cold.read(session, 1, Integer.MAX_VALUE);
                    List<RecordedEvent> warm = store.read(session, 1, Integer.MAX_VALUE);
                    assertEquals(decoded, warm, "every event of " + session + ", cold and warm");
                    assertEquals(cold.readLast(session, 64), store.readLast(session, 64), "the newest of " + session);
                }
            }
        }
    }

    /** {@code events} are the model's events of {@code session} from sequence {@code from}, in order. */
    private static void assertMatchesModel(SessionId session, List<String> model, int from, List<RecordedEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent event = events.get(i);
            long sequence = from + i;
            assertEquals(sequence, event.sequence(), "the sequence of event " + i + " of a read of " + session);
            assertEquals(session, event.sessionId());
            String expected = model.get((int) sequence - 1);
            if (expected.equals("<start>")) {
                assertEquals(1, sequence);
            } else {
                assertTrue(event.event() instanceof UserMessageReceived m && m.messageId().equals(expected),
                        "expected " + expected + " at " + sequence + " of " + session + " but read " + event.event());
            }
        }
    }
}
