package dev.sessionlog.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueHandleTest {
    @TempDir
    Path dir;

    @Test
    void sync_durability_makes_an_appender_sync_wait_for_the_disk_also_after_a_reopen() {
        try (QueueHandle queue = QueueHandle.forWriting(dir, StoreMetadata.current(), true)) {
            assertEquals(SyncMode.SYNC, syncModeOfWrites(queue));
            queue.reopen();
            assertEquals(SyncMode.SYNC, syncModeOfWrites(queue));
        }
        try (QueueHandle queue = QueueHandle.forWriting(dir, StoreMetadata.current(), false)) {
            assertEquals(SyncMode.ASYNC, syncModeOfWrites(queue));
        }
    }

    /** The sync mode of the mapped file an appender writes into: what its {@code sync()} uses. */
    private static SyncMode syncModeOfWrites(QueueHandle queue) {
        return queue.withQueue(q -> {
            try (ExcerptAppender appender = q.createAppender();
                 DocumentContext document = appender.writingDocument()) {
                document.wire().bytes().writeInt(1);
                return ((MappedBytesStore) document.wire().bytes().bytesStore()).syncMode();
            }
        });
    }
}
