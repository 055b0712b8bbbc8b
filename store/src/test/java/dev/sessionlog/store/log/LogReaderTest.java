package dev.sessionlog.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.UserMessageReceived;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads step forward to records close ahead of a pooled tailer and seek to the others; both must find
 * exactly the records asked for, wherever the tailer was left, on any thread.
 */
class LogReaderTest {
    private static final SessionId MINE = SessionId.of("mine");
    private static final SessionId OTHER = SessionId.of("other");
    private static final EventCodec CODEC = EventCodec.standard();
    private static final Instant DAY_ONE = Instant.parse("2026-11-20T23:59:00Z");

    @TempDir
    Path dir;

    /** Chronicle indexes of MINE's records, in sequence order (sequence = list index + 1). */
    private final List<Long> mine = new ArrayList<>();
    private long nextSequence = 1;

    @Test
    void a_pooled_tailer_reads_records_on_both_sides_of_a_roll_to_the_next_day_file_in_any_order() {
        SetTimeProvider time = new SetTimeProvider(DAY_ONE);
        try (SingleChronicleQueue writer = queue(time); ExcerptAppender appender = writer.createAppender()) {
            appendInterleaved(appender, 300);
            time.advanceMillis(Duration.ofMinutes(2).toMillis());
            appendInterleaved(appender, 300);
        }
        assertNotEquals(cycle(mine.get(0)), cycle(mine.get(mine.size() - 1)), "the records span two day files");
        try (QueueHandle queue = QueueHandle.forReading(dir, StoreMetadata.current())) {
            LogReader reader = new LogReader(queue, CODEC);
            assertSequences(reader, 1, 600);
            assertSequences(reader, 250, 100);
            assertSequences(reader, 590, 11);
            assertSequences(reader, 1, 3);
            assertSequences(reader, 299, 4);
            assertSequences(reader, 420, 2);
        }
    }

    @Test
    void records_far_apart_are_found_by_seeking_and_close_ones_by_stepping() {
        try (SingleChronicleQueue writer = queue(new SetTimeProvider(DAY_ONE));
             ExcerptAppender appender = writer.createAppender()) {
            for (int i = 0; i < 40; i++) {
                appendInterleaved(appender, 1);
                for (int gap = 0; gap < i * 17; gap++) {
                    append(appender, OTHER, gap + 1 + i * 1000L);
                }
            }
        }
        try (QueueHandle queue = QueueHandle.forReading(dir, StoreMetadata.current())) {
            LogReader reader = new LogReader(queue, CODEC);
            assertSequences(reader, 1, 40);
            for (long from = 40; from >= 1; from -= 7) {
                assertSequences(reader, from, 1);
            }
        }
    }

    @Test
    void a_position_that_holds_no_such_record_is_skipped_and_the_rest_are_read() {
        try (SingleChronicleQueue writer = queue(new SetTimeProvider(DAY_ONE));
             ExcerptAppender appender = writer.createAppender()) {
            appendInterleaved(appender, 5);
            writeRaw(appender, "not a record".getBytes(StandardCharsets.UTF_8));
        }
        long garbage = mine.get(4) + 2;
        long otherSession = mine.get(2) + 1;
        long[] positions = {Positions.of(mine.get(0), 0), Positions.of(otherSession, 0), Positions.of(mine.get(2), 0),
            Positions.of(garbage, 0), Positions.of(garbage + 1, 0), Positions.of(garbage + 300, 0),
            Positions.of(mine.get(1), 0)};
        try (QueueHandle queue = QueueHandle.forReading(dir, StoreMetadata.current())) {
            List<RecordedEvent> read = new LogReader(queue, CODEC).read(MINE, 1, positions);
            assertEquals(List.of(1L, 3L), read.stream().map(RecordedEvent::sequence).toList(),
                    "only the records that hold the expected sequence at their position");
            assertSequences(new LogReader(queue, CODEC), 1, 5);
        }
    }

    @Test
    void reads_on_fresh_threads_and_work_stealing_pools_share_the_tailers_safely() throws Exception {
        try (SingleChronicleQueue writer = queue(new SetTimeProvider(DAY_ONE));
             ExcerptAppender appender = writer.createAppender()) {
            appendInterleaved(appender, 400);
        }
        ExecutorService threadPerTask = Executors.newCachedThreadPool();
        try (QueueHandle queue = QueueHandle.forReading(dir, StoreMetadata.current())) {
            LogReader reader = new LogReader(queue, CODEC);
            List<Future<Boolean>> reads = new ArrayList<>();
            for (int task = 0; task < 400; task++) {
                long from = 1 + (task * 37L) % 350;
                int count = 1 + task % 50;
                ExecutorService executor = task % 2 == 0 ? threadPerTask : ForkJoinPool.commonPool();
                reads.add(executor.submit(() -> sequences(reader, from, count)
                        .equals(LongStream.range(from, from + count).boxed().toList())));
            }
            for (Future<Boolean> read : reads) {
                assertEquals(true, read.get());
            }
        } finally {
            threadPerTask.shutdownNow();
        }
    }

    private void assertSequences(LogReader reader, long from, int count) {
        assertEquals(LongStream.range(from, from + count).boxed().toList(), sequences(reader, from, count),
                "reading " + count + " from " + from);
    }

    /** The sequences a read of MINE from {@code from} returns, checking each event is the one written. */
    private List<Long> sequences(LogReader reader, long from, int count) {
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            positions[i] = Positions.of(mine.get((int) (from - 1 + i)), 0);
        }
        List<Long> sequences = new ArrayList<>();
        for (RecordedEvent event : reader.read(MINE, from, positions)) {
            assertEquals(MINE, event.sessionId());
            assertEquals(message(event.sequence()), event.event());
            sequences.add(event.sequence());
        }
        return sequences;
    }

    private SingleChronicleQueue queue(SetTimeProvider time) {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY)
                .blockSize(StoreMetadata.BLOCK_SIZE).timeProvider(time).build();
    }

    /** Appends {@code count} records of MINE, each followed by one of OTHER, as a shared log holds them. */
    private void appendInterleaved(ExcerptAppender appender, int count) {
        for (int i = 0; i < count; i++) {
            mine.add(append(appender, MINE, nextSequence++));
            append(appender, OTHER, nextSequence);
        }
    }

    private static long append(ExcerptAppender appender, SessionId session, long sequence) {
        byte[] payload = CODEC.encode(new RecordedEvent(0, session, sequence, EventId.random(), DAY_ONE,
                message(sequence), EventMetadata.EMPTY));
        return writeRaw(appender, RecordFormat.encode(session, 0, sequence, List.of(payload)));
    }

    private static long writeRaw(ExcerptAppender appender, byte[] record) {
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(record);
        }
        return appender.lastIndexAppended();
    }

    private static UserMessageReceived message(long sequence) {
        return UserMessageReceived.text("m" + sequence, "message " + sequence);
    }

    private static long cycle(long index) {
        return RollCycles.FAST_DAILY.toCycle(index);
    }
}
