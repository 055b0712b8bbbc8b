package dev.sessionlog.store.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.store.index.IndexBuilder;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.LogScanner;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.StoreMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code Error} from Chronicle in the middle of a write (a fault in a memory-mapped file, such
 * as a disk that filled up under the mapping, is an {@code InternalError}), injected where it can
 * strike: while the record is written, after it was committed, while the writer reopens the log,
 * and after the append returned. It never reaches the caller (the append fails with the store's
 * write failure or succeeds), never leaves a torn record, and the next append gets the next
 * sequence: the ledger never falls behind or runs ahead of the log.
 */
class WriterFaultTest {
    private static final SessionId SESSION = SessionId.of("faulty");

    @TempDir
    Path dir;

    /** Throws an {@code InternalError} at the {@code nth} time each planted point is reached. */
    private static final class Faults implements WriteFaults {
        private final Map<Point, Integer> remaining = new EnumMap<>(Point.class);

        Faults at(Point point, int nth) {
            remaining.put(point, nth);
            return this;
        }

        @Override
        public void at(Point point) {
            Integer left = remaining.get(point);
            if (left != null) {
                remaining.put(point, left - 1);
                if (left == 1) {
                    throw new InternalError("a fault occurred in a recent unsafe memory access operation (injected)");
                }
            }
        }
    }

    /** What the caller saw: the sequences acknowledged, and the failures, by append number. */
    private record Outcome(List<Long> acknowledged, Map<Integer, Throwable> failed) {}

    private Outcome appendFive(Faults faults) throws IOException {
        WriterSettings settings = new WriterSettings(false, 1024, 1 << 20, 100_000, StoreWriteFailure::new);
        List<Long> acknowledged = new ArrayList<>();
        Map<Integer, Throwable> failed = new java.util.HashMap<>();
        try (QueueHandle queue = QueueHandle.forWriting(dir.resolve("log"), StoreMetadata.load(dir, true).get(),
                false)) {
            LogReader reader = new LogReader(queue, EventCodec.standard());
            Recovery.Recovered recovered = Recovery.forWriting(dir, queue, reader, Clock.systemUTC());
            SingleWriter writer = new SingleWriter(dir, queue, recovered.index(), recovered.ledger(),
                    EventCodec.standard(), settings);
            try (writer) {
                writer.start().join();
                writer.submit(SESSION, ExpectedSequence.noSession(), List.of(NewEvent.of(
                        SessionStarted.initial(new SessionKey("agent:main:test:faulty"), "main", "test")))).join();
                writer.faults(faults);
                for (int i = 1; i <= 5; i++) {
                    CompletableFuture<AppendResult> append = writer.submit(SESSION, ExpectedSequence.any(),
                            List.of(NewEvent.of(UserMessageReceived.text("m" + i, "hello " + i))));
                    try {
                        acknowledged.add(append.join().firstSequence());
                    } catch (CompletionException e) {
                        failed.put(i, e.getCause());
                    }
                }
            }
        }
        return new Outcome(acknowledged, failed);
    }

    /** The test's stand-in for the store's write failure. */
    private static final class StoreWriteFailure extends RuntimeException {
        StoreWriteFailure(Throwable cause) {
            super(cause);
        }
    }

    /** Every record in the log parses (nothing torn) and the session's sequences, read back, are gapless. */
    private List<String> storedMessages() {
        List<String> messages = new ArrayList<>();
        try (QueueHandle queue = QueueHandle.forReading(dir.resolve("log"), StoreMetadata.load(dir, false).get())) {
            LogScanner.scan(queue, -1, (index, record) -> assertTrue(record.isRight(), "torn record: " + record));
            PositionIndex index = IndexBuilder.load(dir, queue);
            LogReader reader = new LogReader(queue, EventCodec.standard());
            long size = index.session(SESSION).orElseThrow().size();
            List<RecordedEvent> events = reader.read(SESSION, 1, index.session(SESSION).orElseThrow().range(1, 100));
            assertEquals(size, events.size());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).sequence());
                if (events.get(i).event() instanceof UserMessageReceived message) {
                    messages.add(message.messageId());
                }
            }
        }
        return messages;
    }

    @Test
    void a_fault_while_the_record_is_written_fails_that_append_and_stores_nothing_of_it() throws IOException {
        Outcome outcome = appendFive(new Faults().at(WriteFaults.Point.WRITING, 2));
        assertEquals(List.of(2L, 3L, 4L, 5L), outcome.acknowledged());
        assertInstanceOf(StoreWriteFailure.class, outcome.failed().get(2));
        assertEquals(List.of("m1", "m3", "m4", "m5"), storedMessages());
    }

    @Test
    void a_fault_after_the_commit_acknowledges_the_append_once() throws IOException {
        Outcome outcome = appendFive(new Faults().at(WriteFaults.Point.WRITTEN, 2));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), outcome.acknowledged());
        assertEquals(Map.of(), outcome.failed());
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), storedMessages());
    }

    @Test
    void a_fault_while_reopening_the_log_never_reaches_the_caller_and_the_next_append_follows_what_is_stored()
            throws IOException {
        Outcome outcome = appendFive(new Faults().at(WriteFaults.Point.WRITTEN, 2).at(WriteFaults.Point.RECOVERING, 1));
        Throwable failure = outcome.failed().get(2);
        assertInstanceOf(StoreWriteFailure.class, failure, "the caller sees the store's failure, not the Error");
        assertInstanceOf(InternalError.class, failure.getCause());
        assertEquals(List.of(2L, 4L, 5L, 6L), outcome.acknowledged(), "m2 was stored though not acknowledged");
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), storedMessages());
    }

    @Test
    void a_fault_delivered_after_the_append_returned_never_reaches_the_caller_and_the_ledger_catches_up()
            throws IOException {
        Outcome outcome = appendFive(new Faults().at(WriteFaults.Point.APPENDED, 3));
        assertInstanceOf(StoreWriteFailure.class, outcome.failed().get(3));
        assertEquals(List.of(2L, 3L, 5L, 6L), outcome.acknowledged(), "m3 was stored though not acknowledged");
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), storedMessages());
        assertFalse(outcome.failed().containsKey(4), "the writer caught up before the next append");
    }
}
