package dev.sessionlog.store.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.StoreMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined group commit of {@code SYNC} durability: while one batch syncs, the next is
 * written; an append is acknowledged only after a sync that began after it was written.
 */
class GroupCommitTest {
    private static final SessionId SESSION = SessionId.of("commit");

    @TempDir
    Path dir;

    @Test
    void the_next_batch_is_written_while_a_sync_runs_and_acknowledged_only_after_a_later_sync() throws Exception {
        WriterSettings settings = new WriterSettings(true, 1024, 1 << 20, 100_000, IllegalStateException::new);
        try (QueueHandle queue = QueueHandle.forWriting(dir.resolve("log"), StoreMetadata.load(dir, true).get(),
                true)) {
            LogReader reader = new LogReader(queue, EventCodec.standard());
            Recovery.Recovered recovered = Recovery.forWriting(dir, queue, reader, Clock.systemUTC());
            SessionLedger ledger = recovered.ledger();
            CountDownLatch syncing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger syncs = new AtomicInteger();
            try (SingleWriter writer = new SingleWriter(dir, queue, recovered.index(), ledger, EventCodec.standard(),
                    settings)) {
                writer.start().join();
                writer.groupCommit().onSync(() -> {
                    if (syncs.incrementAndGet() == 1) {
                        syncing.countDown();
                        await(release);
                    }
                });
                CompletableFuture<AppendResult> first = CompletableFuture.supplyAsync(() -> writer.submit(SESSION,
                        ExpectedSequence.noSession(), List.of(NewEvent.of(SessionStarted.initial(
                                new SessionKey("agent:main:test:commit"), "main", "test"))))).thenCompose(f -> f);
                assertTrue(syncing.await(10, TimeUnit.SECONDS), "the first batch's sync started");
                CompletableFuture<AppendResult> second = writer.submit(SESSION, ExpectedSequence.exactly(1),
                        List.of(NewEvent.of(UserMessageReceived.text("m2", "hello"))));
                assertEquals(2, ledger.lastSequence(SESSION), "written while the first batch syncs");
                assertFalse(first.isDone(), "not acknowledged before its sync ends");
                assertFalse(second.isDone(), "not acknowledged: no sync began after it was written");
                release.countDown();
                assertEquals(1, first.get(10, TimeUnit.SECONDS).lastSequence());
                assertEquals(2, second.get(10, TimeUnit.SECONDS).lastSequence());
                assertTrue(syncs.get() >= 2, "the second batch had a sync of its own: " + syncs.get());
            }
        }
    }

    @Test
    void a_failed_sync_fails_its_batches_and_the_next_sync_tries_again() throws IOException {
        RuntimeException failure = new IllegalStateException("the disk said no");
        WriterSettings settings = new WriterSettings(true, 1024, 1 << 20, 100_000, cause -> failure);
        try (QueueHandle queue = QueueHandle.forWriting(dir.resolve("log"), StoreMetadata.load(dir, true).get(),
                true)) {
            LogReader reader = new LogReader(queue, EventCodec.standard());
            Recovery.Recovered recovered = Recovery.forWriting(dir, queue, reader, Clock.systemUTC());
            AtomicInteger syncs = new AtomicInteger();
            try (SingleWriter writer = new SingleWriter(dir, queue, recovered.index(), recovered.ledger(),
                    EventCodec.standard(), settings)) {
                writer.start().join();
                writer.groupCommit().onSync(() -> {
                    if (syncs.incrementAndGet() == 1) {
                        throw new java.io.UncheckedIOException(new IOException("EIO"));
                    }
                });
                CompletableFuture<AppendResult> failed = writer.submit(SESSION, ExpectedSequence.noSession(),
                        List.of(NewEvent.of(SessionStarted.initial(new SessionKey("agent:main:test:commit"), "main",
                                "test"))));
                assertEquals(failure, failed.handle((result, error) -> error.getCause() == null ? error
                        : error.getCause()).join());
                AppendResult next = writer.submit(SESSION, ExpectedSequence.exactly(1),
                        List.of(NewEvent.of(UserMessageReceived.text("m2", "hello")))).join();
                assertEquals(2, next.lastSequence(), "the unacknowledged append may be stored; the next one syncs");
                assertEquals(2, syncs.get());
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
