package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreBusyException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer is whichever thread holds the writer lock: an append is written on its caller's thread
 * when no one else is writing, and otherwise by the thread that is. These tests hold the writer
 * inside an append (a clock that blocks when read) to check what other callers see meanwhile.
 */
class WriterHandOffTest {
    private static final SessionId SESSION = SessionId.of("s1");
    private static final long PATIENCE_SECONDS = 30;

    @TempDir
    Path dir;

    private final HeldClock clock = new HeldClock();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void releaseTheWriter() throws InterruptedException {
        clock.release();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        }
    }

    private ChronicleSessionStore open(int queueCapacity) {
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().writerQueueCapacity(queueCapacity)
                .watchdogInterval(Duration.ZERO).diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).clock(clock).build();
        ChronicleSessionStore store = ChronicleSessionStore.open(dir, options);
        store.append(SESSION, ExpectedSequence.noSession(), List.of(started("hand-off"))).join();
        return store;
    }

    /** Starts an append on another thread and returns once that thread is the writer, held in the clock. */
    private CompletableFuture<AppendResult> holdTheWriter(ChronicleSessionStore store) throws InterruptedException {
        clock.hold();
        CompletableFuture<AppendResult> held = new CompletableFuture<>();
        Thread thread = new Thread(() -> store.append(SESSION, ExpectedSequence.any(), List.of(message("held")))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        held.completeExceptionally(error);
                    } else {
                        held.complete(result);
                    }
                }), "holds-the-writer");
        threads.add(thread);
        thread.start();
        assertTrue(clock.awaitHeld(), "the other thread never became the writer");
        return held;
    }

    @Test
    void a_full_writer_queue_fails_fast_with_store_busy() throws Exception {
        try (ChronicleSessionStore store = open(1)) {
            CompletableFuture<AppendResult> held = holdTheWriter(store);
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(store.append(SESSION, ExpectedSequence.any(), List.of(message("b" + i))));
            }
            long refusedAtOnce = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertEquals(99, refusedAtOnce, "one append fits the queue; the rest must be refused without waiting");
            clock.release();
            held.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            int busy = 0;
            for (CompletableFuture<AppendResult> future : futures) {
                try {
                    future.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    StoreBusyException refused = assertInstanceOf(StoreBusyException.class, e.getCause());
                    assertTrue(refused.retryable());
                    busy++;
                }
            }
            assertEquals(99, busy);
            assertEquals(1 + 1 + 1, store.summary(SESSION).orElseThrow().lastSequence());
        }
    }

    @Test
    void an_append_queued_while_another_thread_writes_is_written_by_that_thread() throws Exception {
        try (ChronicleSessionStore store = open(64)) {
            CompletableFuture<AppendResult> held = holdTheWriter(store);
            List<CompletableFuture<AppendResult>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                queued.add(store.append(SESSION, ExpectedSequence.any(), List.of(message("q" + i))));
            }
            assertTrue(queued.stream().noneMatch(CompletableFuture::isDone), "written while the writer was held");
            clock.release();
            assertEquals(2, held.get(PATIENCE_SECONDS, TimeUnit.SECONDS).firstSequence());
            for (int i = 0; i < queued.size(); i++) {
                assertEquals(3 + i, queued.get(i).get(PATIENCE_SECONDS, TimeUnit.SECONDS).firstSequence(),
                        "queued appends are written in the order they were queued");
            }
        }
    }

    @Test
    void a_callback_that_blocks_does_not_hold_the_writer() throws Exception {
        try (ChronicleSessionStore store = open(64)) {
            CompletableFuture<AppendResult> held = holdTheWriter(store);
            CountDownLatch callbackRunning = new CountDownLatch(1);
            CountDownLatch endCallback = new CountDownLatch(1);
            CompletableFuture<AppendResult> queued = store.append(SESSION, ExpectedSequence.any(), List.of(message("q")));
            queued.thenRun(() -> {
                callbackRunning.countDown();
                try {
                    endCallback.await(); // until the test ends: longer than the next append may take
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            clock.release();
            try {
                assertTrue(callbackRunning.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the callback never ran");
                AppendResult next = store.append(SESSION, ExpectedSequence.any(), List.of(message("next")))
                        .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
                assertEquals(4, next.firstSequence());
                assertFalse(held.isCompletedExceptionally());
            } finally {
                endCallback.countDown();
            }
        }
    }

    @Test
    void an_interrupted_caller_still_has_its_append_written() {
        try (ChronicleSessionStore store = open(64)) {
            Thread.currentThread().interrupt();
            CompletableFuture<AppendResult> appended;
            try {
                appended = store.append(SESSION, ExpectedSequence.any(), List.of(message("interrupted")));
            } finally {
                assertTrue(Thread.interrupted(), "the caller's interrupt flag must be kept");
            }
            assertEquals(2, appended.join().firstSequence());
            assertEquals("interrupted", ((dev.sessionlog.event.UserMessageReceived)
                    store.readLast(SESSION, 1).get(0).event()).messageId());
        }
    }

    @Test
    void appends_from_many_threads_are_all_written_exactly_once() throws Exception {
        try (ChronicleSessionStore store = open(4096)) {
            int threadCount = 8;
            int appendsEach = 500;
            List<CompletableFuture<Void>> callers = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                int caller = t;
                callers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < appendsEach; i++) {
                        try {
                            store.append(SESSION, ExpectedSequence.any(), List.of(message(caller + "-" + i))).join();
                        } catch (CompletionException e) {
                            throw new AssertionError("append " + caller + "-" + i + " failed", e.getCause());
                        }
                    }
                }, runnable -> {
                    Thread thread = new Thread(runnable, "caller-" + caller);
                    threads.add(thread);
                    thread.start();
                }));
            }
            CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertEquals(1 + threadCount * appendsEach, store.summary(SESSION).orElseThrow().lastSequence());
            assertEquals(1 + threadCount * appendsEach, store.read(SESSION, 1, 100_000).size());
        }
    }

    @Test
    void appends_from_virtual_threads_are_all_written_exactly_once() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21 or later");
        // the writer then runs on virtual threads: the appender is re-bound to each one in turn
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        int appends = 2_000;
        try (ChronicleSessionStore store = open(4096)) {
            List<Future<AppendResult>> results = new ArrayList<>();
            try {
                for (int i = 0; i < appends; i++) {
                    String id = "v" + i;
                    results.add(virtualThreads.submit(() ->
                            store.append(SESSION, ExpectedSequence.any(), List.of(message(id))).join()));
                }
                Set<Long> sequences = new HashSet<>();
                for (Future<AppendResult> result : results) {
                    sequences.add(result.get(PATIENCE_SECONDS, TimeUnit.SECONDS).firstSequence());
                }
                assertEquals(appends, sequences.size(), "every append got its own sequence");
            } finally {
                virtualThreads.shutdown();
            }
            assertEquals(1 + appends, store.read(SESSION, 1, 100_000).size());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clock that, while held, blocks every reader until released. */
    private static final class HeldClock extends Clock {
        private volatile CountDownLatch released = new CountDownLatch(0);
        private volatile CountDownLatch held = new CountDownLatch(1);

        void hold() {
            held = new CountDownLatch(1);
            released = new CountDownLatch(1);
        }

        boolean awaitHeld() throws InterruptedException {
            return held.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }

        @Override
        public Instant instant() {
            held.countDown();
            awaitQuietly(released);
            return Instant.parse("2026-11-24T12:00:00Z");
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
