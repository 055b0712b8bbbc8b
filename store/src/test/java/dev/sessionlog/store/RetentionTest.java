package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.quiet;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.spi.Partitioning;
import dev.sessionlog.store.log.RecordFormat;
import dev.sessionlog.store.log.StoreLayout;
import dev.sessionlog.store.log.StoreMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction, in a store of one partition and in each partition of a store of three: the sessions
 * of a test share a partition, since compaction removes a partition's files by what that partition
 * holds.
 */
class RetentionTest {
    private static final SessionId GONE = SessionId.of("gone");

    @TempDir
    Path dir;

    private int partitions;
    private SessionId oldLive;
    private SessionId today;

    private void storeOf(int partitionCount) {
        partitions = partitionCount;
        oldLive = inPartitionOf(GONE, "old-live");
        today = inPartitionOf(GONE, "today");
        ChronicleSessionStore.open(dir, options()).close();
    }

    private ChronicleStoreOptions options() {
        return quiet().withPartitions(partitions);
    }

    /** The first session named {@code prefix}, {@code prefix-1}, … in the partition of {@code session}. */
    private SessionId inPartitionOf(SessionId session, String prefix) {
        int partition = Partitioning.partitionOf(session, partitions);
        SessionId candidate = SessionId.of(prefix);
        for (int n = 1; Partitioning.partitionOf(candidate, partitions) != partition; n++) {
            candidate = SessionId.of(prefix + "-" + n);
        }
        return candidate;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void compact_removes_an_old_day_file_whose_sessions_all_ended_and_keeps_everything_else(int partitionCount)
            throws IOException {
        storeOf(partitionCount);
        writeDaysAgo(3, GONE, List.of(started("gone"), message("g1"), new SessionEnded(SessionEnded.Reason.RESET)));
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            store.append(today, ExpectedSequence.noSession(), List.of(started("today"), message("t1"))).join();
            assertEquals(3, store.read(GONE, 1, 10).size());
            assertEquals(2, dayFiles().size());
            assertEquals(1, store.compact());
            assertEquals(1, dayFiles().size());
            assertEquals(List.of(), store.read(GONE, 1, 10), "the removed session is no longer readable");
            assertEquals(2, store.read(today, 1, 10).size());
            assertEquals(3, store.append(today, ExpectedSequence.exactly(2), List.of(message("t2"))).join().lastSequence());
            assertEquals(0, store.compact(), "the current day file is never removed");
            assertEquals(List.of(), store.verify(), "a compacted session leaves the session index at the next open");
        }
        try (ChronicleSessionStore reopened = ChronicleSessionStore.open(dir, options())) {
            assertEquals(3, reopened.read(today, 1, 10).size());
            assertTrue(reopened.summary(GONE).isEmpty());
            assertEquals(List.of(), reopened.verify());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void compact_keeps_an_old_day_file_that_holds_a_live_session(int partitionCount) throws IOException {
        storeOf(partitionCount);
        writeDaysAgo(3, GONE, List.of(started("gone"), new SessionEnded(SessionEnded.Reason.DELETED)));
        writeDaysAgo(3, oldLive, List.of(started("old-live"), message("o1")));
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            store.append(today, ExpectedSequence.noSession(), List.of(started("today"))).join();
            assertEquals(0, store.compact());
            assertEquals(2, dayFiles().size());
            assertEquals(2, store.read(oldLive, 1, 10).size());
            assertEquals(3, store.append(oldLive, ExpectedSequence.exactly(2), List.of(message("o2"))).join()
                    .lastSequence());
        }
    }

    /** Writes a session's events into its partition's day file of {@code days} ago, as the store would have then. */
    private void writeDaysAgo(int days, SessionId session, List<SessionEvent> events) {
        Instant then = Instant.now().minus(Duration.ofDays(days));
        EventCodec codec = EventCodec.standard();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            payloads.add(codec.encode(new RecordedEvent(0, session, i + 1, EventId.random(), then, events.get(i),
                    EventMetadata.EMPTY)));
        }
        boolean deletes = events.get(events.size() - 1) instanceof SessionEnded ended
                && ended.reason() == SessionEnded.Reason.DELETED;
        byte[] record = RecordFormat.encode(session, deletes ? RecordFormat.DELETES_SESSION : 0, 1, payloads);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(logOf(session))
                .rollCycle(RollCycles.FAST_DAILY).blockSize(StoreMetadata.BLOCK_SIZE)
                .timeProvider(new SetTimeProvider(then)).build();
             ExcerptAppender appender = queue.createAppender();
             DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(record);
        }
    }

    private Path logOf(SessionId session) {
        return StoreLayout.logDir(StoreLayout.partitionDir(dir, StoreMetadata.withPartitions(partitions),
                Partitioning.partitionOf(session, partitions)));
    }

    /** The day files of the partition the test's sessions share. */
    private List<Path> dayFiles() throws IOException {
        try (Stream<Path> files = Files.list(logOf(GONE))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).toList();
        }
    }
}
