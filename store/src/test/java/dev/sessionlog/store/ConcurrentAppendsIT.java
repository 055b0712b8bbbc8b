package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.quiet;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.UserMessageReceived;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentAppendsIT {
    private static final int THREADS = 8;
    private static final int APPENDS_PER_THREAD = 10_000;
    private static final int SESSIONS = 1_000;

    @TempDir
    Path dir;

    @Test
    void eight_threads_appending_with_expected_sequences_leave_no_gap_and_no_duplicate() throws Exception {
        AtomicInteger conflicts = new AtomicInteger();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet())) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> appendMany(store, thread, conflicts)));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            assertStoredExactlyOnce(store);
        }
        try (ChronicleSessionStore reopened = ChronicleSessionStore.open(dir, quiet())) {
            assertStoredExactlyOnce(reopened);
        }
        assertTrue(conflicts.get() > 0, "eight writers on 1,000 sessions should have conflicted at least once");
    }

    private static void appendMany(ChronicleSessionStore store, int thread, AtomicInteger conflicts) {
        Random random = new Random(thread);
        for (int i = 0; i < APPENDS_PER_THREAD; i++) {
            SessionId session = SessionId.of("c" + random.nextInt(SESSIONS));
            String messageId = "t" + thread + "-" + i;
            while (true) {
                long last = store.summary(session).map(SessionSummary::lastSequence).orElse(0L);
                List<SessionEvent> events = last == 0 ? List.of(started(session.value()), message(messageId))
                        : List.of(message(messageId));
                try {
                    store.append(session, ExpectedSequence.exactly(last), events).join();
                    break;
                } catch (CompletionException e) {
                    if (e.getCause() instanceof StoreBusyException) {
                        Thread.onSpinWait();
                        continue;
                    }
                    WrongExpectedSequenceException conflict = assertInstanceOf(WrongExpectedSequenceException.class,
                            e.getCause());
                    assertEquals(session, conflict.session());
                    assertEquals(ExpectedSequence.exactly(last), conflict.expected());
                    assertNotEquals(last, conflict.actual());
                    conflicts.incrementAndGet();
                }
            }
        }
    }

    private static void assertStoredExactlyOnce(ChronicleSessionStore store) {
        Set<String> messageIds = new HashSet<>();
        int messages = 0;
        for (int s = 0; s < SESSIONS; s++) {
            List<RecordedEvent> events = store.read(SessionId.of("c" + s), 1, Integer.MAX_VALUE);
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).sequence(), "gapless sequences in c" + s);
                if (events.get(i).event() instanceof UserMessageReceived message) {
                    assertTrue(messageIds.add(message.messageId()), "stored twice: " + message.messageId());
                    messages++;
                }
            }
        }
        assertEquals(THREADS * APPENDS_PER_THREAD, messages);
    }
}
