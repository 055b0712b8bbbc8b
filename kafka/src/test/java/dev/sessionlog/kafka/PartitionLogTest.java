package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's copy of one partition: events written as the records that hold them read back the
 * same, wherever a record falls among the file's mapped segments, while readers on other threads
 * read, and whatever happens to a reader thread; a file changed on disk is said so, not misread.
 */
class PartitionLogTest {
    private static final EventCodec CODEC = EventCodec.standard();
    private static final int PARTITION = 2;
    private static final int SMALL_SEGMENT_BITS = 12;
    private static final byte[] KEY = "s".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void events_read_back_as_written_across_segments_of_the_file() throws IOException {
        Random random = new Random(7);
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file(), SMALL_SEGMENT_BITS),
                CODEC)) {
            List<RecordedEvent> written = new ArrayList<>();
            for (int record = 0; record < 300; record++) {
                List<RecordedEvent> events = new ArrayList<>();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    long position = Positions.first(PARTITION) + written.size() + events.size();
                    events.add(event(position, "s-" + record, 1 + events.size(), "x".repeat(random.nextInt(900))));
                }
                int first = log.append(0, KEY, record(events));
                assertEquals(written.size(), first);
                written.addAll(events);
            }
            assertEquals(written.size(), log.size());
            for (int i = 0; i < written.size(); i++) {
                RecordedEvent read = log.get(i);
                assertSame(written.get(i), read);
                assertEquals(written.get(i).position(), log.position(i));
            }
            assertEquals(written.subList(40, 45).stream().map(RecordedEvent::eventId).toList(),
                    IntStream.range(40, 45).mapToObj(i -> log.get(i).eventId()).toList());
            assertEquals(17, log.indexOf(Positions.first(PARTITION) + 17));
            assertEquals(0, log.indexOf(0));
            assertEquals(log.size(), log.indexOf(Long.MAX_VALUE));
            assertTrue(Files.size(dir.resolve("p")) > 50L << SMALL_SEGMENT_BITS, "the records span many segments");
        }
    }

    @Test
    void a_record_longer_than_a_segment_is_refused_and_nothing_is_added() throws IOException {
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file(), SMALL_SEGMENT_BITS),
                CODEC)) {
            log.append(0, KEY, record(List.of(event(Positions.first(PARTITION), "s", 1, "small"))));
            byte[] tooLong = record(List.of(event(Positions.first(PARTITION) + 1, "s", 2, "y".repeat(5000))));
            assertThrows(IllegalArgumentException.class, () -> log.append(0, KEY, tooLong));
            assertEquals(1, log.size());
            assertEquals("s", log.get(0).sessionId().value());
        }
    }

    @Test
    void readers_on_other_threads_see_every_published_event_whole_while_the_writer_appends() throws Exception {
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file(), SMALL_SEGMENT_BITS),
                CODEC)) {
            int events = 5000;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    Random random = new Random();
                    try {
                        while (done.getCount() > 0) {
                            int n = log.size();
                            if (n > 0) {
                                int i = random.nextBoolean() ? n - 1 : random.nextInt(n);
                                RecordedEvent event = log.get(i);
                                if (event.position() != log.position(i) || !event.sessionId().value().equals("s-" + i)) {
                                    throw new AssertionError("event " + i + " read as " + event);
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int i = 0; i < events; i++) {
                log.append(0, KEY, record(List.of(event(Positions.first(PARTITION) + i, "s-" + i, 1, "z".repeat(i % 700)))));
            }
            done.countDown();
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(null, failure.get());
            assertEquals(events, log.size());
        }
    }

    @Test
    void an_interrupted_reader_reads_and_leaves_the_file_readable_for_the_others() throws Exception {
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file()), CODEC)) {
            log.append(0, KEY, record(List.of(event(Positions.first(PARTITION), "s", 1, "hello"))));
            AtomicReference<Object> seen = new AtomicReference<>();
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                seen.set(log.get(0).sessionId().value());
            });
            interrupted.start();
            interrupted.join();
            assertEquals("s", seen.get());
            assertEquals("s", log.get(0).sessionId().value());
            log.append(0, KEY, record(List.of(event(Positions.first(PARTITION) + 1, "s", 2, "again"))));
            assertEquals(2, log.get(1).sequence());
        }
    }

    @Test
    void an_event_changed_on_disk_is_reported_not_misread_and_reads_after_close_are_refused() throws IOException {
        Path file = file();
        PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file), CODEC);
        log.append(0, KEY, record(List.of(event(Positions.first(PARTITION), "s", 1, "hello"))));
        int text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).indexOf("{");
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            other.write(ByteBuffer.wrap("#######".getBytes(StandardCharsets.US_ASCII)), text);
        }
        IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> log.get(0));
        assertTrue(damaged.getMessage().contains("does not read back"), damaged.getMessage());
        log.close();
        assertThrows(IllegalStateException.class, () -> log.get(0));
    }

    @Test
    void records_read_back_after_a_reopen_and_appends_continue_after_them() throws IOException {
        Path file = file();
        Random random = new Random(3);
        List<byte[]> values = new ArrayList<>();
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file, SMALL_SEGMENT_BITS), CODEC)) {
            for (int i = 0; i < 40; i++) {
                byte[] value = record(List.of(event(Positions.first(PARTITION) + i, "s-" + i, 1,
                        "w".repeat(random.nextInt(1500)))));
                log.append(100 + 2L * i, ("s-" + i).getBytes(StandardCharsets.UTF_8), value);
                values.add(value);
            }
        }
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file, SMALL_SEGMENT_BITS), CODEC)) {
            List<Long> offsets = new ArrayList<>();
            long end = log.readBack((valueStart, offset, key, value) -> {
                int i = offsets.size();
                assertArrayEquals(values.get(i), value, "record " + i);
                assertEquals("s-" + i, new String(key, StandardCharsets.UTF_8));
                log.adopt(valueStart, value);
                offsets.add(offset);
                return true;
            });
            assertEquals(40, offsets.size());
            assertEquals(100 + 2L * 39, offsets.get(39));
            log.resumeAt(end);
            assertEquals("s-39", log.get(39).sessionId().value(), "what was read back reads as events");
            byte[] more = record(List.of(event(Positions.first(PARTITION) + 40, "s-40", 1, "after the reopen")));
            assertEquals(40, log.append(500, KEY, more));
            assertEquals("s-40", log.get(40).sessionId().value());
        }
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file, SMALL_SEGMENT_BITS), CODEC)) {
            List<Long> offsets = new ArrayList<>();
            log.readBack((valueStart, offset, key, value) -> offsets.add(offset));
            assertEquals(41, offsets.size());
            assertEquals(500, offsets.get(40));
        }
    }

    @Test
    void reading_back_stops_at_a_record_cut_short_or_changed_and_resuming_cuts_it_off() throws IOException {
        Path file = file();
        List<Long> valueStarts = new ArrayList<>();
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file), CODEC)) {
            for (int i = 0; i < 3; i++) {
                log.append(i, KEY, record(List.of(event(Positions.first(PARTITION) + i, "s", i + 1, "m" + i))));
            }
            log.readBack((valueStart, offset, key, value) -> valueStarts.add(valueStart));
        }
        assertEquals(3, valueStarts.size());
        try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
            cut.truncate(valueStarts.get(2) + 3); // the third record's value, cut short by a crash
        }
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file), CODEC)) {
            List<Long> read = new ArrayList<>();
            long end = log.readBack((valueStart, offset, key, value) -> read.add(offset));
            assertEquals(List.of(0L, 1L), read);
            log.resumeAt(end);
            log.append(7, KEY, record(List.of(event(Positions.first(PARTITION) + 2, "s", 3, "again"))));
        }
        try (FileChannel flip = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            flip.read(one, valueStarts.get(1) + 20);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            flip.write(one, valueStarts.get(1) + 20); // a bit of the second record changed on disk
        }
        try (PartitionLog log = new PartitionLog(PARTITION, new PartitionFile(file), CODEC)) {
            List<Long> read = new ArrayList<>();
            log.readBack((valueStart, offset, key, value) -> read.add(offset));
            assertEquals(List.of(0L), read, "reading back stops at the changed record");
        }
    }

    private Path file() throws IOException {
        return Files.createFile(dir.resolve("p"));
    }

    private static void assertSame(RecordedEvent expected, RecordedEvent read) {
        assertEquals(expected.position(), read.position());
        assertEquals(expected.sessionId(), read.sessionId());
        assertEquals(expected.sequence(), read.sequence());
        assertEquals(expected.eventId(), read.eventId());
        assertEquals(expected.event(), read.event());
        assertEquals(PARTITION, read.partition());
    }

    private static RecordedEvent event(long position, String session, long sequence, String text) {
        return new RecordedEvent(position, SessionId.of(session), sequence, EventId.random(),
                Instant.parse("2026-01-01T00:00:00Z"), UserMessageReceived.text("m-" + position, text),
                EventMetadata.EMPTY);
    }

    /** The events topic's record of {@code events}, one session's consecutive events. */
    private static byte[] record(List<RecordedEvent> events) {
        List<byte[]> encoded = new ArrayList<>();
        events.forEach(e -> encoded.add(CODEC.encode(e)));
        return EventRecords.write(events.get(0).position(), encoded);
    }
}
