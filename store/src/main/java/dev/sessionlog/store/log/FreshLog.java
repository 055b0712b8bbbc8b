package dev.sessionlog.store.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A new log written from records read elsewhere (salvage): each record is written as it was, into
 * the day file of the day it was first written, so day files and compaction keep their meaning.
 * The records' bytes, sessions and sequences are unchanged; their positions are the new log's.
 *
 * <p>Threads: one, from creation to close.
 */
public final class FreshLog implements AutoCloseable {
    private final Path logDir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    /** The time Chronicle's appender sees: the start of the day being written. */
    private volatile long now;
    private long records;

    private FreshLog(Path logDir, StoreMetadata metadata) {
        this.logDir = logDir;
        this.queue = ChronicleQueues.builder(logDir, metadata, false, SyncMode.SYNC)
                .timeProvider(() -> now)
                .build();
        this.appender = queue.createAppender();
    }

    /** Creates the log in {@code logDir}, which must not hold one yet. */
    public static FreshLog create(Path logDir, StoreMetadata metadata) {
        try {
            FilePrivacy.createPrivateDirectory(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        return new FreshLog(logDir, metadata);
    }

    /** Appends {@code record} to the day file of {@code cycle}; cycles must not go backwards. */
    public void append(int cycle, RecordFormat.Frame record) {
        now = LogFiles.startMillis(cycle);
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(record.bytes);
        }
        records++;
    }

    /** Closes the log, makes its files owner-only and syncs them to the disk. */
    @Override
    public void close() {
        try {
            if (records > 0) {
                appender.sync();
            }
        } finally {
            appender.close();
            queue.close();
        }
        try {
            FilePrivacy.restrictContents(logDir);
            for (LogFiles.DayFile file : LogFiles.list(logDir)) {
                try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
                    channel.force(true); // the days rolled past were unmapped, not synced
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the log " + logDir, e);
        }
    }
}
