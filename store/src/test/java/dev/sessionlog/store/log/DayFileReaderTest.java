package dev.sessionlog.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading day files without Chronicle agrees with Chronicle on a healthy log (the position of the
 * last document its header holds, every record's Chronicle index), and says nothing is damaged
 * about a file that was never written.
 */
class DayFileReaderTest {
    private static final SessionId SESSION = SessionId.of("raw");

    @TempDir
    Path dir;

    private void append(SingleChronicleQueue queue, int records) {
        try (ExcerptAppender appender = queue.createAppender()) {
            for (int i = 1; i <= records; i++) {
                try (DocumentContext document = appender.writingDocument()) {
                    document.wire().bytes().write(RecordFormat.encode(SESSION, 0, i,
                            List.of(("event " + i).getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
    }

    @Test
    void the_raw_reading_of_a_healthy_day_file_agrees_with_chronicle() {
        List<Long> chronicleIndexes = new ArrayList<>();
        long chronicleWritePosition;
        LogFiles.DayFile file;
        try (SingleChronicleQueue queue = ChronicleQueues.open(dir, StoreMetadata.current(), false,
                net.openhft.chronicle.bytes.SyncMode.NONE)) {
            append(queue, 700);
            try (ExcerptTailer tailer = queue.createTailer()) {
                while (true) {
                    try (DocumentContext document = tailer.readingDocument()) {
                        if (!document.isPresent()) {
                            break;
                        }
                        chronicleIndexes.add(document.index());
                    }
                }
            }
            file = LogFiles.list(dir).get(0);
            SingleChronicleQueueStore store = queue.storeForCycle(file.cycle(), queue.epoch(), false, null);
            chronicleWritePosition = store.writePosition();
            queue.closeStore(store);
        }
        List<Long> rawIndexes = new ArrayList<>();
        List<String> damage = new ArrayList<>();
        try (DayFileReader reader = DayFileReader.open(file)) {
            assertEquals(chronicleWritePosition, reader.writePosition(), "the header's write position");
            assertEquals(Optional.empty(), reader.tailDamage());
            assertEquals(700, reader.lastRecord().orElseThrow().firstSequence());
            reader.scan(new DayFileReader.Visitor() {
                @Override
                public void record(long offset, long index, Either<String, RecordFormat.Frame> record) {
                    assertTrue(record.isRight(), record.toString());
                    rawIndexes.add(index);
                }

                @Override
                public void damage(long offset, String description) {
                    damage.add(offset + ": " + description);
                }
            });
        }
        assertEquals(chronicleIndexes, rawIndexes);
        assertEquals(List.of(), damage);
    }

    @Test
    void a_day_file_never_written_or_with_a_garbled_header_is_no_damage_and_no_record() throws IOException {
        Files.createDirectories(dir);
        Path zeros = Files.write(dir.resolve("20260101F.cq4"), new byte[1 << 20]);
        byte[] garbled = new byte[64 * 1024];
        garbled[0] = (byte) 0xc1; // a complete metadata header of 193 bytes …
        garbled[3] = 0x40;
        for (int i = 4; i < 197; i++) {
            garbled[i] = (byte) 0x8e; // … of nothing but 32-bit padding markers with wild lengths
        }
        Path hostile = Files.write(dir.resolve("20260102F.cq4"), garbled);
        for (Path path : List.of(zeros, hostile)) {
            LogFiles.DayFile file = LogFiles.list(dir).stream().filter(f -> f.path().equals(path)).findFirst()
                    .orElseThrow();
            List<String> found = new ArrayList<>();
            try (DayFileReader reader = DayFileReader.open(file)) {
                assertEquals(-1, reader.writePosition(), path.toString());
                reader.scan(new DayFileReader.Visitor() {
                    @Override
                    public void record(long offset, long index, Either<String, RecordFormat.Frame> record) {
                        found.add("record at " + offset);
                    }

                    @Override
                    public void damage(long offset, String description) {
                        found.add(description);
                    }
                });
            }
            if (path.equals(zeros)) {
                assertEquals(List.of(), found, "a file never written");
            } else {
                assertTrue(found.stream().noneMatch(f -> f.startsWith("record")), found.toString());
            }
        }
    }
}
