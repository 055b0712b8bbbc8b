package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.UserMessageReceived;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EventLog} must do for its benchmark numbers to mean anything. */
abstract class EventLogContract {
    static final SessionId ALICE = SessionId.of("alice");
    static final SessionId BOB = SessionId.of("bob");

    TempDirectory directory;
    EventLog log;

    abstract EventLog open(TempDirectory directory);

    @BeforeEach
    void open() {
        directory = TempDirectory.create("test");
        log = open(directory);
        log.startSession(ALICE);
        log.startSession(BOB);
    }

    @AfterEach
    void close() {
        log.close();
        directory.close();
    }

    /** A sample whose text is {@code text}; sessionlog stores it under a fresh message id each time. */
    static SampleEvent message(String text) {
        return SampleEvent.of(UserMessageReceived.text("msg-" + text, text));
    }

    static List<String> texts(List<SessionEvent> events) {
        List<String> texts = new ArrayList<>();
        for (SessionEvent event : events) {
            texts.add(((ContentBlock.Text) ((UserMessageReceived) event).content().get(0)).text());
        }
        return texts;
    }

    @Test
    void read_last_returns_the_newest_events_of_the_session_oldest_first() {
        for (int i = 1; i <= 5; i++) {
            log.append(ALICE, message("a" + i));
            log.append(BOB, message("b" + i));
        }

        assertEquals(List.of("a3", "a4", "a5"), texts(log.readLast(ALICE, 3)));
        assertEquals(List.of("b4", "b5"), texts(log.readLast(BOB, 2)));
    }

    @Test
    void read_last_of_more_than_stored_returns_everything() {
        log.append(ALICE, message("a1"));
        log.append(ALICE, message("a2"));

        assertEquals(List.of("a1", "a2"), texts(log.readLast(ALICE, 50)));
    }

    @Test
    void read_last_of_exactly_the_stored_count_or_one_less_returns_the_newest() {
        for (int i = 1; i <= 3; i++) {
            log.append(ALICE, message("a" + i));
        }

        assertEquals(List.of("a1", "a2", "a3"), texts(log.readLast(ALICE, 3)));
        assertEquals(List.of("a2", "a3"), texts(log.readLast(ALICE, 2)));
        assertEquals(List.of("a1", "a2", "a3"), texts(log.readLast(ALICE, 4)));
    }

    @Test
    void a_session_without_events_reads_empty() {
        assertEquals(List.of(), log.readLast(ALICE, 50));
    }

    @Test
    void the_representative_event_round_trips_and_weighs_about_300_bytes() {
        SampleEvent sample = SampleEvent.userMessage();
        log.append(ALICE, sample);

        List<SessionEvent> read = log.readLast(ALICE, 1);
        assertEquals(1, read.size());
        assertEquals(((UserMessageReceived) read.get(0)).content(), sample.nextEvent().content());
        assertTrue(sample.encodedSize() >= 250 && sample.encodedSize() <= 350, "size " + sample.encodedSize());
    }

    @Test
    void concurrent_appends_to_one_session_are_all_stored() throws Exception {
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.append(ALICE, message("t" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }

        List<String> ids = texts(log.readLast(ALICE, 1_000));
        Set<String> distinct = new HashSet<>(ids);
        assertEquals(threads * perThread, ids.size());
        assertEquals(threads * perThread, distinct.size());
        for (int t = 0; t < threads; t++) {
            int last = -1;
            for (String id : ids) {
                if (id.startsWith("t" + t + "-")) {
                    int i = Integer.parseInt(id.substring(id.indexOf('-') + 1));
                    assertTrue(i > last, "a caller's own appends keep their order: " + ids);
                    last = i;
                }
            }
        }
    }
}
